package extract

import (
	"cmp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/factflow/factflow/pipeline/quantity"
)

// timex is a stated time: a year, a range or a relative period.
type timex struct {
	start, end  int // byte span
	y0, y1      int
	period      string
	first, last int  // indices of the year quantities it spans
	split       bool // "from A to B over a 10-year period": A takes the first year, B the last
	year        bool // made from the year quantity first (pass 1)
	bound       bool // tied to one figure ("2015 – 630", "262 persons in 2020"); not a period for others
	ok          bool // temporal (not the date of a law, not a future target)
	since       bool // "since 2019": a state running to the time of writing
}

// cand is a quantity that may become an observation: what the rules
// learn of qs[k] is cs[k]. (It holds no pointer to the quantity, so that
// the quantities can live on the stack.)
type cand struct {
	tx     int // index of the time it is bound to, -1 if none
	yearTx int // index of the time a year quantity makes, -1 for others
	label  string
	unit   string
	skip   bool
	series bool // a "YEAR – N" or "LABEL – N" item
}

// Observations returns the observations stated in text, sorted by Start.
// Offsets are byte offsets into text.
func Observations(text string, doc Doc) []Observation {
	return ObservationsFrom(text, doc, 0)
}

// ObservationsFrom returns the observations of text that start at or after
// byte offset from, exactly as Observations would report them. The text
// before from is read as context (its years, periods, labels and sentence
// starts still apply), but its own figures are not given times or metrics:
// a chunk that travels with the end of the paragraph before it costs
// little more than the chunk.
func ObservationsFrom(text string, doc Doc, from int) []Observation {
	return AppendObservationsFrom(nil, text, doc, from)
}

