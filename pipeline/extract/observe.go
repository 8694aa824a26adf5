package extract

import (
	"strings"

	"github.com/factflow/factflow/pipeline/quantity"
)

// timex is a stated time: a year, a range or a relative period.
type timex struct {
	start, end int // byte span
	y0, y1     int
	period     string
	bound      bool // tied to one figure ("2015 – 630", "262 persons in 2020"); not a period for others
	ok         bool // temporal (not the date of a law, not a future target)
}

// cand is a quantity that may become an observation.
type cand struct {
	q      *quantity.Quantity
	skip   bool
	tx     int // index of the time it is bound to, -1 if none
	label  string
	unit   string
	series bool // a "YEAR – N" or "LABEL – N" item
}

// Observations returns the observations stated in text, sorted by Start.
// Offsets are byte offsets into text.
func Observations(text string, doc Doc) []Observation {
	qs := quantity.Find(text)
	if len(qs) == 0 {
		return nil
	}
	ref := doc.Year
	if doc.PeriodEnd > ref {
		ref = doc.PeriodEnd
	}
	cs := make([]cand, len(qs))
	var tx []timex
	yearTx := make([]int, len(qs)) // index into tx for year quantities, -1 otherwise
	for k := range qs {
		cs[k] = cand{q: &qs[k], tx: -1}
		yearTx[k] = -1
	}
	// Pass 1: times. Years, ranges of years and relative periods.
	for k := 0; k < len(qs); k++ {
		q := &qs[k]
		if q.Year && (countNounAfter(text, q.End) || k+1 < len(qs) && qs[k+1].Year && strings.TrimSpace(text[q.End:qs[k+1].Start]) == "(" && qs[k+1].End < len(text) && text[qs[k+1].End] == ')') {
			q.Year = false // "2000 persons", "resolution 1960 (2010)"
		}
		if !q.Year {
			// "over the past five years"
			if ref > 0 && q.Unit == "" && q.Value >= 1 && q.Value <= 30 && q.Value == float64(int(q.Value)) {
				if w := nextWord(text, q.End); w == "years" || w == "year" {
					p := prevWord(text, q.QualStart)
					if p == "past" || p == "last" || p == "previous" {
						// the N complete years before the year of writing, or the
						// N years ending with a stated reporting period
						n := int(q.Value)
						end := doc.Year - 1
						if doc.PeriodEnd > 0 && doc.PeriodEnd >= doc.Year {
							end = doc.PeriodEnd
						}
						tx = append(tx, timex{start: q.Start, end: q.End, y0: end - n + 1, y1: end, ok: true})
					}
				}
			}
			continue
		}
		t := timex{start: q.Start, end: q.End, y0: int(q.Value), y1: int(q.Value), ok: true}
		cs[k].skip = true
		// Ranges: "2020–2023", "from 2014 to 2023", "between 2018 and 2023",
		// "from 2019 to 4 months of 2023".
		if k+1 < len(qs) {
			j := k + 1
			mid := text[q.End:qs[j].Start]
			period := ""
			if isRangeSep(mid) && !qs[j].Year && k+2 < len(qs) && qs[j].Unit == "" {
				// "to 4 months of 2023"
				if w := nextWord(text, qs[j].End); w == "months" || w == "month" {
					if rest := strings.TrimSpace(text[qs[j].End:qs[j+1].Start]); (strings.HasPrefix(rest, "months of") || strings.HasPrefix(rest, "month of")) && qs[j+1].Year {
						period = qs[j].Text + " months"
						cs[j].skip = true
						j++
						mid = "–"
					}
				}
			}
			if qs[j].Year && isRangeSep(mid) && int(qs[j].Value) > t.y0 {
				t.y1 = int(qs[j].Value)
				t.end = qs[j].End
				t.period = period
				cs[j].skip = true
				qs[j].Year = false
				k = j
			}
		}
		if p, _ := periodBefore(text, t.start); p != "" && t.period == "" {
			t.period = p
		}
		if legalDate(text, t.start, qs, k) {
			t.ok = false
		}
		if ref > 0 && t.y1 > ref {
			t.ok = false // a target ("by 2025", "Plan for 2023–2026"), not a figure's time
		}
		if w := prevWord(text, t.start); w == "until" || w == "till" || w == "by" {
			t.ok = false
		}
		if t.y0 == t.y1 && prevWord(text, dateBegin(text, t.start)) == "since" && ref > t.y0 {
			t.y1 = ref
		}
		yearTx[k] = len(tx)
		tx = append(tx, t)
	}
	// Pass 2: which quantities are not observations at all.
	refs := make([]bool, len(qs))
	lastRef := -1
	for k := range cs {
		if cs[k].skip {
			continue
		}
		if notObservation(text, qs, k, refs, lastRef) {
			cs[k].skip = true
		}
		if refs[k] {
			lastRef = k
		} else if !qs[k].Year {
			lastRef = -1
		}
	}
	// Pass 3: figures tied to one year: "2015 – 630", "(2021: 1,050)",
	// "262 persons in 2020", table rows "2009 72 0 5".
	for k := range qs {
		ti := yearTx[k]
		if ti < 0 || !tx[ti].ok {
			continue
		}
		t := &tx[ti]
		// YEAR – N / YEAR: N
		if k+1 < len(qs) && !cs[k+1].skip {
			mid := text[t.end:qs[k+1].QualStart]
			if isItemSep(mid) {
				cs[k+1].tx = ti
				cs[k+1].series = true
				t.bound = true
				continue
			}
		}
		// Table row: a line that starts with the year and holds only numbers.
		if ls := lineStart(text, t.start); strings.TrimSpace(text[ls:t.start]) == "" && t.y0 == t.y1 {
			le := lineEnd(text, t.end)
			row := true
			cnt := 0
			for j := k + 1; j < len(qs) && qs[j].Start < le; j++ {
				if strings.TrimSpace(text[qs[j-1].End:qs[j].Start]) != "" {
					row = false
				}
				cnt++
			}
			if row && cnt > 0 && strings.TrimSpace(text[qs[k+cnt].End:le]) == "" {
				col := 0
				for j := k + 1; j <= k+cnt; j++ {
					if !cs[j].skip || qs[j].Year {
						cs[j].skip = false
						cs[j].tx = ti
						cs[j].label = tableLabel(text, ls, col)
					}
					col++
				}
				t.bound = true
				continue
			}
		}
		// N [noun...] in YEAR
		if k > 0 && !cs[k-1].skip && cs[k-1].tx < 0 {
			mid := text[qs[k-1].End:t.start]
			if boundIn(mid) {
				cs[k-1].tx = ti
				t.bound = true
			}
		}
	}
	// Pass 4: units, labels, free times.
	var out []Observation
	for k := range cs {
		c := &cs[k]
		if c.skip {
			continue
		}
		q := c.q
		ss, se := sentenceBounds(text, q.Start)
		if legalNorm(text[ss:se]) {
			c.skip = true
			continue
		}
		describe(text, cs, k, ss)
		if c.unit == "" {
			c.skip = true
			continue // a number word with no counted noun: not a quantity of ours
		}
		if c.tx < 0 {
			c.tx = freeTime(text, tx, q.Start, ss, se)
		}
		var y0, y1 int
		period := ""
		if c.tx >= 0 {
			y0, y1, period = tx[c.tx].y0, tx[c.tx].y1, tx[c.tx].period
		} else if doc.Year > 0 {
			y0, y1 = doc.Year, doc.Year
		} else {
			continue
		}
		label := c.label
		out = append(out, Observation{
			Metric:      metricFor(label, c.unit),
			MetricLabel: label,
			YearStart:   y0,
			YearEnd:     y1,
			Period:      period,
			Value:       q.Value,
			Unit:        c.unit,
			Qualifier:   q.Qualifier,
			Start:       q.Start,
			End:         q.End,
		})
	}
	return out
}

