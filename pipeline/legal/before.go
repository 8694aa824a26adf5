package legal

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The expressions that read the words before an instrument's head end
// with `$`. Go's regexp has no reverse search, so an unanchored search for
// them tries every start in the window and costs far more than the match.
// The finders below produce FindStringSubmatchIndex's answer without that:
// a leftmost match is the first start where the expression, anchored
// there, matches; they try it only at the few starts a cheap test allows,
// or read the words right to left where the expression is simple.

// findAdoptedOn is adoptedOnRe.FindStringSubmatchIndex(before) by hand,
// as far as actLike reads it: the spans of the date and the issuer
// groups (the issuer's -1, -1 when it has none), ok false for no match.
// The expression starts with `\b[Oo]n\s+` and a date, so only such places
// are tried, leftmost first. The expression's choices are tried in its
// order, the first way through that reaches the end of before winning:
// the date with " year" after it, then without; "the" taken, then not;
// an issuer (issuerMatch, in its order), then none. The rest has no
// group, and only whether it matches counts (adoptedTail). On the
// regexp package, each try cost far more than everything else actLike
// does.
func findAdoptedOn(before string) (date, issuer [2]int, ok bool) {
	if !endsWithAfterSpace(before, adoptionVerbs[:], articleWords[:]) {
		return date, issuer, false
	}
	date, ok = onDateMatch(before, func(p int) bool {
		for _, the := range [...]bool{true, false} {
			r := p
			if the {
				if r = spacesAfterWord(before, wordEnd(before, p, "the")); r < 0 {
					continue
				}
			}
			// (?:(?P<issuer>issuerAlt)\s+)?
			e := issuerMatch(before, r, func(e int) bool {
				t := spacesAfter(before, e)
				return t >= 0 && adoptedTail(before, t)
			})
			if e >= 0 {
				issuer = [2]int{r, e}
				return true
			}
			if adoptedTail(before, r) {
				issuer = [2]int{-1, -1}
				return true
			}
		}
		return false
	})
	return date, issuer, ok
}

// findOnDateArticle is onDateArticleRe.FindStringSubmatchIndex(before) by
// hand, as far as actLike reads it: the span of the date, ok false for no
// match. It is found as findAdoptedOn finds its match.
func findOnDateArticle(before string) (date [2]int, ok bool) {
	if !endsWithAfterSpace(before, theArticles[:], newWords[:]) {
		return date, false
	}
	// \s*,?\s+(?:a|an|the)\s+(?:new\s+|joint\s+|separate\s+)?$
	return onDateMatch(before, func(p int) bool {
		for _, a := range theArticles {
			if t := spacesAfterWord(before, wordEnd(before, p, a)); t >= 0 && (t == len(before) || wordsToEnd(before, t, newWords[:])) {
				return true
			}
		}
		return false
	})
}

// onDateMatch finds where both expressions start, `\b[Oo]n\s+`, a date
// and the separator after it (yearSep), leftmost first and each of the
// date's ends in the expressions' order, and asks rest whether the rest
// of the expression matches from p, after the separator, to the end of
// before. The first yes gives the date's span; no yes, ok false.
func onDateMatch(before string, rest func(p int) bool) (date [2]int, ok bool) {
	for i := 0; i+2 < len(before); i++ {
		q, ends, n := onDateAt(before, i)
		for _, d := range ends[:n] {
			if p := yearSep(before, d); p >= 0 && rest(p) {
				return [2]int{q, d}, true
			}
		}
	}
	return date, false
}

// onDateAt matches `\b[Oo]n\s+` and dateCore at s[i:]: q is the date's
// start and ends[:n] the date's possible ends in the expression's order,
// with its optional " year" and, when that is there, without; n is 0
// for no match.
func onDateAt(s string, i int) (q int, ends [2]int, n int) {
	if c := s[i]; c != 'o' && c != 'O' || s[i+1] != 'n' || i > 0 && isRxWord(s[i-1]) {
		return 0, ends, 0
	}
	q = skipSpace(s, i+2)
	if q == i+2 {
		return 0, ends, 0
	}
	_, _, _, k := scanDate(s[q:])
	if k == 0 {
		return 0, ends, 0
	}
	ends[0], n = q+k, 1
	// a date ends with a digit: "year" at its end is the optional part
	if strings.HasSuffix(s[q:q+k], "year") {
		ends[1], n = len(trimRxSpaceRight(s[:q+k-len("year")])), 2
	}
	return q, ends, n
}

