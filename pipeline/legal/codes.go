package legal

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A hand-written matcher for codeAtRe. The catalogue's spellings are
// fixed ASCII words, so reading them byte by byte is much cheaper than
// running the large alternation; the regular expressions stay as the
// definition (see TestCodeMatch) and as the fallback where the text has a
// non-ASCII byte that (?i) might fold to a spelling's letter ("ſ", the
// KELVIN SIGN).

// spelling is one catalogued spelling: its words lower-cased, which the
// expression joins with `\s+`.
type spelling []string

// codeSpellings lists the spellings by the first letter of their first
// word, each list in codeRe's order; built once, never changed.
var codeSpellings = func() (t [26][]spelling) {
	for _, n := range codeNames() {
		f := strings.Fields(strings.ToLower(n))
		k := (f[0][0] - 'a') % 26
		t[k] = append(t[k], f)
	}
	return t
}()

// matchCode is codeAtRe.FindStringIndex(s)[1], or -1 when it finds
// nothing.
func matchCode(s string) int {
	if s != "" {
		if c := (s[0] | 0x20) - 'a'; c < 26 {
			if l := letterRun(s); l < len(s) && isASCIISpace(s[l]) {
				// a first word of letters before ASCII white space: every
				// spelling with another first word fails on an ASCII byte
				// (a letter where it ends or goes on, or the white space
				// where it has a letter), so only the spellings of that
				// word, in their order, can match or meet a non-ASCII byte
				cs := codeStartOf(s[:l])
				if cs == nil {
					return -1
				}
				if end, sure := matchSpellingsFrom(s, cs.spellings, l); sure {
					return end
				}
			} else if end, sure := matchSpellings(s, codeSpellings[c]); sure {
				return end
			}
		} else if s[0] < 0x80 {
			return -1 // every spelling starts with an ASCII letter
		}
	}
	if m := codeReAt(s).FindStringIndex(s); m != nil {
		return m[1]
	}
	return -1
}

// letterRun is the number of ASCII letters at the start of s.
func letterRun(s string) int {
	i := 0
	for i < len(s) && s[i]|0x20 >= 'a' && s[i]|0x20 <= 'z' {
		i++
	}
	return i
}

// isASCIISpace reports whether c is one of the ASCII bytes \s matches.
func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// codeStartOf is the codeStart whose first word is w (ASCII letters) up
// to case, or nil.
func codeStartOf(w string) *codeStart {
	list := codeStarts[(w[0]|0x20)-'a']
	for i := range list {
		if foldEq(w, list[i].first) {
			return &list[i]
		}
	}
	return nil
}

// matchSpellings matches the first of list that matches at the start of s
// (codeRe's alternation is ordered, and the rest of it always matches),
// followed by a country qualifier when one follows. end is -1 when none
// matches; sure is false when a non-ASCII byte was met where a letter was
// compared, which leaves the answer to the regular expression.
func matchSpellings(s string, list []spelling) (end int, sure bool) {
	return matchSpellingsFrom(s, list, 0)
}

// matchSpellingsFrom is matchSpellings for spellings whose first word,
// the same in all, is known to match s[:n] when n > 0 (ASCII, up to case,
// as matchSpellings compares it): it is not compared again.
func matchSpellingsFrom(s string, list []spelling, n int) (end int, sure bool) {
	first := 0
	if n > 0 {
		first = 1
	}
	for _, sp := range list {
		p, ok := n, true
		for k, w := range sp[first:] {
			if k+first > 0 {
				q := skipSpace(s, p)
				if q == p {
					ok = false
					break
				}
				p = q
			}
			if len(s)-p < len(w) {
				ok = false
				break
			}
			for j := 0; j < len(w); j++ {
				c := s[p+j]
				if c >= 0x80 {
					return -1, false
				}
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				if c != w[j] {
					ok = false
					break
				}
			}
			if !ok {
				break
			}
			p += len(w)
		}
		// \b after the spelling, which ends with a letter
		if ok && (p == len(s) || !isRxWord(s[p])) {
			return qualifierEnd(s, p), true
		}
	}
	return -1, true
}

// qualifierEnd is the end of codeRe's optional country qualifier at s[p:]
// (" of the Republic of Kazakhstan", " of the Russian Federation",
// " of Uzbekistan"), p when there is none. Its alternatives are tried in
// order, as the expression does.
func qualifierEnd(s string, p int) int {
	q := spacesAfter(s, p)
	if q < 0 || !strings.HasPrefix(s[q:], "of") {
		return p
	}
	q = spacesAfter(s, q+2)
	if q < 0 {
		return p
	}
	// \s+of\s+(?:the\s+)?Republic\s+of\s+\p{Lu}\p{L}+
	r := q
	if strings.HasPrefix(s[r:], "the") {
		if t := spacesAfter(s, r+3); t >= 0 {
			r = t
		}
	}
	if strings.HasPrefix(s[r:], "Republic") {
		if t := spacesAfter(s, r+len("Republic")); t >= 0 && strings.HasPrefix(s[t:], "of") {
			if t = spacesAfter(s, t+2); t >= 0 {
				if _, e := capWord(s, t); e >= 0 {
					return e
				}
			}
		}
	}
	// \s+of\s+the\s+\p{Lu}\p{L}+\s+Federation
	if strings.HasPrefix(s[q:], "the") {
		if t := spacesAfter(s, q+3); t >= 0 {
			if _, e := capWord(s, t); e >= 0 {
				if f := spacesAfter(s, e); f >= 0 && strings.HasPrefix(s[f:], "Federation") {
					return f + len("Federation")
				}
			}
		}
	}
	// \s+of\s+\p{Lu}\p{L}+stan: the letters are greedy, so the last
	// "stan" after at least one of them ends the match
	if n, e := capWord(s, q); e >= 0 {
		if k := strings.LastIndex(s[q+n:e], "stan"); k >= 1 {
			return q + n + k + len("stan")
		}
	}
	return p
}

// capWord matches `\p{Lu}\p{L}+` at s[i:]: n is the length of the capital,
// end the end of the letters (as many as follow), or -1.
func capWord(s string, i int) (n, end int) {
	r, n := utf8.DecodeRuneInString(s[i:])
	if !unicode.IsUpper(r) {
		return 0, -1
	}
	e := i + n
	for e < len(s) {
		r, m := utf8.DecodeRuneInString(s[e:])
		if !unicode.IsLetter(r) {
			break
		}
		e += m
	}
	if e == i+n {
		return 0, -1
	}
	return n, e
}
