package legal

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// spaceRe is the definition collapseSpace implements.
var spaceRe = mustRx(`\s+`)

// treatyStopRe is the definition treatyStop implements.
var treatyStopRe = mustRx(`[;()]|\.\s|\n[ \t]*\n|\b(?:which|that|was|were|is|are|has|have|had)\b`)

func checkTreatyStop(t *testing.T, w string) {
	want := -1
	if m := treatyStopRe.FindStringIndex(w); m != nil {
		want = m[0]
	}
	if got := treatyStop(w); got != want {
		t.Errorf("treatyStop(%q) = %d, want %d", w, got, want)
	}
}

func TestTreatyStop(t *testing.T) {
	for _, w := range []string{"", "x", "; a", "of 1926 (a)", "done.\u00a0x", "a.b", "x\n \t\nb", "x\n a\n", "which", "Whichever is", "_is", "isé", "éis", "thatch", "x was", "has-been", "a.\u202f"} {
		checkTreatyStop(t, w)
	}
}

func FuzzTreatyStop(f *testing.F) {
	f.Add("the Convention, of 1926, which")
	f.Fuzz(checkTreatyStop)
}

// TestCodeStarts checks what codeStarts assumes of the catalogue.
func TestCodeStarts(t *testing.T) {
	for _, a := range codeNames() {
		f := strings.Fields(strings.ToLower(a))[0]
		if f[0] < 'a' || f[0] > 'z' || !isASCII(f) {
			t.Errorf("%q: first word %q is not ASCII starting with a letter", a, f)
		}
	}
	// strings.ToLower maps only U+212A KELVIN SIGN and U+0130 from
	// non-ASCII to ASCII, which the "from" test in attrs relies on.
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if l := unicode.ToLower(r); l < 0x80 && r != '\u212A' && r != '\u0130' {
			t.Errorf("ToLower(%U) = %U", r, l)
		}
	}
}

func checkTitleCut(t *testing.T, s string) {
	want := -1
	if m := titleCutRe.FindStringIndex(s); m != nil {
		want = m[0]
	}
	if got := titleCut(s); got != want {
		t.Errorf("titleCut(%q) = %d, want %d", s, got, want)
	}
}

func TestTitleCut(t *testing.T) {
	for _, s := range []string{"", "on State Protection which was", "on X  and the Criminal Code of", "on Y of 5 May", "on Z dated\u00a0July 2000", "on the islands", "on W, is", "on it\tis", "on Law and Order"} {
		checkTitleCut(t, s)
	}
}

func FuzzTitleCut(f *testing.F) {
	f.Add("on the Protection of Parties and the Criminal Procedure Code of 1997")
	f.Fuzz(checkTitleCut)
}

// commaRe is the definition skipCommas implements.
var commaRe = mustRx(`^[\s,]*`)

func FuzzSkipCommas(f *testing.F) {
	f.Add(", \u00a0,\u2007 x")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := skipCommas(s, 0), commaRe.FindStringIndex(s)[1]; got != want {
			t.Errorf("skipCommas(%q) = %d, want %d", s, got, want)
		}
	})
}

