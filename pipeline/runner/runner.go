// Package runner runs every stage in one process: an embedded NATS server
// (unless one is given), ingest, transform and load, and waits until each
// document it published is loaded. It is what `factflow run` does.
package runner

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/factflow/factflow/pipeline/bus"
	"github.com/factflow/factflow/pipeline/chunk"
	"github.com/factflow/factflow/pipeline/ingest"
	"github.com/factflow/factflow/pipeline/load"
	"github.com/factflow/factflow/pipeline/message"
	"github.com/factflow/factflow/pipeline/queue"
	"github.com/factflow/factflow/pipeline/source"
	"github.com/factflow/factflow/pipeline/transform"
	"github.com/factflow/factflow/pipeline/warehouse"
)

// Config configures a run.
type Config struct {
	Paths    []string
	DB       string
	NATS     bus.Config // URL "" means: start an embedded server
	StoreDir string     // the embedded server's JetStream store
	Chunk    chunk.Options
	Walk     source.WalkOptions
	MaxFile  int64
	Workers  int // transform loops
	MaxMsg   int32
	Command  string
	// DropRemoved deletes the documents of files gone from the corpus
	// instead of marking them removed.
	DropRemoved bool
	// StallAfter: see load.Options.
	StallAfter time.Duration
	// Progress, if set, is told of every step: files read, documents
	// loaded, facts. It is called from several goroutines, never at once.
	Progress func(Progress)
	// KeepOpen holds the warehouse file for the whole run (faster; no
	// reader can open it meanwhile).
	KeepOpen bool
	// DBMemory caps DuckDB's memory (warehouse.Options.MemoryLimit).
	DBMemory string
	// DBThreads is warehouse.Options.Threads.
	DBThreads int
	// Rehash reads and hashes every file, even one whose size and
	// modification time match the file a loaded document came from.
	Rehash bool
	// FactsStream sends the fact batches through the facts stream, as
	// separate transform and load workers do. By default the transform
	// loops hand them to the loader in process (transform.Handoff): the
	// chunks are acknowledged only once their facts are loaded, so a
	// crash loses nothing either way.
	FactsStream bool
	// ChunksStream sends the chunks through the chunks stream, as
	// separate ingest and transform workers do. By default ingest hands
	// them to the transform loops in process (queue.Chunks); the chunks
	// stream is still read, for what another ingest left there. A crash
	// loses the chunks in hand, and the next run reads their documents
	// again: a document counts as loaded only once its facts are.
	ChunksStream bool
}

// Progress is how far a run has got.
type Progress struct {
	Files     int // found by the walk
	FilesDone int // read and published, skipped or failed
	Published int // documents sent down the pipeline
	Loaded    int // of those, loaded
	Failed    int // of those, dead-lettered
	Chunks    int
	Facts     int64
	Elapsed   time.Duration
}

// Summary is what a run did.
type Summary struct {
	RunID      string
	Files      int
	Loaded     int
	Skipped    int
	Removed    int
	Duplicates []ingest.Duplicate
	Failed     []warehouse.RunError
	Chunks     int
	Facts      int64
	Elapsed    time.Duration
	// LoadBusy is how long the loader had the warehouse in use
	// (load.Worker.Busy): near Elapsed, loading bounds the run.
	LoadBusy  time.Duration
	NATS      string
	Warehouse map[string]int64
}

