package legal

import "strings"

// Hand-written matchers for the anchored expressions of article lists and
// instrument titles that ran at every list item and head word. Each is
// the expression it names (kept in the tests as the definition, with a
// table test and a fuzz comparison): the same match, or none, on every
// input, including invalid UTF-8.
//
// Under (?i) an ASCII letter matches its other case, and 's' and 'k' also
// match U+017F LATIN SMALL LETTER LONG S and U+212A KELVIN SIGN (their
// case-folding orbits); no other ASCII letter folds to a non-ASCII
// character.

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// digitsAt is the length of the run of ASCII digits at s[i:], at most n.
func digitsAt(s string, i, n int) int {
	k := 0
	for k < n && i+k < len(s) && isDigit(s[i+k]) {
		k++
	}
	return k
}

// foldWordAt matches lower (ASCII lower-case letters and '-') at s[i:]
// as (?i) does, and returns the end of the match, or -1.
func foldWordAt(s string, i int, lower string) int {
	for k := 0; k < len(lower); k++ {
		if i >= len(s) {
			return -1
		}
		c, l := s[i], lower[k]
		switch {
		case c == l || c|0x20 == l && l >= 'a' && l <= 'z':
			i++
		case l == 's' && strings.HasPrefix(s[i:], "\u017f"):
			i += 2
		case l == 'k' && strings.HasPrefix(s[i:], "\u212a"):
			i += 3
		default:
			return -1
		}
	}
	return i
}

// spacesAfterWord is the end of `\s+` at s[i:], or -1 when no white space
// is there.
func spacesAfterWord(s string, i int) int {
	if i < 0 {
		return -1
	}
	if j := skipSpace(s, i); j > i {
		return j
	}
	return -1
}

// dashAt is the length of one of `[-‑–—]` at s[i:], or 0.
func dashAt(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	if s[i] == '-' {
		return 1
	}
	if i+2 < len(s) && s[i] == 0xE2 && s[i+1] == 0x80 {
		switch s[i+2] {
		case 0x91, 0x93, 0x94: // ‑ – —
			return 3
		}
	}
	return 0
}

// itemAt is itemRe.FindStringSubmatchIndex(s):
// `^(\d{1,4}(?:\.\d{1,3})?)(?:\s*([-‑–—])\s*(\d{1,4})\b)?`, as an
// array (ok false for no match), which costs no allocation.
func itemAt(s string) (m [8]int, ok bool) {
	n := digitsAt(s, 0, 4)
	if n == 0 {
		return m, false
	}
	e := n
	if e+1 < len(s) && s[e] == '.' && isDigit(s[e+1]) {
		e += 1 + digitsAt(s, e+1, 3)
	}
	m = [8]int{0, e, 0, e, -1, -1, -1, -1}
	p := skipSpace(s, e)
	d := dashAt(s, p)
	if d == 0 {
		return m, true
	}
	q := skipSpace(s, p+d)
	k := digitsAt(s, q, 4)
	// \b after the digits; fewer digits leave a digit after them
	if k == 0 || q+k < len(s) && isRxWord(s[q+k]) {
		return m, true
	}
	m[1], m[4], m[5], m[6], m[7] = q+k, p, p+d, q, q+k
	return m, true
}

// articleTail matches `(?:articles?|arts?\.?)\s*\d` (?i) at s[i:] and
// returns its end, or -1.
func articleTail(s string, i int) int {
	digitAfter := func(j int) int {
		if j < 0 {
			return -1
		}
		j = skipSpace(s, j)
		if j < len(s) && isDigit(s[j]) {
			return j + 1
		}
		return -1
	}
	if j := foldWordAt(s, i, "article"); j >= 0 {
		if e := digitAfter(foldWordAt(s, j, "s")); e >= 0 {
			return e
		}
		if e := digitAfter(j); e >= 0 {
			return e
		}
	}
	if j := foldWordAt(s, i, "art"); j >= 0 {
		for _, k := range [...]int{foldWordAt(s, j, "s"), j} {
			if k < 0 {
				continue
			}
			if k < len(s) && s[k] == '.' {
				if e := digitAfter(k + 1); e >= 0 {
					return e
				}
			}
			if e := digitAfter(k); e >= 0 {
				return e
			}
		}
	}
	return -1
}

// articleAnchorEnd is the end of articleAnchorRe's match at s
// (`(?i)^(?:articles?|arts?\.?)\s*\d`), or -1.
func articleAnchorEnd(s string) int { return articleTail(s, 0) }

