package legal

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Hand-written matchers for anchored expressions that ran at most
// instrument heads and list items. Each returns what the expression's
// FindStringSubmatchIndex (FindStringIndex for preStopEnd) returns, as an
// array with ok for a match, so that no call allocates; the expressions
// stay as the definitions (TestMatchers, FuzzMatchers). None of them has
// a choice the regexp package's backtracking could revisit: where a
// repeat or an optional part is followed by something it cannot match,
// taking less of it can only fail.

// quotedTitleAt is quotedTitleRe:
// `^(?:"([^"]{3,300})"|“([^”]{3,300})”|«([^»]{3,300})»|„([^“”]{3,300})[“”])`.
// The quoted text runs to the first closing quote, which it cannot hold.
func quotedTitleAt(s string) (m [10]int, ok bool) {
	var g int
	var open, closers string
	switch {
	case strings.HasPrefix(s, `"`):
		g, open, closers = 1, `"`, `"`
	case strings.HasPrefix(s, "“"):
		g, open, closers = 2, "“", "”"
	case strings.HasPrefix(s, "«"):
		g, open, closers = 3, "«", "»"
	case strings.HasPrefix(s, "„"):
		g, open, closers = 4, "„", "“”"
	default:
		return m, false
	}
	o := len(open)
	i := strings.IndexAny(s[o:], closers)
	// the text counts characters as the regexp package reads them: an
	// invalid byte is one
	if i < 0 {
		return m, false
	}
	if n := utf8.RuneCountInString(s[o : o+i]); n < 3 || n > 300 {
		return m, false
	}
	_, cl := utf8.DecodeRuneInString(s[o+i:])
	m = [10]int{0, o + i + cl, -1, -1, -1, -1, -1, -1, -1, -1}
	m[2*g], m[2*g+1] = o, o+i
	return m, true
}

// numberAt is numberRe:
// `^(?:(?:No\.?|Nr\.?|№|number)\s*([A-Za-z]{0,6}[-‑]?\d[\w/‑-]*(?:\.\d+)*)|(\d{1,4}/\d{1,4}(?:\s*[A-Z]\b)?))`.
func numberAt(s string) (m [6]int, ok bool) {
	p := -1
	switch {
	case strings.HasPrefix(s, "No"), strings.HasPrefix(s, "Nr"):
		// without the '.', the number would have to start at it
		p = 2
		if p < len(s) && s[p] == '.' {
			p++
		}
	case strings.HasPrefix(s, "№"):
		p = len("№")
	case strings.HasPrefix(s, "number"):
		p = len("number")
	}
	if p >= 0 {
		q := skipSpace(s, p)
		if e := numberBody(s, q); e >= 0 {
			return [6]int{0, e, q, e, -1, -1}, true
		}
	}
	// \d{1,4}/\d{1,4}: more digits leave a digit where '/' must be; the
	// second run takes as many as it may, nothing needing more
	n := digitsAt(s, 0, 5)
	if n == 0 || n > 4 || n == len(s) || s[n] != '/' {
		return m, false
	}
	k := digitsAt(s, n+1, 4)
	if k == 0 {
		return m, false
	}
	e := n + 1 + k
	if q := skipSpace(s, e); q < len(s) && s[q] >= 'A' && s[q] <= 'Z' && (q+1 == len(s) || !isRxWord(s[q+1])) {
		e = q + 1
	}
	return [6]int{0, e, -1, -1, 0, e}, true
}

// numberBody matches `[A-Za-z]{0,6}[-‑]?\d[\w/‑-]*(?:\.\d+)*` at s[i:] and
// returns its end, or -1. Fewer letters than the run leave a letter where
// a dash or digit must be, so the run is taken whole or not at all.
func numberBody(s string, i int) int {
	k := i
	for k < len(s) && k-i < 7 && (s[k]|0x20 >= 'a' && s[k]|0x20 <= 'z') {
		k++
	}
	if k-i > 6 {
		return -1
	}
	if d := hyphenAt(s, k); d > 0 {
		k += d
	}
	if k == len(s) || !isDigit(s[k]) {
		return -1
	}
	k++
	for k < len(s) {
		if isRxWord(s[k]) || s[k] == '/' || s[k] == '-' {
			k++
		} else if strings.HasPrefix(s[k:], "‑") {
			k += len("‑")
		} else {
			break
		}
	}
	for k+1 < len(s) && s[k] == '.' && isDigit(s[k+1]) {
		k += 2
		for k < len(s) && isDigit(s[k]) {
			k++
		}
	}
	return k
}

