package cookbook_test

import (
	"bytes"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/factflow/factflow/pipeline/cookbook"
	"github.com/factflow/factflow/pipeline/runner"
	"github.com/factflow/factflow/pipeline/warehouse"
)

var update = flag.Bool("update", false, "rewrite docs/cookbook.md from queries/*.sql and their answers on the seeds")

const (
	queriesDir = "../../queries"
	docPath    = "../../docs/cookbook.md"
	catDoc     = "004_835ade598945407e.txt" // additional information to the Committee against Torture
	cedDoc     = "001_0c5aac0148756a30.txt" // initial report to the Committee on Enforced Disappearances
)

// seedsDB is the seeds' warehouse, built once for every test of the
// package (the pipeline takes seconds) and opened read-only.
var seedsDB *sql.DB

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "cookbook")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cfg := runner.Config{Paths: []string{"../../seeds"}, DB: filepath.Join(dir, "w.duckdb"), StoreDir: filepath.Join(dir, "nats")}
	if _, err := runner.Run(ctx, cfg, zerolog.Nop()); err != nil {
		fmt.Fprintln(os.Stderr, "build the seeds' warehouse:", err)
		return 1
	}
	seedsDB, err = warehouse.OpenReadOnly(cfg.DB)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer seedsDB.Close()
	return m.Run()
}

// check judges one recipe's answer on the seeds. Checks state what the
// question promises (and cross-check it against the tables where they
// can) rather than snapshot the figures, which move as extractors improve.
type check func(t *testing.T, ctx context.Context, a *cookbook.Answer)