// adoptedTail reports whether adoptedOnRe's end matches s[p:] to its
// end: `(?:\w+\s+){0,3}?(?:adopted|...)\s+(?:a\s+|an\s+|the\s+|its\s+)?$`.
// Each \w+ takes its whole run (white space must follow it) and each
// \s+ its whole run (a word must follow it, or the end).
func adoptedTail(s string, p int) bool {
	for k := 0; ; k++ {
		for _, v := range adoptionVerbs {
			if t := spacesAfterWord(s, wordEnd(s, p, v)); t >= 0 && (t == len(s) || wordsToEnd(s, t, articleWords[:])) {
				return true
			}
		}
		if k == 3 {
			return false
		}
		e := p
		for e < len(s) && isRxWord(s[e]) {
			e++
		}
		if e == p {
			return false
		}
		if p = spacesAfter(s, e); p < 0 {
			return false
		}
	}
}

// wordEnd is the end of the literal w at s[i:], or -1.
func wordEnd(s string, i int, w string) int {
	if strings.HasPrefix(s[i:], w) {
		return i + len(w)
	}
	return -1
}

// wordsToEnd reports whether one of words and white space end s at t:
// `(?:w1\s+|w2\s+|...)$` at s[t:].
func wordsToEnd(s string, t int, words []string) bool {
	for _, w := range words {
		if spacesAfterWord(s, wordEnd(s, t, w)) == len(s) {
			return true
		}
	}
	return false
}

// findIssuerBefore is issuerBeforeRe.FindStringSubmatchIndex(before). A
// match starts at before's start or at white space or '(' followed by the
// first word of an issuer.
// It returns an array (ok false for no match), which costs no allocation.
func findIssuerBefore(before string) (m [4]int, ok bool) {
	if !mayEndWithIssuer(before) {
		return m, false
	}
	// `^` first, at the start
	if g := issuerBeforeEnd(before, 0); g >= 0 {
		return [4]int{0, len(before), 0, g}, true
	}
	for i := 0; i < len(before); i++ {
		n := spaceOrParenAt(before, i)
		if n == 0 || !issuerMayStart(before, i+n) {
			continue
		}
		if g := issuerBeforeEnd(before, i+n); g >= 0 {
			return [4]int{i, len(before), i + n, g}, true
		}
	}
	return m, false
}

// preTitleStart is where preTitleRe (defined in the tests) matches in s (its group 1 spans the
// whole match, to the end of s), or -1. The expression is a run of
// capitalised words and the connectors "and", "of", ... between them, each
// followed by white space, that starts and ends with a capitalised word:
// reading the words right to left finds its leftmost start. The first word
// may start inside a word of s ("theState Law "): nothing is required
// before the match.
func preTitleStart(s string) int { return capRunStart(s, true) }

// capRunStart is where a run of capitalised words, each followed by white
// space, ends s, or -1; with connectors, preTitleRe's connectors may stand
// between them. Without, it is capWordsRe's match: its "UN" and "United
// Nations" are capitalised words too.
func capRunStart(s string, connectors bool) int {
	e := len(trimRxSpaceRight(s))
	if e == len(s) {
		return -1
	}
	best := -1
	for first := true; e > 0; first = false {
		// the word s[a:e] and, within it, the leftmost capital that only
		// letters and '-' follow
		a, lu, whole := e, -1, true
		for a > 0 {
			r, n := utf8.DecodeLastRuneInString(s[:a])
			if isRxSpace(r) {
				break
			}
			if whole && r != '-' && !unicode.IsLetter(r) {
				whole = false
			}
			a -= n
			if whole && unicode.IsUpper(r) {
				lu = a
			}
		}
		switch {
		case whole && lu == a:
			best = a // a whole capitalised word: the run may go on
		case lu >= 0:
			return lu // a capitalised word starts inside this one
		case first || !connectors || !isConnector(s[a:e]):
			return best
		}
		// white space before the word
		for e = a; e > 0; {
			r, n := utf8.DecodeLastRuneInString(s[:e])
			if !isRxSpace(r) {
				break
			}
			e -= n
		}
		if e == a {
			break // the word starts s
		}
	}
	return best
}

