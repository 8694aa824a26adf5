// Package cookbook reads the SQL cookbook (queries/*.sql: one analyst's
// question per file, stated in its header comment), runs its recipes on a
// warehouse and renders them, with their answers, as Markdown, so that the
// published cookbook is generated from the files and the data rather than
// copied by hand and left to drift.
package cookbook

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/factflow/factflow/pipeline/warehouse"
)

// Recipe is one cookbook file.
type Recipe struct {
	Name     string // file name, e.g. 01_metric_series.sql
	Question string // from the "-- Question:" header line
	Notes    string // the rest of the header comment, as prose
	SQL      string // the whole file, header included, as an analyst runs it
}

// Load reads every *.sql file at the root of fsys, in name order. A file
// without a "-- Question:" line in its header comment is an error: a
// recipe that does not say what it answers cannot be checked or published.
func Load(fsys fs.FS) ([]Recipe, error) {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, fmt.Errorf("cookbook: %w", err)
	}
	sort.Strings(names)
	out := make([]Recipe, 0, len(names))
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("cookbook: %w", err)
		}
		r, err := Parse(path.Base(name), string(b))
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// Parse reads one recipe from its text: the leading "--" comment lines are
// its header, the first of them starting "Question:" its question, and the
// other non-empty ones its notes.
func Parse(name, text string) (Recipe, error) {
	r := Recipe{Name: name, SQL: strings.TrimSpace(text) + "\n"}
	var notes []string
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "--") {
			break
		}
		body := strings.TrimSpace(strings.TrimPrefix(line, "--"))
		if q, ok := strings.CutPrefix(body, "Question:"); ok && r.Question == "" {
			r.Question = strings.TrimSpace(q)
			continue
		}
		notes = append(notes, body)
	}
	if r.Question == "" {
		return Recipe{}, fmt.Errorf("cookbook: %s: no \"-- Question:\" line in its header comment", name)
	}
	r.Notes = strings.TrimSpace(strings.Join(strings.Fields(strings.Join(notes, " ")), " "))
	return r, nil
}

// Answer is a recipe's result: its column names and rows, each value as
// database/sql scanned it into an any.
type Answer struct {
	Columns []string
	Rows    [][]any
}

// Col returns the index of the named column, or -1.
func (a *Answer) Col(name string) int {
	for i, c := range a.Columns {
		if c == name {
			return i
		}
	}
	return -1
}

// Run runs the recipe on db.
func Run(ctx context.Context, db *sql.DB, r Recipe) (*Answer, error) {
	rows, err := db.QueryContext(ctx, r.SQL)
	if err != nil {
		return nil, fmt.Errorf("cookbook %s: %w", r.Name, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, fmt.Errorf("cookbook %s: %w", r.Name, err)
	}
	a := &Answer{Columns: cols}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("cookbook %s: %w", r.Name, err)
		}
		a.Rows = append(a.Rows, vals)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cookbook %s: %w", r.Name, err)
	}
	return a, nil
}

// MarkdownOptions shape the rendered cookbook.
type MarkdownOptions struct {
	MaxRows  int // rows shown per answer; the rest are counted (0: 25)
	MaxCell  int // characters shown per cell (0: 80)
	Preamble string
}

// WriteMarkdown runs every recipe on db and writes the cookbook: per
// recipe its question, notes, SQL and answer.
func WriteMarkdown(ctx context.Context, w io.Writer, db *sql.DB, recipes []Recipe, opt MarkdownOptions) error {
	if opt.MaxRows <= 0 {
		opt.MaxRows = 25
	}
	if opt.MaxCell <= 0 {
		opt.MaxCell = 80
	}
	var b strings.Builder
	b.WriteString("# SQL cookbook\n\n")
	if opt.Preamble != "" {
		b.WriteString(strings.TrimSpace(opt.Preamble) + "\n\n")
	}
	for _, r := range recipes {
		fmt.Fprintf(&b, "* [%s](#%s)\n", r.Question, anchor(r.Name))
	}
	for _, r := range recipes {
		a, err := Run(ctx, db, r)
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "\n<a id=\"%s\"></a>\n\n## %s\n\n", anchor(r.Name), r.Question)
		if r.Notes != "" {
			b.WriteString(r.Notes + "\n\n")
		}
		fmt.Fprintf(&b, "[`queries/%s`](../queries/%s) · `factflow query -f queries/%s`\n\n", r.Name, r.Name, r.Name)
		b.WriteString("```sql\n" + r.SQL + "```\n\n")
		fmt.Fprintf(&b, "Answer on the seeds (%d rows):\n\n", len(a.Rows))
		writeTable(&b, a, opt)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func anchor(name string) string {
	return "q-" + strings.TrimSuffix(name, ".sql")
}

func writeTable(b *strings.Builder, a *Answer, opt MarkdownOptions) {
	b.WriteString("| " + strings.Join(a.Columns, " | ") + " |\n|")
	for range a.Columns {
		b.WriteString(" --- |")
	}
	b.WriteString("\n")
	for i, row := range a.Rows {
		if i == opt.MaxRows {
			fmt.Fprintf(b, "\n… and %d more rows.\n", len(a.Rows)-opt.MaxRows)
			return
		}
		cells := make([]string, len(row))
		for j, v := range row {
			cells[j] = mdCell(warehouse.Text(v), opt.MaxCell)
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
}

func mdCell(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > max {
		s = string(r[:max-1]) + "…"
	}
	return strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;").Replace(s)
}
