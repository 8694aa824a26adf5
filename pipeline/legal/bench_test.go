package legal

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/factflow/factflow/pipeline/chunk"
)

// seedTexts returns the seed documents and their total size.
func seedTexts(tb testing.TB) ([]string, int64) {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join(seedDir, "*.txt"))
	if len(files) == 0 {
		tb.Skip("no seeds")
	}
	var texts []string
	var n int64
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		texts = append(texts, string(raw))
		n += int64(len(raw))
	}
	return texts, n
}

// seedChunks splits the seeds as the pipeline does and pairs each chunk with
// its document's context.
func seedChunks(tb testing.TB) ([]string, []Context, int64) {
	texts, n := seedTexts(tb)
	var chunks []string
	var ctxs []Context
	for _, t := range texts {
		ctx := ResolveContext(t)
		for _, c := range chunk.Split(t, chunk.DefaultOptions()) {
			chunks = append(chunks, t[c.Start:c.End])
			ctxs = append(ctxs, ctx)
		}
	}
	return chunks, ctxs, n
}

// BenchmarkChunks measures the per-chunk work of the pipeline: ReferencesIn
// and Instruments on every ~4 KB chunk of the seeds.
func BenchmarkChunks(b *testing.B) {
	chunks, ctxs, n := seedChunks(b)
	b.Run("ReferencesIn", func(b *testing.B) {
		b.SetBytes(n)
		for b.Loop() {
			for i, c := range chunks {
				ReferencesIn(c, ctxs[i])
			}
		}
	})
	b.Run("Instruments", func(b *testing.B) {
		b.SetBytes(n)
		for b.Loop() {
			for _, c := range chunks {
				Instruments(c)
			}
		}
	})
	b.Run("Both", func(b *testing.B) {
		b.SetBytes(n)
		for b.Loop() {
			for i, c := range chunks {
				ReferencesIn(c, ctxs[i])
				Instruments(c)
			}
		}
	})
}

// BenchmarkResolveContext measures the per-document work on whole seeds.
func BenchmarkResolveContext(b *testing.B) {
	texts, n := seedTexts(b)
	b.SetBytes(n)
	for b.Loop() {
		for _, t := range texts {
			ResolveContext(t)
		}
	}
}
