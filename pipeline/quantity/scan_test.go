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