var checks = map[string]check{
	"01_metric_series.sql": func(t *testing.T, ctx context.Context, a *cookbook.Answer) {
		var years []int
		for _, r := range rows(t, a, "year") {
			if y := int(num(r["year"])); !slices.Contains(years, y) {
				years = append(years, y)
			}
		}
		want := make([]int, 0, 15)
		for y := 2009; y <= 2023; y++ {
			want = append(want, y)
		}
		if !slices.Equal(years, want) {
			t.Errorf("years %v, want every year 2009-2023 in order", years)
		}
		for y, v := range map[int]float64{2015: 630, 2022: 920} {
			if !hasRow(rows(t, a, "year", "file_name", "value"), func(r row) bool {
				return int(num(r["year"])) == y && r["file_name"] == catDoc && num(r["value"]) == v
			}) {
				t.Errorf("CAT document's torture registrations lack %d → %v", y, v)
			}
		}
	},
	"02_torture_figures.sql": func(t *testing.T, ctx context.Context, a *cookbook.Answer) {
		rs := rows(t, a, "year_start", "file_name", "metric", "metric_label", "value", "quote")
		if len(rs) == 0 {
			t.Fatal("no figure on torture")
		}
		prev := 0
		for _, r := range rs {
			about := strings.ToLower(str(r["metric"]) + " " + str(r["metric_label"]))
			if !strings.Contains(about, "tortur") {
				t.Errorf("row not about torture: %v", r)
			}
			if y := int(num(r["year_start"])); y < prev {
				t.Errorf("not ordered by year: %d after %d", y, prev)
			} else {
				prev = y
			}
		}
		if !hasRow(rs, func(r row) bool {
			return r["file_name"] == catDoc && r["metric"] == "torture_registered" && num(r["year_start"]) == 2015 && num(r["value"]) == 630
		}) {
			t.Error("lacks the CAT document's 630 torture registrations in 2015")
		}
		if docs := distinct(rs, "file_name"); len(docs) < 2 {
			t.Errorf("torture figures from %v only, want at least two documents", docs)
		}
	},
	"03_disagreements.sql": func(t *testing.T, ctx context.Context, a *cookbook.Answer) {
		rs := rows(t, a, "metric", "year_start", "year_end", "unit", "documents", "min_value", "max_value", "values_by_document")
		var got []string
		for _, r := range rs {
			got = append(got, fmt.Sprint(r["metric"], "/", num(r["year_start"]), "-", num(r["year_end"]), "/", r["unit"]))
			if num(r["min_value"]) >= num(r["max_value"]) || num(r["documents"]) < 2 {
				t.Errorf("not a disagreement: %v", r)
			}
			names := 0
			for _, f := range []string{"000_", "001_", "002_", "003_", "004_"} {
				if strings.Contains(str(r["values_by_document"]), f) {
					names++
				}
			}
			if names < 2 {
				t.Errorf("values_by_document names fewer than two documents: %v", r["values_by_document"])
			}
		}
		// The same set, computed from the tables without the views.
		want := strings.Split(scalar[string](t, ctx, `
			SELECT coalesce(string_agg(k, '|' ORDER BY k), '') FROM (
			  SELECT o.metric || '/' || o.year_start || '-' || o.year_end || '/' || o.unit AS k
			  FROM observations o JOIN documents d USING (doc_id) WHERE d.status = 'current'
			  GROUP BY o.metric, o.year_start, o.year_end, o.unit
			  HAVING count(DISTINCT o.doc_id) > 1 AND min(o.value) <> max(o.value))`), "|")
		slices.Sort(got)
		if got == nil {
			got = []string{""}
		}
		if !slices.Equal(got, want) {
			t.Errorf("disagreements %v, the tables say %v", got, want)
		}
	},
	"04_document_coverage.sql": func(t *testing.T, ctx context.Context, a *cookbook.Answer) {
		rs := rows(t, a, "file_name", "period_start", "period_end", "first_year_stated", "last_year_stated", "years_2009_2023")
		if n := scalar[int64](t, ctx, `SELECT count(*) FROM documents WHERE status = 'current'`); int64(len(rs)) != n {
			t.Errorf("%d rows for %d documents", len(rs), n)
		}
		for _, r := range rs {
			switch r["file_name"] {
			case cedDoc:
				if num(r["period_start"]) != 2009 || num(r["period_end"]) != 2013 || !strings.Contains(str(r["years_2009_2023"]), "2009 (") {
					t.Errorf("CED initial report should cover 2009-2013: %v", r)
				}
			case catDoc:
				if num(r["first_year_stated"]) > 2015 || num(r["last_year_stated"]) < 2022 {
					t.Errorf("CAT document should state 2015-2022 at least: %v", r)
				}
			}
		}
	},
	"05_instruments_per_year.sql": func(t *testing.T, ctx context.Context, a *cookbook.Answer) {
		rs := rows(t, a, "year", "instruments", "kinds")
		var sum float64
		prev := 0
		for _, r := range rs {
			y := int(num(r["year"]))
			if y < 2009 || y > 2023 || y <= prev {
				t.Errorf("year %d out of 2009-2023 or out of order", y)
			}
			prev = y
			sum += num(r["instruments"])
		}
		if !hasRow(rs, func(r row) bool { return num(r["year"]) == 2014 && num(r["instruments"]) > 0 }) {
			t.Error("no instruments for 2014")
		}
		if n := scalar[int64](t, ctx, `SELECT count(*) FROM instruments WHERE coalesce(year(issued_on), year) BETWEEN 2009 AND 2023`); float64(n) != sum {
			t.Errorf("%v instruments counted, the table has %d for 2009-2023", sum, n)
		}
	},
	"06_criminal_code_articles.sql": func(t *testing.T, ctx context.Context, a *cookbook.Answer) {
		rs := rows(t, a, "article", "citations", "documents", "cited_in")
		if len(rs) == 0 || len(rs) > 20 {
			t.Fatalf("%d articles, want 1-20", len(rs))
		}
		for i := 1; i < len(rs); i++ {
			if num(rs[i]["citations"]) > num(rs[i-1]["citations"]) {
				t.Errorf("not most cited first: %v after %v", rs[i], rs[i-1])
			}
		}
		top := scalar[int64](t, ctx, `SELECT max(n) FROM (SELECT count(*) AS n FROM legal_references r JOIN documents d USING (doc_id)
			WHERE d.status = 'current' AND r.code = 'Criminal Code' GROUP BY r.article)`)
		if num(rs[0]["citations"]) != float64(top) {
			t.Errorf("top article cited %v times, the table says %d", rs[0]["citations"], top)
		}
		if !hasRow(rs, func(r row) bool { return r["article"] == "146" && strings.Contains(str(r["cited_in"]), catDoc) }) {
			t.Error("article 146 (torture), cited by the CAT document, is not among the most cited")
		}
	},
	"07_dead_letters_last_run.sql": func(t *testing.T, ctx context.Context, a *cookbook.Answer) {
		rows(t, a, "what", "stage", "source", "error", "failed_at")
		if len(a.Rows) != 0 {
			t.Errorf("the seeds load cleanly, yet %d failures: %v", len(a.Rows), a.Rows)
		}
		if n := scalar[int64](t, ctx, `SELECT count(*) FROM runs WHERE status = 'ok' AND documents_failed = 0`); n != 1 {
			t.Errorf("%d clean runs recorded, want 1", n)
		}
	},
	"08_facts_per_document.sql": func(t *testing.T, ctx context.Context, a *cookbook.Answer) {
		rs := rows(t, a, "file_name", "observations", "legal_references", "instrument_mentions")
		if n := scalar[int64](t, ctx, `SELECT count(*) FROM documents WHERE status = 'current'`); int64(len(rs)) != n {
			t.Errorf("%d rows for %d documents", len(rs), n)
		}
		for col, table := range map[string]string{"observations": "observations", "legal_references": "legal_references", "instrument_mentions": "instrument_mentions"} {
			var sum float64
			for _, r := range rs {
				sum += num(r[col])
			}
			if n := scalar[int64](t, ctx, `SELECT count(*) FROM `+table); float64(n) != sum {
				t.Errorf("%s add up to %v, the table has %d", col, sum, n)
			}
		}
		if !hasRow(rs, func(r row) bool { return r["file_name"] == catDoc && num(r["observations"]) > 0 }) {
			t.Error("the CAT document has no observations")
		}
	},
	"09_check_quotes.sql": func(t *testing.T, ctx context.Context, a *cookbook.Answer) {
		rs := rows(t, a, "year_start", "file_name", "value", "quote", "quote_matches_text", "context")
		if len(rs) == 0 {
			t.Fatal("no values")
		}
		for _, r := range rs {
			if r["quote_matches_text"] != true {
				t.Errorf("quote is not the text at its offsets: %v", r)
			}
			if !strings.Contains(str(r["context"]), "["+str(r["quote"])+"]") {
				t.Errorf("context %q does not hold the quote %q", r["context"], r["quote"])
			}
		}
		if !hasRow(rs, func(r row) bool {
			return r["file_name"] == catDoc && num(r["year_start"]) == 2022 && num(r["value"]) == 920 && strings.Contains(str(r["context"]), "2022") && strings.Contains(str(r["context"]), "[920]")
		}) {
			t.Error("lacks the CAT document's 920 registrations in 2022 in context")
		}
	},
}

