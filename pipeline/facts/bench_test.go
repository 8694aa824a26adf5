package facts_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/factflow/factflow/pipeline/chunk"
	"github.com/factflow/factflow/pipeline/extract"
	"github.com/factflow/factflow/pipeline/facts"
	"github.com/factflow/factflow/pipeline/message"
	"github.com/factflow/factflow/pipeline/quantity"
	"github.com/factflow/factflow/pipeline/source"
	"github.com/factflow/factflow/pipeline/synth"
)

// seedChunks splits every seed document the way the pipeline does.
func seedChunks(b *testing.B) ([]message.Chunk, int) {
	b.Helper()
	return dirChunks(b, seedsDir)
}

// generatedChunks splits an 8 MB corpus generated from the seeds, the
// mix of shapes factflow bench measures (the seeds alone are 0.3 MB).
func generatedChunks(b *testing.B) ([]message.Chunk, int) {
	b.Helper()
	dir := b.TempDir()
	if _, err := synth.Generate(dir, seedsDir, 8<<20, 1); err != nil {
		b.Fatal(err)
	}
	return dirChunks(b, dir)
}

// dirChunks splits every .txt document in dir the way the pipeline does.
func dirChunks(b *testing.B, dir string) ([]message.Chunk, int) {
	b.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		b.Fatal(err)
	}
	var chunks []message.Chunk
	size := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		_, cs := facts.Prepare(source.ID(string(data)), filepath.Base(f), f, string(data), "utf-8", int64(len(data)), chunk.DefaultOptions())
		for _, c := range cs {
			size += len(c.Text)
		}
		chunks = append(chunks, cs...)
	}
	if len(chunks) == 0 {
		b.Skip("no seeds")
	}
	return chunks, size
}

// BenchmarkFromChunk measures the whole per-chunk extraction (observations,
// legal references, instruments) in bytes of chunk text per second, on the
// seeds and on a generated corpus.
func BenchmarkFromChunk(b *testing.B) {
	b.Run("seeds", func(b *testing.B) { benchFromChunk(b, seedChunks) })
	b.Run("generated", func(b *testing.B) { benchFromChunk(b, generatedChunks) })
}

func benchFromChunk(b *testing.B, load func(*testing.B) ([]message.Chunk, int)) {
	chunks, size := load(b)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range chunks {
			_ = facts.FromChunk(c)
		}
	}
}

// BenchmarkObservationsFrom measures the observation part of FromChunk
// alone: the extractor over a chunk with its context, as FromChunk calls it.
func BenchmarkObservationsFrom(b *testing.B) {
	chunks, size := seedChunks(b)
	fulls := withContext(chunks)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for i, c := range chunks {
			doc := extract.Doc{Year: c.DocYear, PeriodStart: c.PeriodStart, PeriodEnd: c.PeriodEnd}
			_ = extract.ObservationsFrom(fulls[i], doc, len(c.Context))
		}
	}
}

// BenchmarkFind measures the number grammar over chunks with their context.
func BenchmarkFind(b *testing.B) {
	chunks, size := seedChunks(b)
	fulls := withContext(chunks)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range fulls {
			_ = quantity.Find(s)
		}
	}
}

// withContext is each chunk's text after its context, as FromChunk reads it.
func withContext(chunks []message.Chunk) []string {
	fulls := make([]string, len(chunks))
	for i, c := range chunks {
		fulls[i] = c.Context + c.Text
	}
	return fulls
}
