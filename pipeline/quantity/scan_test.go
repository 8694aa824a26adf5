package quantity

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestLetterRun(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{
		{"", 0},
		{"a", 1},
		{"abc def", 3},
		{"ABCdefGH", 8},
		{"ABCdefGHi", 9},
		{"abcdefghijklmnop", 16},
		{"abcdefghijklmnop1", 16},
		{"abcdefgh@", 8},   // '@' folds to '`', just below 'a'
		{"abcdefgh[", 8},   // '[' folds to '{', just above 'z'
		{"abcdefg\xc1", 7}, // 0xC1|0x20 is no letter
		{"zzzzzzz_z", 7},
		{"1abc", 0},
		{"word’s", 4},
	} {
		if got := letterRun(c.in); got != c.want {
			t.Errorf("letterRun(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}

func TestStartMask(t *testing.T) {
	for _, c := range []struct {
		text string
		p    int
		want string // one character a byte: s for a possible start, . for none
	}{
		{"In 2023,", 0, "s..ssss."}, // every digit: a parse may end before it
		{"the 1.5 ", 0, "s...s.s."}, // a dot is looked at from the digit after it
		{"x_a b9c", 0, "s.s.ss."},   // Find passes over a letter after '_'
		{"abc defg", 2, "..s....."[:6]},
		{"ab_c", 0, "s..s"},
		{"é one", 0, "...s.."[:6]},
	} {
		// as Find computes it
		letter, digit := classify(load8(c.text, c.p))
		var before uint64
		if c.p > 0 && (isLetter(c.text[c.p-1]) || isDigit(c.text[c.p-1])) {
			before = 0x80
		}
		m := digit | letter&^((letter|digit)<<8|before)
		var got strings.Builder
		for k := 0; k < min(8, len(c.text)-c.p); k++ {
			if m>>(8*k+7)&1 == 1 {
				got.WriteByte('s')
			} else {
				got.WriteByte('.')
			}
		}
		if got.String() != c.want {
			t.Errorf("start mask of (%q, %d) = %s, want %s", c.text, c.p, got.String(), c.want)
		}
	}
}

// findReference is the byte-at-a-time scanner Find replaced: the two must
// agree on every input.
func findReference(text string) []Quantity {
	n := len(text)
	var out []Quantity
	for i := 0; i < n; {
		c := text[i]
		switch {
		case !isDigit(c) && !isLetter(c) && c != '.':
			i++
		case isDigit(c):
			q, end, ok := parseNumeric(text, i)
			if ok {
				out = appendDisjoint(out, q, text)
			}
			i = max(end, i+1)
		case c == '.':
			if i+1 < n && isDigit(text[i+1]) && (i == 0 || isSpaceByte(text[i-1]) || text[i-1] == '(') {
				q, end, ok := parseNumeric(text, i)
				if ok {
					out = appendDisjoint(out, q, text)
				}
				i = max(end, i+1)
				continue
			}
			i++
		default:
			j := i + 1
			for j < n && isLetter(text[j]) {
				j++
			}
			if l := j - i; l >= 3 && l <= 9 && (i == 0 || !isWordByte(text[i-1])) {
				if _, ok := wordValue(text[i:j]); ok {
					if q, end, ok := parseWords(text, i); ok {
						out = appendDisjoint(out, q, text)
						j = end
					}
				}
			}
			i = j
		}
	}
	return out
}

func TestFindMatchesReference(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "seeds", "*.txt"))
	texts := []string{
		"", "1", "a1", "one", "a thousand", ".5", "..5", " .5.6", "1.2.3", "a_one", "x_9", "x.5 and .5 and (.75)", "_one two", "1one", "one1",
		"twenty-five persons, 3,7% and T 49,456,000 over 23\n\n635 in 2019.",
		"eight-year-olds nine hundred and five thousand 12 million 345 thousand",
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	for _, s := range texts {
		if got, want := Find(s), findReference(s); !(len(got) == 0 && len(want) == 0) && !reflect.DeepEqual(got, want) {
			t.Errorf("Find and the reference scanner differ on %.60q…", s)
		}
	}
}

func FuzzFindMatchesReference(f *testing.F) {
	f.Add("In 2022, nine of 945 cases (3,7%) .5 T 49,456,000 over 23\n\n635")
	f.Add("a thousand_one x1two three-four")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Find(s), findReference(s); !(len(got) == 0 && len(want) == 0) && !reflect.DeepEqual(got, want) {
			t.Fatalf("Find(%q) = %+v, reference %+v", s, got, want)
		}
	})
}

// TestAroundGates checks that mayHaveAfter and mayHaveBefore only rule out
// places where every rule they guard finds nothing.
func TestAroundGates(t *testing.T) {
	for _, tc := range []struct {
		text                  string
		start, end            int // the numeral's span
		wantBefore, wantAfter bool
	}{
		{"In 2020, 5 cases", 3, 7, true, false},
		{"(2021)", 1, 5, false, false},
		{"12%", 0, 2, false, true},
		{"5 per cent", 0, 1, false, true},
		{"$20", 1, 3, true, false},
		{"US$ 5", 4, 5, true, false},
		{"€10", 3, 5, true, false},
		{"T 49,456,000", 2, 12, true, false},
		{"usd200", 3, 6, true, false},
		{"100 USD", 0, 3, false, true},
		{"19,000 plus children", 0, 6, false, true},
		{"about\t5\tplus x", 6, 7, true, true},
		{"5.", 0, 1, false, false},
		{"5\nmillion", 0, 1, false, false},
		{"5\u00a0%", 0, 1, false, true},
		{"-7)", 1, 2, false, false},
	} {
		if got := mayHaveBefore(tc.text, tc.start); got != tc.wantBefore {
			t.Errorf("mayHaveBefore(%q, %d) = %v, want %v", tc.text, tc.start, got, tc.wantBefore)
		}
		if got := mayHaveAfter(tc.text, tc.end); got != tc.wantAfter {
			t.Errorf("mayHaveAfter(%q, %d) = %v, want %v", tc.text, tc.end, got, tc.wantAfter)
		}
	}
	// Wherever a gate is shut, its rules find nothing.
	texts := []string{"In 2020, (2021) 12% 5 per cent $20 US$ 5 €10 T 49,456,000 usd200 100 USD 19,000 plus children",
		"about 5 more than 6; at least(7) 8\t% 9\tplus x -7) 10.5/11 some 12 dollars 13\n14\r15 plus y"}
	for _, s := range texts {
		for i := 0; i <= len(s); i++ {
			if !mayHaveAfter(s, i) {
				if _, ok := percentEnd(s, i); ok {
					t.Errorf("%q at %d: percentEnd past a shut gate", s, i)
				}
				if c, _ := currencyAfter(s, i); c != "" {
					t.Errorf("%q at %d: currencyAfter past a shut gate", s, i)
				}
				if plusAfter(s, i) {
					t.Errorf("%q at %d: plusAfter past a shut gate", s, i)
				}
			}
			if !mayHaveBefore(s, i) {
				if c, _ := currencyBefore(s, i); c != "" {
					t.Errorf("%q at %d: currencyBefore past a shut gate", s, i)
				}
				if n, _, st := qualifierBefore(s, i); n != "" || st != i {
					t.Errorf("%q at %d: qualifierBefore past a shut gate", s, i)
				}
			}
		}
	}
}