// hyphenAt is the length of `[-‑]` at s[i:], or 0.
func hyphenAt(s string, i int) int {
	switch {
	case i < len(s) && s[i] == '-':
		return 1
	case strings.HasPrefix(s[i:], "‑"):
		return len("‑")
	}
	return 0
}

// preStopWords are the words of preStopRe, which each take white space
// after them.
var preStopWords = [...]string{"The", "This", "That", "A", "An", "Pursuant", "Under", "In", "By", "With",
	"According", "Accordance", "Since", "From", "On", "Of", "To", "For", "And", "As", "At", "After",
	"Before", "Following", "Through", "Upon", "Its", "Their", "New", "Amended",
	"and", "of", "on", "for", "the", "in", "to"}

// preStopEnd is the end of preStopRe's match at s, or -1:
// `^(?:(?:The|This|...|Amended)\s+|(?:and|of|on|for|the|in|to)\s+)+`.
// The words are letters, so at most one of them can stand before white
// space at a place, and each takes all the white space after it: the next
// word cannot start with white space.
func preStopEnd(s string) int {
	p := 0
	for {
		q := -1
		for _, w := range preStopWords {
			if strings.HasPrefix(s[p:], w) {
				if e := spacesAfter(s, p+len(w)); e >= 0 {
					q = e
					break
				}
			}
		}
		if q < 0 {
			break
		}
		p = q
	}
	if p == 0 {
		return -1
	}
	return p
}

// itemNameAt is itemNameRe: `^\s*\(([^()\d]{2,120})\)`. The name runs to
// the first parenthesis or digit, which must close it.
func itemNameAt(s string) (m [4]int, ok bool) {
	p := skipSpace(s, 0)
	if p == len(s) || s[p] != '(' {
		return m, false
	}
	i := strings.IndexAny(s[p+1:], "()0123456789")
	if i < 0 || s[p+1+i] != ')' {
		return m, false
	}
	if n := utf8.RuneCountInString(s[p+1 : p+1+i]); n < 2 || n > 120 {
		return m, false
	}
	return [4]int{0, p + 1 + i + 1, p + 1, p + 1 + i}, true
}

// itemPartAt is itemPartRe: `^\s*\((\d{1,3})\)`.
func itemPartAt(s string) (m [4]int, ok bool) {
	p := skipSpace(s, 0)
	if p == len(s) || s[p] != '(' {
		return m, false
	}
	n := digitsAt(s, p+1, 4)
	if n == 0 || n > 3 || p+1+n == len(s) || s[p+1+n] != ')' {
		return m, false
	}
	return [4]int{0, p + 1 + n + 1, p + 1, p + 1 + n}, true
}

// twoWordHeadAt is headAtRe at a head word w = s[:len(w)] that starts
// none of its one-word alternatives ("Normative", "Regulatory",
// "Optional"): the word, white space, the second word and \b. No other
// alternative starts with such a word.
func twoWordHeadAt(s string, w string) (m [10]int, ok bool) {
	var g int
	var second []string
	switch w {
	case "Normative", "normative":
		g, second = 1, []string{"Resolution", "resolution"}
	case "Regulatory", "regulatory":
		g, second = 1, []string{"Decision", "decision"}
	case "Optional":
		g, second = 4, []string{"Protocol"}
	default:
		return m, false
	}
	q := spacesAfter(s, len(w))
	if q < 0 {
		return m, false
	}
	for _, x := range second {
		if e := q + len(x); strings.HasPrefix(s[q:], x) && (e == len(s) || !isRxWord(s[e])) {
			m = [10]int{0, e, -1, -1, -1, -1, -1, -1, -1, -1}
			m[2*g], m[2*g+1] = 0, e
			return m, true
		}
	}
	return m, false
}

