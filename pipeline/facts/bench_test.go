package facts_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/factflow/factflow/pipeline/chunk"
	"github.com/factflow/factflow/pipeline/facts"
	"github.com/factflow/factflow/pipeline/message"
)

// seedChunks splits every seed document the way the pipeline does.
func seedChunks(b *testing.B) ([]message.Chunk, int) {
	b.Helper()
	files, err := filepath.Glob(filepath.Join(seedsDir, "*.txt"))
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
		_, cs := facts.Prepare(filepath.Base(f), f, string(data), "utf-8", int64(len(data)), chunk.DefaultOptions())
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
// legal references, instruments) in bytes of chunk text per second.
func BenchmarkFromChunk(b *testing.B) {
	chunks, size := seedChunks(b)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range chunks {
			_ = facts.FromChunk(c)
		}
	}
}