// checkGates asserts, for one input, that every cheap test in front of a
// regular expression is a necessary condition of its match (so skipping
// the expression when the test fails changes nothing), and that the
// hand-written matchers agree with the expressions they replace.
func checkGates(t *testing.T, s string) {
	t.Helper()
	implies := func(name string, re *regexp.Regexp, may bool) {
		t.Helper()
		if !may && re.MatchString(s) {
			t.Errorf("%s matches %q but its gate says no", name, s)
		}
	}
	nonEmpty := s != ""
	implies("issuerBeforeRe", issuerBeforeRe, mayEndWithName(s))
	implies("preTitleRe", preTitleRe, mayEndWithName(s))
	implies("capWordsRe", capWordsRe, mayEndWithName(s))
	implies("prefixPartRe", prefixPartRe, endsWithOf(s))
	implies("dateIntroRe", dateIntroRe, nonEmpty && mayIntroDate(s))
	implies("dateRe", dateRe, nonEmpty && mayDate(s))
	implies("numberRe", numberRe, nonEmpty && mayNumber(s))
	implies("issuerAfterRe", issuerAfterRe, startsWithOf(s))
	implies("republicRe", republicRe, startsWithOf(s))
	implies("quotedTitleRe", quotedTitleRe, nonEmpty && startsWithQuote(s))
	implies("onTitleRe", onTitleRe, mayOnTitle(s))
	implies("itemRe", itemRe, nonEmpty && startsWithDigit(s))
	implies("itemPartRe", itemPartRe, nextIs("(")(s))
	implies("itemParaRe", itemParaRe, nextIs(",")(s))
	implies("itemNameRe", itemNameRe, nextIs("(")(s))
	implies("sepRe", sepRe, maySep(s))
	implies("ofRe", ofRe, mayOf(s))
	implies("backRe", backRe, nextIs(",", "(")(s))
	implies("colonRe", colonRe, nextIs(":")(s))
	implies("quotedRe", quotedRe, nextIs("\"", "“", "«")(s))
	if ws, we, _ := nextWord(s, 0); ws == 0 && we > 0 && isHeadWord(s[:we]) {
		if got, want := headAt(s, 0, we), headAtRe.FindStringSubmatchIndex(s); !slices.Equal(got, want) {
			t.Errorf("headAt(%q) = %v, want %v", s, got, want)
		}
	}
	if ws, we, ascii := nextWord(s, 0); ws == 0 && we > 0 && isArticleWord(s[:we], ascii) {
		implies("articleAnchorRe", articleAnchorRe, digitAfterWord(s))
		implies("articlesOfRe", articlesOfRe, ofAfterWord(s))
	}
	if got, want := codeReAt(s).FindStringIndex(s), codeAtRe.FindStringIndex(s); !slices.Equal(got, want) {
		t.Errorf("codeReAt(%q) finds %v, codeAtRe %v", s, got, want)
	}
	if got, want := fmt.Sprint(lookupCode(s)), fmt.Sprint(LookupCode(s)); got != want {
		t.Errorf("lookupCode(%q) = %s, want %s", s, got, want)
	}
	if got, want := collapseSpace(s), spaceRe.ReplaceAllString(s, " "); got != want {
		t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
	}
	if got, want := lastWord(s), strings.Fields(s); len(want) > 0 && got != want[len(want)-1] || len(want) == 0 && got != "" {
		t.Errorf("lastWord(%q) = %q, want the last of %q", s, got, want)
	}
}

func TestGates(t *testing.T) {
	for _, s := range append(fuzzSeeds, "", " ", "of", "Presidential ", "the Ministry of Justice ", "part 2 of ", "Nr. 5", "„x“", ", and 5", " , was added to", "(art. 5", " : 4", "Criminal Code of the Republic of Kazakhstan", "Code on Marriage (Matrimony) and Family", "a\u00a0\u00a0b \t c", "Law", "Act.", "Code\u00a0of", "Treaty)", "Normative  Resolution", "Optional Protocol", "order-", "Regulations_", "art.5", "Arts. 1", "articles of the", "ARTICLES\nOF", "article\u00a05", "articles-of", "art 1", "the CRIMINAL  code", " The Labor Code\v", "CC of the RK", "Code on People's Health and the Healthcare System", "Code on People’s Health and the Healthcare System") {
		checkGates(t, s)
	}
}

func FuzzGates(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(checkGates)
}

// TestByteClass checks the table against the definition of a word byte:
// letters, digits, '_' and any non-ASCII byte start and continue words,
// '-' only continues them.
func TestByteClass(t *testing.T) {
	for i := 0; i < 256; i++ {
		c := byte(i)
		word := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c >= 0x80
		if got := byteClass[c]&wordByte != 0; got != word {
			t.Errorf("byte %#x: word byte %v, want %v", c, got, word)
		}
		if got := byteClass[c] != 0; got != (word || c == '-') {
			t.Errorf("byte %#x: in a word %v", c, got)
		}
		if got := byteClass[c]&nonASCII != 0; got != (c >= 0x80) {
			t.Errorf("byte %#x: non-ASCII %v", c, got)
		}
	}
}