func isRangeSep(mid string) bool {
	m := strings.TrimSpace(mid)
	switch m {
	case "–", "-", "—", "to", "and", "‒", "−", "/":
		return true
	}
	return false
}

// isItemSep matches the separator of a series item: "2015 – 630", "2021: 1,050".
func isItemSep(mid string) bool {
	m := strings.TrimSpace(mid)
	switch m {
	case "–", "-", "—", ":", "‒", "−", "--", "– –":
		return true
	}
	return false
}

// boundIn matches what lies between a figure and "in YEAR" when the year
// belongs to that figure alone: "262 persons in 2020", "8 in 2018".
func boundIn(mid string) bool {
	if strings.ContainsAny(mid, ",;:.()\n") {
		return false
	}
	m := strings.TrimSpace(mid)
	if !strings.HasSuffix(m, " in") && m != "in" && !strings.HasSuffix(m, " in the year") {
		return false
	}
	return strings.Count(m, " ") <= 3
}

func lineStart(text string, i int) int { return strings.LastIndexByte(text[:i], '\n') + 1 }
func lineEnd(text string, i int) int {
	if e := strings.IndexByte(text[i:], '\n'); e >= 0 {
		return i + e
	}
	return len(text)
}

// tableLabel names column col of a table flattened to text: the nearest
// header line above ("Year Criminal Code, art. 125 ...") and the column.
func tableLabel(text string, ls, col int) string {
	i := ls - 1
	for i > 0 {
		ps := lineStart(text, i)
		line := strings.TrimSpace(text[ps:i])
		i = ps - 1
		if line == "" || startsWithYearRow(line) {
			continue
		}
		return line + " / column " + string(rune('1'+col))
	}
	return "table column " + string(rune('1'+col))
}

func startsWithYearRow(line string) bool {
	if len(line) < 4 {
		return false
	}
	for k := 0; k < 4; k++ {
		if line[k] < '0' || line[k] > '9' {
			return false
		}
	}
	return len(line) == 4 || line[4] == ' ' || line[4] == '\t'
}

// freeTime picks the time of a figure with no year of its own: the
// nearest preceding free time in its sentence, else the nearest following
// one in the sentence, else the last free time earlier in its paragraph.
func freeTime(text string, tx []timex, at, ss, se int) int {
	best := -1
	for i := range tx {
		t := &tx[i]
		if t.bound || !t.ok {
			continue
		}
		if t.start >= ss && t.end <= at {
			best = i
		}
	}
	if best >= 0 {
		return best
	}
	for i := range tx {
		t := &tx[i]
		if !t.bound && t.ok && t.start >= at && t.end <= se {
			return i
		}
	}
	// The first free time of the paragraph sets its topic ("In 2022, …").
	ps := paragraphStart(text, ss)
	for i := range tx {
		t := &tx[i]
		if !t.bound && t.ok && t.start >= ps && t.end <= ss {
			return i
		}
	}
	return -1
}

func dateBegin(text string, start int) int {
	b, _, _ := dateStart(text, start)
	return b
}
