package command

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/factflow/factflow/pipeline/bus"
	"github.com/factflow/factflow/pipeline/ingest"
	"github.com/factflow/factflow/pipeline/load"
	"github.com/factflow/factflow/pipeline/source"
	"github.com/factflow/factflow/pipeline/transform"
	"github.com/factflow/factflow/pipeline/warehouse"
)

// Ingest is the ingest worker: it publishes its inputs and exits.
type Ingest struct {
	Paths  []string   `arg:"" help:"Files and directories to ingest." type:"path"`
	NATS   bus.Config `embed:"" prefix:"nats-"`
	RunID  string     `help:"Run id stamped on the documents (default: a new one)." env:"FACTFLOW_RUN_ID"`
	Limits `embed:""`
	// Back-pressure: see bus.WaitBacklog.
	MaxBacklog uint64 `help:"Hold back each document while this many messages or more wait for transform and load (0: never)." env:"FACTFLOW_MAX_BACKLOG" default:"${max_backlog}"`
}

// Run runs it.
func (c *Ingest) Run(g *Globals) error {
	log := g.Logger().With().Str("stage", "ingest").Logger()
	ctx, stop := SignalContext()
	defer stop()
	b, err := bus.Connect(ctx, c.NATS, "factflow-ingest", log)
	if err != nil {
		return err
	}
	defer b.Close()
	if err := b.Setup(ctx, c.MaxMsgBytes); err != nil {
		return err
	}
	runID := c.RunID
	if runID == "" {
		runID = fmt.Sprintf("ingest-%s-%d", time.Now().UTC().Format("20060102T150405.000"), os.Getpid())
	}
	log.Info().Str("nats", c.NATS.Redacted()).Strs("paths", c.Paths).Msg("ingesting")
	rep, err := ingest.Run(ctx, b, c.Paths, ingest.Options{
		RunID: runID, Chunk: c.ChunkOptions(), MaxFileBytes: c.MaxFileBytes, MaxBacklog: c.MaxBacklog,
		Walk: source.WalkOptions{FollowSymlinks: c.FollowLinks},
	}, log)
	log.Info().Int("files", rep.FilesSeen).Int("documents", len(rep.Published)).Int("chunks", rep.Chunks).
		Int("failed", len(rep.Failed)).Msg("ingest done")
	if err != nil {
		return err
	}
	if len(rep.Failed) > 0 {
		var names []string
		for _, p := range rep.Failed {
			names = append(names, p.Error())
		}
		return fmt.Errorf("%d input(s) failed: %s", len(rep.Failed), strings.Join(names, "; "))
	}
	return nil
}

// Transform is the transform worker: it runs until stopped.
type Transform struct {
	NATS    bus.Config `embed:"" prefix:"nats-"`
	Workers int        `help:"Concurrent extract loops (default: one per core)." env:"FACTFLOW_WORKERS"`
	Batch   int        `help:"Chunks per fetch." env:"FACTFLOW_BATCH" default:"64"`
	MaxMsg  int32      `name:"max-msg-bytes" help:"Largest NATS message, in bytes." env:"FACTFLOW_MAX_MSG_BYTES" default:"1048576"`
	Observe `embed:""`
}

// Run runs it.
func (c *Transform) Run(g *Globals) error {
	log := g.Logger().With().Str("stage", "transform").Logger()
	ctx, stop := SignalContext()
	defer stop()
	b, err := bus.Connect(ctx, c.NATS, "factflow-transform", log)
	if err != nil {
		return err
	}
	defer b.Close()
	if err := b.Setup(ctx, c.MaxMsg); err != nil {
		return err
	}
	if err := c.Observe.start(ctx, b, log, nil); err != nil {
		return err
	}
	workers := c.Workers
	if workers <= 0 {
		workers = numCPU()
	}
	log.Info().Str("nats", c.NATS.Redacted()).Int("workers", workers).Msg("transform worker started")
	err = transform.Run(ctx, b, transform.Options{Workers: workers, Batch: c.Batch}, log)
	log.Info().Msg("transform worker stopped")
	return err
}

// Load is the load worker: it runs until stopped.
type Load struct {
	NATS         bus.Config    `embed:"" prefix:"nats-"`
	DB           string        `help:"DuckDB warehouse file." env:"FACTFLOW_DB" default:"factflow.duckdb"`
	Batch        int           `help:"Messages per fetch and per staging transaction." env:"FACTFLOW_BATCH" default:"512"`
	MaxMsg       int32         `name:"max-msg-bytes" help:"Largest NATS message, in bytes." env:"FACTFLOW_MAX_MSG_BYTES" default:"1048576"`
	Stall        time.Duration `name:"stall-after" help:"Dead-letter a staged document that makes no progress for this long." env:"FACTFLOW_STALL_AFTER" default:"10m"`
	Observe      `embed:""`
	MemoryLimits `embed:""`
}

// Run runs it.
func (c *Load) Run(g *Globals) error {
	if err := c.MemoryLimits.Apply(); err != nil {
		return err
	}
	log := g.Logger().With().Str("stage", "load").Logger()
	ctx, stop := SignalContext()
	defer stop()
	w, err := warehouse.Open(ctx, c.DB, warehouse.Options{MemoryLimit: c.DBMemory, Threads: c.DBThreads})
	if err != nil {
		return err
	}
	defer w.Close()
	b, err := bus.Connect(ctx, c.NATS, "factflow-load", log)
	if err != nil {
		return err
	}
	defer b.Close()
	if err := b.Setup(ctx, c.MaxMsg); err != nil {
		return err
	}
	if err := c.Observe.start(ctx, b, log, nil); err != nil {
		return err
	}
	log.Info().Str("nats", c.NATS.Redacted()).Str("db", c.DB).Msg("load worker started")
	err = load.New(b, w, load.Options{Batch: c.Batch, StallAfter: c.Stall}, log).Run(ctx)
	log.Info().Msg("load worker stopped")
	if errors.Is(err, ctx.Err()) {
		return nil
	}
	return err
}
