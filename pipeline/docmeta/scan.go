package docmeta

import (
	"encoding/binary"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Analyze reads whole documents, so a regular expression run over all of
// a document (or lower-casing all of it) dominated its cost. These helpers
// do the same work in one allocation-free pass. White space is collapsed
// with legal.CollapseSpace, which defines it as this package does.

// nextYear returns the offset of the first match of `\b(19\d\d|20[0-3]\d)\b`
// in text at or after i, or -1. Matches cannot overlap: one starts after a
// non-word byte and has four digits.
func nextYear(text string, i int) int {
	// Eight offsets at a time, each tested for "19" or "20" (see
	// indexFold): digits are common enough in reports that IndexByte,
	// called once for each '1' and '2', paid its set-up for short scans.
	for ; i+8 <= len(text)-3; i += 8 {
		w := binary.LittleEndian.Uint64([]byte(text[i : i+8]))
		v := binary.LittleEndian.Uint64([]byte(text[i+1 : i+9]))
		m := (zeros(w^(ones*'1'))&zeros(v^(ones*'9')) | zeros(w^(ones*'2'))&zeros(v^(ones*'0'))) & highs
		for ; m != 0; m &= m - 1 {
			if k := i + bits.TrailingZeros64(m)/8; yearAt(text, k) {
				return k
			}
		}
	}
	for ; i+4 <= len(text); i++ {
		if yearAt(text, i) {
			return i
		}
	}
	return -1
}

// zeros sets the high bit of every zero byte of x, and maybe of bytes
// above one; never of a byte below the lowest zero one.
func zeros(x uint64) uint64 { return (x - ones) &^ x }

// yearAt reports whether `\b(19\d\d|20[0-3]\d)\b` matches at text[i:].
func yearAt(text string, i int) bool {
	if i+4 > len(text) {
		return false
	}
	c := text[i]
	return (i == 0 || !isWord(text[i-1])) &&
		(c == '1' && text[i+1] == '9' || c == '2' && text[i+1] == '0' && text[i+2] <= '3') &&
		isDigit(text[i+2]) && isDigit(text[i+3]) &&
		(i+4 == len(text) || !isWord(text[i+4]))
}

// mayBeFuture is a necessary condition for futureRe to match w: w ends
// (before ASCII white space) with one of its target words or a dash, or
// holds one of its planning words. Checked up to ASCII case; an "ſ" or
// KELVIN SIGN, which (?i) folds to "s" and "k", lets w through.
func mayBeFuture(w string) bool {
	if strings.Contains(w, "ſ") || strings.Contains(w, "\u212a") {
		return true
	}
	t := strings.TrimRight(w, " \t\n\f\r")
	for _, e := range [...]string{"until", "till", "by", "through", "to", "before", "period", "–", "—", "-"} {
		if len(t) >= len(e) && foldEqual(t[len(t)-len(e):], e) {
			return true
		}
	}
	for _, k := range [...]string{"concept", "plan", "program", "strategy", "vision", "roadmap", "will", "scheduled", "expected", "envisage", "intend", "due"} {
		if indexFold(w, k) >= 0 {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isWord reports whether c is \w, the ASCII word byte \b looks at.
func isWord(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// sameLengthLower reports whether strings.ToLower(s) has every character
// at the same byte offset as s: s is valid UTF-8 and no character's lower
// case is longer or shorter than it.
func sameLengthLower(s string) bool {
	for i := 0; i < len(s); {
		// eight ASCII bytes at a time, the common case (one load)
		for i+8 <= len(s) && (uint64(s[i])|uint64(s[i+1])<<8|uint64(s[i+2])<<16|uint64(s[i+3])<<24|
			uint64(s[i+4])<<32|uint64(s[i+5])<<40|uint64(s[i+6])<<48|uint64(s[i+7])<<56)&highs == 0 {
			i += 8
		}
		if i == len(s) {
			break
		}
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || utf8.RuneLen(unicode.ToLower(r)) != n {
			return false
		}
		i += n
	}
	return true
}

// indexFold returns the first offset of word (lower-case ASCII) in s up to
// ASCII case, or -1. It is strings.Index(strings.ToLower(s), word) when
// sameLengthLower(s): a non-ASCII character then lower-cases to a
// non-ASCII one, so only ASCII bytes can match.
func indexFold(s, word string) int {
	first := word[0]
	last := len(s) - len(word) // the last offset word can start at
	if len(word) < 2 || first < 'a' || first > 'z' {
		upper := first
		if first >= 'a' && first <= 'z' {
			upper -= 'a' - 'A'
		}
		for i := 0; i <= last; i++ {
			// the next byte that can start word, found with IndexByte
			j := strings.IndexByte(s[i:last+1], first)
			if upper != first {
				end := last + 1
				if j >= 0 {
					end = i + j
				}
				if k := strings.IndexByte(s[i:end], upper); k >= 0 {
					j = k
				}
			}
			if j < 0 {
				return -1
			}
			i += j
			if foldEqual(s[i:i+len(word)], word) {
				return i
			}
		}
		return -1
	}
	// Eight offsets at a time, each tested for word's first two bytes up
	// to case: a byte or-ed with 0x20 equals a lower-case letter only if
	// it is that letter in either case. A letter alone starts a word
	// every few bytes, and IndexByte, called once for each, paid its
	// set-up for a short scan; a pair of letters is rare. The zero-byte
	// test may flag a byte above a zero one (never miss one): foldEqual
	// weeds those out, and lower offsets are tried first, so the first
	// found is the leftmost.
	fold0, fold1 := uint64(0x20), uint64(0)
	if c := word[1]; c >= 'a' && c <= 'z' {
		fold1 = 0x20
	}
	want0, want1 := ones*uint64(first), ones*uint64(word[1])
	i := 0
	for ; i+8 <= last+1; i += 8 {
		x := (binary.LittleEndian.Uint64([]byte(s[i:i+8])) | ones*fold0) ^ want0
		y := (binary.LittleEndian.Uint64([]byte(s[i+1:i+9])) | ones*fold1) ^ want1
		for m := zeros(x) & zeros(y) & highs; m != 0; m &= m - 1 {
			k := i + bits.TrailingZeros64(m)/8
			if foldEqual(s[k:k+len(word)], word) {
				return k
			}
		}
	}
	for ; i <= last; i++ {
		if s[i]|0x20 == first && foldEqual(s[i:i+len(word)], word) {
			return i
		}
	}
	return -1
}

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// foldEqual reports whether s equals lower (lower-case ASCII) up to ASCII
// case.
func foldEqual(s, lower string) bool {
	for i := 0; i < len(lower); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// countYears counts the offsets where (?:19|20)\d\d matches in s.
func countYears(s string) int {
	n := 0
	for i := 0; i+4 <= len(s); i++ {
		if (s[i] == '1' && s[i+1] == '9' || s[i] == '2' && s[i+1] == '0') && isDigit(s[i+2]) && isDigit(s[i+3]) {
			n++
		}
	}
	return n
}
