package runner_test

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/factflow/factflow/pipeline/bus"
	"github.com/factflow/factflow/pipeline/runner"
	"github.com/factflow/factflow/pipeline/warehouse"
)

func copySeeds(t *testing.T, dir string) {
	t.Helper()
	files, err := filepath.Glob("../../seeds/*.txt")
	if err != nil || len(files) != 5 {
		t.Fatalf("seeds: %v, %d files", err, len(files))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func run(t *testing.T, ctx context.Context, dir string, paths ...string) runner.Summary {
	t.Helper()
	cfg := runner.Config{Paths: paths, DB: filepath.Join(dir, "w.duckdb"), StoreDir: filepath.Join(dir, "nats")}
	sum, err := runner.Run(ctx, cfg, zerolog.Nop())
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return sum
}

func openRO(t *testing.T, dir string) *sql.DB {
	t.Helper()
	db, err := warehouse.OpenReadOnly(filepath.Join(dir, "w.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestSeedsEndToEnd runs the whole pipeline on the seeds with an embedded
// NATS server and checks what an analyst relies on.
func TestSeedsEndToEnd(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := t.TempDir()
	corpus := filepath.Join(dir, "seeds")
	copySeeds(t, corpus)

	first := run(t, ctx, dir, corpus)
	if first.Loaded != 5 || len(first.Failed) != 0 || first.Facts == 0 {
		t.Fatalf("first run: %+v", first)
	}

	db := openRO(t, dir)
	t.Run("keys unique", func(t *testing.T) {
		// Four tables have no primary key (schemas/warehouse.sql): the
		// loader alone keeps their keys unique.
		for table, key := range map[string]string{"chunks": "chunk_id", "observations": "obs_id",
			"legal_references": "ref_id", "instrument_mentions": "mention_id"} {
			var n, distinct int
			if err := db.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT `+key+`) FROM `+table).Scan(&n, &distinct); err != nil {
				t.Fatal(err)
			}
			if n == 0 || n != distinct {
				t.Errorf("%s: %d rows, %d distinct %s", table, n, distinct, key)
			}
		}
	})
	t.Run("torture registrations series", func(t *testing.T) {
		rows, err := db.QueryContext(ctx, `
			SELECT o.year_start, o.value FROM observations o JOIN documents d USING (doc_id)
			WHERE d.text ILIKE '%Fourth Periodic Report%against Torture%'
			  AND o.metric = 'torture_registered' AND o.year_start = o.year_end
			ORDER BY o.year_start`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var years []int
		var values []float64
		for rows.Next() {
			var y int
			var v float64
			if err := rows.Scan(&y, &v); err != nil {
				t.Fatal(err)
			}
			years = append(years, y)
			values = append(values, v)
		}
		wantY := []int{2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023}
		wantV := []float64{630, 679, 686, 647, 850, 766, 685, 920, 195}
		if !slices.Equal(years, wantY) || !slices.Equal(values, wantV) {
			t.Fatalf("series = %v %v, want %v %v", years, values, wantY, wantV)
		}
	})
	t.Run("provenance holds for every fact", func(t *testing.T) {
		for _, table := range []string{"observations", "legal_references", "instrument_mentions", "instruments"} {
			var bad, n int
			err := db.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE substring(d.text, f.char_start + 1, f.char_end - f.char_start) IS DISTINCT FROM f.quote), count(*)
				FROM `+table+` f JOIN documents d USING (doc_id)`).Scan(&bad, &n)
			if err != nil {
				t.Fatal(err)
			}
			if bad != 0 {
				t.Errorf("%s: %d of %d rows do not quote the text at their span", table, bad, n)
			}
		}
	})
	t.Run("documents keep their text exactly", func(t *testing.T) {
		files, _ := filepath.Glob(filepath.Join(corpus, "*.txt"))
		for _, f := range files {
			data, _ := os.ReadFile(f)
			var text string
			var chunks, covered int
			err := db.QueryRowContext(ctx, `SELECT d.text, d.chunks, (SELECT count(*) FROM chunks c WHERE c.doc_id = d.doc_id)
				FROM documents d WHERE file_name = $1`, filepath.Base(f)).Scan(&text, &chunks, &covered)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if text != strings.TrimPrefix(string(data), "\ufeff") {
				t.Errorf("%s: stored text differs from the file", filepath.Base(f))
			}
			if chunks != covered {
				t.Errorf("%s: %d chunks announced, %d stored", filepath.Base(f), chunks, covered)
			}
		}
	})
	before, err := warehouse.Counts(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	sumBefore, err := warehouse.Checksums(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	// A second run over the unchanged corpus changes nothing.
	second := run(t, ctx, dir, corpus)
	if second.Skipped != 5 || second.Loaded != 0 {
		t.Fatalf("second run: %+v", second)
	}
	db = openRO(t, dir)
	after, err := warehouse.Counts(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	for table, n := range before {
		want := n
		if table == "runs" {
			want = n + 1
		}
		if after[table] != want {
			t.Errorf("after a re-run %s has %d rows, want %d", table, after[table], want)
		}
	}
	sumAfter, _ := warehouse.Checksums(ctx, db)
	for table, s := range sumBefore {
		if sumAfter[table] != s {
			t.Errorf("after a re-run %s changed: %s → %s", table, s, sumAfter[table])
		}
	}
	db.Close()

	// A new version of a file replaces the old one's facts.
	target := filepath.Join(corpus, "004_835ade598945407e.txt")
	data, _ := os.ReadFile(target)
	edited := strings.Replace(string(data), "2015 – 630", "2015 – 631", 1)
	if edited == string(data) {
		t.Fatal("edit did not apply")
	}
	if err := os.WriteFile(target, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	third := run(t, ctx, dir, corpus)
	if third.Loaded != 1 || third.Skipped != 4 {
		t.Fatalf("third run: %+v", third)
	}
	db = openRO(t, dir)
	var docs, v630, v631 int
	if err := db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM documents WHERE file_name = '004_835ade598945407e.txt'),
		(SELECT count(*) FROM observations WHERE metric = 'torture_registered' AND year_start = 2015 AND value = 630),
		(SELECT count(*) FROM observations WHERE metric = 'torture_registered' AND year_start = 2015 AND value = 631)`).Scan(&docs, &v630, &v631); err != nil {
		t.Fatal(err)
	}
	if docs != 1 || v630 != 0 || v631 != 1 {
		t.Fatalf("after an edit: %d versions of the document, %d old values, %d new values; want 1, 0, 1", docs, v630, v631)
	}
}

// TestRefresh covers what a scheduled refresh meets: a file removed, a
// file restored, the same content under two names.
func TestRefresh(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := t.TempDir()
	corpus := filepath.Join(dir, "seeds")
	copySeeds(t, corpus)
	gone := filepath.Join(corpus, "000_823365b9776a6ef5.txt")
	data, _ := os.ReadFile(gone)
	if err := os.WriteFile(filepath.Join(corpus, "copy.txt"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	first := run(t, ctx, dir, corpus)
	if first.Loaded != 5 || len(first.Duplicates) != 1 {
		t.Fatalf("first run: loaded %d, duplicates %v; want 5 and the copy", first.Loaded, first.Duplicates)
	}
	status := func() (current, removed int) {
		db := openRO(t, dir)
		defer db.Close()
		if err := db.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE status = 'current'), count(*) FILTER (WHERE status = 'removed') FROM documents`).Scan(&current, &removed); err != nil {
			t.Fatal(err)
		}
		// Instruments follow the current documents' mentions.
		recount := `SELECT DISTINCT ON (m.instrument_id) m.instrument_id, m.doc_id, m.kind, m.title, m.number, m.issued_on,
			m.year, m.issuer, m.char_start, m.char_end, m.quote, count(*) OVER (PARTITION BY m.instrument_id)
			FROM instrument_mentions m JOIN documents d USING (doc_id) WHERE d.status = 'current'
			ORDER BY m.instrument_id, d.ingested_at, d.doc_id, m.char_start`
		var diff int
		if err := db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM (SELECT * FROM instruments EXCEPT ALL (`+recount+`))) +
			(SELECT count(*) FROM ((`+recount+`) EXCEPT ALL SELECT * FROM instruments))`).Scan(&diff); err != nil {
			t.Fatal(err)
		}
		if diff != 0 {
			t.Errorf("%d instrument rows differ from a recount of current mentions", diff)
		}
		return current, removed
	}
	// Both names gone: the document is marked removed, its facts stay.
	os.Remove(gone)
	os.Remove(filepath.Join(corpus, "copy.txt"))
	second := run(t, ctx, dir, corpus)
	if c, r := status(); second.Removed != 1 || c != 4 || r != 1 {
		t.Fatalf("after removing a file: summary removed %d, documents current %d removed %d; want 1, 4, 1", second.Removed, c, r)
	}
	// Back again: current again, nothing re-extracted.
	if err := os.WriteFile(gone, data, 0o644); err != nil {
		t.Fatal(err)
	}
	third := run(t, ctx, dir, corpus)
	if c, r := status(); third.Loaded != 0 || c != 5 || r != 0 {
		t.Fatalf("after restoring it: loaded %d, current %d, removed %d; want 0, 5, 0", third.Loaded, c, r)
	}
	// Removed with --drop-removed: the facts go too.
	os.Remove(gone)
	cfg := runner.Config{Paths: []string{corpus}, DB: filepath.Join(dir, "w.duckdb"), StoreDir: filepath.Join(dir, "nats"), DropRemoved: true}
	if _, err := runner.Run(ctx, cfg, zerolog.Nop()); err != nil {
		t.Fatal(err)
	}
	db := openRO(t, dir)
	var docs, orphans int
	if err := db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM documents),
		(SELECT count(*) FROM observations WHERE doc_id NOT IN (SELECT doc_id FROM documents)) +
		(SELECT count(*) FROM instrument_mentions WHERE doc_id NOT IN (SELECT doc_id FROM documents)) +
		(SELECT count(*) FROM chunks WHERE doc_id NOT IN (SELECT doc_id FROM documents))`).Scan(&docs, &orphans); err != nil {
		t.Fatal(err)
	}
	if docs != 4 || orphans != 0 {
		t.Fatalf("after dropping: %d documents, %d facts without a document; want 4, 0", docs, orphans)
	}
}

// TestRefreshSkipsUnchangedFilesUnread: a refresh trusts a file's size and
// modification time. A file rewritten with other bytes of the same size and
// given back its old time is skipped unread (the documented cost of not
// hashing), while --rehash reads it and loads the new version; a file whose
// time changed is read again.
func TestRefreshSkipsUnchangedFilesUnread(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := t.TempDir()
	corpus := filepath.Join(dir, "seeds")
	copySeeds(t, corpus)
	if first := run(t, ctx, dir, corpus); first.Loaded != 5 {
		t.Fatalf("first run loaded %d", first.Loaded)
	}

	files, _ := filepath.Glob(filepath.Join(corpus, "*.txt"))
	target := files[0]
	info, err := os.Stat(target)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(target)
	if err != nil {
		t.Fatal(err)
	}
	// Same size, other bytes, old time.
	i := bytes.IndexByte(data, 'a')
	data[i] = 'b'
	if err := os.WriteFile(target, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(target, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	if again := run(t, ctx, dir, corpus); again.Loaded != 0 || again.Skipped != 5 {
		t.Fatalf("refresh: loaded %d, skipped %d; want 0 and 5 (the file's size and time say unchanged)", again.Loaded, again.Skipped)
	}
	cfg := runner.Config{Paths: []string{corpus}, DB: filepath.Join(dir, "w.duckdb"), StoreDir: filepath.Join(dir, "nats"), Rehash: true}
	rehashed, err := runner.Run(ctx, cfg, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	if rehashed.Loaded != 1 || rehashed.Skipped != 4 {
		t.Fatalf("rehash: loaded %d, skipped %d; want the changed file and 4", rehashed.Loaded, rehashed.Skipped)
	}

	// A new time: read, hashed, found unchanged.
	later := info.ModTime().Add(time.Hour)
	if err := os.Chtimes(files[1], later, later); err != nil {
		t.Fatal(err)
	}
	if touched := run(t, ctx, dir, corpus); touched.Loaded != 0 || touched.Skipped != 5 {
		t.Fatalf("after touch: loaded %d, skipped %d; want 0 and 5", touched.Loaded, touched.Skipped)
	}
}

// TestWarehouseInsideInput runs on a directory that holds the warehouse
// and, beside it, the embedded server's store (the default .factflow):
// twice, so that the second walk meets the files the first one made. The
// reports load, and factflow's own files are neither read nor rejected.
func TestWarehouseInsideInput(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := t.TempDir()
	copySeeds(t, dir)
	cfg := runner.Config{Paths: []string{dir}, DB: filepath.Join(dir, "w.duckdb")}
	for i, want := range []int{5, 0} {
		sum, err := runner.Run(ctx, cfg, zerolog.Nop())
		if err != nil {
			t.Fatalf("run %d: %v", i+1, err)
		}
		if sum.Loaded != want || sum.Files != 5 || len(sum.Failed) != 0 {
			t.Fatalf("run %d: loaded %d of %d files, failed %v; want %d of the 5 reports, none failed",
				i+1, sum.Loaded, sum.Files, sum.Failed, want)
		}
	}
}

// TestStreamsOrInProcess runs the seeds three ways: chunks and fact
// batches handed over in process (the default), fact batches through the
// facts stream, and both through their streams, as separate workers send
// them. Every table must come out the same, and the chunks stream must
// have carried the chunks only when asked to.
func TestStreamsOrInProcess(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	corpus := filepath.Join(t.TempDir(), "seeds")
	copySeeds(t, corpus)
	var want map[string]string
	for _, tc := range []struct {
		name                string
		chunks, facts       bool
		chunkMsgs, factMsgs bool // the streams carried messages
	}{
		{"in process", false, false, false, false},
		{"facts stream", false, true, false, true},
		{"both streams", true, true, true, true},
	} {
		dir := t.TempDir()
		cfg := runner.Config{Paths: []string{corpus}, DB: filepath.Join(dir, "w.duckdb"), StoreDir: filepath.Join(dir, "nats"),
			ChunksStream: tc.chunks, FactsStream: tc.facts}
		sum, err := runner.Run(ctx, cfg, zerolog.Nop())
		if err != nil || sum.Loaded != 5 || len(sum.Failed) != 0 {
			t.Fatalf("%s: %+v, %v", tc.name, sum, err)
		}
		if sum.LoadBusy <= 0 || sum.LoadBusy > sum.Elapsed {
			t.Errorf("%s: the loader busy %v of a %v run", tc.name, sum.LoadBusy, sum.Elapsed)
		}
		db := openRO(t, dir)
		got, err := warehouse.Checksums(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		if want == nil {
			want = got
		}
		for table, w := range want {
			if got[table] != w {
				t.Errorf("%s: %s is %s, in process %s", tc.name, table, got[table], w)
			}
		}
		chunkMsgs, factMsgs := streamCarried(t, ctx, cfg.StoreDir)
		if chunkMsgs != tc.chunkMsgs || factMsgs != tc.factMsgs {
			t.Errorf("%s: the chunks stream carried messages: %v, the facts stream: %v; want %v, %v",
				tc.name, chunkMsgs, factMsgs, tc.chunkMsgs, tc.factMsgs)
		}
	}
}

// streamCarried reopens a run's store and tells whether the chunks and
// facts streams were ever published to.
func streamCarried(t *testing.T, ctx context.Context, store string) (chunks, facts bool) {
	t.Helper()
	srv, err := bus.StartEmbedded(store)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	b, err := bus.Connect(ctx, bus.Config{URL: srv.URL(), Timeout: 10 * time.Second}, "test", zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	carried := func(name string) bool {
		s, err := b.JS.Stream(ctx, name)
		if err != nil {
			t.Fatalf("stream %s: %v", name, err)
		}
		info, err := s.Info(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return info.State.LastSeq > 0
	}
	return carried(b.Names.ChunksStream()), carried(b.Names.FactsStream())
}
