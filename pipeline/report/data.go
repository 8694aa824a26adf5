package report

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// document is one current document with its facts.
type document struct {
	ID, FileName, Title, DocType string
	Year, PeriodStart, PeriodEnd sql.NullInt64
	Text                         string
	Facts                        []fact // in text order
}

// fact is one fact row of any kind, reduced to what the report shows.
type fact struct {
	Kind       string // observation, legal reference, instrument
	ID         string
	DocID      string
	Paragraph  sql.NullInt64
	What       string
	Year       string
	Value      string
	Quote      string
	Start, End int // code-point offsets into the document's text
}

// point is one single-year value of a metric in one document.
type point struct {
	Metric, Unit, Label, FileName string
	Year                          int
	Value                         float64
}

const factsSQL = `
SELECT 'observation', o.obs_id, o.doc_id, o.paragraph,
       coalesce(o.metric_label, o.metric) || ' [' || o.metric || ']',
       CASE WHEN o.year_start = o.year_end THEN o.year_start::VARCHAR ELSE o.year_start || '–' || o.year_end END
         || coalesce(' (' || o.period || ')', ''),
       coalesce(o.qualifier || ' ', '')
         || CASE WHEN o.value = round(o.value) AND abs(o.value) < 1e15 THEN o.value::BIGINT::VARCHAR ELSE o.value::VARCHAR END
         || ' ' || o.unit,
       o.quote, o.char_start, o.char_end
FROM observations o JOIN documents d USING (doc_id) WHERE d.status = 'current'
UNION ALL
SELECT 'legal reference', r.ref_id, r.doc_id, r.paragraph,
       r.code || ', article ' || r.article || coalesce(', part ' || r.part, '') || coalesce(' (' || r.article_name || ')', ''),
       '', '', r.quote, r.char_start, r.char_end
FROM legal_references r JOIN documents d USING (doc_id) WHERE d.status = 'current'
UNION ALL
SELECT 'instrument', m.mention_id, m.doc_id, m.paragraph,
       m.kind || coalesce(' No. ' || m.number, '') || coalesce(' ' || m.title, ''),
       coalesce(m.issued_on::VARCHAR, m.year::VARCHAR, ''), '', m.quote, m.char_start, m.char_end
FROM instrument_mentions m JOIN documents d USING (doc_id) WHERE d.status = 'current'
ORDER BY 3, 9, 10 DESC, 1, 2`

// load reads the current documents with their facts.
func load(ctx context.Context, db *sql.DB) ([]*document, error) {
	rows, err := db.QueryContext(ctx, `
		SELECT doc_id, file_name, coalesce(title, ''), coalesce(doc_type, ''), doc_year, period_start, period_end, text
		FROM documents WHERE status = 'current' ORDER BY file_name, doc_id`)
	if err != nil {
		return nil, fmt.Errorf("report: documents: %w", err)
	}
	defer rows.Close()
	var docs []*document
	byID := map[string]*document{}
	for rows.Next() {
		d := &document{}
		if err := rows.Scan(&d.ID, &d.FileName, &d.Title, &d.DocType, &d.Year, &d.PeriodStart, &d.PeriodEnd, &d.Text); err != nil {
			return nil, fmt.Errorf("report: documents: %w", err)
		}
		docs = append(docs, d)
		byID[d.ID] = d
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("report: documents: %w", err)
	}
	frows, err := db.QueryContext(ctx, factsSQL)
	if err != nil {
		return nil, fmt.Errorf("report: facts: %w", err)
	}
	defer frows.Close()
	for frows.Next() {
		var f fact
		var start, end int64
		if err := frows.Scan(&f.Kind, &f.ID, &f.DocID, &f.Paragraph, &f.What, &f.Year, &f.Value, &f.Quote, &start, &end); err != nil {
			return nil, fmt.Errorf("report: facts: %w", err)
		}
		f.Start, f.End = int(start), int(end)
		if d := byID[f.DocID]; d != nil {
			d.Facts = append(d.Facts, f)
		}
	}
	if err := frows.Err(); err != nil {
		return nil, fmt.Errorf("report: facts: %w", err)
	}
	return docs, nil
}

// series is one metric (in one unit) across the years, per document.
type series struct {
	Metric, Unit, Label string
	Years               []int                      // distinct years stated, ascending
	ByDoc               map[string]map[int]float64 // file name → year → value
	Statements          int
}

// loadSeries reads every single-year value from..to and groups it into
// series, the longest first (most years, then most statements). Where a
// document states a metric twice for one year, the first statement in
// the text is charted; the tables below the charts show every one.
func loadSeries(ctx context.Context, db *sql.DB, from, to int) ([]*series, error) {
	rows, err := db.QueryContext(ctx, `
		SELECT metric, unit, coalesce(metric_label, metric), file_name, year_start, value
		FROM current_observations
		WHERE year_start = year_end AND year_start BETWEEN ? AND ?
		ORDER BY metric, unit, file_name, year_start, char_start`, from, to)
	if err != nil {
		return nil, fmt.Errorf("report: series: %w", err)
	}
	defer rows.Close()
	byKey := map[string]*series{}
	var out []*series
	for rows.Next() {
		var p point
		if err := rows.Scan(&p.Metric, &p.Unit, &p.Label, &p.FileName, &p.Year, &p.Value); err != nil {
			return nil, fmt.Errorf("report: series: %w", err)
		}
		key := p.Metric + "\x00" + p.Unit
		s := byKey[key]
		if s == nil {
			s = &series{Metric: p.Metric, Unit: p.Unit, Label: p.Label, ByDoc: map[string]map[int]float64{}}
			byKey[key] = s
			out = append(out, s)
		}
		// The shortest of the labels the documents use is the most
		// likely to name the metric rather than quote a table heading.
		if len([]rune(p.Label)) < len([]rune(s.Label)) {
			s.Label = p.Label
		}
		s.Statements++
		if s.ByDoc[p.FileName] == nil {
			s.ByDoc[p.FileName] = map[int]float64{}
		}
		if _, seen := s.ByDoc[p.FileName][p.Year]; !seen {
			s.ByDoc[p.FileName][p.Year] = p.Value
		}
		if i := sort.SearchInts(s.Years, p.Year); i == len(s.Years) || s.Years[i] != p.Year {
			s.Years = append(s.Years, 0)
			copy(s.Years[i+1:], s.Years[i:])
			s.Years[i] = p.Year
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("report: series: %w", err)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if len(a.Years) != len(b.Years) {
			return len(a.Years) > len(b.Years)
		}
		if a.Statements != b.Statements {
			return a.Statements > b.Statements
		}
		return a.Metric+a.Unit < b.Metric+b.Unit
	})
	return out, nil
}

func docNames(s *series) []string {
	names := make([]string, 0, len(s.ByDoc))
	for n := range s.ByDoc {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func yearsText(d *document) string {
	var parts []string
	if d.DocType != "" {
		parts = append(parts, d.DocType)
	}
	if d.Year.Valid {
		parts = append(parts, "dated "+strconv.FormatInt(d.Year.Int64, 10))
	}
	if d.PeriodStart.Valid && d.PeriodEnd.Valid {
		parts = append(parts, fmt.Sprintf("covering %d–%d", d.PeriodStart.Int64, d.PeriodEnd.Int64))
	}
	return strings.Join(parts, ", ")
}