// republicEnd is the end of republicRe's match at s, or -1:
// `^of\s+(?:the\s+)?(?:Republic\s+of\s+\p{Lu}\p{L}+|\p{Lu}\p{L}+\s+(?:Republic|Federation)|RK\b|\p{Lu}\p{L}+\b)`.
// The alternatives are tried in order. White space and letters are taken
// as far as they go (what follows them cannot be more of them), but for
// the last alternative, where \b, which knows only ASCII words, may hold
// inside a run of letters: the longest run it holds after wins.
func republicEnd(s string) int {
	if !strings.HasPrefix(s, "of") {
		return -1
	}
	p := spacesAfter(s, 2)
	if p < 0 {
		return -1
	}
	// without "the", the alternatives would start at its lower-case 't'
	if strings.HasPrefix(s[p:], "the") {
		if q := spacesAfter(s, p+3); q >= 0 {
			p = q
		}
	}
	if strings.HasPrefix(s[p:], "Republic") {
		if q := spacesAfter(s, p+len("Republic")); q >= 0 && strings.HasPrefix(s[q:], "of") {
			if r := spacesAfter(s, q+2); r >= 0 {
				if _, e := capWord(s, r); e >= 0 {
					return e
				}
			}
		}
	}
	n, e := capWord(s, p)
	if e >= 0 {
		if q := spacesAfter(s, e); q >= 0 {
			for _, w := range [...]string{"Republic", "Federation"} {
				if strings.HasPrefix(s[q:], w) {
					return q + len(w)
				}
			}
		}
	}
	if strings.HasPrefix(s[p:], "RK") && (p+2 == len(s) || !isRxWord(s[p+2])) {
		return p + 2
	}
	if e < 0 {
		return -1
	}
	_, l := utf8.DecodeRuneInString(s[p+n:])
	for x := e; x >= p+n+l; {
		if isRxWord(s[x-1]) != (x < len(s) && isRxWord(s[x])) {
			return x
		}
		_, k := utf8.DecodeLastRuneInString(s[:x])
		x -= k
	}
	return -1
}

// backEnd is the end of backRe's match at s, or -1:
// `(?i)^\s*(?:,\s*|\(\s*)(?:arts?\.?|articles?)\s*\d`. At most one of the
// article words can be followed by a digit, so their order is moot.
func backEnd(s string) int {
	i := skipSpace(s, 0)
	if i == len(s) || s[i] != ',' && s[i] != '(' {
		return -1
	}
	return articleTail(s, skipSpace(s, i+1))
}

// articlesOfEnd is the end of articlesOfRe's match at s, or -1:
// `(?i)^articles\s+of\s+(?:the\s+)?`.
func articlesOfEnd(s string) int {
	i := spacesAfterWord(s, foldWordAt(s, 0, "articles"))
	if i < 0 {
		return -1
	}
	if i = spacesAfterWord(s, foldWordAt(s, i, "of")); i < 0 {
		return -1
	}
	if j := spacesAfterWord(s, foldWordAt(s, i, "the")); j >= 0 {
		return j
	}
	return i
}

// colonEnd is the end of colonRe's match at s, or -1: `^\s*:\s*\d`.
func colonEnd(s string) int {
	i := skipSpace(s, 0)
	if i == len(s) || s[i] != ':' {
		return -1
	}
	if j := skipSpace(s, i+1); j < len(s) && isDigit(s[j]) {
		return j + 1
	}
	return -1
}

// genericEnd is the end of genericRe's match at s, or -1:
// `^(?:Code|Convention|Covenant)\b`.
func genericEnd(s string) int {
	for _, w := range [...]string{"Code", "Convention", "Covenant"} {
		if strings.HasPrefix(s, w) && wordBoundary(s, len(w)) {
			return len(w)
		}
	}
	return -1
}

