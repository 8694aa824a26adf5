package extract

import (
	"slices"
	"strings"
	"testing"
)

// sentenceBoundsRef is sentenceBounds as a byte-by-byte loop: the
// definition that the scan eight bytes at a time is checked against.
func sentenceBoundsRef(text string, i int) (int, int) {
	lo, hi := max(0, i-maxSentence), min(len(text), i+maxSentence)
	s := lo
	for k := i - 1; k >= lo; k-- {
		switch text[k] {
		case '\n':
			if blankOrListAt(text, k) {
				s = k + 1
				k = lo
			}
		case '.', '!', '?':
			if sentenceEndAt(text, k) && k+1 < len(text) && k+1 <= i {
				s = k + 1
				k = lo
			}
		}
	}
	e := hi
	for k := i; k < hi; k++ {
		switch text[k] {
		case '\n':
			if blankOrListAt(text, k) {
				e = k
				k = hi
			}
		case '.', '!', '?':
			if sentenceEndAt(text, k) && !(k > 0 && isDigit(text[k-1]) && k+1 < len(text) && isDigit(text[k+1])) {
				e = k + 1
				k = hi
			}
		}
	}
	for s < e && isSpace(text[s]) {
		s++
	}
	return s, e
}

var boundsSeeds = []string{
	"",
	"One. Two! Three? Four",
	"In 2022, 945 cases were registered. No. 89 was heard.\n\nA new paragraph (3) with 5 items.\n12. Item\n(a) list",
	"Figures 3.5 and 12.7 per cent. e.g. this. Mr. Smith! What?\"Yes.\" 'No.'",
	"no stops at all in this rather long line of text without an end",
	"..........!!!!!!????\n\n\n\n",
	"Статья 5. Всего 12 дел.\n\n• bullet 7.\n",
	strings.Repeat("x", maxSentence+20) + ". " + strings.Repeat("y ", maxSentence),
}

func TestSentenceBoundsMatchesRef(t *testing.T) {
	for _, s := range boundsSeeds {
		for i := 0; i <= len(s); i++ {
			if a, b := sentenceBounds(s, i); true {
				if ra, rb := sentenceBoundsRef(s, i); a != ra || b != rb {
					t.Fatalf("sentenceBounds(%q, %d) = %d, %d; want %d, %d", s, i, a, b, ra, rb)
				}
			}
		}
	}
}

func FuzzSentenceBounds(f *testing.F) {
	for _, s := range boundsSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i := 0; i <= len(s); i++ {
			a, b := sentenceBounds(s, i)
			if ra, rb := sentenceBoundsRef(s, i); a != ra || b != rb {
				t.Fatalf("sentenceBounds(%q, %d) = %d, %d; want %d, %d", s, i, a, b, ra, rb)
			}
		}
	})
}

// The stop scanners must find what strings.IndexAny finds.
func TestStopScanners(t *testing.T) {
	for _, s := range append(boundsSeeds, "a", ".", "abcdefgh.", ".abcdefgh", "abcdefghijklmnop\nq", "\xff\x8a\x2e\x0a\x21\x3f") {
		for a := 0; a <= len(s); a++ {
			for b := a; b <= len(s) && b <= a+40; b++ {
				if got, want := indexStop(s[a:b]), strings.IndexAny(s[a:b], "\n.!?"); got != want {
					t.Fatalf("indexStop(%q) = %d, want %d", s[a:b], got, want)
				}
				if got, want := lastStop(s[a:b]), strings.LastIndexAny(s[a:b], "\n.!?"); got != want {
					t.Fatalf("lastStop(%q) = %d, want %d", s[a:b], got, want)
				}
			}
		}
	}
}

// containsAt must answer as strings.Contains does.
func TestContainsAt(t *testing.T) {
	for _, c := range []struct{ sub string }{{"ecent years"}, {"eporting period"}, {"“"}, {"a"}} {
		for _, s := range []string{"", "ecent years", "in recent years.", "recent year", "ecent yearsecent years", "the eporting period ends",
			"“quoted”", "”“", "\xe2\x80", "yyyy ecent yyears", "xecent years", "a", "ba"} {
			for at := 0; at < len(c.sub); at++ {
				if got, want := containsAt(s, c.sub, at), strings.Contains(s, c.sub); got != want {
					t.Errorf("containsAt(%q, %q, %d) = %v, want %v", s, c.sub, at, got, want)
				}
			}
		}
	}
}

func FuzzContainsAt(f *testing.F) {
	f.Add("in recent years and the reporting period “x”", "ecent years", 6)
	f.Fuzz(func(t *testing.T, s, sub string, at int) {
		if sub == "" {
			return
		}
		at = (at%len(sub) + len(sub)) % len(sub)
		if got, want := containsAt(s, sub, at), strings.Contains(s, sub); got != want {
			t.Fatalf("containsAt(%q, %q, %d) = %v, want %v", s, sub, at, got, want)
		}
	})
}

// appendYearAdjectivesRef and appendReportingPeriodsRef are the loops over
// every "year" and "reporting period" that the anchored searches stand in
// for.
func appendYearAdjectivesRef(tx []timex, text string, doc Doc) []timex {
	for off := 0; off < len(text); {
		i := strings.Index(text[off:], "year")
		if i < 0 {
			break
		}
		i += off
		off = i + 4
		if t, ok := yearAdjective(text, i, doc); ok {
			tx = append(tx, t)
		}
	}
	return tx
}

