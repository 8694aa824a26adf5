package legal

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A hand-written matcher for issuerAlt, the issuers that issuerAfterRe and
// issuerBeforeRe (kept as definitions in the tests) read after "of" and
// before an instrument's head. Those expressions ran on most heads; their
// matches are found here without the regexp package.
//
// The regexp package finds the match a backtracking search finds first:
// it tries the alternatives in order, a greedy repeat or optional part
// with more first, and the first way through that the rest of the
// expression accepts wins. issuerMatch tries issuerAlt's ways through in
// that order and asks accept, which matches the rest of the expression,
// about each end. White space is taken as far as it goes wherever a
// letter or "of" must follow it, where taking less cannot succeed.

// issuerMatch returns the first end e of a match of issuerAlt at s[p:],
// in the regexp package's order, for which accept(e) holds, or -1.
func issuerMatch(s string, p int, accept func(e int) bool) int {
	if !issuerMayStart(s, p) {
		return -1
	}
	try := func(e int) bool { return e >= 0 && accept(e) }
	// word matches the literal w at i: its end, or -1
	word := func(i int, w string) int {
		if i >= 0 && strings.HasPrefix(s[i:], w) {
			return i + len(w)
		}
		return -1
	}
	// words matches words joined by \s+ at i: the end, or -1
	words := func(i int, ws ...string) int {
		for k, w := range ws {
			if k > 0 {
				if i = spacesAfterWord(s, i); i < 0 {
					return -1
				}
			}
			if i = word(i, w); i < 0 {
				return -1
			}
		}
		return i
	}
	r := s[p:]
	// [Pp]residential|President
	if (r[0] == 'P' || r[0] == 'p') && try(word(p+1, "residential")) {
		return p + len("presidential")
	}
	if try(word(p, "President")) {
		return p + len("President")
	}
	// [Gg]overnment(?:al)?
	if r[0] == 'G' || r[0] == 'g' {
		if e := word(p+1, "overnment"); e >= 0 {
			if try(word(e, "al")) {
				return e + 2
			}
			if try(e) {
				return e
			}
		}
	}
	// the optional "United Nations" or "UN" before a council or the
	// General Assembly, in its order: with either, then without
	un := [3]int{words(p, "United", "Nations"), words(p, "UN"), p}
	for k := 0; k < 2; k++ {
		if un[k] >= 0 {
			un[k] = spacesAfterWord(s, un[k])
		}
	}
	for _, q := range un {
		if q < 0 {
			continue
		}
		if e := words(q, "Security", "Council"); try(e) {
			return e
		}
		if e := words(q, "Human", "Rights", "Council"); try(e) {
			return e
		}
	}
	if e := words(p, "Cabinet", "of", "Ministers"); try(e) {
		return e
	}
	// General\s+Prosecutor, Prosecutor[-\s]General, Procurator[-\s]General,
	// each with (?:'s|’s)?(?:\s+Office)?
	for _, pair := range [...][2]string{{"General", "Prosecutor"}, {"Prosecutor", "General"}, {"Procurator", "General"}} {
		e := word(p, pair[0])
		if e < 0 {
			continue
		}
		if pair[0] == "General" {
			e = spacesAfterWord(s, e)
		} else {
			e = dashOrSpaceAfter(s, e)
		}
		if e = word(e, pair[1]); e < 0 {
			continue
		}
		for _, poss := range [...]string{"'s", "’s", ""} {
			f := word(e, poss)
			if f < 0 {
				continue
			}
			if o := words(spacesAfterWord(s, f), "Office"); try(o) {
				return o
			}
			if try(f) {
				return f
			}
		}
	}
	for _, ws := range [...][]string{{"Supreme", "Court"}, {"Constitutional", "Court"}, {"Constitutional", "Council"},
		{"Parliament"}, {"Mazhilis"}, {"Majilis"}, {"Senate"}} {
		if e := words(p, ws...); try(e) {
			return e
		}
	}
	// Minist(?:er|ry)\s+of\s+ and capitalised words
	if e := word(p, "Minist"); e >= 0 {
		if f := word(e, "er"); f >= 0 {
			e = f
		} else {
			e = word(e, "ry")
		}
		if e = words(spacesAfterWord(s, e), "of"); e >= 0 {
			if e = spacesAfterWord(s, e); e >= 0 {
				if end := capWordsEnd(s, e, accept); end >= 0 {
					return end
				}
			}
		}
	}
	if e := words(p, "Human", "Rights", "Commissioner"); try(e) {
		return e
	}
	if e := words(p, "Commissioner", "for", "Human", "Rights"); try(e) {
		return e
	}
	for _, q := range un {
		if e := words(q, "General", "Assembly"); q >= 0 && try(e) {
			return e
		}
	}
	if e := words(p, "Central", "Election", "Commission"); try(e) {
		return e
	}
	if e := words(p, "National", "Bank"); try(e) {
		return e
	}
	return -1
}

