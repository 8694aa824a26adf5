package warehouse_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/factflow/factflow/pipeline/warehouse"
	"github.com/factflow/factflow/schemas"
)

// TestMovesDocumentsTable opens a warehouse laid out as schema 1.1 had it, whose
// documents table holds every text whole, and checks that the text moved
// to the chunks without a character lost, that documents (now a view)
// reads as before, and that opening it again changes nothing.
func TestMovesDocumentsTable(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	// Non-ASCII on both sides of the chunk boundary: offsets are code
	// points, not bytes.
	text := "В 2015 году — 12 случаев.\nIn 2016, 14 cases (ст. 5)."
	cut := len([]rune("В 2015 году — 12 случаев.\n"))
	all := len([]rune(text))
	// Schema 1.1's layout, made from today's: documents a table with the
	// text in its place among the columns, chunks without text.
	for _, q := range []string{schemas.Warehouse,
		`CREATE TABLE documents AS SELECT doc_id, file_name, source_uri, title, doc_type, issuer, doc_year,
		   period_start, period_end, encoding, ''::VARCHAR AS text, bytes, chars, chunks, run_id, ingested_at,
		   loaded_at, status, modified_at FROM document_meta LIMIT 0`,
		`DROP TABLE document_meta`,
		`ALTER TABLE chunks DROP COLUMN text`,
		`INSERT INTO documents (doc_id, file_name, source_uri, title, text, chars, chunks, status)
		 VALUES ('d1', 'a.txt', '/c/a.txt', 'A', ?, ?, 2, 'current')`,
		`INSERT INTO chunks VALUES ('d1-0', 'd1', 0, NULL, 0, ?), ('d1-1', 'd1', 1, NULL, ?, ?)`,
		`INSERT INTO observations (obs_id, doc_id, chunk_id, metric, year_start, year_end, value, unit, quote,
		   char_start, char_end, extractor) VALUES ('o1', 'd1', 'd1-1', 'x', 2016, 2016, 14, 'count', '14', ?, ?, 't')`,
	} {
		var args []any
		switch {
		case strings.HasPrefix(q, "INSERT INTO documents"):
			args = []any{text, all}
		case strings.HasPrefix(q, "INSERT INTO chunks"):
			args = []any{cut, cut, all}
		case strings.HasPrefix(q, "INSERT INTO observations"):
			at := len([]rune("В 2015 году — 12 случаев.\nIn 2016, "))
			args = []any{at, at + 2}
		}
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%.40s: %v", q, err)
		}
	}
	db.Close()

	for round := range 2 {
		w, err := warehouse.Open(ctx, path, warehouse.Options{})
		if err != nil {
			t.Fatalf("open %d: %v", round, err)
		}
		var kind, got, first, second string
		var quoted bool
		var docs int
		err = w.Do(ctx, func(s *warehouse.Session) error {
			c := s.Conn()
			if err := c.QueryRowContext(ctx, `SELECT table_type FROM information_schema.tables
				WHERE table_schema = 'main' AND table_name = 'documents'`).Scan(&kind); err != nil {
				return err
			}
			if err := c.QueryRowContext(ctx, `SELECT text, count(*) OVER () FROM documents`).Scan(&got, &docs); err != nil {
				return err
			}
			if err := c.QueryRowContext(ctx, `SELECT
				(SELECT text FROM chunks WHERE seq = 0), (SELECT text FROM chunks WHERE seq = 1),
				(SELECT substring(d.text, o.char_start + 1, o.char_end - o.char_start) = o.quote
				 FROM observations o JOIN documents d USING (doc_id))`).Scan(&first, &second, &quoted); err != nil {
				return err
			}
			return nil
		})
		w.Close()
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if kind != "VIEW" {
			t.Errorf("round %d: documents is a %s, want a VIEW", round, kind)
		}
		if got != text || docs != 1 {
			t.Errorf("round %d: documents.text = %q (%d rows), want %q (1 row)", round, got, docs, text)
		}
		if first+second != text || first != string([]rune(text)[:cut]) {
			t.Errorf("round %d: chunk texts %q + %q do not tile the text at %d", round, first, second, cut)
		}
		if !quoted {
			t.Errorf("round %d: the observation's quote is not the text at its offsets", round)
		}
	}
}

// TestDropsInstrumentsTable opens a warehouse laid out as schema 1.2 had
// it, with a table instruments (here holding a row that disagrees with
// the mentions), and checks that instruments becomes the view, computed
// from the mentions, and stays so when opened again.
func TestDropsInstrumentsTable(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{schemas.Warehouse,
		`CREATE TABLE instruments (instrument_id VARCHAR PRIMARY KEY, doc_id VARCHAR NOT NULL, kind VARCHAR NOT NULL,
		   title VARCHAR, number VARCHAR, issued_on DATE, year INTEGER, issuer VARCHAR, char_start BIGINT NOT NULL,
		   char_end BIGINT NOT NULL, quote VARCHAR NOT NULL, mentions INTEGER NOT NULL)`,
		`INSERT INTO instruments VALUES ('law-1', 'old', 'law', NULL, '1', NULL, 2010, NULL, 0, 5, 'Law 1', 7)`,
		`INSERT INTO document_meta (doc_id, file_name, source_uri, doc_year, status) VALUES
		   ('d1', 'a.txt', '/c/a.txt', 2015, 'current'), ('d2', 'b.txt', '/c/b.txt', 2012, 'current')`,
		`INSERT INTO instrument_mentions (mention_id, instrument_id, doc_id, chunk_id, kind, number, year, quote,
		   char_start, char_end, extractor) VALUES
		   ('m1', 'law-1', 'd1', 'd1-0', 'law', '1', 2010, 'Law No. 1', 3, 12, 't'),
		   ('m2', 'law-1', 'd2', 'd2-0', 'law', '1', 2010, 'Law 1', 40, 45, 't')`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%.40s: %v", q, err)
		}
	}
	db.Close()

	for round := range 2 {
		w, err := warehouse.Open(ctx, path, warehouse.Options{})
		if err != nil {
			t.Fatalf("open %d: %v", round, err)
		}
		var kind, doc, quote string
		var mentions, rows int
		err = w.Do(ctx, func(s *warehouse.Session) error {
			c := s.Conn()
			if err := c.QueryRowContext(ctx, `SELECT table_type FROM information_schema.tables
				WHERE table_schema = 'main' AND table_name = 'instruments'`).Scan(&kind); err != nil {
				return err
			}
			return c.QueryRowContext(ctx, `SELECT doc_id, quote, mentions, count(*) OVER () FROM instruments`).
				Scan(&doc, &quote, &mentions, &rows)
		})
		w.Close()
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if kind != "VIEW" {
			t.Errorf("round %d: instruments is a %s, want a VIEW", round, kind)
		}
		// The earlier document (2012) has the first mention.
		if doc != "d2" || quote != "Law 1" || mentions != 2 || rows != 1 {
			t.Errorf("round %d: instruments = %s %q ×%d (%d rows), want d2 \"Law 1\" ×2 (1 row)", round, doc, quote, mentions, rows)
		}
	}
}
