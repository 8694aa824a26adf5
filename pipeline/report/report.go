// Package report writes the warehouse as one self-contained HTML page for
// readers who do not write SQL: a chart per metric series across the
// years, a table per document of its facts, each fact's sentence with the
// value highlighted, and a link to its place in the document's text,
// which the page carries. The page loads nothing from the network (the
// charting library, Apache ECharts, is inlined), so it can be mailed,
// archived and opened offline.
package report

import (
	"context"
	"database/sql"
	"fmt"
	"html"
	"html/template"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/factflow/factflow/assets"
)

// Options shape the report.
type Options struct {
	FromYear, ToYear int // years charted, inclusive
	MaxCharts        int // charts drawn at most, longest series first
	Title            string
}

// DefaultOptions are 2009–2023 and at most 40 charts: more would make the
// page slow to open and no easier to read.
func DefaultOptions() Options {
	return Options{FromYear: 2009, ToYear: 2023, MaxCharts: 40, Title: "factflow report"}
}

// Summary says what a report holds.
type Summary struct {
	Charts    int // charts drawn
	Chartable int // series with at least two years, of which Charts are drawn
	Documents int
	Facts     int
}

// Write writes the report of the warehouse db to w. db may be read-only.
func Write(ctx context.Context, db *sql.DB, w io.Writer, opt Options) (Summary, error) {
	if opt.MaxCharts <= 0 || opt.FromYear == 0 || opt.ToYear == 0 {
		def := DefaultOptions()
		opt.MaxCharts = cmpOr(opt.MaxCharts, def.MaxCharts)
		opt.FromYear = cmpOr(opt.FromYear, def.FromYear)
		opt.ToYear = cmpOr(opt.ToYear, def.ToYear)
	}
	if opt.Title == "" {
		opt.Title = DefaultOptions().Title
	}
	docs, err := load(ctx, db)
	if err != nil {
		return Summary{}, err
	}
	all, err := loadSeries(ctx, db, opt.FromYear, opt.ToYear)
	if err != nil {
		return Summary{}, err
	}
	var chartable []*series
	for _, s := range all {
		if len(s.Years) >= 2 {
			chartable = append(chartable, s)
		}
	}
	drawn := chartable[:min(len(chartable), opt.MaxCharts)]

	p := page{Title: opt.Title, ECharts: template.JS(assets.EChartsJS), EChartsVersion: assets.EChartsVersion,
		From: opt.FromYear, To: opt.ToYear, Chartable: len(chartable), MaxCharts: opt.MaxCharts}
	for i, s := range drawn {
		c, err := chart(s, fmt.Sprintf("chart-%d", i+1), opt)
		if err != nil {
			return Summary{}, err
		}
		p.Charts = append(p.Charts, c)
	}
	sum := Summary{Charts: len(p.Charts), Chartable: len(chartable), Documents: len(docs)}
	for i, d := range docs {
		pd := pageDoc{Anchor: fmt.Sprintf("doc-%d", i+1), TextAnchor: fmt.Sprintf("text-%d", i+1),
			FileName: d.FileName, Title: d.Title, About: yearsText(d)}
		text := []rune(d.Text)
		for _, f := range d.Facts {
			pd.Facts = append(pd.Facts, pageFact{fact: f, Sentence: sentence(text, f.Start, f.End)})
		}
		pd.Text = markText(text, d.Facts)
		p.Docs = append(p.Docs, pd)
		sum.Facts += len(d.Facts)
	}
	if err := pageTemplate.Execute(w, p); err != nil {
		return Summary{}, fmt.Errorf("report: %w", err)
	}
	return sum, nil
}

