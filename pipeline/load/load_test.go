package load_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/rs/zerolog"

	"github.com/factflow/factflow/pipeline/bus"
	"github.com/factflow/factflow/pipeline/load"
	"github.com/factflow/factflow/pipeline/message"
	"github.com/factflow/factflow/pipeline/warehouse"
)

// TestQueuedIsNotStalled: a document whose announcement the loader has
// staged but whose chunks still wait in the work queue (a long backlog) is
// not stalled, however long it has been quiet; once nothing about it is
// queued any more, it is.
func TestQueuedIsNotStalled(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	b, w := testBus(t, ctx)

	doc := message.Document{Schema: message.DocumentV1, DocID: "d0c", FileName: "a.txt", SourceURI: "/a.txt",
		Encoding: "utf-8", Bytes: 10, Chars: 10, Chunks: 1, IngestedAt: time.Now().UTC().Format(time.RFC3339Nano)}
	if err := w.Do(ctx, func(s *warehouse.Session) error { return s.Stage(ctx, []message.Document{doc}, nil) }); err != nil {
		t.Fatal(err)
	}
	if _, err := b.JS.Publish(ctx, b.Names.ChunkSubject("d0c"), []byte(`{"schema":"factflow.chunk/v1"}`)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond)
	loader := load.New(b, w, load.Options{StallAfter: time.Second}, zerolog.Nop())
	if err := loader.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	if n := deadLetters(t, ctx, w); n != 0 {
		t.Fatalf("a queued document was dead-lettered (%d)", n)
	}

	// The chunk is taken and lost (its worker failed it for good): now
	// nothing about the document is queued, and it is stalled.
	cons, _ := b.Consumer(ctx, b.Names.ChunksStream(), bus.ConsumerTransform)
	mb, err := cons.Fetch(1, jetstream.FetchMaxWait(2*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	for m := range mb.Messages() {
		if err := m.Term(); err != nil {
			t.Fatal(err)
		}
	}
	for deadline := time.Now().Add(5 * time.Second); ; {
		if q, _ := b.Queued(ctx, "d0c"); q == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the terminated chunk is still queued")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := loader.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	if n := deadLetters(t, ctx, w); n != 1 {
		t.Fatalf("%d dead letters, want the stalled document's", n)
	}
}

func deadLetters(t *testing.T, ctx context.Context, w *warehouse.Warehouse) int {
	t.Helper()
	var n int
	err := w.Do(ctx, func(s *warehouse.Session) error {
		c, err := warehouse.Counts(ctx, s.Conn())
		n = int(c["dead_letters"])
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// testBus is an embedded server with factflow's streams and a fresh
// warehouse beside it.
func testBus(t *testing.T, ctx context.Context) (*bus.Bus, *warehouse.Warehouse) {
	t.Helper()
	dir := t.TempDir()
	srv, err := bus.StartEmbedded(filepath.Join(dir, "nats"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Shutdown)
	b, err := bus.Connect(ctx, bus.Config{URL: srv.URL(), Timeout: 5 * time.Second}, "test", zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	if err := b.Setup(ctx, 1<<20); err != nil {
		t.Fatal(err)
	}
	w, err := warehouse.Open(ctx, filepath.Join(dir, "w.duckdb"), warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return b, w
}

// publishDoc publishes a document of n chunks: its fact batches (one
// observation each), and its announcement if announce.
func publishDoc(t *testing.T, ctx context.Context, b *bus.Bus, id string, n int, announce bool) {
	t.Helper()
	pub := b.NewPublisher(64)
	for seq := range n {
		cid := fmt.Sprintf("%s-%05d", id, seq)
		fb := message.FactBatch{Schema: message.FactBatchV1, DocID: id,
			Chunk: message.Chunk{Schema: message.ChunkV1, ChunkID: cid, DocID: id, Seq: seq, Chunks: n,
				CharStart: 10 * seq, CharEnd: 10*seq + 10, Text: fmt.Sprintf("In 2020, %d.", 1000+seq)},
			Observations: []message.Observation{{ObsID: cid + "-o", DocID: id, ChunkID: cid, Metric: "x_m", YearStart: 2020,
				YearEnd: 2020, Value: float64(1000 + seq), Unit: "count", Quote: fmt.Sprint(1000 + seq),
				CharStart: 10*seq + 9, CharEnd: 10*seq + 13, Extractor: "test"}},
		}
		if err := pub.PublishJSON(ctx, b.Names.FactSubject(id), fb, "facts:"+cid); err != nil {
			t.Fatal(err)
		}
	}
	if announce {
		doc := message.Document{Schema: message.DocumentV1, DocID: id, FileName: id + ".txt", SourceURI: "/" + id + ".txt",
			Encoding: "utf-8", Bytes: int64(10 * n), Chars: 10 * n, Chunks: n, IngestedAt: time.Now().UTC().Format(time.RFC3339Nano)}
		if err := pub.PublishJSON(ctx, b.Names.DocSubject(id), doc, "doc:"+id); err != nil {
			t.Fatal(err)
		}
	}
	if err := pub.Flush(ctx); err != nil {
		t.Fatal(err)
	}
}

// rowsOf counts a document's chunks and observations, and their distinct ids.
func rowsOf(t *testing.T, ctx context.Context, w *warehouse.Warehouse, id string) (docs, chunks, distinctChunks, obs, distinctObs int) {
	t.Helper()
	err := w.Do(ctx, func(s *warehouse.Session) error {
		c := s.Conn()
		if err := c.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE doc_id = $1`, id).Scan(&docs); err != nil {
			return err
		}
		if err := c.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT chunk_id) FROM chunks WHERE doc_id = $1`, id).Scan(&chunks, &distinctChunks); err != nil {
			return err
		}
		return c.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT obs_id) FROM observations WHERE doc_id = $1`, id).Scan(&obs, &distinctObs)
	})
	if err != nil {
		t.Fatal(err)
	}
	return
}

// runWorkers runs loaders until want documents are reported loaded, or
// fails after a minute; it returns how many times each was reported.
func runWorkers(t *testing.T, ctx context.Context, want, hold int, workers ...func(load.Options) *load.Worker) map[string]int {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	var mu sync.Mutex
	seen := map[string]int{}
	done := make(chan struct{})
	opt := load.Options{Batch: 2, PublishEvery: 50 * time.Millisecond, HoldFor: 300 * time.Millisecond, Hold: hold,
		Loaded: func(l warehouse.Loaded) {
			mu.Lock()
			defer mu.Unlock()
			seen[l.DocID]++
			if len(seen) == want {
				close(done)
			}
		}}
	var wg sync.WaitGroup
	for _, newWorker := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := newWorker(opt).Run(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	select {
	case <-done:
	case <-ctx.Done():
		t.Error("timed out waiting for the documents to load")
	}
	cancel()
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	return seen
}

// TestLoadPaths: documents load once, whole, whichever way their fact
// batches take: held in memory by one worker; too large to hold (staged
// at once, then moved from staging); split between two workers (neither
// may hold them all: each stages its part after HoldFor); announced only
// after all its batches.
func TestLoadPaths(t *testing.T) {
	for _, tc := range []struct {
		name     string
		workers  int
		hold     int  // load.Options.Hold; 0 for the default
		announce bool // before the worker starts; else after a while
	}{
		{"held by one worker", 1, 0, true},
		{"too large to hold", 1, 4, true},
		{"split between two workers", 2, 0, true},
		{"announced last", 1, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			b, w := testBus(t, ctx)
			publishDoc(t, ctx, b, "d1", 9, tc.announce)
			publishDoc(t, ctx, b, "d2", 1, true)
			if !tc.announce {
				go func() {
					time.Sleep(200 * time.Millisecond)
					doc := message.Document{Schema: message.DocumentV1, DocID: "d1", FileName: "d1.txt", SourceURI: "/d1.txt",
						Encoding: "utf-8", Bytes: 90, Chars: 90, Chunks: 9, IngestedAt: time.Now().UTC().Format(time.RFC3339Nano)}
					data, _ := message.Encode(doc)
					if _, err := b.JS.Publish(ctx, b.Names.DocSubject("d1"), data); err != nil {
						t.Error(err)
					}
				}()
			}
			var workers []func(load.Options) *load.Worker
			for range tc.workers {
				workers = append(workers, func(o load.Options) *load.Worker { return load.New(b, w, o, zerolog.Nop()) })
			}
			seen := runWorkers(t, ctx, 2, tc.hold, workers...)
			if seen["d1"] != 1 || seen["d2"] != 1 {
				t.Errorf("loaded %v, want each document once", seen)
			}
			for id, n := range map[string]int{"d1": 9, "d2": 1} {
				docs, chunks, dc, obs, do := rowsOf(t, ctx, w, id)
				if docs != 1 || chunks != n || dc != n || obs != n || do != n {
					t.Errorf("%s: %d documents, %d chunks (%d distinct), %d observations (%d distinct); want 1 and %d each",
						id, docs, chunks, dc, obs, do, n)
				}
			}
		})
	}
}

// TestPublishesOnCatchingUp: once the loader has taken everything there
// is, a complete document is published at once, not on the next tick
// (an hour here; the test gives up long before, and before the first
// periodic settle).
func TestPublishesOnCatchingUp(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	b, w := testBus(t, ctx)
	publishDoc(t, ctx, b, "d0c", 3, true)
	loaded := make(chan warehouse.Loaded, 1)
	loader := load.New(b, w, load.Options{PublishEvery: time.Hour, StallAfter: time.Hour,
		Loaded: func(l warehouse.Loaded) { loaded <- l }}, zerolog.Nop())
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- loader.Run(runCtx) }()
	select {
	case l := <-loaded:
		if l.DocID != "d0c" {
			t.Fatalf("loaded %+v", l)
		}
	case <-ctx.Done():
		t.Fatal("the complete document waited for the tick")
	}
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