// isConnector reports whether w is a word preTitleRe allows between
// capitalised ones.
func isConnector(w string) bool {
	switch w {
	case "and", "of", "on", "for", "the", "in", "to":
		return true
	}
	return false
}

// mayEndWithIssuer is a necessary condition of issuerBeforeRe: before
// ends with white space after an issuer (and "'s" or "’s", maybe
// twice). Every issuer of
// issuerAlt but a ministry ends with one of issuerLastWords, a run of
// ASCII letters after a byte that is no letter (white space, '-', '(') or
// at the start; a ministry needs "Minist" in before.
func mayEndWithIssuer(before string) bool {
	e := len(trimRxSpaceRight(before))
	if e == len(before) {
		return false
	}
	// the issuer's own "'s" ("Prosecutor's") and the expression's
	for range 2 {
		if strings.HasSuffix(before[:e], "'s") {
			e -= 2
		} else if strings.HasSuffix(before[:e], "’s") {
			e -= len("’s")
		}
	}
	i := e
	for i > 0 && (before[i-1]|0x20 >= 'a' && before[i-1]|0x20 <= 'z') {
		i--
	}
	switch before[i:e] {
	case "Presidential", "presidential", "President", "Government", "government", "Governmental", "governmental",
		"Council", "Ministers", "Prosecutor", "Office", "General", "Court", "Parliament", "Mazhilis", "Majilis",
		"Senate", "Rights", "Commissioner", "Assembly", "Commission", "Bank":
		return true
	}
	return strings.Contains(before, "Minist")
}

var (
	adoptionVerbs = [...]string{"adopted", "issued", "approved", "signed", "passed", "enacted"}
	articleWords  = [...]string{"a", "an", "the", "its"}
	theArticles   = [...]string{"a", "an", "the"}
	newWords      = [...]string{"new", "joint", "separate"}
)

// endsWithAfterSpace is a necessary condition of the ends of adoptedOnRe
// (`(?:adopted|...)\s+(?:a\s+|an\s+|the\s+|its\s+)?$`, with words
// the verbs and optional the articles) and onDateArticleRe
// (`(?:a|an|the)\s+(?:new\s+|joint\s+|separate\s+)?$`): s ends with
// white space after one of words, or after one of optional, white space
// and one of words.
func endsWithAfterSpace(s string, words, optional []string) bool {
	t := trimRxSpaceRight(s)
	if len(t) == len(s) {
		return false
	}
	for _, w := range words {
		if strings.HasSuffix(t, w) {
			return true
		}
	}
	for _, o := range optional {
		if !strings.HasSuffix(t, o) {
			continue
		}
		u := trimRxSpaceRight(t[:len(t)-len(o)])
		if len(u) == len(t)-len(o) {
			continue
		}
		for _, w := range words {
			if strings.HasSuffix(u, w) {
				return true
			}
		}
	}
	return false
}

// trimRxSpaceRight is s without the \s characters at its end.
func trimRxSpaceRight(s string) string {
	e := len(s)
	for e > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:e])
		if !isRxSpace(r) {
			break
		}
		e -= n
	}
	return s[:e]
}

// issuerStarts are what issuerAlt's alternatives start with: their first
// words, or the start of the word ("President" of "Presidential",
// "Minist" of "Minister" and "Ministry").
var issuerStarts = [...]string{"President", "presidential", "Government", "government", "United", "UN",
	"Security", "Human", "Cabinet", "General", "Prosecutor", "Procurator", "Supreme", "Constitutional",
	"Parliament", "Mazhilis", "Majilis", "Senate", "Minist", "Commissioner", "Central", "National"}

// issuerMayStart reports whether issuerAlt can match at s[p:]: one of
// issuerStarts starts there.
func issuerMayStart(s string, p int) bool {
	if p >= len(s) {
		return false
	}
	switch s[p] {
	case 'P', 'p', 'G', 'g', 'U', 'S', 'H', 'C', 'M', 'N':
	default:
		return false
	}
	for _, w := range issuerStarts {
		if strings.HasPrefix(s[p:], w) {
			return true
		}
	}
	return false
}

// spaceOrParenAt is the length of the `[\s(]` at s[i:], or 0.
func spaceOrParenAt(s string, i int) int {
	if i < len(s) && s[i] == '(' {
		return 1
	}
	if i < len(s) {
		return spaceAt(s, i)
	}
	return 0
}