// genericTitleFollows reports whether genericTitleRe matches at s:
// `^(?:[ \t]+(?:on|of|for|against|relating|concerning|to|between|among|\p{Lu})|[ \t]*[“"«(]\s*\p{Lu})`.
// What follows the blanks cannot be another blank, so they are taken
// as far as they go.
func genericTitleFollows(s string) bool {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	r := s[i:]
	if i > 0 {
		for _, w := range [...]string{"on", "of", "for", "against", "relating", "concerning", "to", "between", "among"} {
			if strings.HasPrefix(r, w) {
				return true
			}
		}
		if c, _ := utf8.DecodeRuneInString(r); unicode.IsUpper(c) {
			return true
		}
	}
	for _, q := range [...]string{"“", `"`, "«", "("} {
		if strings.HasPrefix(r, q) {
			c, _ := utf8.DecodeRuneInString(s[skipSpace(s, i+len(q)):])
			return unicode.IsUpper(c)
		}
	}
	return false
}

// prefixPartAt is prefixPartRe.FindStringSubmatchIndex(s):
// `(?i)\b(?:part|paragraph|subparagraph|clause|point)\s+(\d{1,3})\s*,?\s+of\s+$`.
// Every match ends at the end of s, so it is read right to left, where
// each part can only go one way: white space, "of", white space with at
// most one comma, the whole run of digits, white space, and a word that
// ends there. Of the words that fit, the leftmost starts the match.
func prefixPartAt(s string) (m [4]int, ok bool) {
	t := trimRxSpaceRight(s)
	if len(t) == len(s) || len(t) < 2 || !foldEq(t[len(t)-2:], "of") {
		return m, false
	}
	u := t[:len(t)-2]
	v := trimRxSpaceRight(u)
	if len(v) == len(u) {
		return m, false
	}
	if strings.HasSuffix(v, ",") {
		v = trimRxSpaceRight(v[:len(v)-1])
	}
	de := len(v)
	ds := de
	for ds > 0 && isDigit(v[ds-1]) {
		ds--
	}
	if de-ds < 1 || de-ds > 3 {
		return m, false
	}
	w := trimRxSpaceRight(v[:ds])
	if len(w) == ds {
		return m, false
	}
	best := -1
	for _, kw := range [...]string{"part", "paragraph", "subparagraph", "clause", "point"} {
		// (?i) lets U+017F stand for 's', a byte longer
		for _, n := range [...]int{len(kw), len(kw) + 1} {
			st := len(w) - n
			if st >= 0 && (best < 0 || st < best) && foldWordAt(s, st, kw) == len(w) && wordBoundary(s, st) {
				best = st
			}
		}
	}
	if best < 0 {
		return m, false
	}
	return [4]int{best, len(s), ds, de}, true
}

// itemParaAt is itemParaRe.FindStringSubmatchIndex(s):
// `(?i)^\s*,\s*(?:part|paragraph)\s+(\d{1,3})(?:\s*,)?`. "part" and
// "paragraph" differ in their fourth letter, so at most one fits.
func itemParaAt(s string) (m [4]int, ok bool) {
	i := skipSpace(s, 0)
	if i == len(s) || s[i] != ',' {
		return m, false
	}
	j := skipSpace(s, i+1)
	e := foldWordAt(s, j, "part")
	if e < 0 {
		e = foldWordAt(s, j, "paragraph")
	}
	q := spacesAfterWord(s, e)
	if q < 0 {
		return m, false
	}
	n := digitsAt(s, q, 3)
	if n == 0 {
		return m, false
	}
	end := q + n
	if r := skipSpace(s, end); r < len(s) && s[r] == ',' {
		end = r + 1
	}
	return [4]int{0, end, q, q + n}, true
}

