package docmeta

import (
	"regexp"
	"slices"
	"strings"
	"testing"
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
	if got, want := collapseSpace(s), spaceRe.ReplaceAllString(s, " "); got != want {
		t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
	}
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
	if sameLengthLower(s) {
		if got, want := indexFold(s, "period"), strings.Index(strings.ToLower(s), "period"); got != want {
			t.Errorf("indexFold(%q) = %d, want %d", s, got, want)
		}
	}
	if futureRe.MatchString(s) && !mayBeFuture(s) {
		t.Errorf("futureRe matches %q but mayBeFuture says no", s)
	}
	head := collapseSpace(s)
	if got, want := preparedBy(head), preparedByRe.FindStringSubmatch(head); !slices.Equal(got, want) {
		t.Errorf("preparedBy(%q) = %q, want %q", head, got, want)
	}
	if periodRe.MatchString(head) && countYears(s) < 2 {
		t.Errorf("periodRe matches %q with fewer than two years", s)
	}
	for _, r := range typeRules {
		if r.re.MatchString(s) && indexFold(s, r.key) < 0 {
			t.Errorf("%s rule matches %q without %q", r.typ, s, r.key)
		}
	}
}

var scanSeeds = []string{
	"", "This report covers the period 2015–2019; reporting period: 2009 to 2013.",
	"The report was prepared by the Ministry of Justice. Submitted   by the Office of the Ombudsman",
	"In 2019 there were 5 complaints; the plan will run until 2030 and from 2026 onwards.",
	"REPLIES of Georgia to the List of Issues; COUNTRY PROFILE; this page provides",
	"İstanbul PERIOD 2020-2021, \u212aelvin 1999 ſ",
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