// TestCookbook runs every queries/*.sql file on the seeds' warehouse and
// judges its answer; a recipe without a check fails.
func TestCookbook(t *testing.T) {
	ctx := context.Background()
	recipes, err := cookbook.Load(os.DirFS(queriesDir))
	if err != nil {
		t.Fatal(err)
	}
	if len(recipes) < 9 {
		t.Fatalf("%d recipes found in %s", len(recipes), queriesDir)
	}
	for _, r := range recipes {
		t.Run(r.Name, func(t *testing.T) {
			c, ok := checks[r.Name]
			if !ok {
				t.Fatalf("no check for %s: add one to checks in cookbook_test.go", r.Name)
			}
			a, err := cookbook.Run(ctx, seedsDB, r)
			if err != nil {
				t.Fatal(err)
			}
			c(t, ctx, a)
		})
	}
	for name := range checks {
		if !slices.ContainsFunc(recipes, func(r cookbook.Recipe) bool { return r.Name == name }) {
			t.Errorf("check for %s, which is not in %s", name, queriesDir)
		}
	}
}

// TestCookbookDoc regenerates docs/cookbook.md with -update, and otherwise
// checks that it publishes every recipe (figures may drift as extractors
// improve; questions and SQL may not).
func TestCookbookDoc(t *testing.T) {
	recipes, err := cookbook.Load(os.DirFS(queriesDir))
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		var b bytes.Buffer
		err := cookbook.WriteMarkdown(context.Background(), &b, seedsDB, recipes, cookbook.MarkdownOptions{Preamble: preamble})
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(docPath, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	doc, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatalf("%v (go test ./pipeline/cookbook -run TestCookbookDoc -update writes it)", err)
	}
	for _, r := range recipes {
		if !bytes.Contains(doc, []byte("## "+r.Question+"\n")) || !bytes.Contains(doc, []byte(r.SQL)) {
			t.Errorf("%s: %s is out of date; regenerate it with go test ./pipeline/cookbook -run TestCookbookDoc -update", r.Name, docPath)
		}
	}
}