// Run runs the pipeline once over cfg.Paths.
func Run(ctx context.Context, cfg Config, log zerolog.Logger) (Summary, error) {
	start := time.Now()
	sum := Summary{RunID: fmt.Sprintf("run-%s-%d", start.UTC().Format("20060102T150405.000"), os.Getpid())}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.MaxMsg <= 0 {
		cfg.MaxMsg = 1 << 20
	}
	// The embedded server stops while the warehouse closes (a
	// checkpoint): the two are independent, and each takes a while.
	var stopping sync.WaitGroup
	defer stopping.Wait()
	w, err := warehouse.Open(ctx, cfg.DB, warehouse.Options{KeepOpen: cfg.KeepOpen, MemoryLimit: cfg.DBMemory, Threads: cfg.DBThreads})
	if err != nil {
		return sum, err
	}
	defer w.Close()
	rec := warehouse.Run{ID: sum.RunID, StartedAt: start.UTC(), Status: "running", Command: cfg.Command}
	if err := w.SaveRun(ctx, rec); err != nil {
		return sum, fmt.Errorf("record run: %w", err)
	}

	natsCfg := cfg.NATS
	if natsCfg.URL == "" {
		if cfg.StoreDir == "" {
			cfg.StoreDir = filepath.Join(filepath.Dir(cfg.DB), ".factflow", "nats")
		}
		srv, err := bus.StartEmbedded(cfg.StoreDir)
		if err != nil {
			return sum, err
		}
		defer stopping.Go(srv.Shutdown)
		natsCfg.URL = srv.URL()
		natsCfg.InProcess = srv.InProcess()
		natsCfg.AsyncPersist = true
		sum.NATS = "embedded (store " + cfg.StoreDir + ")"
	} else {
		sum.NATS = natsCfg.Redacted()
	}
	if natsCfg.Timeout == 0 {
		natsCfg.Timeout = 10 * time.Second
	}
	b, err := bus.Connect(ctx, natsCfg, "factflow-run", log)
	if err != nil {
		return sum, err
	}
	defer b.Close()
	if err := b.Setup(ctx, cfg.MaxMsg); err != nil {
		return sum, err
	}
	// One connection per stage, as if they ran apart: a loader's large
	// fetches never queue ahead of ingest's publish acks, and each
	// connection reads on its own goroutine.
	tb, err := bus.Connect(ctx, natsCfg, "factflow-run-transform", log)
	if err != nil {
		return sum, err
	}
	defer tb.Close()
	lb, err := bus.Connect(ctx, natsCfg, "factflow-run-load", log)
	if err != nil {
		return sum, err
	}
	defer lb.Close()

	tr := newTracker(start, cfg.Progress)
	workCtx, stopWork := context.WithCancel(ctx)
	defer stopWork()
	// A stage that fails stops ingest too, which may be waiting for that
	// stage to catch up (back-pressure).
	ingestCtx, stopIngest := context.WithCancelCause(ctx)
	defer stopIngest(nil)
	var wg sync.WaitGroup
	workErr := make(chan error, 2)
	failed := func(err error) {
		workErr <- err
		stopIngest(err)
	}
	loader := load.New(lb, w, load.Options{Loaded: tr.loaded, Dead: tr.dead, StallAfter: cfg.StallAfter}, log.With().Str("stage", "load").Logger())
	topt := transform.Options{Workers: cfg.Workers, Batch: 64}
	if !cfg.FactsStream {
		topt.Handoff = loader
	}
	iopt := ingest.Options{
		RunID: sum.RunID, Chunk: cfg.Chunk, MaxFileBytes: cfg.MaxFile,
		MaxBacklog: ingest.DefaultMaxBacklog,
		Publishing: tr.published,
		Walked:     tr.walked,
		Done:       tr.done,
	}
	if !cfg.ChunksStream {
		// As many chunks in hand as the chunks consumer may have
		// unacknowledged: the loader holds them until they are loaded.
		q := queue.New(bus.MaxAckPending, b.Names.ChunkSubject)
		topt.Local, iopt.Sink = q, q
	}
	wg.Add(2)
	go func() {
		defer wg.Done()
		if err := transform.Run(workCtx, tb, topt, log.With().Str("stage", "transform").Logger()); err != nil {
			failed(fmt.Errorf("transform: %w", err))
		}
	}()
	go func() {
		defer wg.Done()
		if err := loader.Run(workCtx); err != nil {
			failed(fmt.Errorf("load: %w", err))
		}
	}()

	known, err := w.LoadedIDs(ctx)
	if err != nil {
		return sum, err
	}
	sources, err := w.Sources(ctx)
	if err != nil {
		return sum, err
	}
	sameFile := func(f source.File) (string, string, bool) {
		s, ok := sources[f.Abs]
		// The warehouse keeps microseconds; a zero time was never recorded.
		ok = ok && !cfg.Rehash && !s.Modified.IsZero() && s.Bytes == f.Size &&
			s.Modified.Equal(f.ModTime.Truncate(time.Microsecond))
		return s.DocID, s.Encoding, ok
	}
	// The warehouse and the store may lie inside the directories read.
	walk := cfg.Walk
	walk.Exclude = append(slices.Clip(walk.Exclude), cfg.DB, cfg.DB+".wal", cfg.DB+".tmp")
	if cfg.StoreDir != "" {
		walk.Exclude = append(walk.Exclude, cfg.StoreDir)
	}
	iopt.Walk = walk
	iopt.Known = func(_ context.Context, id string) (bool, error) { return known[id], nil }
	iopt.Unchanged = sameFile
	rep, err := ingest.Run(ingestCtx, b, cfg.Paths, iopt, log.With().Str("stage", "ingest").Logger())
	sum.Files = rep.FilesSeen
	sum.Skipped = len(rep.Skipped)
	sum.Duplicates = rep.Duplicates
	sum.Chunks = rep.Chunks
	for _, p := range rep.Failed {
		sum.Failed = append(sum.Failed, warehouse.RunError{Input: p.Path, Error: p.Err.Error()})
	}
	if cause := context.Cause(ingestCtx); err != nil && ctx.Err() == nil && cause != nil {
		err = cause // ingest stopped because a stage failed: say which
	}
	if err == nil {
		err = tr.wait(ctx, w, workErr)
	}
	if err == nil {
		// Record the dead letters this run caused before reporting it.
		drainDead(ctx, b, log)
		unchanged := make([]string, len(rep.Skipped))
		for i, d := range rep.Skipped {
			unchanged[i] = d.DocID
		}
		sum.Removed, err = w.Reconcile(ctx, dirRoots(cfg.Paths), rep.Seen, unchanged, cfg.DropRemoved)
	}
	stopWork()
	wg.Wait()

	sum.Loaded, sum.Facts = tr.totals()
	sum.LoadBusy = loader.Busy()
	sum.Failed = append(sum.Failed, tr.failures()...)
	sum.Elapsed = time.Since(start)
	rec.FinishedAt = time.Now().UTC()
	rec.FilesSeen, rec.DocumentsLoaded, rec.DocumentsSkipped = sum.Files, sum.Loaded, sum.Skipped
	rec.DocumentsFailed, rec.Chunks, rec.Facts, rec.Errors = len(sum.Failed), int64(sum.Chunks), sum.Facts, sum.Failed
	rec.DocumentsRemoved, rec.Duplicates = sum.Removed, len(sum.Duplicates)
	switch {
	case err != nil && ctx.Err() != nil:
		rec.Status = "interrupted"
	case err != nil || len(sum.Failed) > 0:
		rec.Status = "failed"
	default:
		rec.Status = "ok"
	}
	if serr := w.SaveRun(context.WithoutCancel(ctx), rec); serr != nil {
		err = errors.Join(err, fmt.Errorf("record run: %w", serr))
	}
	if counts, cerr := w.Counts(context.WithoutCancel(ctx)); cerr == nil {
		sum.Warehouse = counts
	}
	return sum, err
}

