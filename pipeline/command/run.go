package command

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/factflow/factflow/pipeline/bus"
	"github.com/factflow/factflow/pipeline/runner"
	"github.com/factflow/factflow/pipeline/source"
)

// Run is `factflow run`: every stage in one process.
type Run struct {
	Paths        []string      `arg:"" optional:"" help:"Files and directories to load (default: seeds/)." type:"path"`
	DB           string        `help:"DuckDB warehouse file." env:"FACTFLOW_DB" default:"factflow.duckdb"`
	NATS         bus.Config    `embed:"" prefix:"nats-"`
	Embedded     bool          `help:"Use an embedded NATS server even if --nats-url is set." env:"FACTFLOW_EMBEDDED" default:"true" negatable:""`
	Store        string        `help:"JetStream store of the embedded server (default: .factflow/nats beside the warehouse)." env:"FACTFLOW_STORE"`
	Workers      int           `help:"Transform loops (default: one per core)." env:"FACTFLOW_WORKERS"`
	Stall        time.Duration `name:"stall-after" help:"Dead-letter a staged document that makes no progress for this long." env:"FACTFLOW_STALL_AFTER" default:"10m"`
	KeepOpen     bool          `help:"Hold the warehouse file for the whole run, even when a reader asks for it: no reader can open it meanwhile." env:"FACTFLOW_KEEP_OPEN"`
	DropRemoved  bool          `help:"Delete the facts of files gone from the corpus instead of marking their documents removed." env:"FACTFLOW_DROP_REMOVED"`
	Every        time.Duration `help:"Keep refreshing on this schedule until stopped (e.g. 1h); 0 runs once." env:"FACTFLOW_EVERY"`
	Rehash       bool          `help:"Read and hash every file, even one whose size and modification time match what was loaded from it." env:"FACTFLOW_REHASH"`
	FactsStream  bool          `help:"Send fact batches through the facts stream, as separate workers do, instead of handing them to the loader in process." env:"FACTFLOW_FACTS_STREAM"`
	ChunksStream bool          `help:"Send chunks through the chunks stream, as separate workers do, instead of handing them to the transform loops in process." env:"FACTFLOW_CHUNKS_STREAM"`
	Limits       `embed:""`
	MemoryLimits `embed:""`
}

// Run runs it.
func (r *Run) Run(g *Globals) error {
	if err := r.MemoryLimits.Apply(); err != nil {
		return err
	}
	log := g.Logger()
	ctx, stop := SignalContext()
	defer stop()
	paths := r.Paths
	if len(paths) == 0 {
		paths = []string{"seeds"}
	}
	cfg := runner.Config{
		Paths:      paths,
		DB:         r.DB,
		NATS:       r.NATS,
		StoreDir:   r.Store,
		Chunk:      r.ChunkOptions(),
		Walk:       source.WalkOptions{FollowSymlinks: r.FollowLinks},
		MaxFile:    r.MaxFileBytes,
		Workers:    r.Workers,
		StallAfter: r.Stall,
		MaxMsg:     r.MaxMsgBytes,
		Command:    "factflow run " + strings.Join(paths, " "),
	}
	cfg.DropRemoved = r.DropRemoved
	cfg.KeepOpen = r.KeepOpen
	cfg.Rehash = r.Rehash
	cfg.FactsStream = r.FactsStream
	cfg.ChunksStream = r.ChunksStream
	cfg.DBMemory = r.DBMemory
	cfg.DBThreads = r.DBThreads
	if r.Embedded {
		cfg.NATS.URL = ""
	}
	for {
		prog, stopProgress := newProgress(ctx, log, 5*time.Second)
		cfg.Progress = prog.update
		sum, err := runner.Run(ctx, cfg, log)
		stopProgress()
		printSummary(os.Stdout, sum, r.DB)
		if err == nil && len(sum.Failed) > 0 {
			err = fmt.Errorf("%d input(s) failed; see above and the runs and dead_letters tables", len(sum.Failed))
		}
		if r.Every <= 0 || ctx.Err() != nil {
			return err
		}
		if err != nil {
			log.Error().Err(err).Msg("run failed; trying again at the next refresh")
		}
		log.Info().Dur("every", r.Every).Time("next", time.Now().Add(r.Every)).Msg("waiting for the next refresh")
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(r.Every):
		}
	}
}

func printSummary(w io.Writer, s runner.Summary, db string) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "run\t%s\n", s.RunID)
	fmt.Fprintf(tw, "nats\t%s\n", s.NATS)
	fmt.Fprintf(tw, "warehouse\t%s\n", db)
	fmt.Fprintf(tw, "files\t%d\n", s.Files)
	fmt.Fprintf(tw, "documents loaded\t%d\n", s.Loaded)
	fmt.Fprintf(tw, "documents unchanged (skipped)\t%d\n", s.Skipped)
	fmt.Fprintf(tw, "documents removed\t%d\n", s.Removed)
	fmt.Fprintf(tw, "duplicate files (read once)\t%d\n", len(s.Duplicates))
	fmt.Fprintf(tw, "documents failed\t%d\n", len(s.Failed))
	fmt.Fprintf(tw, "chunks\t%d\n", s.Chunks)
	fmt.Fprintf(tw, "facts\t%d\n", s.Facts)
	fmt.Fprintf(tw, "time\t%s\n", s.Elapsed.Round(time.Millisecond))
	if len(s.Warehouse) > 0 {
		names := make([]string, 0, len(s.Warehouse))
		for n := range s.Warehouse {
			names = append(names, n)
		}
		sort.Strings(names)
		var parts []string
		for _, n := range names {
			parts = append(parts, fmt.Sprintf("%s=%d", n, s.Warehouse[n]))
		}
		fmt.Fprintf(tw, "warehouse rows\t%s\n", strings.Join(parts, " "))
	}
	tw.Flush()
	for _, d := range s.Duplicates {
		fmt.Fprintf(w, "DUPLICATE %s has the same content as %s\n", d.Path, d.Of)
	}
	for _, f := range s.Failed {
		fmt.Fprintf(w, "FAILED %s: %s\n", f.Input, f.Error)
	}
}
