package report_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
	"github.com/rs/zerolog"

	"github.com/factflow/factflow/assets"
	"github.com/factflow/factflow/pipeline/report"
	"github.com/factflow/factflow/pipeline/runner"
	"github.com/factflow/factflow/pipeline/warehouse"
	"github.com/factflow/factflow/schemas"
)

// seedsDB is the seeds' warehouse, built once for the package (the
// pipeline takes seconds) and opened read-only, as `factflow report` does.
var seedsDB *sql.DB

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "report")
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

// remote matches any element that would load something over the network.
var remote = regexp.MustCompile(`(?i)<(script|link|img|iframe|source|embed|object)\b[^>]*\b(src|href|data)\s*=\s*["']?\s*(https?:)?//`)

func writeSeeds(t *testing.T, opt report.Options) (string, report.Summary) {
	t.Helper()
	var b bytes.Buffer
	sum, err := report.Write(context.Background(), seedsDB, &b, opt)
	if err != nil {
		t.Fatal(err)
	}
	return b.String(), sum
}

func TestWriteSeeds(t *testing.T) {
	ctx := context.Background()
	page, sum := writeSeeds(t, report.DefaultOptions())

	var facts int
	var chartable int
	if err := seedsDB.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM observations) + (SELECT count(*) FROM legal_references) + (SELECT count(*) FROM instrument_mentions),
		(SELECT count(*) FROM (SELECT metric, unit FROM current_observations
		  WHERE year_start = year_end AND year_start BETWEEN 2009 AND 2023
		  GROUP BY metric, unit HAVING count(DISTINCT year_start) >= 2))`).Scan(&facts, &chartable); err != nil {
		t.Fatal(err)
	}
	if sum.Documents != 5 || sum.Facts != facts || sum.Chartable != chartable || sum.Charts != min(chartable, 40) {
		t.Errorf("summary %+v; want 5 documents, %d facts, %d chartable series, min(that, 40) charts", sum, facts, chartable)
	}
	if n := strings.Count(page, `<div class="chart" id="chart-`); n != sum.Charts {
		t.Errorf("%d chart elements, want %d", n, sum.Charts)
	}
	if chartable > 40 && !strings.Contains(page, fmt.Sprintf("Showing the 40 longest of %d series", chartable)) {
		t.Error("the page does not say that charts were capped")
	}
	if !strings.Contains(page, "(torture_registered, cases;") {
		t.Error("no chart of torture registrations")
	}

	t.Run("self-contained", func(t *testing.T) {
		if m := remote.FindString(page); m != "" {
			t.Errorf("the page loads from the network: %s", m)
		}
		if !strings.Contains(page, assets.EChartsJS[:200]) {
			t.Error("ECharts is not inlined")
		}
	})

	t.Run("every fact has an anchor and a link", func(t *testing.T) {
		rows, err := seedsDB.QueryContext(ctx, `SELECT obs_id FROM observations UNION ALL SELECT ref_id FROM legal_references
			UNION ALL SELECT mention_id FROM instrument_mentions`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		anchors, links := map[string]int{}, map[string]bool{}
		for rest := page; ; {
			i := strings.Index(rest, `f-`)
			if i < 0 {
				break
			}
			before, after := rest[:i], rest[i+2:]
			id, _, _ := strings.Cut(after, `"`)
			switch {
			case strings.HasSuffix(before, ` id="`):
				anchors[id]++
			case strings.HasSuffix(before, ` href="#`):
				links[id] = true
			}
			rest = after
		}
		n := 0
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			n++
			if c := anchors[id]; c != 1 {
				t.Errorf("fact %s: %d anchors", id, c)
			}
			if !links[id] {
				t.Errorf("fact %s: no link", id)
			}
		}
		if err := rows.Err(); err != nil || n != facts {
			t.Fatalf("%d facts read: %v", n, err)
		}
	})

	t.Run("value highlighted in its sentence", func(t *testing.T) {
		if !regexp.MustCompile(`2022 [-–] <mark>920</mark>`).MatchString(page) {
			t.Error("the CAT document's 2022 torture registrations (920) are not highlighted in their sentence")
		}
	})

	t.Run("cap", func(t *testing.T) {
		page, sum := writeSeeds(t, report.Options{FromYear: 2009, ToYear: 2023, MaxCharts: 3})
		if sum.Charts != 3 || strings.Count(page, `<div class="chart" id="chart-`) != 3 {
			t.Errorf("%d charts, want 3", sum.Charts)
		}
		if !strings.Contains(page, fmt.Sprintf("Showing the 3 longest of %d series", chartable)) {
			t.Error("the page does not say that charts were capped")
		}
	})
}

