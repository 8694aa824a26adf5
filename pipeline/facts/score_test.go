package facts_test

// Scoring of the observation extractor against the hand-labelled gold set in
// testdata/observations (see testdata/observations/README.md for the rules).
//
// A gold observation and a predicted one match when they agree on
// (year_start, year_end, value within 1e-9 relative, unit) and their
// code-point spans overlap. Matching is one-to-one. Predictions outside the
// labelled ranges of a partially labelled document are not counted.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/factflow/factflow/pipeline/facts"
	"github.com/factflow/factflow/pipeline/message"
)

const (
	goldDir  = "../../testdata/observations"
	seedsDir = "../../seeds"

	precisionFloor = 0.97
	recallFloor    = 0.95
)

// goldObs is one line of a testdata/observations/<doc>.jsonl file.
type goldObs struct {
	Doc         string  `json:"doc"`
	Para        string  `json:"para"`
	YearStart   int     `json:"year_start"`
	YearEnd     int     `json:"year_end"`
	Value       float64 `json:"value"`
	Unit        string  `json:"unit"`
	Qualifier   string  `json:"qualifier"`
	MetricLabel string  `json:"metric_label"`
	Quote       string  `json:"quote"`
	CharStart   int     `json:"char_start"`
	CharEnd     int     `json:"char_end"`
	Form        string  `json:"form"`

	line int
}

// coverage is one line of testdata/observations/coverage.jsonl: which part
// of a document is labelled. Complete documents have one range covering
// the whole text.
type coverage struct {
	Doc      string   `json:"doc"`
	Complete bool     `json:"complete"`
	Paras    string   `json:"paras"`
	Ranges   [][2]int `json:"ranges"` // code-point [start, end) ranges
}

var validUnits = map[string]bool{
	"persons": true, "cases": true, "crimes": true, "complaints": true,
	"count": true, "percent": true, "KZT": true, "USD": true, "EUR": true,
}

var validQualifiers = map[string]bool{
	"": true, "more than": true, "about": true, "less than": true,
	"up to": true, "at least": true, "almost": true,
}

var numberWords = []string{
	"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
	"nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
	"sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty",
	"forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
	"thousand", "million", "billion", "dozen", "half",
}

// docText reads a seed document and returns its text as code points,
// without a UTF-8 byte-order mark.
func docText(t *testing.T, name string) []rune {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(seedsDir, name))
	if err != nil {
		t.Fatalf("read seed: %v", err)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	return []rune(string(b))
}

func loadCoverage(t *testing.T) []coverage {
	t.Helper()
	f, err := os.Open(filepath.Join(goldDir, "coverage.jsonl"))
	if err != nil {
		t.Fatalf("open coverage: %v", err)
	}
	defer f.Close()
	var out []coverage
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var c coverage
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			t.Fatalf("coverage.jsonl: %v", err)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("coverage.jsonl: %v", err)
	}
	return out
}

// loadGold reads the gold observations of one document.
func loadGold(t *testing.T, doc string) []goldObs {
	t.Helper()
	path := filepath.Join(goldDir, strings.TrimSuffix(doc, ".txt")+".jsonl")
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open gold: %v", err)
	}
	defer f.Close()
	var out []goldObs
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var g goldObs
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&g); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		g.line = n
		out = append(out, g)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