// tracker follows the documents a run published until each is loaded or
// has failed.
type tracker struct {
	start    time.Time
	progress func(Progress)
	p        Progress

	mu      sync.Mutex
	pending map[string]string // doc id → file name
	failed  map[string]warehouse.RunError
	loadedN int
	facts   int64
	changed chan struct{}
}

func newTracker(start time.Time, progress func(Progress)) *tracker {
	return &tracker{start: start, progress: progress, pending: map[string]string{},
		failed: map[string]warehouse.RunError{}, changed: make(chan struct{}, 1)}
}

// report calls the progress hook; t.mu must be held.
func (t *tracker) report() {
	if t.progress != nil {
		t.p.Elapsed = time.Since(t.start)
		t.progress(t.p)
	}
}

func (t *tracker) walked(n int) {
	t.mu.Lock()
	t.p.Files = n
	t.report()
	t.mu.Unlock()
}

func (t *tracker) done(string) {
	t.mu.Lock()
	t.p.FilesDone++
	t.report()
	t.mu.Unlock()
}

func (t *tracker) signal() {
	select {
	case t.changed <- struct{}{}:
	default:
	}
}

func (t *tracker) published(d message.Document) {
	t.mu.Lock()
	t.pending[d.DocID] = d.FileName
	t.p.Published++
	t.p.Chunks += d.Chunks
	t.report()
	t.mu.Unlock()
}