// quotedAt is quotedRe.FindStringSubmatchIndex(s):
// `^\s*(?:"([^"\n]{2,120})"|“([^”\n]{2,120})”|«([^»\n]{2,120})»)`. The
// quoted text runs to the first closing quote or line break, which must
// be the quote.
func quotedAt(s string) (m [8]int, ok bool) {
	p := skipSpace(s, 0)
	var g int
	var open, stops string
	switch {
	case strings.HasPrefix(s[p:], `"`):
		g, open, stops = 1, `"`, "\"\n"
	case strings.HasPrefix(s[p:], "“"):
		g, open, stops = 2, "“", "”\n"
	case strings.HasPrefix(s[p:], "«"):
		g, open, stops = 3, "«", "»\n"
	default:
		return m, false
	}
	o := p + len(open)
	i := strings.IndexAny(s[o:], stops)
	if i < 0 || s[o+i] == '\n' {
		return m, false
	}
	if n := utf8.RuneCountInString(s[o : o+i]); n < 2 || n > 120 {
		return m, false
	}
	_, cl := utf8.DecodeRuneInString(s[o+i:])
	m = [8]int{0, o + i + cl, -1, -1, -1, -1, -1, -1}
	m[2*g], m[2*g+1] = o, o+i
	return m, true
}

// badName reports whether badNameRe matches at s:
// `(?i)^(?:hereinafter|as\s|see\s|in\s|the\s|a\s|an\s|on\s|of\s|with\s|which|amended|repealed|new\s|former|old\s|version|edition|ed\.|cf\.|i\.e\.|e\.g\.|former)`.
func badName(s string) bool {
	for _, w := range [...]string{"hereinafter", "which", "amended", "repealed", "former", "version", "edition", "ed.", "cf.", "i.e.", "e.g."} {
		if foldWordAt(s, 0, w) >= 0 {
			return true
		}
	}
	for _, w := range [...]string{"as", "see", "in", "the", "a", "an", "on", "of", "with", "new", "old"} {
		if e := foldWordAt(s, 0, w); e >= 0 && e < len(s) && spaceAt(s, e) > 0 {
			return true
		}
	}
	return false
}

// resSepEnd is the end of resSepRe's match at s, or -1:
// `^(?:\s*,\s*(?:and\s+)?|\s+and\s+)`.
func resSepEnd(s string) int {
	i := skipSpace(s, 0)
	if i < len(s) && s[i] == ',' {
		j := skipSpace(s, i+1)
		if strings.HasPrefix(s[j:], "and") {
			if k := spacesAfterWord(s, j+3); k >= 0 {
				return k
			}
		}
		return j
	}
	if i > 0 && strings.HasPrefix(s[i:], "and") {
		return spacesAfterWord(s, i+3)
	}
	return -1
}

// resItemAt is resItemRe.FindStringSubmatchIndex(s):
// `^(\d{1,5}(?:/\d{1,4})?(?:\s*[A-Z]\b)?)\s*\(\s*((?:19|20)\d\d)\s*\)`.
// Each part is taken as far as it goes: what follows each cannot be more
// of it, so taking less, or leaving an optional part out, leaves
// something the next part cannot match.
func resItemAt(s string) (m [6]int, ok bool) {
	n := digitsAt(s, 0, 6)
	if n == 0 || n > 5 {
		return m, false
	}
	e := n
	if e < len(s) && s[e] == '/' {
		k := digitsAt(s, e+1, 5)
		if k == 0 || k > 4 {
			return m, false
		}
		e += 1 + k
	}
	if q := skipSpace(s, e); q < len(s) && s[q] >= 'A' && s[q] <= 'Z' && (q+1 == len(s) || !isRxWord(s[q+1])) {
		e = q + 1
	}
	r := skipSpace(s, e)
	if r == len(s) || s[r] != '(' {
		return m, false
	}
	y := skipSpace(s, r+1)
	if !(strings.HasPrefix(s[y:], "19") || strings.HasPrefix(s[y:], "20")) || digitsAt(s, y+2, 2) != 2 {
		return m, false
	}
	c := skipSpace(s, y+4)
	if c == len(s) || s[c] != ')' {
		return m, false
	}
	return [6]int{0, c + 1, 0, e, y, y + 4}, true
}
