package docmeta

import (
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
	for i+4 <= len(text) {
		// the next '1' or '2', found with IndexByte (fast)
		j := strings.IndexByte(text[i:len(text)-3], '1')
		end := len(text) - 3
		if j >= 0 {
			end = i + j
		}
		if k := strings.IndexByte(text[i:end], '2'); k >= 0 {
			j = k
		}
		if j < 0 {
			return -1
		}
		i += j
		c := text[i]
		if (i == 0 || !isWord(text[i-1])) &&
			(c == '1' && text[i+1] == '9' || c == '2' && text[i+1] == '0' && text[i+2] <= '3') &&
			isDigit(text[i+2]) && isDigit(text[i+3]) &&
			(i+4 == len(text) || !isWord(text[i+4])) {
			return i
		}
		i++
	}
	return -1
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
			uint64(s[i+4])<<32|uint64(s[i+5])<<40|uint64(s[i+6])<<48|uint64(s[i+7])<<56)&0x8080808080808080 == 0 {
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
	lower, upper := word[0], word[0]
	if lower >= 'a' && lower <= 'z' {
		upper -= 'a' - 'A'
	}
	last := len(s) - len(word) // the last offset word can start at
	for i := 0; i <= last; i++ {
		// the next byte that can start word, found with IndexByte (fast)
		j := strings.IndexByte(s[i:last+1], lower)
		if upper != lower {
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
