// Package export writes the warehouse out as Parquet files, the format
// Spark, Trino, pandas and most other engines read directly, so that
// analysts who do not use DuckDB get the same tables. DuckDB writes the
// files itself (COPY … TO … (FORMAT parquet)), which works on a warehouse
// opened read-only: export never changes the warehouse.
package export

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Table is one table written by Parquet.
type Table struct {
	Name        string // table name in the warehouse
	PartitionBy string // column the files are partitioned by (hive layout: DIR/NAME/COL=VALUE/*.parquet), or ""
}

// Tables returns the analysts' tables, in the order they are written.
// Observations, the largest and the one read by year, are partitioned by
// year_start. Staging tables are not exported: they are the loader's.
func Tables() []Table {
	return []Table{
		{Name: "documents"},
		{Name: "chunks"},
		{Name: "observations", PartitionBy: "year_start"},
		{Name: "legal_references"},
		{Name: "instrument_mentions"},
		{Name: "instruments"},
		{Name: "runs"},
		{Name: "dead_letters"},
	}
}

// Written is what was written for one table.
type Written struct {
	Table Table
	Path  string // a file, or a directory when partitioned
	Rows  int64
}

// Glob is the pattern that reads the table back, e.g. with DuckDB's
// read_parquet(glob, hive_partitioning = true).
func (w Written) Glob() string {
	if w.Table.PartitionBy != "" {
		return filepath.Join(w.Path, "**", "*.parquet")
	}
	return w.Path
}

// Parquet writes every table of Tables() from db into dir (created if
// needed): NAME.parquet, or NAME/COL=VALUE/*.parquet when partitioned.
// Files of an earlier export are replaced. db may be opened read-only.
func Parquet(ctx context.Context, db *sql.DB, dir string) ([]Written, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	var out []Written
	for _, t := range Tables() {
		w, err := writeTable(ctx, db, dir, t)
		if err != nil {
			return out, err
		}
		out = append(out, w)
	}
	return out, nil
}

func writeTable(ctx context.Context, db *sql.DB, dir string, t Table) (Written, error) {
	w := Written{Table: t}
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+quoteIdent(t.Name)).Scan(&w.Rows); err != nil {
		return w, fmt.Errorf("export %s: %w", t.Name, err)
	}
	query := "SELECT * FROM " + quoteIdent(t.Name)
	if t.PartitionBy == "" {
		w.Path = filepath.Join(dir, t.Name+".parquet")
		return w, QueryToParquet(ctx, db, query, w.Path)
	}
	w.Path = filepath.Join(dir, t.Name)
	if err := os.RemoveAll(w.Path); err != nil {
		return w, fmt.Errorf("export %s: %w", t.Name, err)
	}
	if w.Rows == 0 {
		// A partitioned COPY of nothing writes no file, and readers
		// fail on an empty glob: write one empty file with the schema.
		if err := os.MkdirAll(w.Path, 0o755); err != nil {
			return w, fmt.Errorf("export %s: %w", t.Name, err)
		}
		return w, QueryToParquet(ctx, db, query, filepath.Join(w.Path, "empty.parquet"))
	}
	copySQL := fmt.Sprintf("COPY (%s) TO %s (FORMAT parquet, PARTITION_BY (%s))",
		query, quoteString(w.Path), quoteIdent(t.PartitionBy))
	if _, err := db.ExecContext(ctx, copySQL); err != nil {
		return w, fmt.Errorf("export %s: %w", t.Name, err)
	}
	return w, nil
}

// QueryToParquet runs query (one SELECT-like statement; a trailing
// semicolon is allowed) on db and writes its result to the Parquet file
// at path, replacing it. db may be opened read-only.
func QueryToParquet(ctx context.Context, db *sql.DB, query, path string) error {
	q := strings.TrimSpace(query)
	for strings.HasSuffix(q, ";") {
		q = strings.TrimSpace(strings.TrimSuffix(q, ";"))
	}
	if q == "" {
		return errors.New("parquet: no query")
	}
	// The query goes on its own lines so that a trailing "-- comment"
	// cannot swallow the closing parenthesis.
	copySQL := fmt.Sprintf("COPY (\n%s\n) TO %s (FORMAT parquet)", q, quoteString(path))
	if _, err := db.ExecContext(ctx, copySQL); err != nil {
		return fmt.Errorf("parquet %s: %w", path, err)
	}
	return nil
}

func quoteIdent(s string) string  { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
func quoteString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
