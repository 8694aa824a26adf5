package warehouse_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/factflow/factflow/pipeline/facts"
	"github.com/factflow/factflow/pipeline/message"
	"github.com/factflow/factflow/pipeline/synth"
	"github.com/factflow/factflow/pipeline/warehouse"
)

// benchCorpus is 16 generated documents of 128 KB (2 MB) with their
// fact batches, and the rows they make: documents, chunks and facts.
func benchCorpus(b testing.TB) (docs []message.Document, batches []message.FactBatch, rows int, size int64) {
	texts, err := synth.ReadSeeds("../../seeds")
	if err != nil {
		b.Fatal(err)
	}
	g, err := synth.New(texts, 1)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 16; i++ { // 16 files of 128 KB: 2 MB
		text := string(g.Bytes(i, 128<<10))
		res := facts.Document("synth.txt", text)
		res.Doc.SourceURI = filepath.Join("/bench", res.Doc.DocID)
		docs = append(docs, res.Doc)
		batches = append(batches, res.Batches...)
		size += int64(len(text))
		rows++
		for _, fb := range res.Batches {
			rows += 1 + len(fb.Observations) + len(fb.References) + len(fb.Instruments)
		}
	}
	return docs, batches, rows, size
}

// BenchmarkPublishAssembled writes whole documents held in memory into a
// fresh warehouse in one transaction, as the load worker does for the
// documents that complete within a publishing interval, and reports
// rows/s: documents, chunks and facts.
func BenchmarkPublishAssembled(b *testing.B) {
	docs, batches, rows, size := benchCorpus(b)
	held := make([]warehouse.Assembled, len(docs))
	for i, d := range docs {
		held[i].DocID = d.DocID
		for _, fb := range batches {
			if fb.DocID == d.DocID {
				held[i].Batches = append(held[i].Batches, fb)
			}
		}
	}
	benchLoad(b, rows, size, func(ctx context.Context, w *warehouse.Warehouse) error {
		return w.Do(ctx, func(s *warehouse.Session) error {
			if err := s.Stage(ctx, docs, nil); err != nil {
				return err
			}
			loaded, err := s.PublishAssembled(ctx, held)
			if err == nil && len(loaded) != len(docs) {
				err = fmt.Errorf("published %d of %d documents", len(loaded), len(docs))
			}
			return err
		})
	})
}

// BenchmarkStagePublish stages pre-made fact batches and publishes their
// documents into a fresh warehouse the way the load worker's staging path
// does (batches of 512, each followed by publishing what it completed),
// and reports rows/s: documents, chunks and facts.
func BenchmarkStagePublish(b *testing.B) {
	docs, batches, rows, size := benchCorpus(b)
	benchLoad(b, rows, size, func(ctx context.Context, w *warehouse.Warehouse) error {
		if err := w.Do(ctx, func(s *warehouse.Session) error { return s.Stage(ctx, docs, nil) }); err != nil {
			return err
		}
		for j := 0; j < len(batches); j += 512 {
			part := batches[j:min(j+512, len(batches))]
			err := w.Do(ctx, func(s *warehouse.Session) error {
				if err := s.Stage(ctx, nil, part); err != nil {
					return err
				}
				ids, err := s.Ready(ctx)
				if err != nil || len(ids) == 0 {
					return err
				}
				_, err = s.Publish(ctx, ids)
				return err
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// benchLoad times load into a fresh warehouse b.N times and reports rows/s.
func benchLoad(b *testing.B, rows int, size int64, load func(ctx context.Context, w *warehouse.Warehouse) error) {
	ctx := context.Background()
	dir := b.TempDir()
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		path := filepath.Join(dir, "w.duckdb")
		os.Remove(path)
		os.Remove(path + ".wal")
		w, err := warehouse.Open(ctx, path, warehouse.Options{KeepOpen: true})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := load(ctx, w); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
