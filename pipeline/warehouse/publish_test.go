package warehouse_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/factflow/factflow/pipeline/message"
	"github.com/factflow/factflow/pipeline/warehouse"
)

// TestPublishAssembled publishes held documents through each case the
// loader meets: first seen (the short way), seen before as they are, a
// new version of a source, no announcement, part of it staged already
// (the general way, which PublishAssembled takes whenever the warehouse or
// staging holds anything of them). Each step checks what it reports and what the
// tables then hold.
func TestPublishAssembled(t *testing.T) {
	ctx := context.Background()
	docs, batches, _, _ := benchCorpus(t)
	of := func(id string) []message.FactBatch {
		var out []message.FactBatch
		for _, b := range batches {
			if b.DocID == id {
				out = append(out, b)
			}
		}
		return out
	}
	nFacts := func(id string) int {
		n := 0
		for _, b := range of(id) {
			n += len(b.Observations) + len(b.References) + len(b.Instruments)
		}
		return n
	}
	w, err := warehouse.Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), warehouse.Options{KeepOpen: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := w.Do(ctx, func(s *warehouse.Session) error { return s.Conn().QueryRowContext(ctx, q, args...).Scan(&n) }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// publish announces docs[announce] (with the batches of the first
	// stagedChunks of docs[held[0]] staged too), then publishes held.
	publish := func(announce []int, stagedChunks int, held ...int) ([]warehouse.Loaded, error) {
		var loaded []warehouse.Loaded
		err := w.Do(ctx, func(s *warehouse.Session) error {
			var ds []message.Document
			for _, i := range announce {
				ds = append(ds, docs[i])
			}
			var staged []message.FactBatch
			if stagedChunks > 0 {
				staged = of(docs[held[0]].DocID)[:stagedChunks]
			}
			if err := s.Stage(ctx, ds, staged); err != nil {
				return err
			}
			var hs []warehouse.Assembled
			for _, i := range held {
				hs = append(hs, warehouse.Assembled{DocID: docs[i].DocID, Batches: of(docs[i].DocID)})
			}
			var err error
			loaded, err = s.PublishAssembled(ctx, hs)
			return err
		})
		return loaded, err
	}
	want := func(i int, replaced []string) warehouse.Loaded {
		return warehouse.Loaded{DocID: docs[i].DocID, FileName: docs[i].FileName, Chunks: docs[i].Chunks,
			Facts: nFacts(docs[i].DocID), Replaced: replaced}
	}
	byID := func(is ...int) []int {
		slices.SortFunc(is, func(a, b int) int { return strings.Compare(docs[a].DocID, docs[b].DocID) })
		return is
	}
	docs[5].SourceURI = docs[1].SourceURI // a new version of docs[1]
	// A name as long as a string the Appender gets as bytes: it must come
	// back in Loaded as it went in.
	docs[2].FileName = strings.Repeat("a-long-report-name-", 4) + ".txt"
	for _, tc := range []struct {
		name     string
		announce []int
		staged   int // chunks of the first held document staged before
		held     []int
		want     func() []warehouse.Loaded
		err      string
		current  []int // documents whose chunks the tables then hold, all of them once
	}{
		{name: "first seen", announce: []int{0, 1, 2}, held: []int{0, 1, 2},
			want: func() []warehouse.Loaded {
				var out []warehouse.Loaded
				for _, i := range byID(0, 1, 2) {
					out = append(out, want(i, nil))
				}
				return out
			}, current: []int{0, 1, 2}},
		// Staging drops the announcement of a loaded document: it is
		// never written twice.
		{name: "seen before, as it is", announce: []int{0}, held: []int{0}, err: "no announcement staged", current: []int{0, 1, 2}},
		{name: "a new version of a source", announce: []int{5}, held: []int{5},
			want: func() []warehouse.Loaded { return []warehouse.Loaded{want(5, []string{docs[1].DocID})} }, current: []int{0, 2, 5}},
		{name: "no announcement", held: []int{3}, err: "no announcement staged", current: []int{0, 2, 5}},
		{name: "partly staged", announce: []int{4}, staged: 2, held: []int{4},
			want: func() []warehouse.Loaded { return []warehouse.Loaded{want(4, nil)} }, current: []int{0, 2, 4, 5}},
	} {
		got, err := publish(tc.announce, tc.staged, tc.held...)
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.err)
			}
		case err != nil:
			t.Fatalf("%s: %v", tc.name, err)
		default:
			if w := tc.want(); !slices.EqualFunc(got, w, func(a, b warehouse.Loaded) bool {
				return a.DocID == b.DocID && a.FileName == b.FileName && a.Chunks == b.Chunks && a.Facts == b.Facts &&
					slices.Equal(a.Replaced, b.Replaced) && a.Unchanged == b.Unchanged
			}) {
				t.Errorf("%s: loaded\n %+v\nwant\n %+v", tc.name, got, w)
			}
		}
		wantChunks, wantObs := 0, 0
		var ids []string
		for _, i := range tc.current {
			ids = append(ids, docs[i].DocID)
			for _, b := range of(docs[i].DocID) {
				wantChunks++
				wantObs += len(b.Observations)
			}
		}
		if n := count(`SELECT count(*) FROM chunks`); n != wantChunks {
			t.Errorf("%s: %d chunks, want %d", tc.name, n, wantChunks)
		}
		if n := count(`SELECT count(DISTINCT chunk_id) FROM chunks WHERE doc_id IN (SELECT unnest($1::VARCHAR[]))`, ids); n != wantChunks {
			t.Errorf("%s: %d distinct chunks of the current documents, want %d", tc.name, n, wantChunks)
		}
		if n := count(`SELECT count(*) FROM observations`); n != wantObs {
			t.Errorf("%s: %d observations, want %d", tc.name, n, wantObs)
		}
		if n := count(`SELECT count(*) FROM document_meta`); n != len(tc.current) {
			t.Errorf("%s: %d documents, want %d", tc.name, n, len(tc.current))
		}
		if n := count(`SELECT count(*) FROM staging.chunks`) + count(`SELECT count(*) FROM staging.observations`); n != 0 {
			t.Errorf("%s: %d rows left in staging", tc.name, n)
		}
		if tc.err == "" {
			if n := count(`SELECT count(*) FROM staging.documents`); n != 0 {
				t.Errorf("%s: %d announcements left in staging", tc.name, n)
			}
		}
	}
}
