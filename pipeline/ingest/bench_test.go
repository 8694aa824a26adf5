package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/factflow/factflow/pipeline/bus"
	"github.com/factflow/factflow/pipeline/chunk"
	"github.com/factflow/factflow/pipeline/ingest"
	"github.com/factflow/factflow/pipeline/synth"
)

// BenchmarkRun ingests a generated 16 MB corpus into a fresh embedded
// server with nobody consuming: read, hash, split, encode, publish.
// Its MB/s are of input files.
func BenchmarkRun(b *testing.B) {
	corpus := b.TempDir()
	paths, err := synth.Generate(corpus, "../../seeds", 16<<20, 1)
	if err != nil {
		b.Fatal(err)
	}
	var size int64
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			b.Fatal(err)
		}
		size += st.Size()
	}
	b.SetBytes(size)
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		store := filepath.Join(b.TempDir(), "nats")
		srv, err := bus.StartEmbedded(store)
		if err != nil {
			b.Fatal(err)
		}
		bs, err := bus.Connect(ctx, bus.Config{URL: srv.URL(), InProcess: srv.InProcess(), AsyncPersist: true, Timeout: 10 * time.Second}, "bench", zerolog.Nop())
		if err != nil {
			b.Fatal(err)
		}
		if err := bs.Setup(ctx, 1<<20); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		rep, err := ingest.Run(ctx, bs, []string{corpus}, ingest.Options{RunID: "bench", Chunk: chunk.DefaultOptions()}, zerolog.Nop())
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Published) != len(paths) {
			b.Fatalf("published %d of %d files", len(rep.Published), len(paths))
		}
		b.StopTimer()
		bs.Close()
		srv.Shutdown()
		b.StartTimer()
	}
}