// TestEscaping feeds hostile text through every place the page shows it.
func TestEscaping(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const evil = `</script><script>alert("x")</script><img src=x onerror=alert(1)>`
	text := "In 2020 there were 5 " + evil + " cases. In 2021 there were 7."
	for _, q := range []string{schemas.Warehouse, warehouse.Views,
		`INSERT INTO document_meta (doc_id, file_name, source_uri, title, status) VALUES ('d1', ?, '/x', ?, 'current')`,
		`INSERT INTO chunks (chunk_id, doc_id, seq, char_start, char_end, text) VALUES ('c1', 'd1', 0, 0, ?, ?)`,
		`INSERT INTO observations (obs_id, doc_id, chunk_id, paragraph, metric, metric_label, year_start, year_end, period,
		   value, unit, qualifier, quote, char_start, char_end, extractor) VALUES
		   ('o1', 'd1', 'c1', 1, 'x_evil', ?, 2020, 2020, NULL, 5, ?, NULL, '5', 19, 20, 't'),
		   ('o2', 'd1', 'c1', 1, 'x_evil', ?, 2021, 2021, NULL, 7, ?, NULL, '7', ?, ?, 't')`,
	} {
		var args []any
		switch {
		case strings.HasPrefix(q, "INSERT INTO document_meta"):
			args = []any{evil + ".txt", evil}
		case strings.HasPrefix(q, "INSERT INTO chunks"):
			args = []any{len([]rune(text)), text}
		case strings.HasPrefix(q, "INSERT INTO observations"):
			i := len([]rune(text)) - 2
			args = []any{evil, evil, evil, evil, i, i + 1}
		}
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	var b bytes.Buffer
	sum, err := report.Write(ctx, db, &b, report.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if sum.Charts != 1 || sum.Facts != 2 {
		t.Fatalf("summary %+v, want 1 chart and 2 facts", sum)
	}
	for _, bad := range []string{`<script>alert`, `<img src=x`, `</script><img`} {
		if strings.Contains(page, bad) {
			t.Errorf("unescaped %q in the page", bad)
		}
	}
	if !strings.Contains(page, "&lt;img src=x onerror=alert(1)&gt;") {
		t.Error("the hostile text is missing, escaped, from the page")
	}
	if n := strings.Count(page, "<script"); n != 2 {
		t.Errorf("%d script elements, want 2 (ECharts and the page's own)", n)
	}
}

// chromium returns the headless browser to render the page with.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{os.Getenv("FACTFLOW_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium not found: CI must install it (apt-get install -y chromium) to check the report renders")
	}
	t.Skip("chromium not found (apt-get install -y chromium, or FACTFLOW_CHROMIUM=path); skipping the rendering check")
	return ""
}

// TestRenderInChromium opens the report in headless Chromium, with the
// network disabled, and checks that ECharts drew every chart and that a
// screenshot shows a page.
func TestRenderInChromium(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	page, sum := writeSeeds(t, report.DefaultOptions())
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) []byte {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
			"--disable-background-networking", "--disable-component-update", "--disable-sync",
			"--user-data-dir=" + filepath.Join(dir, "profile"), "--virtual-time-budget=5000"}
		cmd := exec.CommandContext(ctx, bin, append(append(base, args...), "file://"+file)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: %v\n%s", bin, err, stderr.String())
		}
		return out
	}

	t.Run("charts drawn", func(t *testing.T) {
		dom := string(run("--dump-dom"))
		parts := strings.Split(dom, `id="chart-`)[1:]
		drawn := 0
		for _, p := range parts {
			if end := strings.Index(p, "</figure>"); end >= 0 && strings.Contains(p[:end], "<canvas") {
				drawn++
			}
		}
		if len(parts) != sum.Charts || drawn != sum.Charts || strings.Count(dom, "<canvas") < sum.Charts {
			t.Errorf("%d of %d chart elements hold a canvas, want all %d", drawn, len(parts), sum.Charts)
		}
	})

	t.Run("screenshot", func(t *testing.T) {
		png := filepath.Join(dir, "report.png")
		run("--screenshot="+png, "--window-size=1280,2000")
		b, err := os.ReadFile(png)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) || len(b) < 10<<10 {
			t.Errorf("screenshot: %d bytes, header %q; want a PNG over 10 KB", len(b), b[:min(8, len(b))])
		}
	})
}
