package legal

import (
	"regexp"
	"slices"
	"testing"
)

// The expressions the matchers of lists.go implement: their definitions.
var (
	articleAnchorRe = mustRx(`(?i)^(?:articles?|arts?\.?)\s*\d`)
	itemRe          = mustRx(`^(\d{1,4}(?:\.\d{1,3})?)(?:\s*([-‑–—])\s*(\d{1,4})\b)?`)
	sepRe           = mustRx(`(?i)^(?:\s*,\s*(?:and\s+|or\s+)?|\s*;\s*(?:and\s+)?|\s+(?:and|or|as\s+well\s+as)\s+)(?:(?:articles?|arts?\.?)\s*)?\d`)
	ofRe            = mustRx(`(?i)^(?:\s*,?\s+of|\s*,?\s+(?:was|were|has\s+been|have\s+been|is|are)\s+(?:added|inserted|introduced|included)\s+(?:to|in|into))\s+(?:the\s+)?(?:(same|said|this|that|present|above-mentioned|aforementioned)\s+)?`)
	onTitleRe       = mustRx(`^(?:on|On|concerning|approving|amending)\s[^;,.()"“”«»\n]*(?:\n[^;,.()"“”«»\n]+)*`)
)

// checkLists asserts that each matcher of lists.go finds what its
// expression finds in s.
func checkLists(t *testing.T, s string) {
	t.Helper()
	end := func(m []int) int {
		if m == nil {
			return -1
		}
		return m[1]
	}
	m, ok := itemAt(s)
	var got []int
	if ok {
		got = m[:]
	}
	if want := itemRe.FindStringSubmatchIndex(s); !slices.Equal(got, want) {
		t.Errorf("itemAt(%q) = %v, want %v", s, got, want)
	}
	for _, c := range []struct {
		name string
		got  int
		want []int
	}{
		{"articleAnchorEnd", articleAnchorEnd(s), articleAnchorRe.FindStringIndex(s)},
		{"sepEnd", sepEnd(s), sepRe.FindStringIndex(s)},
		{"ofEnd", ofEnd(s), ofRe.FindStringIndex(s)},
		{"onTitleEnd", onTitleEnd(s), onTitleRe.FindStringIndex(s)},
	} {
		if c.got != end(c.want) {
			t.Errorf("%s(%q) = %d, want %d", c.name, s, c.got, end(c.want))
		}
	}
}

// listSeeds reach every branch of the matchers of lists.go.
var listSeeds = []string{
	"", "1", "12345", "12.3", "12.3456", "12.", "12.a", "5-6", "5 - 6", "5\u00a0–\u202f6", "5—6a", "5‑12345", "5-6_", "5-6.", "5 -", "5-x",
	"article 5", "articles5", "ARTICLES\u00a05", "artic", "art. 5", "arts.5", "arts 5", "art.", "aRt5", "artſ. 5", "articleſ 5", "article s5", "art..5", "article. 5",
	", 5", " , and 5", ",and 5", ", or art. 5", "; and articles 5", ";5", " and 5", "and 5", " or\n5", " as well as 5", " aſ  well\tAS 5", " as well 5", ", and articles", ", andy 5", "; or 5", " ,\u00a0AND\u202f5", " ; 5", ",",
	" of the Criminal Code", ", of the same Code", ",of the", " , of", "of the", " OF  THE  above-mentioned Code", " was added to the Code", " were inserted into the Code", " has been introduced in the said", " have  been included to this", " is added in that x", " are added into", " iſ added to ", " was added tothe", " has been  added", " of thesame", " of the present\n", " of aforementioned ", " of the\u00a0said Code", " ofthe", " was  added   into   the   Code",
	"on the rights", "On  X", "on", "on ", "concerning  y, z", "approving\nthe\nplan", "amending the Law\n\nx", "on x\n", "on x\n;", "on x\n\u201cy", "on x «y»", "on\u00a0x", "onx", "on x\xe2\x80", "on x\xe2\x80\x9d", "on x\xc2", "on x\n\xff",
}

func TestLists(t *testing.T) {
	for _, s := range append(append(listSeeds, fuzzSeeds...), longSeeds...) {
		checkLists(t, s)
	}
	// the matchers agree at every offset of the seeds' texts too
	for _, s := range fuzzSeeds {
		for i := range s {
			checkLists(t, s[i:])
		}
	}
}

func FuzzLists(f *testing.F) {
	for _, s := range listSeeds {
		f.Add(s)
	}
	f.Fuzz(checkLists)
}

// artRe is the definition of nextArt: "art" in any ASCII case (no other
// character folds to a, r or t); its matches cannot overlap.
var artRe = regexp.MustCompile(`(?i)art`)

func checkArt(t *testing.T, s string) {
	t.Helper()
	var got []int
	for k := nextArt(s, 0); k >= 0; k = nextArt(s, k+1) {
		got = append(got, k)
	}
	var want []int
	for _, m := range artRe.FindAllStringIndex(s, -1) {
		want = append(want, m[0])
	}
	if !slices.Equal(got, want) {
		t.Errorf("nextArt(%q) = %v, want %v", s, got, want)
	}
}

func TestArtFinder(t *testing.T) {
	for _, s := range append(append(listSeeds, fuzzSeeds...), "art", "ar", "rt", "r", "R", "aRt", "ARTART", "arart", "rtart", "partArt\u00a0ART", "ARr", "arR", "a\u212art", "art\xff",
		// "art" across the eight-byte words nextArt reads, and bytes
		// whose low seven bits are letters
		"12345art", "123456art", "1234567art", "12345678art", "123456ar", "1234567a", "1234567ar", "\xe1\xf2\xf4art", "\xc1rt Art",
		"xxxxxxxxxxxxxxARTxxxxxxart", "_a_r_t_aartt") {
		checkArt(t, s)
	}
}

func FuzzArtFinder(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(checkArt)
}
