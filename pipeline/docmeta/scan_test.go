package docmeta

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/factflow/factflow/pipeline/legal"
)

// The definitions the hand-written matchers implement.
var (
	spaceRe = regexp.MustCompile(`[\s\x{00A0}\x{2007}\x{202F}]+`)
	yearRe  = regexp.MustCompile(`\b(19\d\d|20[0-3]\d)\b`)
)

// checkScan asserts, for one input, that the helpers agree with the
// expressions and the lower-casing they replace, and that every cheap
// test in front of an expression is a necessary condition of its match.
func checkScan(t *testing.T, s string) {
	t.Helper()
	if got, want := legal.CollapseSpace(s), spaceRe.ReplaceAllString(s, " "); got != want {
		t.Errorf("legal.CollapseSpace(%q) = %q, want %q", s, got, want)
	}
	checkNextYear(t, s)
	// the definition sameLengthLower reads eight bytes at a time for
	same := true
	for i, r := range s {
		if r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD") || utf8.RuneLen(unicode.ToLower(r)) != utf8.RuneLen(r) {
			same = false
			break
		}
	}
	if got := sameLengthLower(s); got != same {
		t.Errorf("sameLengthLower(%q) = %v, want %v", s, got, same)
	}
	if sameLengthLower(s) {
		if got, want := indexFold(s, "period"), strings.Index(strings.ToLower(s), "period"); got != want {
			t.Errorf("indexFold(%q) = %d, want %d", s, got, want)
		}
	}
	if got, want := futureRe.MatchString(afterLastStop(s)), futureRe.MatchString(s); got != want {
		t.Errorf("futureRe after the last stop of %q: %v, in all of it: %v", s, got, want)
	}
	if got, want := reportOf(s), reportOfRe.FindStringSubmatch(s); !slices.Equal(got, want) {
		t.Errorf("reportOf(%q) = %q, want %q", s, got, want)
	}
	if futureRe.MatchString(s) && !mayBeFuture(s) {
		t.Errorf("futureRe matches %q but mayBeFuture says no", s)
	}
	head := legal.CollapseSpace(s)
	if got, want := preparedBy(head), preparedByRe.FindStringSubmatch(head); !slices.Equal(got, want) {
		t.Errorf("preparedBy(%q) = %q, want %q", head, got, want)
	}
	if got, want := periodNear(s, len(s)/2), periodRe.FindStringSubmatch(legal.CollapseSpace(s[max(0, len(s)/2-160):min(len(s), len(s)/2+60)])); countYears(s[max(0, len(s)/2-160):min(len(s), len(s)/2+60)]) >= 2 && !slices.Equal(got, want) {
		t.Errorf("periodNear(%q) = %q, want %q", s, got, want)
	}
	if periodRe.MatchString(head) && countYears(s) < 2 {
		t.Errorf("periodRe matches %q with fewer than two years", s)
	}
	for i, r := range typeRules {
		if r.re.MatchString(s) && indexFold(s, r.key) < 0 {
			t.Errorf("%s rule matches %q without %q", r.typ, s, r.key)
		}
		if got, want := typeMatch(i, s), r.re.MatchString(s); got != want {
			t.Errorf("typeMatch(%s, %q) = %v, want %v", r.typ, s, got, want)
		}
	}
}

var scanSeeds = []string{
	"", "This report covers the period 2015–2019; reporting period: 2009 to 2013.",
	"The report was prepared by the Ministry of Justice. Submitted   by the Office of the Ombudsman",
	"In 2019 there were 5 complaints; the plan will run until 2030 and from 2026 onwards.",
	"REPLIES of Georgia to the List of Issues; COUNTRY PROFILE; this page provides",
	"İstanbul PERIOD 2020-2021, \u212aelvin 1999 ſ",
	"The REPORT\u00a0covers the reporting   period from 2015 to 2019. Information for the period 2001-2003",
	"0123456789abcdefghİjklmnopqrstuvwxyz \xff 0123456789abcdefĦ",
	"the plan. It runs to ; reporting until  ", "Report of the Republic of Kazakhstan; xreport of Georgia; REPLIES OF the Republic of Moldova", "planned for 2030. will;",
	"xreport covers the period 2015–2019; reporting period: 2009 to 2013",
	"Shadow report; PARALLEL  report; this web page shows; the present page provides; follow-up information; xthis report is the",
	"Replies of Kazakhstan to the list of issues; country profile; combined second and third periodic report of; state party report",
}

func TestScan(t *testing.T) {
	for _, s := range scanSeeds {
		checkScan(t, s)
	}
}

func FuzzScan(f *testing.F) {
	for _, s := range scanSeeds {
		f.Add(s)
	}
	f.Fuzz(checkScan)
}

// TestIndexFold puts each word, in mixed case, at every offset of a
// padding made of bytes next to its own (which the word-wide test is most
// likely to flag wrongly) and of its own letters, and compares with
// strings.Index of the lower-cased text (ASCII: lower-casing keeps its
// offsets).
func TestIndexFold(t *testing.T) {
	words := []string{"period", "ed by", "report", "e.", "x", "repl"}
	pads := []string{"", "q", "oqOQ", "pe pE Pe PE", "perio", "PERIO d", "\x00\x01\x7f",
		"ffffffffffffffff", "peperperiperioperio"}
	for _, w := range words {
		cased := []string{w, strings.ToUpper(w), mixCase(w, 0), mixCase(w, 1)}
		for _, pad := range pads {
			for n := 0; n <= 20; n++ {
				before := padding(pad, n)
				for _, c := range cased {
					for _, s := range []string{before + c, before + c + pad, before + c[:len(c)-1], before + c + before + c} {
						if got, want := indexFold(s, w), strings.Index(strings.ToLower(s), w); got != want {
							t.Fatalf("indexFold(%q, %q) = %d, want %d", s, w, got, want)
						}
					}
				}
			}
		}
	}
}

// padding is the first n bytes of pad repeated ("" if pad is).
func padding(pad string, n int) string {
	return strings.Repeat(pad, n+1)[:min(n, n*len(pad))]
}

// mixCase upper-cases every other letter of w, from the first or the second.
func mixCase(w string, from int) string {
	b := []byte(w)
	for i := from; i < len(b); i += 2 {
		if b[i] >= 'a' && b[i] <= 'z' {
			b[i] -= 'a' - 'A'
		}
	}
	return string(b)
}

// TestNextYear puts years and near-years at every offset of paddings of
// digits and separators, and compares every match with yearRe's.
func TestNextYear(t *testing.T) {
	years := []string{"2019", "1990", "2040", "1919", "2020", "20190", "x2019", "19", "201"}
	pads := []string{"", " ", "1", "2", "19 20 ", "2-1-", "a", "9120"}
	for _, y := range years {
		for _, pad := range pads {
			for n := 0; n <= 20; n++ {
				before := padding(pad, n)
				for _, s := range []string{before + y, before + y + pad, before + y + " " + before + y} {
					checkNextYear(t, s)
				}
			}
		}
	}
}

// checkNextYear asserts that nextYear, called from each match's end, finds
// the matches of yearRe.
func checkNextYear(t *testing.T, s string) {
	t.Helper()
	var got []int
	for i := nextYear(s, 0); i >= 0; i = nextYear(s, i+4) {
		got = append(got, i)
	}
	var want []int
	for _, m := range yearRe.FindAllStringIndex(s, -1) {
		want = append(want, m[0])
	}
	if !slices.Equal(got, want) {
		t.Errorf("nextYear(%q) finds %v, yearRe %v", s, got, want)
	}
}