// capWordsEnd matches the ministry's name,
// `\p{Lu}[\p{L}-]*(?:\s+(?:and\s+|of\s+the\s+)?\p{Lu}[\p{L}-]*)*`, at
// s[i:]: the first end, in the regexp package's order, that accept takes,
// or -1. The letters of a word are taken as far as they go, then one
// fewer at a time; only their full run can have white space, and so
// another word, after it.
func capWordsEnd(s string, i int, accept func(e int) bool) int {
	e := capWordEnd(s, i)
	if e < 0 {
		return -1
	}
	_, n := utf8.DecodeRuneInString(s[i:]) // the shortest the word can be
	// another word first (the repeat is greedy), then this end
	if q := spacesAfterWord(s, e); q >= 0 {
		for _, c := range [...][]string{{"and"}, {"of", "the"}, nil} {
			w := q
			for _, x := range c {
				if w = foldWordExact(s, w, x); w >= 0 {
					w = spacesAfterWord(s, w)
				}
				if w < 0 {
					break
				}
			}
			if w < 0 {
				continue
			}
			if end := capWordsEnd(s, w, accept); end >= 0 {
				return end
			}
		}
	}
	for x := e; x >= i+n; {
		if accept(x) {
			return x
		}
		if x == i+n {
			break
		}
		_, k := utf8.DecodeLastRuneInString(s[:x])
		x -= k
	}
	return -1
}

// capWordEnd matches `\p{Lu}[\p{L}-]*` at s[i:], taking every letter and
// hyphen it can: the word's end, or -1.
func capWordEnd(s string, i int) int {
	r, n := utf8.DecodeRuneInString(s[i:])
	if !unicode.IsUpper(r) {
		return -1
	}
	e := i + n
	for e < len(s) {
		r, k := utf8.DecodeRuneInString(s[e:])
		if r != '-' && !unicode.IsLetter(r) {
			break
		}
		e += k
	}
	return e
}

// dashOrSpaceAfter matches `[-\s]` (one character) at s[i:]: its end, or
// -1.
func dashOrSpaceAfter(s string, i int) int {
	switch {
	case i >= len(s):
		return -1
	case s[i] == '-':
		return i + 1
	case spaceAt(s, i) > 0:
		return i + spaceAt(s, i)
	}
	return -1
}

// foldWordExact matches the literal w at s[i:] (case-sensitive, as in
// issuerAlt): its end, or -1.
func foldWordExact(s string, i int, w string) int {
	if strings.HasPrefix(s[i:], w) {
		return i + len(w)
	}
	return -1
}

// wordBoundary reports whether \b holds at s[i] (ASCII word characters, as
// the regexp package's \b).
func wordBoundary(s string, i int) bool {
	return (i > 0 && isRxWord(s[i-1])) != (i < len(s) && isRxWord(s[i]))
}

// issuerAfterAt is issuerAfterRe.FindStringSubmatchIndex(s):
// `^of\s+(?:the\s+)?(` + issuerAlt + `)\b`. Without "the", the issuer
// would have to start with its lower-case 't'.
func issuerAfterAt(s string) (m [4]int, ok bool) {
	if !strings.HasPrefix(s, "of") {
		return m, false
	}
	p := spacesAfterWord(s, 2)
	if p < 0 {
		return m, false
	}
	if strings.HasPrefix(s[p:], "the") {
		if q := spacesAfterWord(s, p+3); q >= 0 {
			p = q
		}
	}
	e := issuerMatch(s, p, func(e int) bool { return wordBoundary(s, e) })
	if e < 0 {
		return m, false
	}
	return [4]int{0, e, p, e}, true
}

// issuerBeforeEnd matches the end of issuerBeforeRe at p, where the
// issuer starts: `((?:` + issuerAlt + `)(?:'s|’s)?)\s+$`. It returns the
// end of the group, or -1.
func issuerBeforeEnd(s string, p int) int {
	g := -1
	issuerMatch(s, p, func(e int) bool {
		for _, poss := range [...]string{"'s", "’s", ""} {
			if strings.HasPrefix(s[e:], poss) {
				if q := skipSpace(s, e+len(poss)); q > e+len(poss) && q == len(s) {
					g = e + len(poss)
					return true
				}
			}
		}
		return false
	})
	return g
}