func (t *tracker) loaded(l warehouse.Loaded) {
	t.mu.Lock()
	if _, ok := t.pending[l.DocID]; ok {
		delete(t.pending, l.DocID)
		t.loadedN++
		t.facts += int64(l.Facts)
		t.p.Loaded, t.p.Facts = t.loadedN, t.facts
		t.report()
	}
	t.mu.Unlock()
	t.signal()
}

// dead fails the document a dead letter names: its subject ends with the
// document's id.
func (t *tracker) dead(dl message.DeadLetter) {
	t.mu.Lock()
	for id, name := range t.pending {
		if strings.HasSuffix(dl.Subject, "."+id) || strings.HasPrefix(dl.Source, id) {
			t.failed[id] = warehouse.RunError{Input: name, Error: dl.Stage + ": " + dl.Error}
			delete(t.pending, id)
			t.p.Failed++
			t.report()
		}
	}
	t.mu.Unlock()
	t.signal()
}

func (t *tracker) totals() (int, int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.loadedN, t.facts
}

func (t *tracker) failures() []warehouse.RunError {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []warehouse.RunError
	for _, e := range t.failed {
		out = append(out, e)
	}
	return out
}

// wait returns when nothing is pending. It also asks the warehouse now
// and then, in case another loader loaded a document first.
func (t *tracker) wait(ctx context.Context, w *warehouse.Warehouse, workErr <-chan error) error {
	tick := time.NewTicker(10 * time.Second)
	defer tick.Stop()
	for {
		t.mu.Lock()
		n := len(t.pending)
		ids := make([]string, 0, n)
		for id := range t.pending {
			ids = append(ids, id)
		}
		t.mu.Unlock()
		if n == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-workErr:
			return err
		case <-t.changed:
		case <-tick.C:
			// The loader's callbacks are the normal path; this one read
			// every 10 s catches a document another loader got to first.
			loaded, err := w.LoadedIDs(ctx)
			if err != nil {
				continue
			}
			for _, id := range ids {
				if loaded[id] {
					t.loaded(warehouse.Loaded{DocID: id})
				}
			}
		}
	}
}

// drainDead waits, a bounded time, until the dead-letter consumer has
// recorded everything published to it.
func drainDead(ctx context.Context, b *bus.Bus, log zerolog.Logger) {
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		n, err := b.Backlog(ctx, b.Names.DeadStream(), bus.ConsumerLoadDead)
		if err != nil || n == 0 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	log.Warn().Msg("dead letters still being recorded; they will be at the next run")
}

// dirRoots returns the absolute paths of the directories among paths:
// a file gone from one of them was removed from the corpus.
func dirRoots(paths []string) []string {
	var roots []string
	for _, p := range paths {
		if info, err := os.Stat(p); err == nil && info.IsDir() {
			if abs, err := filepath.Abs(p); err == nil {
				roots = append(roots, abs)
			}
		}
	}
	return roots
}
