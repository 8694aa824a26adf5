package command

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/factflow/factflow/pipeline/bench"
	"github.com/factflow/factflow/pipeline/synth"
)

// Bench is `factflow bench`: generate a synthetic corpus and measure the
// machine's raw baselines, each stage alone and the whole pipeline.
type Bench struct {
	Size         string        `help:"Corpus size: 100MB, 1GB, … (units of 2^10)." default:"100MB"`
	Dir          string        `help:"Scratch directory (default: a temporary one, removed after)." type:"path"`
	Seeds        string        `help:"Directory of seed reports the generator varies." default:"seeds" type:"path"`
	Seed         int64         `help:"Generator seed." default:"1"`
	Reps         int           `help:"Repetitions of the baselines and single stages; the median is reported." default:"3"`
	StageSize    string        `help:"Part of the corpus the baselines and single stages use (default: min(size, 64MB))."`
	Parts        string        `help:"Comma-separated parts to run: e2e, baseline, stages." default:"e2e,baseline,stages"`
	Linearity    bool          `help:"Also run end to end at 4× and 16× the size and report the time ratios."`
	KeepOpen     bool          `help:"Hold the warehouse open for the whole end-to-end run, as factflow run --keep-open does (default: as factflow run does)." negatable:""`
	Workers      int           `help:"Transform loops end to end (default: one per core)."`
	FactsStream  bool          `help:"End to end, send fact batches through the facts stream, as factflow run --facts-stream does."`
	ChunksStream bool          `help:"End to end, send chunks through the chunks stream, as factflow run --chunks-stream does."`
	StallAfter   time.Duration `help:"The loader's stall timeout end to end (default: the loader's own)."`
	Generate     string        `help:"Only generate a corpus of --size into this directory and exit." type:"path"`
	MemProfile   string        `name:"mem-profile" help:"Write a heap profile, taken at the largest Go heap of the end-to-end runs, to this file (--cpu-profile writes a CPU profile)." type:"path"`
	Limits       `embed:""`
	MemoryLimits `embed:""`
}

// Run runs it.
func (c *Bench) Run(g *Globals) error {
	log := g.Logger()
	if g.LogLevel == "info" {
		log = log.Level(zerolog.WarnLevel) // the pipeline's per-document lines would drown the table
	}
	ctx, stop := SignalContext()
	defer stop()
	return c.RunTo(ctx, os.Stdout, log)
}

// RunTo runs it, writing the table and the JSON line to out.
func (c *Bench) RunTo(ctx context.Context, out io.Writer, log zerolog.Logger) error {
	if err := c.MemoryLimits.Apply(); err != nil {
		return err
	}
	size, err := bench.ParseSize(c.Size)
	if err != nil {
		return err
	}
	if c.Generate != "" {
		paths, err := synth.Generate(c.Generate, c.Seeds, size, c.Seed)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "generated %d files in %s\n", len(paths), c.Generate)
		return nil
	}
	var stageSize int64
	if c.StageSize != "" {
		if stageSize, err = bench.ParseSize(c.StageSize); err != nil {
			return err
		}
	}
	var parts []string
	for _, p := range strings.Split(c.Parts, ",") {
		p = strings.TrimSpace(p)
		switch p {
		case "":
		case bench.PartE2E, bench.PartBaseline, bench.PartStages:
			parts = append(parts, p)
		default:
			return fmt.Errorf("--parts: unknown part %q (want e2e, baseline, stages)", p)
		}
	}
	_, err = bench.Run(ctx, bench.Config{
		Size: size, Dir: c.Dir, SeedDir: c.Seeds, Seed: c.Seed, Reps: c.Reps, StageSize: stageSize,
		Parts: parts, Linearity: c.Linearity, KeepOpen: c.KeepOpen, FactsStream: c.FactsStream, ChunksStream: c.ChunksStream, Workers: c.Workers, StallAfter: c.StallAfter, DBMemory: c.DBMemory, DBThreads: c.DBThreads,
		Chunk: c.ChunkOptions(), MemProfile: c.MemProfile,
	}, out, log)
	return err
}
