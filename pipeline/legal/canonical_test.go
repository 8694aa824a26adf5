package legal

import (
	"fmt"
	"strings"
	"testing"
)

// canonicalOfRef is canonicalOf as it was written first, looking up each
// prefix with lookupCode: the definition canonicalOf keeps.
func canonicalOfRef(m string) (CodeEntry, bool) {
	n := CollapseSpace(strings.TrimSpace(m))
	for j := len(n); j > 0; j-- {
		if j < len(n) && n[j] != ' ' {
			continue
		}
		if e, ok := lookupCode(n[:j]); ok {
			return e, true
		}
	}
	return CodeEntry{}, false
}

func checkCanonicalOf(t *testing.T, s string) {
	t.Helper()
	if got, want := fmt.Sprint(canonicalOf(s)), fmt.Sprint(canonicalOfRef(s)); got != want {
		t.Errorf("canonicalOf(%q) = %s, want %s", s, got, want)
	}
}

func TestCanonicalOf(t *testing.T) {
	seeds := []string{"", " ", "the", "the ", "The Criminal Code", "CRIMINAL\n  CODE", "Criminal Code of the Republic of Kazakhstan",
		"Criminal\vCode", "Criminal \v Code of", "Civil Code\v", "\vCivil Code", "CC of the RK", "the  CC  of\tRK", "Code on People's Health and the Healthcare System",
		"Code on People’s Health and the Healthcare System", "Labour Code of\u00a0Uzbekistan", "Tax Code " + strings.Repeat("x", 130), "theTax Code", "Constitution of the Republic"}
	for _, n := range codeNames() {
		seeds = append(seeds, n, strings.ToUpper(n), " the "+n+" of the Republic of Kazakhstan ", strings.ReplaceAll(n, " ", "\n "))
	}
	for _, s := range seeds {
		checkCanonicalOf(t, s)
	}
}

func FuzzCanonicalOf(f *testing.F) {
	f.Add("Criminal \v Code of the Republic of Kazakhstan")
	f.Add("CC of the RK")
	f.Fuzz(checkCanonicalOf)
}

func checkCleanView(t *testing.T, s string) {
	t.Helper()
	v, ok := cleanView(s)
	c := cleanName(s)
	if ok && v != c || !ok && !strings.Contains(c, " ") {
		t.Errorf("cleanView(%q) = %q, %v; cleanName is %q", s, v, ok, c)
	}
}

func TestCleanView(t *testing.T) {
	for _, s := range []string{"", " ", "a", " a b ", "a  b", "a\nb", "\"a\n\"", "“\u00a0”", "\" \"", "\"\"", "a\u202fb", " \u00a0a\u2007", "«x\t»", "x\v y", "the Convention,\n", "„\n„"} {
		checkCleanView(t, s)
	}
}

func FuzzCleanView(f *testing.F) {
	f.Add("“the  Slavery\nConvention”, ")
	f.Fuzz(checkCleanView)
}
