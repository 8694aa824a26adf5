package command

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/factflow/factflow/pipeline/warehouse"
)

func TestQueryCannotChangeTheWarehouse(t *testing.T) {
	ctx := context.Background()
	db := emptyWarehouse(t)
	for _, stmt := range []string{
		"DROP TABLE documents",
		"DELETE FROM observations",
		"INSERT INTO runs (run_id, started_at, status) VALUES ('x', now(), 'ok')",
		"CREATE TABLE evil AS SELECT 1",
	} {
		err := RunQuery(ctx, db, stmt, "table", &bytes.Buffer{})
		if err == nil || !strings.Contains(strings.ToLower(err.Error()), "read-only") {
			t.Errorf("%s: err = %v, want a read-only refusal", stmt, err)
		}
	}
	var out bytes.Buffer
	if err := RunQuery(ctx, db, "SELECT count(*) AS n FROM documents", "csv", &out); err != nil || out.String() != "n\n0\n" {
		t.Fatalf("a read still works: %q, %v", out.String(), err)
	}
}

func TestQueryFormats(t *testing.T) {
	ctx := context.Background()
	db := emptyWarehouse(t)
	const q = "SELECT 1 AS a, 'x|y' AS b, NULL AS c, 33545000.0::DOUBLE AS d"
	tests := []struct{ format, want string }{
		{"csv", "a,b,c,d\n1,x|y,NULL,33545000\n"},
		{"json", `{"a":1,"b":"x|y","c":null,"d":33545000}` + "\n"},
		{"markdown", "| a | b | c | d |\n| --- | --- | --- | --- |\n| 1 | x\\|y | NULL | 33545000 |\n"},
		{"table", "a  b    c     d\n1  x|y  NULL  33545000\n(1 rows)\n"},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		if err := RunQuery(ctx, db, q, tt.format, &out); err != nil {
			t.Fatal(err)
		}
		if out.String() != tt.want {
			t.Errorf("%s:\n%q\nwant\n%q", tt.format, out.String(), tt.want)
		}
	}
}

// emptyWarehouse creates a warehouse with the schema and no rows and opens
// it read-only, as factflow query does.
func emptyWarehouse(t *testing.T) *sql.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	w, err := warehouse.Open(context.Background(), path, warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	db, err := warehouse.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
