package export_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
	"github.com/rs/zerolog"

	"github.com/factflow/factflow/pipeline/export"
	"github.com/factflow/factflow/pipeline/runner"
	"github.com/factflow/factflow/pipeline/warehouse"
)

// seeds builds the seeds' warehouse and opens it read-only, as `factflow
// export` does.
func seeds(t *testing.T, ctx context.Context) *sql.DB {
	t.Helper()
	dir := t.TempDir()
	cfg := runner.Config{Paths: []string{"../../seeds"}, DB: filepath.Join(dir, "w.duckdb"), StoreDir: filepath.Join(dir, "nats")}
	if _, err := runner.Run(ctx, cfg, zerolog.Nop()); err != nil {
		t.Fatalf("build the seeds' warehouse: %v", err)
	}
	db, err := warehouse.OpenReadOnly(cfg.DB)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// reader is a separate in-memory DuckDB, so that the files are read back
// by a client that knows nothing of the warehouse.
func reader(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestParquetSeeds(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	db := seeds(t, ctx)
	rd := reader(t)
	// A quote in the path must not break the COPY statement.
	dir := filepath.Join(t.TempDir(), "it's here")

	// Twice: the second export replaces the first.
	for range 2 {
		written, err := export.Parquet(ctx, db, dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(written) != len(export.Tables()) {
			t.Fatalf("%d tables written, want %d", len(written), len(export.Tables()))
		}
		for _, w := range written {
			t.Run(w.Table.Name, func(t *testing.T) {
				var inTable, inFile int64
				if err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+w.Table.Name).Scan(&inTable); err != nil {
					t.Fatal(err)
				}
				q := "SELECT count(*) FROM read_parquet(?, hive_partitioning = true)"
				if err := rd.QueryRowContext(ctx, q, w.Glob()).Scan(&inFile); err != nil {
					t.Fatal(err)
				}
				if inFile != inTable || w.Rows != inTable {
					t.Errorf("%s: %d rows in the files, %d reported, %d in the table", w.Table.Name, inFile, w.Rows, inTable)
				}
			})
		}
	}

	t.Run("observations partitioned by year", func(t *testing.T) {
		if _, err := os.Stat(filepath.Join(dir, "observations", "year_start=2015")); err != nil {
			t.Fatalf("no 2015 partition: %v", err)
		}
		// The partition column comes back from the directory names, and
		// the values with it.
		var n int64
		var sum float64
		q := `SELECT count(*), sum(value) FROM read_parquet(?, hive_partitioning = true)
		      WHERE year_start = 2022 AND metric = 'torture_registered'`
		if err := rd.QueryRowContext(ctx, q, filepath.Join(dir, "observations", "**", "*.parquet")).Scan(&n, &sum); err != nil {
			t.Fatal(err)
		}
		var want float64
		if err := db.QueryRowContext(ctx, `SELECT sum(value) FROM observations WHERE year_start = 2022 AND metric = 'torture_registered'`).Scan(&want); err != nil {
			t.Fatal(err)
		}
		if n == 0 || sum != want {
			t.Errorf("2022 torture registrations: %d rows summing to %v in the files, %v in the table", n, sum, want)
		}
	})
}

func TestQueryToParquet(t *testing.T) {
	ctx := context.Background()
	db := reader(t)
	for _, tc := range []struct {
		name, query string
		rows        int64
		ok          bool
	}{
		{"plain", "SELECT * FROM range(10)", 10, true},
		{"trailing semicolons", "SELECT * FROM range(3);; \n", 3, true},
		{"trailing comment", "SELECT * FROM range(4) -- four rows", 4, true},
		{"empty", " ; ", 0, false},
		{"not a query", "SELEKT 1", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "out.parquet")
			err := export.QueryToParquet(ctx, db, tc.query, path)
			if (err == nil) != tc.ok {
				t.Fatalf("err = %v, want ok = %v", err, tc.ok)
			}
			if !tc.ok {
				return
			}
			var n int64
			if err := db.QueryRowContext(ctx, "SELECT count(*) FROM read_parquet(?)", path).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != tc.rows {
				t.Errorf("%d rows, want %d", n, tc.rows)
			}
		})
	}
	if err := export.QueryToParquet(ctx, db, "SELECT 1", filepath.Join(t.TempDir(), "no", "such", "dir.parquet")); err == nil || !strings.Contains(err.Error(), "parquet") {
		t.Errorf("writing into a missing directory: err = %v", err)
	}
}