// sepEnd is the end of sepRe's match at s, or -1:
// `(?i)^(?:\s*,\s*(?:and\s+|or\s+)?|\s*;\s*(?:and\s+)?|\s+(?:and|or|as\s+well\s+as)\s+)(?:(?:articles?|arts?\.?)\s*)?\d`.
func sepEnd(s string) int {
	// what follows the separator: an optional article word, then a digit
	tail := func(j int) int {
		if j < 0 {
			return -1
		}
		if e := articleTail(s, j); e >= 0 {
			return e
		}
		if j < len(s) && isDigit(s[j]) {
			return j + 1
		}
		return -1
	}
	i := skipSpace(s, 0)
	if i == len(s) {
		return -1
	}
	switch s[i] {
	case ',':
		j := skipSpace(s, i+1)
		if e := tail(spacesAfterWord(s, foldWordAt(s, j, "and"))); e >= 0 {
			return e
		}
		if e := tail(spacesAfterWord(s, foldWordAt(s, j, "or"))); e >= 0 {
			return e
		}
		return tail(j)
	case ';':
		j := skipSpace(s, i+1)
		if e := tail(spacesAfterWord(s, foldWordAt(s, j, "and"))); e >= 0 {
			return e
		}
		return tail(j)
	}
	if i == 0 {
		return -1
	}
	if e := tail(spacesAfterWord(s, foldWordAt(s, i, "and"))); e >= 0 {
		return e
	}
	if e := tail(spacesAfterWord(s, foldWordAt(s, i, "or"))); e >= 0 {
		return e
	}
	j := spacesAfterWord(s, foldWordAt(s, i, "as"))
	if j >= 0 {
		j = spacesAfterWord(s, foldWordAt(s, j, "well"))
	}
	if j >= 0 {
		j = spacesAfterWord(s, foldWordAt(s, j, "as"))
	}
	return tail(j)
}

// ofEnd is the end of ofRe's match at s, or -1:
// `(?i)^(?:\s*,?\s+of|\s*,?\s+(?:was|were|has\s+been|have\s+been|is|are)\s+(?:added|inserted|introduced|included)\s+(?:to|in|into))\s+(?:the\s+)?(?:(same|said|this|that|present|above-mentioned|aforementioned)\s+)?`.
func ofEnd(s string) int {
	// `\s*,?\s+`: white space before or after an optional comma, and
	// after it when it is there
	i := skipSpace(s, 0)
	if i < len(s) && s[i] == ',' {
		j := skipSpace(s, i+1)
		if j == i+1 {
			return -1
		}
		i = j
	} else if i == 0 {
		return -1
	}
	p := spacesAfterWord(s, foldWordAt(s, i, "of"))
	if p < 0 {
		p = -1
		for _, v := range [...][]string{{"was"}, {"were"}, {"has", "been"}, {"have", "been"}, {"is"}, {"are"}} {
			j := i
			for _, w := range v {
				j = spacesAfterWord(s, foldWordAt(s, j, w))
				if j < 0 {
					break
				}
			}
			if j >= 0 {
				p = j
				break
			}
		}
		if p < 0 {
			return -1
		}
		j := -1
		for _, w := range [...]string{"added", "inserted", "introduced", "included"} {
			if j = spacesAfterWord(s, foldWordAt(s, p, w)); j >= 0 {
				break
			}
		}
		if j < 0 {
			return -1
		}
		p = -1
		for _, w := range [...]string{"to", "in", "into"} {
			if p = spacesAfterWord(s, foldWordAt(s, j, w)); p >= 0 {
				break
			}
		}
		if p < 0 {
			return -1
		}
	}
	if j := spacesAfterWord(s, foldWordAt(s, p, "the")); j >= 0 {
		p = j
	}
	for _, w := range [...]string{"same", "said", "this", "that", "present", "above-mentioned", "aforementioned"} {
		if j := spacesAfterWord(s, foldWordAt(s, p, w)); j >= 0 {
			return j
		}
	}
	return p
}

// onTitleEnd is the end of onTitleRe's match at s, or -1:
// `^(?:on|On|concerning|approving|amending)\s[^;,.()"“”«»\n]*(?:\n[^;,.()"“”«»\n]+)*`.
func onTitleEnd(s string) int {
	i := -1
	for _, w := range [...]string{"on", "On", "concerning", "approving", "amending"} {
		if strings.HasPrefix(s, w) {
			i = len(w)
			break
		}
	}
	if i < 0 || i == len(s) {
		return -1
	}
	n := spaceAt(s, i)
	if n == 0 {
		return -1
	}
	i += n
	for i < len(s) {
		if titleStopAt(s, i) {
			return i
		}
		if s[i] == '\n' {
			// a line break is taken only with a character after it
			if i+1 == len(s) || s[i+1] == '\n' || titleStopAt(s, i+1) {
				return i
			}
		}
		i++
	}
	return i
}

// titleStopAt reports whether s[i:] starts with one of `;,.()"“”«»`.
// Their lead bytes never continue another character, so testing each
// byte finds them where the expression, reading characters, does.
func titleStopAt(s string, i int) bool {
	switch s[i] {
	case ';', ',', '.', '(', ')', '"':
		return true
	case 0xC2: // « »
		return i+1 < len(s) && (s[i+1] == 0xAB || s[i+1] == 0xBB)
	case 0xE2: // “ ”
		return i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0x9C || s[i+2] == 0x9D)
	}
	return false
}