// AppendObservationsFrom appends the observations ObservationsFrom returns
// to dst and returns the result: a caller that copies them elsewhere can
// keep them in a buffer of its own.
func AppendObservationsFrom(dst []Observation, text string, doc Doc, from int) []Observation {
	// the quantities live only as long as this call: on the stack while
	// they fit (a chunk with its context holds about 50, a table more)
	var qbuf [128]quantity.Quantity
	qs := quantity.AppendFind(qbuf[:0], text)
	if len(qs) == 0 {
		return dst
	}
	ref := doc.Year
	if doc.PeriodEnd > ref {
		ref = doc.PeriodEnd
	}
	var cbuf [len(qbuf)]cand
	var cs []cand
	if len(qs) > len(cbuf) {
		cs = make([]cand, len(qs))
	} else {
		cs = cbuf[:len(qs)]
	}
	years := 0
	for k := range qs {
		cs[k] = cand{tx: -1, yearTx: -1}
		if qs[k].Year {
			years++
		}
	}
	// pass 1 makes at most one time a year, and few others
	tx := make([]timex, 0, years+4)
	// Pass 1: times. Years, ranges of years and relative periods.
	for k := 0; k < len(qs); k++ {
		q := &qs[k]
		if q.Year && (countNounAfter(text, q.End, q.Start) || k+1 < len(qs) && qs[k+1].Year && strings.TrimSpace(text[q.End:qs[k+1].Start]) == "(" && qs[k+1].End < len(text) && text[qs[k+1].End] == ')') {
			q.Year = false // "2000 persons", "resolution 1960 (2010)"
		}
		if !q.Year {
			// "over the past five years"
			if ref > 0 && q.Unit == "" && q.Value >= 1 && q.Value <= 30 && q.Value == float64(int(q.Value)) {
				if w := nextWord(text, q.End); w == "years" || w == "year" {
					p := prevWord(text, q.QualStart)
					if p == "past" || p == "last" || p == "previous" || p == "just" {
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
		t := timex{start: q.Start, end: q.End, y0: int(q.Value), y1: int(q.Value), ok: true, first: k, year: true}
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
		if t.y0 == t.y1 && ref > t.y0 && sinceBefore(text, t.start) {
			t.y1 = ref
			t.since = true
		}
		t.last = k
		cs[t.first].yearTx = len(tx)
		tx = append(tx, t)
	}
	// "over a 10-year period", "the five-year prevalence rate": the N
	// complete years before the year of writing.
	doSort := false
	if doc.Year > 0 {
		n := len(tx)
		tx = appendYearAdjectives(tx, text, doc)
		doSort = len(tx) > n
	}
	// "During the reporting period": the period the document covers.
	if doc.PeriodStart > 0 && doc.PeriodEnd >= doc.PeriodStart {
		doSort = true
		tx = appendReportingPeriods(tx, text, doc)
	}
	if doSort {
		// keep tx sorted by position (freeTime searches it by position),
		// in place: the year quantities learn where their times went
		slices.SortStableFunc(tx, func(a, b timex) int { return cmp.Compare(a.start, b.start) })
		for n := range tx {
			if tx[n].year {
				cs[tx[n].first].yearTx = n
			}
		}
	}
	// Pass 2: which quantities are not observations at all.
	lastRef := -1
	for k := range cs {
		if cs[k].skip {
			continue
		}
		not, ref := notObservation(text, qs, k, lastRef)
		if not {
			cs[k].skip = true
		}
		if ref {
			lastRef = k
		} else if !qs[k].Year && !cs[k].skip {
			lastRef = -1
		}
	}
	// Pass 3: figures tied to one year: "2015 – 630", "(2021: 1,050)",
	// "262 persons in 2020", table rows "2009 72 0 5".
	rowEnd, rowBase := -1, ""
	for k0 := range qs {
		ti := cs[k0].yearTx
		if ti < 0 || !tx[ti].ok {
			continue
		}
		t := &tx[ti]
		k := t.last // a range "2018–2022" ends at its second year
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
		if ls := atLineStart(text, t.start); ls >= 0 && t.y0 == t.y1 {
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
				// rows of one table share its header and caption
				if rowEnd < 0 || rowEnd > ls || strings.TrimSpace(text[rowEnd:ls]) != "" {
					rowBase = tableHeader(text, ls)
				}
				rowEnd = le
				col := 0
				for j := k + 1; j <= k+cnt; j++ {
					if !cs[j].skip || qs[j].Year {
						cs[j].skip = false
						cs[j].tx = ti
						cs[j].label = rowBase + " / column " + strconv.Itoa(col+1)
					}
					col++
				}
				t.bound = true
				continue
			}
		}
		// N [noun...] in YEAR; the day of a date range is passed over
		// ("1,657 from 6 June to the end of 2020")
		f := k0 - 1
		for f >= 0 && cs[f].skip && !qs[f].Year && qs[f].Unit == "" && qs[f].Value <= 31 && qs[f].Start > t.start-30 {
			f--
		}
		if f >= 0 && !cs[f].skip && cs[f].tx < 0 {
			mid := text[qs[f].End:t.start]
			if boundIn(mid) {
				cs[f].tx = ti
				t.bound = true
				// "263 out of 5,845 in 2021": the part shares the whole's year
				if j := f - 1; j >= 0 && !cs[j].skip && cs[j].tx < 0 && strings.TrimSpace(text[qs[j].End:qs[f].QualStart]) == "out of" {
					cs[j].tx = ti
				}
			}
		}
	}
	// At most one observation a figure still standing, of the chunk
	// itself: out grows once, when it must, to hold as many as are left.
	left := 0
	for k := range cs {
		if !cs[k].skip && qs[k].Start >= from {
			left++
		}
	}
	if left == 0 {
		return dst
	}
	out := dst
	// Pass 4: units, labels, free times. Sentence facts are computed once
	// per sentence.
	curSS, curSE := -1, -1
	var curLegal, curPresent, curPerfect bool
	var curFuture []int
	var curFallback *timex
	curFallbackDone := false
	curMarks := false                       // the sentence has parentheses or semicolons
	curQuotes := false                      // the sentence has an opening quotation mark
	curRecent, curReporting := false, false // … "in recent years", "reporting period"
	lastFuture := -1
	var metrics metricCache // labels repeat within a text
	var extra []timex       // periods found in pass 4 (breakdown totals)
	// Sentences of the context before the paragraph where reporting starts
	// can shape what is reported only through what deadSentence looks for:
	// one with none of it is passed over whole. (Within that paragraph,
	// labels read back across sentences.)
	lim, deadEnd := 0, -1
	if from > 0 {
		lim = paragraphStart(text, min(from, len(text)))
	}
	for k := range cs {
		c := &cs[k]
		if c.skip {
			continue
		}
		q := &qs[k]
		if q.Start >= from {
			left-- // those after this one
		}
		if q.Start < deadEnd {
			continue
		}
		if q.Start >= curSE || q.Start < curSS {
			ss, se := sentenceBounds(text, q.Start)
			if q.Start < lim && se <= lim && deadSentence(text, tx, cs, qs, k, se) {
				curSS, curSE, deadEnd = ss, se, se
				continue
			}
			curSS, curSE = ss, se
			sent := text[curSS:curSE]
			curLegal, curPresent, curPerfect, curFuture = sentenceCues(sent, curFuture[:0])
			curFallback, curFallbackDone = nil, false
			curMarks = strings.IndexByte(sent, '(') >= 0 || strings.IndexByte(sent, ')') >= 0 || strings.IndexByte(sent, ';') >= 0
			// (a case-sensitive look for the tail first, by a rare byte of
			// it: it is fast)
			curRecent = containsAt(sent, "ecent years", len("ecent ")) && indexFold(sent, "in recent years") >= 0
			curReporting = containsAt(sent, "eporting period", len("eporting ")) && indexFold(sent, "reporting period") >= 0
			curQuotes = containsAt(sent, "“", len("“")-1)
		}
		ss, se := curSS, curSE
		if curLegal {
			c.skip = true
			continue
		}
		// "will reach 45.5 per cent, or 13,200 persons, by 2030"
		if lastFuture >= ss && lastFuture <= q.Start {
			if g := strings.TrimSpace(text[lastFuture:q.QualStart]); g == ", or" || g == "or" {
				c.skip = true
				lastFuture = q.End
				continue
			}
		}
		// A figure in a quoted title ("the seminar “Human rights: the nine
		// treaty bodies”") names, it does not count.
		if curQuotes && inQuotes(text, q.Start, q.End, ss, se) {
			c.skip = true
			continue
		}
		// "in recent years": a time the text does not resolve
		if c.tx < 0 && curRecent {
			c.skip = true
			continue
		}
		if len(curFuture) > 0 {
			ca, cb := clauseBounds(text, q.Start, ss, se)
			fut := false
			for _, f := range curFuture {
				if f >= ca-ss && f < cb-ss {
					fut = true
				}
			}
			if fut {
				c.skip = true
				lastFuture = q.End
				continue
			}
		}
		describe(text, cs, qs, k, ss)
		if c.unit == "" {
			c.skip = true
			continue // a number word with no counted noun: not a quantity of ours
		}
		var y0, y1 int
		period := ""
		var tp *timex
		if c.tx < 0 {
			// "heard 38 cases in 2020 …, resulting in 34 rulings": an
			// outcome shares the time of the figure it results from
			if p := resultOf(text, cs, qs, k, ss); p >= 0 {
				c.tx = cs[p].tx
			}
		}
		// A figure of the context still shapes what follows it (its skip,
		// unit, label and time above, a breakdown's years below), but its
		// own time, metric and observation are never reported.
		ctx := q.Start < from
		if c.tx >= 0 {
			if ctx {
				continue
			}
			tp = &tx[c.tx]
		} else {
			// "against 10 persons (4 in 2021 and 6 in 2022)": a total over
			// the years of its breakdown.
			a, b := parenYears(text, tx, q.End, se)
			if a == 0 {
				a, b = breakdownYears(text, tx, cs, qs, k, se)
			}
			if a > 0 {
				y0, y1 = a, b
				// later figures of the sentence share it ("…; of these, 3 …")
				extra = append(extra, timex{start: q.Start, end: q.End, y0: a, y1: b, ok: true})
			} else {
				if ctx && !(doc.PeriodStart == 0 && curReporting) {
					continue // the free time below only decides c.skip here
				}
				tp = freeTime(text, tx, extra, q.Start, ss, se, curMarks)
				if tp == nil && doc.PeriodStart == 0 && curReporting {
					// "During the reporting period" of a document that does
					// not say which period it covers: a time the text does
					// not resolve.
					c.skip = true
					continue
				}
				if tp == nil && !ctx {
					if !curFallbackDone {
						curFallback, curFallbackDone = fallbackTime(text, tx, extra, ss, se, curPresent, curPerfect), true
					}
					tp = curFallback
				}
			}
		}
		if ctx {
			continue
		}
		if tp != nil {
			y0, y1, period = tp.y0, tp.y1, tp.period
		} else if y0 > 0 {
		} else if q.Qualifier == "at least" || q.Qualifier == "up to" {
			continue // "a group of at least 10 citizens", with no time: a norm
		} else if doc.Year > 0 {
			y0, y1 = doc.Year, doc.Year
		} else {
			continue
		}
		// "152 offences were recorded in 2022, which is 21 per cent fewer
		// than the 194 offences registered in 2021": a change between the
		// two years.
		if q.Unit == "percent" && y0 == y1 {
			if b, ok := comparedYear(text, tx, cs, qs, k, se); ok && b != y0 {
				y0, y1 = min(y0, b), max(y1, b)
			}
		}
		splitDone := false
		if tp != nil && tp.split && y0 < y1 {
			splitDone = true
			switch {
			case prevWord(text, q.QualStart) == "from" && k+1 < len(cs) && strings.TrimSpace(text[q.End:qs[k+1].QualStart]) == "to":
				y1 = y0
			case prevWord(text, q.QualStart) == "to" && k > 0 && prevWord(text, qs[k-1].QualStart) == "from" &&
				strings.TrimSpace(text[qs[k-1].End:q.QualStart]) == "to":
				y0 = y1
			}
		}
		if tp != nil && !tp.bound && y0 == y1 && !splitDone {
			switch {
			case k > 0 && !cs[k-1].skip && cs[k-1].unit == c.unit && strings.TrimSpace(text[qs[k-1].End:q.Start]) == "(" &&
				q.End < len(text) && text[q.End] == ')':
				// "released 1,053 (1,224) persons": last year's figure in brackets
				y0, y1 = y0-1, y1-1
			case prevWord(text, q.QualStart) == "from" && k+1 < len(cs) && cs[k+1].tx < 0 &&
				strings.TrimSpace(text[q.End:qs[k+1].QualStart]) == "to":
				// "decreased by 3.5 per cent (from 24,234 to 23,369)": the
				// start of a change stated for a year is the year before
				y0, y1 = y0-1, y1-1
			}
		}
		label := c.label
		metric := metrics.get(label, c.unit)
		if len(out) == cap(out) {
			out = slices.Grow(out, 1+left)
		}
		out = append(out, Observation{
			Metric:      metric,
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
	breakdownTotals(text, out[len(dst):])
	if len(out) == len(dst) {
		return dst
	}
	return out
}

// appendYearAdjectives appends the times yearAdjective reads at every
// "year" of text, in order.
func appendYearAdjectives(tx []timex, text string, doc Doc) []timex {
	// Only a "year" after a hyphen can be one: those are found by the
	// hyphen, a rare byte, rather than by every "year" of the text.
	hy, nb := indexFrom(text, "-year", 0), indexFrom(text, "\u2011year", 0)
	for hy >= 0 || nb >= 0 {
		var i int
		if nb < 0 || hy >= 0 && hy < nb {
			i = hy + len("-")
			hy = indexFrom(text, "-year", i+4)
		} else {
			i = nb + len("\u2011")
			nb = indexFrom(text, "\u2011year", i+4)
		}
		if t, ok := yearAdjective(text, i, doc); ok {
			tx = append(tx, t)
		}
	}
	return tx
}

// appendReportingPeriods appends the document's reporting period at every
// "reporting period" of text, in order.
func appendReportingPeriods(tx []timex, text string, doc Doc) []timex {
	// found by their "g period", which starts with a rarer byte
	const rp, tail = "reporting period", len("g period")
	for g := indexFrom(text, rp[len(rp)-tail:], len(rp)-tail); g >= 0; g = indexFrom(text, rp[len(rp)-tail:], g+1) {
		if i := g - (len(rp) - tail); text[i:g] == rp[:len(rp)-tail] {
			tx = append(tx, timex{start: i, end: i + len(rp), y0: doc.PeriodStart, y1: doc.PeriodEnd, ok: true})
		}
	}
	return tx
}

// indexFrom returns the index in text of the first sub at or after from,
// or -1.
func indexFrom(text, sub string, from int) int {
	if from > len(text) {
		return -1
	}
	if i := strings.Index(text[from:], sub); i >= 0 {
		return from + i
	}
	return -1
}

// containsAt is strings.Contains(s, sub), found by the byte sub[at]: a
// byte rarer than the first is fewer false starts.
func containsAt(s, sub string, at int) bool {
	c, tail := sub[at], len(sub)-at
	for i := at; i+tail <= len(s); i++ {
		j := strings.IndexByte(s[i:len(s)-tail+1], c)
		if j < 0 {
			return false
		}
		i += j
		if s[i-at:i-at+len(sub)] == sub {
			return true
		}
	}
	return false
}

// metricCache remembers the metric ids of the last labels of a text, as
// metricFor would give them: a small ring searched in full, rather than
// a map per text.
type metricCache struct {
	n       int // entries made so far; the ring holds the last len(ring)
	entries [64]struct{ label, unit, metric string }
}

func (m *metricCache) get(label, unit string) string {
	for i := range min(m.n, len(m.entries)) {
		if e := &m.entries[i]; e.label == label && e.unit == unit {
			return e.metric
		}
	}
	id := metricFor(label, unit)
	m.entries[m.n%len(m.entries)] = struct{ label, unit, metric string }{label, unit, id}
	m.n++
	return id
}

// deadSentence reports whether the figures of the sentence that starts
// with cs[k] and ends at se, all of the context, can leave nothing that a
// later paragraph reads. Later figures look back within their own
// sentence, which starts past se when se is a real sentence end (not the
// maxSentence cut), or paragraph, with these exceptions: a breakdown
// period (extra, which fallbackTime reads over paragraphs before; the
// check is a superset of the figures that reach parenYears or
// breakdownYears in pass 4), a series item (parentSeries) and a figure
// whose next one, opening with "(", takes its unit or label from it.
func deadSentence(text string, tx []timex, cs []cand, qs []quantity.Quantity, k, se int) bool {
	if se >= min(len(text), qs[k].Start+maxSentence) {
		return false
	}
	j := k
	for ; j < len(cs) && qs[j].Start < se; j++ {
		if cs[j].series {
			return false
		}
		if cs[j].skip || cs[j].tx >= 0 {
			continue
		}
		if a, _ := parenYears(text, tx, qs[j].End, se); a > 0 {
			return false
		}
		if a, _ := breakdownYears(text, tx, cs, qs, j, se); a > 0 {
			return false
		}
	}
	return j == len(cs) || strings.TrimSpace(text[qs[j-1].End:qs[j].Start]) != "("
}

// breakdownTotals gives a total the span of the periods of its breakdown
// in the brackets that follow it, when the items add up to it: "Since the
// entry into force of the law, 1,052 events (…) have taken place (from 6
// June to the end of 2020, 132 …; in 2021, 421 …; and, since the
// beginning of 2022, 499 …)" → 2020 to the document's year.
func breakdownTotals(text string, out []Observation) {
	for i := range out {
		o := &out[i]
		if o.Unit == "percent" {
			continue
		}
		// the first bracket with figures after the total, before any other
		// figure, or a list after a colon ("3,050 out of 86,130 persons:
		// 390 out of 1,657 …, 263 out of 5,845 …")
		lo, hi := -1, -1
		if w := text[o.End:min(len(text), o.End+200)]; strings.IndexByte(w, '(') < 0 && strings.IndexByte(w, ':') < 0 {
			continue
		}
		for p := o.End; p < len(text) && p < o.End+200; p++ {
			c := text[p]
			if isDigit(c) && strings.TrimSpace(text[o.End:p]) == "out of" {
				// the whole of "A out of B": pass over B
				for p < len(text) && (isDigit(text[p]) || text[p] == ',') {
					p++
				}
				continue
			}
			if c == ':' {
				e := len(text)
				for q := p; q < len(text) && q < p+600; q++ {
					if text[q] == ')' || text[q] == ';' || text[q] == '.' && q+1 < len(text) && isSpace(text[q+1]) {
						e = q
						break
					}
				}
				lo, hi = p, e
				break
			}
			if c == '.' && p+1 < len(text) && isSpace(text[p+1]) || c == ';' || isDigit(c) {
				break
			}
			if c == '(' {
				cl := strings.IndexByte(text[p:min(len(text), p+600)], ')')
				if cl < 0 {
					break
				}
				if !hasDigit(text[p : p+cl]) {
					p += cl
					continue
				}
				lo, hi = p, p+cl
				break
			}
		}
		if lo < 0 {
			continue
		}
		var items [16]int
		m := 0
		for j := i + 1; j < len(out) && out[j].Start < hi && m < len(items); j++ {
			if out[j].Start > lo && out[j].Unit == o.Unit {
				items[m] = j
				m++
			}
		}
		// the items themselves, or every other one when they come in
		// pairs ("390 out of 1,657")
		for _, st := range [...][2]int{{0, 1}, {0, 2}, {1, 2}} {
			sum, n, y0, y1 := 0.0, 0, 0, 0
			for x := st[0]; x < m; x += st[1] {
				it := &out[items[x]]
				sum += it.Value
				if n == 0 || it.YearStart < y0 {
					y0 = it.YearStart
				}
				y1 = max(y1, it.YearEnd)
				n++
			}
			if n >= 2 && sum == o.Value && y0 < y1 {
				o.YearStart, o.YearEnd, o.Period = y0, y1, ""
				break
			}
		}
	}
}

// resultOf returns the figure of the sentence whose outcome cs[k] states
// ("38 cases in 2020 …, resulting in 34 rulings"), when that figure has a
// time of its own; else -1.
func resultOf(text string, cs []cand, qs []quantity.Quantity, k, ss int) int {
	lo, hi := max(ss, qs[k].QualStart-24), qs[k].QualStart
	if lo >= hi {
		return -1
	}
	pre := trimBlanks(text[lo:hi])
	if !strings.HasSuffix(pre, "resulting in") && !strings.HasSuffix(pre, "resulted in") && !strings.HasSuffix(pre, "leading to") {
		return -1
	}
	for j := k - 1; j >= 0 && j >= k-maxLookBack && qs[j].Start >= ss; j-- {
		if cs[j].skip || qs[j].Year {
			continue
		}
		if cs[j].tx >= 0 {
			return j
		}
		return -1
	}
	return -1
}

// comparedYear reads "N per cent fewer (more, less, higher, lower) than
// [the] M … in YEAR" after the percentage cs[k] and returns YEAR.
func comparedYear(text string, tx []timex, cs []cand, qs []quantity.Quantity, k, se int) (int, bool) {
	q := &qs[k]
	switch nextWord(text, q.End) {
	case "fewer", "more", "less", "lower", "higher", "greater":
	default:
		return 0, false
	}
	if nextWord(text, wordEnd(text, q.End)) != "than" {
		return 0, false
	}
	if k+1 >= len(cs) || qs[k+1].Start >= se || qs[k+1].Start > q.End+40 {
		return 0, false
	}
	n := &cs[k+1]
	if n.tx < 0 || !tx[n.tx].bound || tx[n.tx].y0 != tx[n.tx].y1 {
		return 0, false
	}
	return tx[n.tx].y0, true
}

// inQuotes reports a span [a, b) between “ and ” within the sentence [ss, se).
func inQuotes(text string, a, b, ss, se int) bool {
	o := strings.LastIndex(text[ss:a], "“")
	if o < 0 || strings.Contains(text[ss+o:a], "”") {
		return false
	}
	return strings.Contains(text[b:se], "”")
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
// belongs to that figure alone: "262 persons in 2020", "8 in 2018", "390
// out of 1,657 from 6 June to the end of 2020".
func boundIn(mid string) bool {
	if strings.ContainsAny(mid, ",;:.()\n") {
		return false
	}
	m := strings.TrimSpace(mid)
	for _, suf := range [...]string{"in", "in the year", "for the period", "in the period", "during", "for", "over the period", "to the end of"} {
		if m == suf || strings.HasSuffix(m, " "+suf) {
			return strings.Count(m, " ") <= 3+strings.Count(suf, " ")
		}
	}
	return false
}

func lineStart(text string, i int) int { return strings.LastIndexByte(text[:i], '\n') + 1 }
func lineEnd(text string, i int) int {
	if e := strings.IndexByte(text[i:], '\n'); e >= 0 {
		return i + e
	}
	return len(text)
}

// tableHeader names a table flattened to text by the nearest header line
// above its rows ("Year Criminal Code, art. 125 ..."), prefixed with the
// caption, the block of lines just above the header: "Information on
// criminal cases brought to court … / Year Criminal Code, art. 125 …".
// Cells are labelled "<header> / column N".
func tableHeader(text string, ls int) string {
	i := ls - 1
	for i > 0 {
		ps := lineStart(text, i)
		line := strings.TrimSpace(text[ps:i])
		i = ps - 1
		if line == "" || startsWithYearRow(line) {
			continue
		}
		caption := ""
		for j := ps - 1; j > 0; {
			cs := lineStart(text, j)
			cl := strings.TrimSpace(text[cs:j])
			j = cs - 1
			if cl == "" {
				if caption != "" {
					break
				}
				continue
			}
			if strings.HasSuffix(cl, ".") || strings.HasSuffix(cl, ":") || len(caption) > 200 {
				break
			}
			caption = strings.TrimSpace(cl + " " + caption)
		}
		if caption != "" {
			line = caption + " / " + line
		}
		return line
	}
	return "table"
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

// freeTime picks the time of a figure with no year of its own: a time
// at the end of the parenthesis it stands in ("(including 2 judges … and
// 1 deputy in 2023)"), else the nearest preceding free time in its
// sentence, else the nearest following one not shut in a parenthesis,
// else — unless the sentence states a present fact ("There are 356
// investigators"), which is the document's year — the first free time of
// its paragraph. -1 means the document's year.
func freeTime(text string, tx, extra []timex, at, ss, se int, marks bool) *timex {
	// pick returns the time starting in [lo, hi] that satisfies ok and
	// starts latest (or earliest); tx is sorted by start.
	pick := func(latest bool, lo, hi int, ok func(t *timex) bool) *timex {
		var best *timex
		consider := func(t *timex) {
			if t.start < lo || t.start > hi || !ok(t) {
				return
			}
			if best == nil || latest && t.start > best.start || !latest && t.start < best.start {
				best = t
			}
		}
		for i := sort.Search(len(tx), func(i int) bool { return tx[i].start >= lo }); i < len(tx) && tx[i].start <= hi; i++ {
			consider(&tx[i])
		}
		for i := range extra {
			consider(&extra[i])
		}
		return best
	}
	if marks && openParen(text, ss, at) >= 0 {
		if cl := strings.IndexByte(text[at:min(se, at+400)], ')'); cl >= 0 {
			if t := pick(true, at, at+cl, func(t *timex) bool {
				return t.ok && t.start > at && t.end <= at+cl && !strings.ContainsAny(text[at:t.start], ";(") &&
					!strings.Contains(text[at:t.start], "compared")
			}); t != nil {
				return t
			}
		}
	}
	// The segment between semicolons or parentheses: "(compared with
	// 337, including 126 women, in 2020; 349, …)".
	ga, gb := ss, se
	if marks {
		ga, gb = segmentBounds(text, at, ss, se)
	}
	if t := pick(true, ga, at, func(t *timex) bool { return t.ok && t.end <= at }); t != nil {
		return t
	}
	if ga > ss || gb < se {
		if t := pick(false, at, gb, func(t *timex) bool { return t.ok && !t.bound && t.end <= gb }); t != nil {
			return t
		}
	}
	if t := pick(true, ss, at, func(t *timex) bool {
		return t.ok && !t.bound && t.end <= at && !(marks && closesParen(text[t.end:at]))
	}); t != nil {
		return t
	}
	if t := pick(false, at, se, func(t *timex) bool {
		// a year after "compared with" is the comparison's, not the figure's
		return t.ok && !t.bound && t.end <= se && !(marks && (openParen(text, at, t.start) >= 0 || strings.Contains(text[at:t.start], ";"))) &&
			indexFold(text[at:t.start], "compared") < 0
	}); t != nil {
		return t
	}
	return nil
}

// fallbackTime is the time of figures of the sentence [ss, se) that have
// none in their sentence: nil (the document's year) for a present fact
// ("There are 356 investigators"), else the first free time of the
// paragraph before the sentence, else — when the paragraph has no time at
// all — the first free time of the paragraph(s) it continues. It depends on
// the sentence only, so it is computed once per sentence.
func fallbackTime(text string, tx, extra []timex, ss, se int, present, perfect bool) *timex {
	if present {
		return nil
	}
	pick := func(latest bool, lo, hi int, ok func(t *timex) bool) *timex {
		var best *timex
		consider := func(t *timex) {
			if t.start < lo || t.start > hi || !ok(t) {
				return
			}
			if best == nil || latest && t.start > best.start || !latest && t.start < best.start {
				best = t
			}
		}
		for i := sort.Search(len(tx), func(i int) bool { return tx[i].start >= lo }); i < len(tx) && tx[i].start <= hi; i++ {
			consider(&tx[i])
		}
		for i := range extra {
			consider(&extra[i])
		}
		return best
	}
	// The first free time of the paragraph sets its topic ("In 2022, …"),
	// but "since 2019" only for what is still so at the time of writing
	// ("… have been disciplined"), not for a past event of another
	// sentence ("Kazakhstan removed 725 people").
	ps := paragraphStart(text, ss)
	if t := pick(false, ps, ss, func(t *timex) bool { return t.ok && !t.bound && t.end <= ss && (!t.since || perfect) }); t != nil {
		return t
	}
	// A paragraph with no time of its own continues the one before it,
	// unless it reports in the present perfect ("68 centres have been
	// opened"): what has been done by the time of writing.
	pe := paragraphEnd(text, se)
	if !perfect && ps < ss {
		// a paragraph that opens in the present perfect ("A campaign has
		// been conducted … More than 2 million children took part") reports
		// the time of writing throughout
		a, b := sentenceBounds(text, afterMarker(text, ps))
		_, _, perfect, _ = sentenceCues(text[a:b], nil)
	}
	if perfect || pick(false, ps, pe, func(t *timex) bool { return t.ok && !t.bound && t.end <= pe }) != nil || ps <= 1 {
		return nil
	}
	// … and a run of such paragraphs continues the last one that has a
	// time. A paragraph without figures ends the run: the text has moved on.
	head := definiteHead(text, ps)
	for n := 0; n < 4 && ps > 1; n++ {
		pe := skipBack(text, ps) // the end of the paragraph before, past blank lines
		if pe == 0 {
			break
		}
		pps := paragraphStart(text, pe)
		// "The amnesty was applied to 1,198 persons" continues the
		// sentence of the paragraph before that names the amnesty.
		if head != "" {
			prev := text[pps:ps]
			for e, tries := len(prev), 0; tries < 4; tries++ {
				i := lastIndexFold(prev[:e], head)
				if i < 0 {
					break
				}
				a, b := sentenceBounds(text, pps+i)
				if t := pick(false, a, b, func(t *timex) bool { return t.ok && !t.bound && t.end <= b }); t != nil {
					return t
				}
				e = max(0, min(i, a-pps))
			}
			head = ""
		}
		if t := pick(false, pps, ps, func(t *timex) bool { return t.ok && !t.bound && t.end <= ps }); t != nil {
			return t
		}
		if pick(false, pps, ps, func(t *timex) bool { return t.ok && t.end <= ps }) != nil {
			return nil // it has times, all tied to their own figures
		}
		if !hasFigure(text[pps:ps]) {
			return nil
		}
		ps = pps
	}
	return nil
}

// definiteHead returns the lower-cased noun of a paragraph that opens
// with a definite noun phrase ("The amnesty was …", "The Programme, …"),
// or "".
func definiteHead(text string, ps int) string {
	i := ps
	for i < len(text) && (isSpace(text[i]) || isDigit(text[i]) || text[i] == '.') {
		i++
	}
	if !strings.HasPrefix(text[i:], "The ") {
		return ""
	}
	i += 4
	j := i
	for j < len(text) && isLetter(text[j]) {
		j++
	}
	if j-i < 4 {
		return ""
	}
	return lowerWord(text[i:j])
}

// afterMarker skips the printed number of a paragraph at ps ("205. ",
// "12.\t", "(3) ") and the blanks around it.
func afterMarker(text string, ps int) int {
	i := skipFwd(text, ps)
	j := i
	if j < len(text) && text[j] == '(' {
		j++
	}
	k := j
	for k < len(text) && isDigit(text[k]) {
		k++
	}
	if k > j && k < len(text) && (text[k] == '.' || text[k] == ')') {
		return skipFwd(text, k+1)
	}
	return i
}

// hasFigure reports a digit in a paragraph after its printed number.
func hasFigure(p string) bool {
	i := 0
	for i < len(p) && (isSpace(p[i]) || isDigit(p[i])) {
		i++
	}
	return hasDigit(p[i:])
}

// paragraphEnd returns the end of the paragraph holding i.
func paragraphEnd(text string, i int) int {
	hi := min(len(text), i+maxParagraph)
	for k := i; k < hi; k++ {
		nl := strings.IndexByte(text[k:hi], '\n')
		if nl < 0 {
			break
		}
		k += nl
		if blankOrListAt(text, k) {
			return k
		}
	}
	return hi
}

// openParen returns the position of a '(' between a and b that is still
// open at b, or -1.
func openParen(text string, a, b int) int {
	depth, pos := 0, -1
	for k := b - 1; k >= a && k >= b-400; k-- {
		switch text[k] {
		case ')':
			depth++
		case '(':
			if depth == 0 {
				return k
			}
			depth--
		}
	}
	return pos
}

// closesParen reports whether s closes a parenthesis it did not open.
func closesParen(s string) bool {
	depth := 0
	for k := 0; k < len(s); k++ {
		switch s[k] {
		case '(':
			depth++
		case ')':
			depth--
			if depth < 0 {
				return true
			}
		}
	}
	return false
}

func dateBegin(text string, start int) int {
	b, _, _ := dateStart(text, start)
	return b
}

// segmentBounds returns the part of the sentence around i between
// semicolons and parentheses; a gloss without figures such as "(fines)"
// does not end a segment.
func segmentBounds(text string, i, ss, se int) (int, int) {
	a := max(ss, i-400)
	for k := i - 1; k >= a; k-- {
		c := text[k]
		if c == ')' {
			w := max(ss, k-200)
			if o := strings.LastIndexByte(text[w:k], '('); o >= 0 && !hasDigit(text[w+o:k]) {
				k = w + o
				continue
			}
			a = k + 1
			break
		}
		if c == '(' || c == ';' {
			a = k + 1
			break
		}
	}
	b := min(se, i+400)
	for k := i; k < b; k++ {
		c := text[k]
		if c == '(' {
			if e := strings.IndexByte(text[k:min(se, k+200)], ')'); e >= 0 && !hasDigit(text[k:k+e]) {
				k += e
				continue
			}
			b = k
			break
		}
		if c == ')' || c == ';' {
			b = k
			break
		}
	}
	return a, b
}

// breakdownYears reads a year breakdown further on in the figure's clause,
// after words and glosses but before any other figure: "Eight cases were
// brought under article 128 of the Code (Trafficking) (4 in 2021 and 4 in
// 2022)", "A total of 401 persons were sentenced to various penalties (146
// in 2018, …, 42 in 2023)". Being away from the figure, the breakdown must
// add up to it. It returns the span of the years, or 0.
func breakdownYears(text string, tx []timex, cs []cand, qs []quantity.Quantity, k, se int) (int, int) {
	q := &qs[k]
	hi := min(se, q.End+300)
	next := hi // the next figure that may be an observation
	for j := k + 1; j < len(cs) && qs[j].Start < hi; j++ {
		if !cs[j].skip {
			next = qs[j].Start
			break
		}
	}
	for i := q.End; i < next; i++ {
		switch text[i] {
		case ';', ':':
			return 0, 0
		case '.':
			if i+1 < len(text) && isSpace(text[i+1]) {
				return 0, 0
			}
		case '(':
			cl := strings.IndexByte(text[i:hi], ')')
			if cl < 0 {
				return 0, 0
			}
			pe := i + cl
			if !hasDigit(text[i:pe]) {
				i = pe
				continue // a gloss: "(Trafficking in persons)"
			}
			if next < i {
				return 0, 0
			}
			a, b, n := 0, 0, 0
			sum := 0.0
			for j := k + 1; j < len(cs) && qs[j].Start < pe; j++ {
				c := &cs[j]
				if qs[j].Start <= i || c.skip {
					continue
				}
				if c.tx < 0 || !tx[c.tx].bound || tx[c.tx].y0 != tx[c.tx].y1 || tx[c.tx].start > pe {
					return 0, 0
				}
				y := tx[c.tx].y0
				if n == 0 || y < a {
					a = y
				}
				b = max(b, y)
				sum += qs[j].Value
				n++
			}
			if n < 2 || a == b || sum != q.Value {
				return 0, 0
			}
			return a, b
		}
	}
	return 0, 0
}

// parenYears reads a parenthesis right after a figure that breaks it down
// by year ("10 persons (4 in 2021 and 6 in 2022)") and returns the span
// of those years; 0 when there is no such breakdown.
func parenYears(text string, tx []timex, at, se int) (int, int) {
	k := at
	// skip the counted noun: "10 persons (…"
	for w := 0; w < 3; w++ {
		j := skipFwd(text, k)
		e := j
		for e < len(text) && isLetter(text[e]) {
			e++
		}
		if e == j {
			k = j
			break
		}
		k = e
	}
	k = skipFwd(text, k)
	if k >= se || text[k] != '(' {
		return 0, 0
	}
	cl := strings.IndexByte(text[k:se], ')')
	if cl < 0 {
		return 0, 0
	}
	inner := text[k : k+cl]
	if strings.Contains(inner, "compared") || strings.Contains(inner, "including") || strings.Contains(inner, "(") && strings.Count(inner, "(") > 1 {
		return 0, 0
	}
	a, b, n := 0, 0, 0
	for i := range tx {
		t := &tx[i]
		if t.start > k && t.end <= k+cl && t.bound && t.y0 == t.y1 {
			if n == 0 || t.y0 < a {
				a = t.y0
			}
			if t.y1 > b {
				b = t.y1
			}
			n++
		}
	}
	if n < 2 || a == b {
		return 0, 0
	}
	return a, b
}

// sinceBefore reports "since 2022", "since 1 July 2020", "since the
// beginning of 2022": a period running to the document's year.
func sinceBefore(text string, start int) bool {
	b := dateBegin(text, start)
	if prevWord(text, b) == "since" {
		return true
	}
	pre := strings.TrimRight(text[max(0, b-40):b], " ")
	if !strings.Contains(pre, "ince") {
		return false
	}
	for _, p := range [...]string{"since the beginning of", "since the start of", "since the end of", "since early", "since mid-"} {
		if len(pre) >= len(p) && hasPrefixFold(pre[len(pre)-len(p):], p) {
			return true
		}
	}
	return false
}

// lastIndexFold is strings.LastIndex(lowerASCII(s), sub) for a lower-case
// ASCII sub, without lower-casing a copy of s.
func lastIndexFold(s, sub string) int {
	for i := len(s) - len(sub); i >= 0; i-- {
		if hasPrefixFold(s[i:], sub) {
			return i
		}
	}
	return -1
}

// lowerASCII lower-cases ASCII letters only, so that byte offsets are kept.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + 32
				}
			}
			return string(b)
		}
	}
	return s
}

// yearAdjective reads "over a 10-year period", "over the past 10 years"
// written as an adjective ("the five-year HIV prevalence rate") around the
// "year" at i. Such a period is the N complete years before the year of
// writing (or ending with the stated reporting period); split marks that
// a change "from A to B" over it runs from its first to its last year.
func yearAdjective(text string, i int, doc Doc) (timex, bool) {
	h := i
	switch {
	case strings.HasSuffix(text[:h], "-"):
		h--
	case strings.HasSuffix(text[:h], "\u2011"):
		h -= 3
	default:
		return timex{}, false
	}
	j := h
	for j > 0 && (isLetter(text[j-1]) || isDigit(text[j-1])) {
		j--
	}
	numTxt := text[j:h]
	n := 0
	if numTxt != "" && isDigit(numTxt[0]) {
		for _, c := range []byte(numTxt) {
			if !isDigit(c) {
				return timex{}, false
			}
			n = n*10 + int(c-'0')
		}
	} else if v, ok := wordNumber(numTxt); ok {
		n = v
	}
	if n < 2 || n > 30 {
		return timex{}, false
	}
	after := strings.ToLower(text[i+4 : min(len(text), i+40)])
	before := strings.ToLower(text[max(0, j-12):j])
	split := false
	switch {
	case (strings.HasSuffix(before, "over a ") || strings.HasSuffix(before, "over the ")) && strings.HasPrefix(after, " period"):
		split = true
	case strings.HasSuffix(before, "the ") && (strings.Contains(after, " rate") || strings.Contains(after, " prevalence") || strings.Contains(after, " average")):
	default:
		return timex{}, false
	}
	end := doc.Year - 1
	if doc.PeriodEnd > 0 && doc.PeriodEnd >= doc.Year {
		end = doc.PeriodEnd
	}
	return timex{start: j, end: i + 4, y0: end - n + 1, y1: end, ok: true, split: split}, true
}

// wordNumber reads a small number word ("five", "ten").
func wordNumber(w string) (int, bool) {
	for n, s := range [...]string{"", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"} {
		if s != "" && strings.EqualFold(w, s) {
			return n, true
		}
	}
	return 0, false
}

// atLineStart returns the start of the line holding i when only blanks
// precede i on it, else -1.
func atLineStart(text string, i int) int {
	for i > 0 && (text[i-1] == ' ' || text[i-1] == '\t' || text[i-1] == '\r') {
		i--
	}
	if i == 0 || text[i-1] == '\n' {
		return i
	}
	return -1
}