func cmpOr(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

type page struct {
	Title          string
	ECharts        template.JS
	EChartsVersion string
	From, To       int
	Chartable      int
	MaxCharts      int
	Charts         []pageChart
	Docs           []pageDoc
}

type pageChart struct {
	ID, Metric, Label, Unit string
	Documents               []string
	// Option is the ECharts option object, built by go-echarts; the
	// template marshals it into the page's script, escaped for it.
	Option map[string]any
}

type pageDoc struct {
	Anchor, TextAnchor, FileName, Title, About string
	Facts                                      []pageFact
	Text                                       template.HTML
}

type pageFact struct {
	fact
	Sentence template.HTML
}

// chart builds one series' line chart: one line per document, a gap
// where a document states nothing for a year.
func chart(s *series, id string, opt Options) (pageChart, error) {
	var years []string
	for y := opt.FromYear; y <= opt.ToYear; y++ {
		years = append(years, strconv.Itoa(y))
	}
	line := charts.NewLine()
	line.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: id, Width: "100%", Height: "320px"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "bottom"}),
		charts.WithAnimation(false),
		charts.WithYAxisOpts(opts.YAxis{Name: s.Unit}),
	)
	line.SetXAxis(years)
	docs := docNames(s)
	for _, name := range docs {
		data := make([]opts.LineData, 0, len(years))
		for y := opt.FromYear; y <= opt.ToYear; y++ {
			if v, ok := s.ByDoc[name][y]; ok {
				data = append(data, opts.LineData{Value: v})
			} else {
				data = append(data, opts.LineData{Value: "-"}) // ECharts: no value
			}
		}
		line.AddSeries(name, data, charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true)}))
	}
	line.Validate()
	return pageChart{ID: id, Metric: s.Metric, Label: shorten(s.Label, 120), Unit: s.Unit, Documents: docs, Option: line.JSON()}, nil
}

// shorten cuts s to at most n code points, marking the cut.
func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// sentence returns the sentence around text[start:end] (at most about
// 300 characters each side), escaped, with that span in <mark>.
func sentence(text []rune, start, end int) template.HTML {
	start, end = clamp(start, len(text)), clamp(end, len(text))
	if end < start {
		end = start
	}
	const reach = 300
	from := max(0, start-reach)
	for i := start - 1; i >= max(0, start-reach); i-- {
		if text[i] == '\n' || (strings.ContainsRune(".!?", text[i]) && i+1 < start && unicode.IsSpace(text[i+1])) {
			from = i + 1
			break
		}
	}
	to := min(len(text), end+reach)
	for j := end; j < min(len(text), end+reach); j++ {
		if text[j] == '\n' {
			to = j
			break
		}
		if strings.ContainsRune(".!?", text[j]) && (j+1 == len(text) || unicode.IsSpace(text[j+1])) {
			to = j + 1
			break
		}
	}
	var b strings.Builder
	if from > 0 && from == start-reach {
		b.WriteString("… ")
	}
	b.WriteString(html.EscapeString(strings.TrimLeftFunc(string(text[from:start]), unicode.IsSpace)))
	b.WriteString("<mark>" + html.EscapeString(string(text[start:end])) + "</mark>")
	b.WriteString(html.EscapeString(strings.TrimRightFunc(string(text[end:to]), unicode.IsSpace)))
	if to < len(text) && to == end+reach {
		b.WriteString(" …")
	}
	return template.HTML(b.String())
}

// markText escapes the document's text and marks every fact in it: the
// first of overlapping facts gets <mark id="f-ID">, one starting inside
// a mark an empty <a id="f-ID">, so that every fact has its anchor.
func markText(text []rune, facts []fact) template.HTML {
	sorted := append([]fact(nil), facts...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].Start != sorted[j].Start {
			return sorted[i].Start < sorted[j].Start
		}
		return sorted[i].End > sorted[j].End
	})
	var b strings.Builder
	pos, open := 0, -1 // open: end of the mark being written, or -1
	advance := func(to int) {
		for pos < to {
			if open >= 0 && open <= to {
				b.WriteString(html.EscapeString(string(text[pos:max(pos, open)])))
				b.WriteString("</mark>")
				pos, open = max(pos, open), -1
				continue
			}
			b.WriteString(html.EscapeString(string(text[pos:to])))
			pos = to
		}
		if open >= 0 && open <= pos {
			b.WriteString("</mark>")
			open = -1
		}
	}
	for _, f := range sorted {
		start, end := clamp(f.Start, len(text)), clamp(f.End, len(text))
		advance(start)
		id := html.EscapeString("f-" + f.ID)
		if open < 0 && end > start {
			fmt.Fprintf(&b, `<mark id="%s" class="%s">`, id, kindClass(f.Kind))
			open = end
		} else {
			fmt.Fprintf(&b, `<a id="%s"></a>`, id)
		}
	}
	advance(len(text))
	return template.HTML(b.String())
}

func kindClass(kind string) string {
	switch kind {
	case "observation":
		return "k-obs"
	case "legal reference":
		return "k-ref"
	}
	return "k-ins"
}

func clamp(i, n int) int { return max(0, min(i, n)) }