func appendReportingPeriodsRef(tx []timex, text string, doc Doc) []timex {
	for off := 0; ; {
		i := strings.Index(text[off:], "reporting period")
		if i < 0 {
			break
		}
		i += off
		tx = append(tx, timex{start: i, end: i + len("reporting period"), y0: doc.PeriodStart, y1: doc.PeriodEnd, ok: true})
		off = i + 1
	}
	return tx
}

var periodSeeds = []string{
	"",
	"over a 10-year period the rate fell; the five-year prevalence rate; over the past 3\u2011year period",
	"the twenty\u2011year average; year-year; -year; \u2011year; a 2-yearly; the 31-year rate; the two-years",
	"During the reporting period, in the reporting period and the reporting periods; Reporting period; reporting  period",
	"g period reportin reporting periodreporting period",
}

func TestAnchoredPeriodsMatchRef(t *testing.T) {
	doc := Doc{Year: 2023, PeriodStart: 2019, PeriodEnd: 2022}
	for _, s := range periodSeeds {
		checkAnchoredPeriods(t, s, doc)
	}
}

func FuzzAnchoredPeriods(f *testing.F) {
	for _, s := range periodSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkAnchoredPeriods(t, s, Doc{Year: 2023, PeriodStart: 2019, PeriodEnd: 2022})
	})
}

func checkAnchoredPeriods(t *testing.T, s string, doc Doc) {
	t.Helper()
	if got, want := appendYearAdjectives(nil, s, doc), appendYearAdjectivesRef(nil, s, doc); !slices.Equal(got, want) {
		t.Fatalf("appendYearAdjectives(%q) = %+v, want %+v", s, got, want)
	}
	if got, want := appendReportingPeriods(nil, s, doc), appendReportingPeriodsRef(nil, s, doc); !slices.Equal(got, want) {
		t.Fatalf("appendReportingPeriods(%q) = %+v, want %+v", s, got, want)
	}
}

// A foldSet must answer as hasFold on its words does.
func TestFoldSets(t *testing.T) {
	for _, c := range []struct {
		set   foldSet
		words map[string]bool
	}{
		{monthSet, months}, {legalNounSet, legalNouns}, {abbrevSet, abbrevs}, {adverbSet, adverbs},
		{participleSet, irregularParticiples}, {phoneWordSet, phoneWords}, {notCountedSet, notCounted},
		{newFoldSet(map[string]bool{}), map[string]bool{}}, {newFoldSet(map[string]bool{"yes": true, "no": false}), map[string]bool{"yes": true, "no": false}},
	} {
		probe := []string{"", "a", "x", "the", "Mayday", "in", "tel.", "E.G", "no", "NO", "yes", "Yes", "supercalifragilistic", "\xff", ".", "Ã©t"}
		for w := range c.words {
			probe = append(probe, w, strings.ToUpper(w), strings.ToUpper(w[:1])+w[1:], w+"s", w[:len(w)-1])
		}
		for _, w := range probe {
			if got, want := c.set.has(w), hasFold(c.words, w); got != want {
				t.Errorf("has(%q) = %v, want %v", w, got, want)
			}
		}
	}
}

// fields must see the fields strings.Fields sees.
func TestFields(t *testing.T) {
	for _, s := range []string{"", " ", "a", " from ", "from 3 to", "a b c d e", "\u00a0from\u2003to\t", "x\xffy z", "\u0085a\u0085", "a\nb\r\nc\v\fd"} {
		checkFields(t, s)
	}
}

func FuzzFields(f *testing.F) {
	f.Add("from\u00a0 12 to")
	f.Fuzz(checkFields)
}

func checkFields(t *testing.T, s string) {
	want := strings.Fields(s)
	for size := 0; size <= 5; size++ {
		dst := make([]string, size)
		n := fields(s, dst)
		if len(want) <= size {
			if n != len(want) || !slices.Equal(dst[:n], want) {
				t.Fatalf("fields(%q, %d) = %d %q, want %q", s, size, n, dst[:min(n, size)], want)
			}
		} else if n != size+1 || !slices.Equal(dst, want[:size]) {
			t.Fatalf("fields(%q, %d) = %d %q, want more than %d of %q", s, size, n, dst, size, want)
		}
	}
}

// lastIndexFold must answer as strings.LastIndex on a lower-cased copy.
func TestLastIndexFold(t *testing.T) {
	for _, s := range []string{"", "a", "The Amnesty was applied. the amnesty", "AMNESTY", "amnest", "xAmNeStYx amnesty", "Ämnesty amnesty"} {
		checkLastIndexFold(t, s, "amnesty")
		checkLastIndexFold(t, s, "a")
		checkLastIndexFold(t, s, "")
	}
}

func FuzzLastIndexFold(f *testing.F) {
	f.Add("The Programme, the programme", "programme")
	f.Fuzz(func(t *testing.T, s, sub string) {
		checkLastIndexFold(t, s, lowerASCII(sub))
	})
}

func checkLastIndexFold(t *testing.T, s, sub string) {
	if got, want := lastIndexFold(s, sub), strings.LastIndex(lowerASCII(s), sub); got != want {
		t.Fatalf("lastIndexFold(%q, %q) = %d, want %d", s, sub, got, want)
	}
}