const preamble = `
Questions an analyst of these documents asks, each answered by one file in
[` + "`queries/`" + `](../queries/), run with ` + "`factflow query -f queries/FILE.sql`" + `
(add ` + "`--format csv`" + `, ` + "`json`" + ` or ` + "`markdown`" + `, or ` + "`--out FILE.parquet`" + `). The answers below
are the seeds' (` + "`factflow run seeds/`" + `); figures move as the extractors improve.
Tables and views are described in [warehouse.md](warehouse.md).

This file is generated: ` + "`go test ./pipeline/cookbook -run TestCookbookDoc -update`" + `
rewrites it from the query files and their answers. Do not edit it by hand.
`

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name, text, question, notes string
		ok                          bool
	}{
		{"ok", "-- Question: Why?\n--\n-- Because\n-- of this.\nSELECT 1;\n", "Why?", "Because of this.", true},
		{"no question", "-- Just a note\nSELECT 1;\n", "", "", false},
		{"question after SQL", "SELECT 1;\n-- Question: Why?\n", "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := cookbook.Parse(tc.name+".sql", tc.text)
			if (err == nil) != tc.ok {
				t.Fatalf("err = %v, want ok = %v", err, tc.ok)
			}
			if r.Question != tc.question || r.Notes != tc.notes {
				t.Errorf("got %q / %q, want %q / %q", r.Question, r.Notes, tc.question, tc.notes)
			}
		})
	}
}

type row map[string]any

// rows returns the answer's rows by column name, failing if a column the
// check relies on is missing.
func rows(t *testing.T, a *cookbook.Answer, cols ...string) []row {
	t.Helper()
	for _, c := range cols {
		if a.Col(c) < 0 {
			t.Fatalf("no column %q in %v", c, a.Columns)
		}
	}
	out := make([]row, len(a.Rows))
	for i, r := range a.Rows {
		out[i] = row{}
		for j, c := range a.Columns {
			out[i][c] = r[j]
		}
	}
	return out
}

func hasRow(rs []row, f func(row) bool) bool { return slices.ContainsFunc(rs, f) }

func distinct(rs []row, col string) []string {
	var out []string
	for _, r := range rs {
		if s := str(r[col]); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func num(v any) float64 {
	switch x := v.(type) {
	case int8:
		return float64(x)
	case int16:
		return float64(x)
	case int32:
		return float64(x)
	case int64:
		return float64(x)
	case uint32:
		return float64(x)
	case uint64:
		return float64(x)
	case float32:
		return float64(x)
	case float64:
		return x
	}
	return -1e300 // NULL or not a number: equal to nothing a check expects
}

func str(v any) string {
	if v == nil {
		return ""
	}
	return warehouse.Text(v)
}

func scalar[T any](t *testing.T, ctx context.Context, q string) T {
	t.Helper()
	var v T
	if err := seedsDB.QueryRowContext(ctx, q).Scan(&v); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return v
}
