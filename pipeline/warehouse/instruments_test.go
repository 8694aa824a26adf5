package warehouse_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/factflow/factflow/pipeline/message"
	"github.com/factflow/factflow/pipeline/warehouse"
)

// recount is instruments as schemas/warehouse.sql defines it, written
// another way than the view (DISTINCT ON and a window, not arg_min): the
// first current mention (by the document's own year, unknown last, its id,
// then offset) and how many there are.
const recount = `SELECT DISTINCT ON (m.instrument_id) m.instrument_id, m.doc_id, m.kind, m.title, m.number, m.issued_on,
	m.year, m.issuer, m.char_start, m.char_end, m.quote, count(*) OVER (PARTITION BY m.instrument_id)
	FROM instrument_mentions m JOIN documents d USING (doc_id) WHERE d.status = 'current'
	ORDER BY m.instrument_id, d.doc_year NULLS LAST, d.doc_id, m.char_start`

// TestInstrumentsAgreeWithRecount publishes documents in steps that add
// mentions out of ingestion order, through both the held and the staged
// path, and replace a document, and checks after each step that the
// view instruments equals the recount.
func TestInstrumentsAgreeWithRecount(t *testing.T) {
	ctx := context.Background()
	docs, batches, _, _ := benchCorpus(t)
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range docs {
		docs[i].IngestedAt = base.Add(time.Duration(i) * time.Minute).Format(time.RFC3339Nano)
		// Years against the publishing order, some equal and some unknown,
		// so that every ordering key decides somewhere.
		docs[i].DocYear = 2023 - i/2
		if i%5 == 4 {
			docs[i].DocYear = 0
		}
	}
	of := func(id string) []message.FactBatch {
		var out []message.FactBatch
		for _, b := range batches {
			if b.DocID == id {
				out = append(out, b)
			}
		}
		return out
	}
	w, err := warehouse.Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), warehouse.Options{KeepOpen: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	held := func(idx ...int) error {
		return w.Do(ctx, func(s *warehouse.Session) error {
			var hs []warehouse.Assembled
			var ds []message.Document
			for _, i := range idx {
				ds = append(ds, docs[i])
				hs = append(hs, warehouse.Assembled{DocID: docs[i].DocID, Batches: of(docs[i].DocID)})
			}
			if err := s.Stage(ctx, ds, nil); err != nil {
				return err
			}
			_, err := s.PublishAssembled(ctx, hs)
			return err
		})
	}
	staged := func(idx ...int) error {
		return w.Do(ctx, func(s *warehouse.Session) error {
			var ids []string
			for _, i := range idx {
				if err := s.Stage(ctx, []message.Document{docs[i]}, of(docs[i].DocID)); err != nil {
					return err
				}
				ids = append(ids, docs[i].DocID)
			}
			_, err := s.Publish(ctx, ids)
			return err
		})
	}
	steps := []struct {
		name string
		do   func() error
	}{
		{"held, later documents first", func() error { return held(8, 9, 10, 11) }},
		{"held, earlier ones", func() error { return held(0, 1, 2) }},
		{"staged, between them", func() error { return staged(4, 5) }},
		{"a new version replaces a document", func() error {
			docs[12].SourceURI = docs[1].SourceURI
			return held(12)
		}},
		{"held and staged again", func() error {
			if err := staged(3); err != nil {
				return err
			}
			return held(6, 7, 13, 14, 15)
		}},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		var diff, n int
		err := w.Do(ctx, func(s *warehouse.Session) error {
			return s.Conn().QueryRowContext(ctx, fmt.Sprintf(`SELECT
				(SELECT count(*) FROM (SELECT * FROM instruments EXCEPT ALL (%[1]s))) +
				(SELECT count(*) FROM ((%[1]s) EXCEPT ALL SELECT * FROM instruments)),
				(SELECT count(*) FROM instruments)`, recount)).Scan(&diff, &n)
		})
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if n == 0 || diff != 0 {
			t.Errorf("after %s: %d instruments, %d rows differ from a full recount", st.name, n, diff)
		}
	}
}
