package command

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/factflow/factflow/pipeline/export"
	"github.com/factflow/factflow/pipeline/warehouse"
)

// Query is `factflow query`: SQL on the warehouse, read-only.
type Query struct {
	SQL    string `arg:"" optional:"" help:"The SQL to run; - or nothing reads it from standard input."`
	File   string `short:"f" help:"Read the SQL from this file." type:"existingfile"`
	DB     string `help:"DuckDB warehouse file." env:"FACTFLOW_DB" default:"factflow.duckdb"`
	Format string `help:"Output format." enum:"table,csv,json,markdown" default:"table"`
	Out    string `help:"Write the result to this Parquet file instead (FILE.parquet); --format is then ignored." type:"path"`
}

// Run runs it.
func (q *Query) Run(g *Globals) error {
	text, err := q.text(os.Stdin)
	if err != nil {
		return err
	}
	if _, err := os.Stat(q.DB); err != nil {
		return fmt.Errorf("warehouse %s: %w (run `factflow run` first)", q.DB, err)
	}
	db, err := warehouse.OpenReadOnly(q.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, stop := SignalContext()
	defer stop()
	if q.Out != "" {
		if err := export.QueryToParquet(ctx, db, text, q.Out); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "wrote %s\n", q.Out)
		return nil
	}
	return RunQuery(ctx, db, text, q.Format, os.Stdout)
}

func (q *Query) text(stdin io.Reader) (string, error) {
	switch {
	case q.File != "":
		b, err := os.ReadFile(q.File)
		return string(b), err
	case q.SQL == "" || q.SQL == "-":
		b, err := io.ReadAll(stdin)
		if err != nil {
			return "", err
		}
		if strings.TrimSpace(string(b)) == "" {
			return "", errors.New("no SQL given (argument, -f FILE or standard input)")
		}
		return string(b), nil
	}
	return q.SQL, nil
}

// RunQuery runs text on db and writes the result to w in format (table,
// csv, json: one object per row, or markdown).
func RunQuery(ctx context.Context, db *sql.DB, text, format string, w io.Writer) error {
	rows, err := db.QueryContext(ctx, text)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		out = append(out, vals)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("query: %w", err)
	}
	switch format {
	case "csv":
		cw := csv.NewWriter(w)
		_ = cw.Write(cols)
		for _, r := range out {
			rec := make([]string, len(r))
			for i, v := range r {
				rec[i] = warehouse.Text(v)
			}
			_ = cw.Write(rec)
		}
		cw.Flush()
		return cw.Error()
	case "json":
		enc := json.NewEncoder(w)
		for _, r := range out {
			obj := make(map[string]any, len(cols))
			for i, c := range cols {
				obj[c] = jsonValue(r[i])
			}
			if err := enc.Encode(obj); err != nil {
				return err
			}
		}
		return nil
	case "markdown":
		fmt.Fprintf(w, "| %s |\n|", strings.Join(cols, " | "))
		for range cols {
			fmt.Fprint(w, " --- |")
		}
		fmt.Fprintln(w)
		for _, r := range out {
			cells := make([]string, len(r))
			for i, v := range r {
				cells[i] = strings.ReplaceAll(oneLine(warehouse.Text(v)), "|", `\|`)
			}
			fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
		}
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(cols, "\t"))
	for _, r := range out {
		cells := make([]string, len(r))
		for i, v := range r {
			cells[i] = oneLine(warehouse.Text(v))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "(%d rows)\n", len(out))
	return nil
}

func jsonValue(v any) any {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case time.Time:
		return warehouse.Text(x)
	}
	return v
}

// oneLine keeps a table row on one line.
func oneLine(s string) string {
	s = strings.NewReplacer("\r\n", "⏎", "\n", "⏎", "\t", " ").Replace(s)
	if len([]rune(s)) > 80 {
		s = string([]rune(s)[:79]) + "…"
	}
	return s
}
