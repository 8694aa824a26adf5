package extract

import (
	"strings"
	"testing"
)

// The allocation-free helpers must agree with the library calls they
// stand in for.
func TestTextHelpers(t *testing.T) {
	for _, s := range []string{
		"", " ", "a", "the number of victims", " lead", "trail ", "two  spaces", "wrapped\nline", "tab\there",
		"\t\n ", "no\u00a0break", "In", "ARTICLE", "Persons", "Xyzzy", "AVeryLongCapitalisedWordIndeed", "É", "dash – here", "(),.;:\"word\",", "word;", "()", "é", "crimes,:", "x \n",
	} {
		if got, want := joinFields(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("joinFields(%q) = %q, want %q", s, got, want)
		}
		if got, want := trimAny(s, "(),.;:\""), strings.Trim(s, "(),.;:\""); got != want {
			t.Errorf("trimAny(%q) = %q, want %q", s, got, want)
		}
		if got, want := trimRightAny(s, ",:"), strings.TrimRight(s, ",:"); got != want {
			t.Errorf("trimRightAny(%q) = %q, want %q", s, got, want)
		}
		if got, want := trimBlanks(s), strings.TrimRight(s, " \n"); got != want {
			t.Errorf("trimBlanks(%q) = %q, want %q", s, got, want)
		}
		if got, want := lowerWord(s), lowerASCII(s); got != want {
			t.Errorf("lowerWord(%q) = %q, want %q", s, got, want)
		}
		if got, want := hasSuffixFold(s, "line"), strings.HasSuffix(strings.ToLower(s), "line"); got != want {
			t.Errorf("hasSuffixFold(%q, line) = %v, want %v", s, got, want)
		}
	}
}

func TestPhraseAfter(t *testing.T) {
	for _, c := range []struct {
		text       string
		want, unit string
	}{
		{"945 cases of torture were registered in 2021", "cases of torture registered", "cases"},
		{"12 persons  convicted", "persons convicted", "persons"},          // two spaces: built, not sliced
		{"5 Investigations were opened", "Investigations opened", "cases"}, // the participle is added
		{"7 internal investigations", "internal investigations", "count"},  // an internal check
		{"3 women’s shelters", "women’s shelters", "count"},                // curly apostrophe
		{"19,000 plus children", "children", "persons"},                    // "plus" is passed over
		{"40 officers\nwere dismissed", "officers dismissed", "persons"},   // a wrapped line
		{"2 were", "", ""}, // no participle
		{"8 administrative offences", "administrative offences", "count"},                 // not crimes
		{"1,200 since 2019", "", ""},                                                      // a stop word
		{"6 complaints\n\nNext paragraph", "complaints", "complaints"},                    // a blank line ends it
		{"30 per cent of the population in the period", "per cent of the population", ""}, // "in the period"
	} {
		i := strings.IndexByte(c.text, ' ')
		got, unit := phraseAfter(c.text, i)
		if got != c.want || unit != c.unit {
			t.Errorf("phraseAfter(%q) = %q, %q; want %q, %q", c.text, got, unit, c.want, c.unit)
		}
	}
}

func TestParagraphBounds(t *testing.T) {
	text := "1. First paragraph.\nwrapped line.\n\nSecond one\n(3) third\n• fourth"
	for i := 0; i <= len(text); i++ {
		// the byte-at-a-time definitions the two functions speed up
		ws := max(0, i-maxParagraph)
		for k := i - 1; k >= max(0, i-maxParagraph); k-- {
			if text[k] == '\n' && blankOrListAt(text, k) {
				ws = k + 1
				break
			}
		}
		if got := paragraphStart(text, i); got != ws {
			t.Errorf("paragraphStart(%d) = %d, want %d", i, got, ws)
		}
		we := min(len(text), i+maxParagraph)
		for k := i; k < we; k++ {
			if text[k] == '\n' && blankOrListAt(text, k) {
				we = k
				break
			}
		}
		if got := paragraphEnd(text, i); got != we {
			t.Errorf("paragraphEnd(%d) = %d, want %d", i, got, we)
		}
	}
}