// goldDocs lists the documents that have a gold file.
func goldDocs(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(goldDir, "*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var docs []string
	for _, f := range files {
		base := filepath.Base(f)
		if base == "coverage.jsonl" {
			continue
		}
		docs = append(docs, strings.TrimSuffix(base, ".jsonl")+".txt")
	}
	sort.Strings(docs)
	return docs
}

func spanText(text []rune, start, end int) (string, bool) {
	if start < 0 || end > len(text) || start >= end {
		return "", false
	}
	return string(text[start:end]), true
}

func hasNumber(s string) bool {
	for _, r := range s {
		if unicode.IsDigit(r) {
			return true
		}
	}
	low := strings.ToLower(s)
	for _, w := range numberWords {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

func TestGoldIsConsistent(t *testing.T) {
	covered := map[string]bool{}
	for _, c := range loadCoverage(t) {
		covered[c.Doc] = true
		text := docText(t, c.Doc)
		for _, r := range c.Ranges {
			if r[0] < 0 || r[1] > len(text) || r[0] >= r[1] {
				t.Errorf("coverage %s: bad range %v (text has %d code points)", c.Doc, r, len(text))
			}
		}
		if c.Complete && (len(c.Ranges) != 1 || c.Ranges[0] != [2]int{0, len(text)}) {
			t.Errorf("coverage %s: complete document must have the single range [0,%d], got %v", c.Doc, len(text), c.Ranges)
		}
	}
	total := 0
	for _, doc := range goldDocs(t) {
		t.Run(doc, func(t *testing.T) {
			if !covered[doc] {
				t.Errorf("%s has gold labels but no line in coverage.jsonl", doc)
			}
			text := docText(t, doc)
			seen := map[[2]int]int{}
			for _, g := range loadGold(t, doc) {
				total++
				where := fmt.Sprintf("line %d (%q)", g.line, g.Quote)
				if g.Doc != doc {
					t.Errorf("%s: doc %q, want %q", where, g.Doc, doc)
				}
				got, ok := spanText(text, g.CharStart, g.CharEnd)
				if !ok {
					t.Errorf("%s: span [%d,%d) outside the text (%d code points)", where, g.CharStart, g.CharEnd, len(text))
					continue
				}
				if got != g.Quote {
					t.Errorf("%s: text at [%d,%d) is %q", where, g.CharStart, g.CharEnd, got)
				}
				if !hasNumber(g.Quote) {
					t.Errorf("%s: quote has neither a digit nor a number word", where)
				}
				if !validUnits[g.Unit] {
					t.Errorf("%s: invalid unit %q", where, g.Unit)
				}
				if !validQualifiers[g.Qualifier] {
					t.Errorf("%s: invalid qualifier %q", where, g.Qualifier)
				}
				if g.YearStart < 1900 || g.YearStart > 2100 || g.YearEnd < g.YearStart || g.YearEnd > 2100 {
					t.Errorf("%s: bad period %d-%d", where, g.YearStart, g.YearEnd)
				}
				if math.IsNaN(g.Value) || math.IsInf(g.Value, 0) || g.Value < 0 {
					t.Errorf("%s: bad value %v", where, g.Value)
				}
				if g.Form == "" || g.MetricLabel == "" {
					t.Errorf("%s: empty form or metric_label", where)
				}
				k := [2]int{g.CharStart, g.CharEnd}
				if prev, dup := seen[k]; dup {
					t.Errorf("%s: same span as line %d", where, prev)
				}
				seen[k] = g.line
			}
		})
	}
	if total == 0 {
		t.Fatal("no gold observations found")
	}
}

// pred is a predicted observation with where it came from.
type pred struct {
	message.Observation
}

func sameValue(a, b float64) bool {
	if a == b {
		return true
	}
	return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

func overlap(a0, a1, b0, b1 int) int {
	lo, hi := max(a0, b0), min(a1, b1)
	if hi > lo {
		return hi - lo
	}
	return 0
}

func inRanges(ranges [][2]int, s, e int) bool {
	for _, r := range ranges {
		if overlap(r[0], r[1], s, e) > 0 || (s == e && s >= r[0] && s < r[1]) {
			return true
		}
	}
	return false
}

// match pairs gold and predicted observations one to one: candidate pairs
// agree on period, value and unit and overlap in the text; the pairs with
// the largest overlap are taken first.
func match(gold []goldObs, preds []pred) (goldHit []int, predHit []int) {
	goldHit = make([]int, len(gold))
	predHit = make([]int, len(preds))
	for i := range goldHit {
		goldHit[i] = -1
	}
	for i := range predHit {
		predHit[i] = -1
	}
	type cand struct{ g, p, ov int }
	var cands []cand
	for gi, g := range gold {
		for pi, p := range preds {
			if g.YearStart != p.YearStart || g.YearEnd != p.YearEnd || g.Unit != p.Unit || !sameValue(g.Value, p.Value) {
				continue
			}
			if ov := overlap(g.CharStart, g.CharEnd, p.CharStart, p.CharEnd); ov > 0 {
				cands = append(cands, cand{gi, pi, ov})
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].ov != cands[j].ov {
			return cands[i].ov > cands[j].ov
		}
		if cands[i].g != cands[j].g {
			return cands[i].g < cands[j].g
		}
		return cands[i].p < cands[j].p
	})
	for _, c := range cands {
		if goldHit[c.g] < 0 && predHit[c.p] < 0 {
			goldHit[c.g] = c.p
			predHit[c.p] = c.g
		}
	}
	return goldHit, predHit
}

func context(text []rune, s, e int) string {
	lo, hi := max(0, s-40), min(len(text), e+40)
	if s < 0 || e > len(text) || s > e {
		return "<span outside text>"
	}
	c := string(text[lo:s]) + "[[" + string(text[s:e]) + "]]" + string(text[e:hi])
	return strings.Join(strings.Fields(c), " ")
}

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

type tally struct{ gold, pred, tp int }

func (c tally) precision() float64 { return ratio(c.tp, c.pred) }
func (c tally) recall() float64    { return ratio(c.tp, c.gold) }

func TestScore(t *testing.T) {
	cov := loadCoverage(t)
	var overall tally
	perForm := map[string]*tally{}
	missWhy := map[string]int{}
	type row struct {
		doc, paras string
		c          tally
	}
	var rows []row

	for _, c := range cov {
		text := docText(t, c.Doc)
		gold := loadGold(t, c.Doc)

		res := facts.Document(c.Doc, string(text))
		var all []pred
		for _, b := range res.Batches {
			for _, o := range b.Observations {
				all = append(all, pred{o})
			}
		}
		// Provenance: every predicted quote is the text at its span.
		var preds []pred
		for _, p := range all {
			got, ok := spanText(text, p.CharStart, p.CharEnd)
			if !ok || got != p.Quote {
				t.Errorf("%s: predicted quote %q at [%d,%d) but the text there is %q", c.Doc, p.Quote, p.CharStart, p.CharEnd, got)
			}
			if inRanges(c.Ranges, p.CharStart, p.CharEnd) {
				preds = append(preds, p)
			}
		}
		sort.SliceStable(preds, func(i, j int) bool { return preds[i].CharStart < preds[j].CharStart })

		goldHit, predHit := match(gold, preds)
		// Why did a gold observation miss? Compare it with the predictions
		// on its span (if any) field by field.
		for gi, g := range gold {
			if goldHit[gi] >= 0 {
				continue
			}
			var near *pred
			for pi := range preds {
				if predHit[pi] < 0 && overlap(g.CharStart, g.CharEnd, preds[pi].CharStart, preds[pi].CharEnd) > 0 {
					near = &preds[pi]
					break
				}
			}
			if near == nil {
				missWhy["nothing predicted on the span"]++
				continue
			}
			var why []string
			if near.YearStart != g.YearStart || near.YearEnd != g.YearEnd {
				why = append(why, "period")
			}
			if near.Unit != g.Unit {
				why = append(why, "unit")
			}
			if !sameValue(near.Value, g.Value) {
				why = append(why, "value")
			}
			missWhy[strings.Join(why, "+")+" differs"]++
		}
		var dc tally
		dc.gold, dc.pred = len(gold), len(preds)
		for gi, g := range gold {
			f := perForm[g.Form]
			if f == nil {
				f = &tally{}
				perForm[g.Form] = f
			}
			f.gold++
			if goldHit[gi] >= 0 {
				dc.tp++
				f.tp++
			}
		}
		rows = append(rows, row{c.Doc, c.Paras, dc})
		overall.gold += dc.gold
		overall.pred += dc.pred
		overall.tp += dc.tp

		if testing.Verbose() {
			for gi, g := range gold {
				if goldHit[gi] >= 0 {
					continue
				}
				t.Logf("MISS %s p%s %d-%d %v %s %q [%s]: %s", c.Doc, g.Para, g.YearStart, g.YearEnd, g.Value, g.Unit, g.Quote, g.Form,
					context(text, g.CharStart, g.CharEnd))
				// Say what the extractor made of that span, if anything.
				for _, p := range preds {
					if overlap(g.CharStart, g.CharEnd, p.CharStart, p.CharEnd) > 0 {
						t.Logf("     predicted there: %d-%d %v %s %q", p.YearStart, p.YearEnd, p.Value, p.Unit, p.Quote)
					}
				}
			}
			for pi, p := range preds {
				if predHit[pi] >= 0 {
					continue
				}
				t.Logf("FP   %s %d-%d %v %s %q (%s): %s", c.Doc, p.YearStart, p.YearEnd, p.Value, p.Unit, p.Quote, p.MetricLabel,
					context(text, p.CharStart, p.CharEnd))
			}
		}
	}

	t.Logf("%-28s %-14s %6s %6s %6s %9s %7s", "document", "labelled", "gold", "pred", "tp", "precision", "recall")
	for _, r := range rows {
		t.Logf("%-28s %-14s %6d %6d %6d %9.3f %7.3f", r.doc, r.paras, r.c.gold, r.c.pred, r.c.tp, r.c.precision(), r.c.recall())
	}
	t.Logf("%-28s %-14s %6d %6d %6d %9.3f %7.3f", "OVERALL", "", overall.gold, overall.pred, overall.tp, overall.precision(), overall.recall())

	forms := make([]string, 0, len(perForm))
	for f := range perForm {
		forms = append(forms, f)
	}
	sort.Strings(forms)
	t.Logf("recall per form:")
	for _, f := range forms {
		c := perForm[f]
		t.Logf("  %-16s %4d/%-4d %6.3f", f, c.tp, c.gold, c.recall())
	}

	whys := make([]string, 0, len(missWhy))
	for w := range missWhy {
		whys = append(whys, w)
	}
	sort.Slice(whys, func(i, j int) bool { return missWhy[whys[i]] > missWhy[whys[j]] })
	t.Logf("misses by cause (first unmatched prediction on the gold span):")
	for _, w := range whys {
		t.Logf("  %-34s %4d", w, missWhy[w])
	}

	if p := overall.precision(); !(p >= precisionFloor) {
		t.Errorf("overall precision %.3f below the floor %.2f", p, precisionFloor)
	}
	if r := overall.recall(); !(r >= recallFloor) {
		t.Errorf("overall recall %.3f below the floor %.2f", r, recallFloor)
	}
}
