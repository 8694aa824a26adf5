package legal

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The matchers are regular expressions anchored at a word. Running them at
// every word (or over every byte) cost far more than everything else, so the
// words they can start at are found first by one allocation-free pass over
// the bytes (nextWord), and each regular expression is only tried where a
// cheap test shows it can match. Each such test is a necessary condition of
// the match it guards, so results are the same as trying everywhere.

// nextWord returns the span of the first word of text at or after i: a
// run of word bytes (letters, digits, '_', any non-ASCII byte) and '-' that
// starts with a word byte. start == len(text) when there is none. ascii
// says the word has no non-ASCII byte.
func nextWord(text string, i int) (start, end int, ascii bool) {
	for i < len(text) && byteClass[text[i]]&wordByte == 0 {
		i++
	}
	j := i
	var seen byte
	for j < len(text) && byteClass[text[j]] != 0 {
		seen |= byteClass[text[j]]
		j++
	}
	return i, j, seen&nonASCII == 0
}

// byteClass classifies each byte for nextWord: wordByte for ASCII letters,
// digits and '_', wordByte|nonASCII for every non-ASCII byte, hyphen for
// '-', 0 otherwise. A string constant, so the table cannot change.
const byteClass = "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x00\x00\x00\x00\x01\x00\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x00\x00\x00\x00\x00\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05"

const (
	wordByte = 1
	hyphen   = 2
	nonASCII = 4
)

// isASCII reports whether s has no byte >= 0x80.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// foldEq reports whether s equals lower (an ASCII lower-case word) up to
// ASCII case.
func foldEq(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
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

// spaceAt returns the length of the \s character (as mustRx extends it:
// ASCII space, \t, \n, \f, \r, U+00A0, U+2007, U+202F) at text[i:], or 0.
func spaceAt(text string, i int) int {
	switch c := text[i]; c {
	case ' ', '\t', '\n', '\f', '\r':
		return 1
	case 0xC2:
		if i+1 < len(text) && text[i+1] == 0xA0 {
			return 2
		}
	case 0xE2:
		if i+2 < len(text) && text[i+1] == 0x80 && (text[i+2] == 0x87 || text[i+2] == 0xAF) {
			return 3
		}
	}
	return 0
}

// skipSpace returns the position after the run of \s characters at i.
func skipSpace(text string, i int) int {
	for i < len(text) {
		n := spaceAt(text, i)
		if n == 0 {
			break
		}
		i += n
	}
	return i
}

// codeStart is what can follow one first word of the catalogued spellings.
type codeStart struct {
	first  string   // lower-cased first word
	single bool     // a spelling is this one word
	next   []string // lower-cased second words of the other spellings
	// re is codeAtRe for the spellings that start with first, in codeRe's
	// order. Only they can match where the word is first (the alternation
	// needs white space after each word), so re finds what codeAtRe finds,
	// with a far smaller alternation.
	re *regexp.Regexp
	// spellings are those spellings, for matchSpellings.
	spellings []spelling
}

// codeStarts lists the first words of the catalogued spellings by their
// first letter (all are ASCII letters, see TestCodeStarts); built once,
// never changed.
var codeStarts, codeLens = buildCodeStarts()

// buildCodeStarts builds codeStarts and codeLens, whose bit n is set for
// letter k when a first word of codeStarts[k] has n bytes (a quick no).
func buildCodeStarts() (t [26][]codeStart, lens [26]uint64) {
	names := codeNames()
	for _, a := range names {
		f := strings.Fields(strings.ToLower(a))
		k := (f[0][0] - 'a') % 26
		i := slices.IndexFunc(t[k], func(c codeStart) bool { return c.first == f[0] })
		if i < 0 {
			i = len(t[k])
			t[k] = append(t[k], codeStart{first: f[0]})
		}
		if len(f) == 1 {
			t[k][i].single = true
		} else {
			t[k][i].next = append(t[k][i].next, f[1])
		}
	}
	for k := range t {
		for i := range t[k] {
			var sub []string
			for _, a := range names {
				if strings.ToLower(strings.Fields(a)[0]) == t[k][i].first {
					sub = append(sub, a)
				}
			}
			t[k][i].re = regexp.MustCompile(`^(?:` + codeReFor(sub).String() + `)`)
			for _, a := range sub {
				t[k][i].spellings = append(t[k][i].spellings, strings.Fields(strings.ToLower(a)))
			}
			lens[k] |= 1 << min(len(t[k][i].first), 63)
		}
	}
	return t, lens
}

// codeLens2 has bit n of [a][b] set when a catalogued first word of n
// bytes starts with the letters a, b (every first word has two letters
// or more, see TestCodeStarts); built once, never changed.
var codeLens2 = func() (t [26][26]uint64) {
	for k := range codeStarts {
		for _, cs := range codeStarts[k] {
			t[cs.first[0]-'a'][cs.first[1]-'a'] |= 1 << min(len(cs.first), 63)
		}
	}
	return t
}()

// mayCode is the quick, inlinable part of codeMayStart: the word's first
// two letters and length must fit a catalogued first word ("the" fits
// "tax" on one letter, not on two). Most words stop here.
func mayCode(w string, ascii bool) bool {
	if !ascii {
		return true // codeMayStart lower-cases it
	}
	if len(w) < 2 {
		return false
	}
	c, d := (w[0]|0x20)-'a', (w[1]|0x20)-'a'
	return c < 26 && d < 26 && codeLens2[c][d]&(1<<min(len(w), 63)) != 0
}

// lowersToASCII reports whether every non-ASCII character of w is U+0130
// or U+212A KELVIN SIGN, the only ones strings.ToLower maps to ASCII: a
// word with any other cannot be a catalogued first word.
func lowersToASCII(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 0x80 {
			continue
		}
		switch {
		case strings.HasPrefix(w[i:], "\u0130"):
			i++
		case strings.HasPrefix(w[i:], "\u212a"):
			i += 2
		default:
			return false
		}
	}
	return true
}

// codeMayStart returns the codeStart of the word text[s:e] when codeAtRe
// can match there, else nil. The word must be the first word of a
// catalogued spelling, compared lower-cased as it always was (so with
// strings.ToLower for non-ASCII words: it maps U+212A KELVIN SIGN to "k"
// and U+0130 to "i"),
// and unless that spelling is one word, white space and a possible second
// word must follow.
func codeMayStart(text string, s, e int, ascii bool) *codeStart {
	w := text[s:e]
	if !ascii {
		if !lowersToASCII(w) {
			return nil
		}
		if w = strings.ToLower(w); !isASCII(w) {
			return nil
		}
	}
	c := w[0] | 0x20
	if c < 'a' || c > 'z' || codeLens[c-'a']&(1<<min(len(w), 63)) == 0 {
		return nil
	}
	var cs *codeStart
	for i := range codeStarts[c-'a'] {
		if foldEq(w, codeStarts[c-'a'][i].first) {
			cs = &codeStarts[c-'a'][i]
			break
		}
	}
	switch {
	case cs == nil:
		return nil
	case cs.single:
		return cs
	}
	p := skipSpace(text, e)
	if p == e {
		return nil
	}
	for _, n := range cs.next {
		if foldPrefix(text[p:], n) {
			return cs
		}
	}
	return nil
}

// foldPrefix reports whether s may start with lower under (?i): equal up
// to ASCII case, or with a non-ASCII byte where they differ.
func foldPrefix(s, lower string) bool {
	for i := 0; i < len(lower); i++ {
		if i >= len(s) {
			return false
		}
		c := s[i]
		if c >= 0x80 {
			return true
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// isArticleWord reports whether w lower-cased is "article", "articles",
// "art" or "arts". Non-ASCII words go through strings.ToLower, which maps
// U+0130 to "i".
func isArticleWord(w string, ascii bool) bool {
	if !ascii {
		w = strings.ToLower(w)
	}
	switch len(w) {
	case 3:
		return foldEq(w, "art")
	case 4:
		return foldEq(w, "arts")
	case 7:
		return foldEq(w, "article")
	case 8:
		return foldEq(w, "articles")
	}
	return false
}

// CollapseSpace replaces every run of white space in s with one ASCII
// space: the white space of `[\s\x{00A0}\x{2007}\x{202F}]+` (spaceAt),
// which PDF conversions leave in text. It is that expression's
// ReplaceAllString(s, " ") without the regular expression, and allocates
// only when something changes. Matching bytes one at a time is exact
// because U+00A0, U+2007 and U+202F start with lead bytes (0xC2, 0xE2),
// which never continue another sequence. Package docmeta uses it too.
func CollapseSpace(s string) string {
	i := collapseFrom(s)
	if i == len(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	b = append(b, s[:i]...)
	for i < len(s) {
		if n := spaceAt(s, i); n > 0 {
			b = append(b, ' ')
			i = skipSpace(s, i+n)
			continue
		}
		b = append(b, s[i])
		i++
	}
	return string(b)
}

// collapseFrom is where CollapseSpace first changes s: the start of its
// first run of white space other than a lone ASCII space, or len(s).
func collapseFrom(s string) int {
	i := 0
	for i < len(s) {
		n := spaceAt(s, i)
		if n == 0 {
			i++
			continue
		}
		if n == 1 && s[i] == ' ' && (i+1 == len(s) || spaceAt(s, i+1) == 0) {
			i++ // a lone ASCII space stays as it is
			continue
		}
		break
	}
	return i
}

// hasDigit reports whether s has an ASCII digit (\d in RE2).
func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

// lastWord is the last of strings.Fields(s), without building the slice.
func lastWord(s string) string {
	end := len(s)
	for end > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:end])
		if !isFieldSpace(r) {
			break
		}
		end -= n
	}
	start := end
	for start > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:start])
		if isFieldSpace(r) {
			break
		}
		start -= n
	}
	return s[start:end]
}

func isFieldSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r'
	}
	return unicode.IsSpace(r)
}

// attrsMayFind is a necessary condition for attrs(text, _, pos, _) to find
// anything: after commas and white space, what follows must be able to
// start a number ("No.", "Nr", "№", "number", digits), a date or its
// introduction ((?i)"dated", "of", "adopted", ...; month names), a title
// (quotes, "on", "concerning", ...) or an "of ..." issuer or country that
// attrs skips. Non-ASCII bytes are let through: (?i) folds "ſ" to "s".
func attrsMayFind(text string, pos int) bool {
	for pos < len(text) {
		if text[pos] == ',' {
			pos++
			continue
		}
		n := spaceAt(text, pos)
		if n == 0 {
			break
		}
		pos += n
	}
	if pos == len(text) {
		return false
	}
	rest := text[pos:]
	switch c := rest[0]; {
	case c >= '0' && c <= '9', c >= 0x80, c == '"':
		return true
	case !attrsFirst[c]:
		return false // most heads: no word below starts with c
	}
	for _, p := range attrsExact {
		if strings.HasPrefix(rest, p) {
			return true
		}
	}
	for _, p := range attrsFolded {
		if foldPrefix(rest, p) {
			return true
		}
	}
	return false
}

// attrsExact and attrsFolded are the words attrsMayFind looks for after a
// head, as they are and up to ASCII case.
var (
	attrsExact = [...]string{"No", "Nr", "number", "on", "On", "concerning", "approving", "amending",
		"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	attrsFolded = [...]string{"dated", "of", "from", "on", "was", "were", "has", "have",
		"adopted", "signed", "approved", "issued", "enacted", "passed", "dd"}
)

// attrsFirst says which ASCII bytes attrsExact's and attrsFolded's words
// can start with: an attribute after most heads is ruled out by one byte.
// Built once, never changed.
var attrsFirst = func() (t [256]bool) {
	for _, p := range attrsExact {
		t[p[0]] = true
	}
	for _, p := range attrsFolded {
		t[p[0]], t[p[0]-'a'+'A'] = true, true
	}
	return t
}()

// mayEndWithName is a necessary condition for issuerBeforeRe and
// preTitleRe, which match only at the end of before: white space ends it,
// and the word before that (less a possessive "'s") is a capitalised name
// or "presidential"/"government(al)", the only lower-case issuer words.
func mayEndWithName(before string) bool {
	end := len(trimRxSpaceRight(before))
	if end == len(before) {
		return false
	}
	t := before[:end]
	// Every possessive ending, as the regexps it gates allow
	// ("Prosecutor's's" included).
	for u := ""; u != t; {
		u = t
		t = strings.TrimSuffix(strings.TrimSuffix(t, "'s"), "’s")
	}
	for _, low := range [...]string{"presidential", "government", "governmental"} {
		if strings.HasSuffix(t, low) {
			return true
		}
	}
	for end := len(t); end > 0; {
		r, n := utf8.DecodeLastRuneInString(t[:end])
		if r != '-' && !unicode.IsLetter(r) {
			return false
		}
		if unicode.IsUpper(r) {
			return true
		}
		end -= n
	}
	return false
}

// isRxSpace reports whether r is \s as mustRx extends it.
func isRxSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\f', '\r', '\u00a0', '\u2007', '\u202f':
		return true
	}
	return false
}

// mayHavePreDate is a necessary condition for adoptedOnRe or
// onDateArticleRe with passedRe to give a date before an instrument's
// head: "on", a date's digits and an adoption verb, before the head or
// ("On 20 April 2023, a law was adopted") right after it.
func mayHavePreDate(text string, hs, he int) bool {
	before := text[max(0, hs-120):hs]
	if !hasOnDate(before) {
		return false
	}
	// every adoption verb ends in "ed": one search rules most out
	if strings.Contains(before, "ed") {
		for _, v := range [...]string{"adopted", "issued", "approved", "signed", "passed", "enacted"} {
			if strings.Contains(before, v) {
				return true
			}
		}
	}
	p := skipSpace(text, he)
	return p > he && (strings.HasPrefix(text[p:], "was") || strings.HasPrefix(text[p:], "were") || strings.HasPrefix(text[p:], "has"))
}

// hasOnDate reports whether "on" or "On" starts a word of s and white
// space and a digit or a month's capital follow it: the start of
// `\b[Oo]n\s+` and a date, as adoptedOnRe and onDateArticleRe begin.
func hasOnDate(s string) bool {
	for i := 1; i < len(s); i++ {
		j := strings.IndexByte(s[i:], 'n')
		if j < 0 {
			return false
		}
		i += j
		if c := s[i-1]; c != 'o' && c != 'O' || i >= 2 && isRxWord(s[i-2]) {
			continue
		}
		if q := skipSpace(s, i+1); q > i+1 && q < len(s) && (s[q] >= '0' && s[q] <= '9' || strings.IndexByte("JFMASOND", s[q]) >= 0) {
			return true
		}
	}
	return false
}

// hasYear reports whether s has four ASCII digits in a row, as every date
// and year parseDate and parseYear accept does. The digits are marked
// eight bytes at a time (digitBytes), with the marks of the three bytes
// before them.
func hasYear(s string) bool {
	var prev uint64 // bits 0-2: digits among the three bytes before i
	for i := 0; i < len(s); i += 8 {
		v := prev | gatherMarks(digitBytes(load8(s, i)))<<3
		if v&(v>>1)&(v>>2)&(v>>3) != 0 {
			return true
		}
		prev = v >> 8
	}
	return false
}

// treatyStop is the start of treatyStopRe's first match in w, or -1,
// found without the regular expression.
func treatyStop(w string) int {
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c == ';' || c == '(' || c == ')':
			return i
		case c == '.':
			if i+1 < len(w) && spaceAt(w, i+1) > 0 {
				return i
			}
		case c == '\n':
			j := i + 1
			for j < len(w) && (w[j] == ' ' || w[j] == '\t') {
				j++
			}
			if j < len(w) && w[j] == '\n' {
				return i
			}
		case isRxWord(c) && (i == 0 || !isRxWord(w[i-1])):
			j := i + 1
			for j < len(w) && isRxWord(w[j]) {
				j++
			}
			switch w[i:j] {
			case "which", "that", "was", "were", "is", "are", "has", "have", "had":
				return i
			}
			i = j - 1 // a word holds none of the other stops
		}
	}
	return -1
}

// isRxWord reports whether c is \w, the ASCII word byte \b looks at.
func isRxWord(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// endsWithOf is a necessary condition for prefixPartRe, which ends with
// `\d{1,3}\s*,?\s+of\s+$`: s ends with "of" (any case) and white space, and
// has a digit.
func endsWithOf(s string) bool {
	end := len(trimRxSpaceRight(s))
	return end < len(s) && end >= 2 && foldEq(s[end-2:end], "of") && hasDigit(s)
}

// codeReAt returns codeAtRe or, when only the spellings of one first word
// can match at the start of s, that word's smaller codeStart.re, which
// then finds the same match. A spelling's first word must match s's first
// bytes up to case; non-ASCII bytes may fold to anything ("ſ" is "s"
// under (?i)), so they leave the full expression.
func codeReAt(s string) *regexp.Regexp {
	if s == "" || s[0] >= 0x80 {
		return codeAtRe
	}
	c := s[0] | 0x20
	if c < 'a' || c > 'z' {
		return codeAtRe // cannot match; let codeAtRe say so
	}
	var only *codeStart
	for i := range codeStarts[c-'a'] {
		if cs := &codeStarts[c-'a'][i]; foldPrefix(s, cs.first) {
			if only != nil {
				return codeAtRe
			}
			only = cs
		}
	}
	if only == nil {
		return codeAtRe
	}
	return only.re
}

// titleCut is the start of titleCutRe's first match in t, or -1. Every
// alternative starts with white space and then a word from a short list
// (or "and" after more white space), so only such places are looked at,
// left to right: the first match is the leftmost, as the unanchored
// search finds it. Nothing in the expression looks behind its start. The
// one-word alternatives (`\s(?:which|that|...)\b`) and the dates after
// "of", "dated", "adopted on" are read here, and "and the ... Act" by
// andTheAct.
func titleCut(t string) int {
	for i := 0; i < len(t); i++ {
		n := spaceAt(t, i)
		if n == 0 {
			continue
		}
		w := asciiWordAt(t, i+n)
		switch {
		case isCutWord(w):
			return i
		case w == "of" || w == "dated":
			if dateFollows(t, i+n+len(w)) {
				return i
			}
		case w == "adopted":
			if q := spacesAfter(t, i+n+len(w)); q >= 0 && strings.HasPrefix(t[q:], "on") && dateFollows(t, q+2) {
				return i
			}
		case w == "in" && wordAfter(t, i+n+len(w)) == "accordance",
			w == "under" && wordAfter(t, i+n+len(w)) == "which":
			return i
		case w == "and":
			switch wordAfter(t, i+n+len(w)) {
			case "ratified", "approved", "adopted":
				return i
			}
		}
		if andTheAct(t, i) {
			return i
		}
	}
	return -1
}

// wordAfter is the run of \w bytes after the white space at t[i:], or ""
// when no white space is there.
func wordAfter(t string, i int) string {
	if q := spacesAfter(t, i); q >= 0 {
		return asciiWordAt(t, q)
	}
	return ""
}

// andTheAct reports whether titleCutRe's alternative
// `\s+and\s+the\s+(?:\p{Lu}[\p{L}-]*\s+)+(?:Act|Law|Code)\b` matches at
// t[i:]; at a place where the other alternatives do not, that is whether
// titleCutRe matches there. Each capitalised word takes all its letters
// and the white space after it (what follows cannot be more of them), so
// the words are read left to right, and the match ends at the first
// word after one or more of them that starts with "Act", "Law" or
// "Code" and \b. By hand: on the whole rest of the title, the regexp
// package's cost grows with the text's length.
func andTheAct(t string, i int) bool {
	q := spacesAfter(t, i)
	if q < 0 || !strings.HasPrefix(t[q:], "and") {
		return false
	}
	if q = spacesAfter(t, q+3); q < 0 || !strings.HasPrefix(t[q:], "the") {
		return false
	}
	if q = spacesAfter(t, q+3); q < 0 {
		return false
	}
	for words := 0; ; words++ {
		if words > 0 {
			for _, h := range [...]string{"Act", "Law", "Code"} {
				if strings.HasPrefix(t[q:], h) && (q+len(h) == len(t) || !isRxWord(t[q+len(h)])) {
					return true
				}
			}
		}
		e := capWordEnd(t, q)
		if e < 0 {
			return false
		}
		if q = spacesAfter(t, e); q < 0 {
			return false
		}
	}
}

// dateFollows matches `\s+(?:\d|(?:` + monthAlt + `)\s)` at t[i:].
func dateFollows(t string, i int) bool {
	q := spacesAfter(t, i)
	if q < 0 || q == len(t) {
		return false
	}
	if t[q] >= '0' && t[q] <= '9' {
		return true
	}
	m, e := monthAt(t, q)
	return m > 0 && e < len(t) && spaceAt(t, e) > 0
}

// asciiWordAt is the run of \w bytes at s[i:].
func asciiWordAt(s string, i int) string {
	j := i
	for j < len(s) && isRxWord(s[j]) {
		j++
	}
	return s[i:j]
}

// isCutWord reports whether w is a word of titleCutRe's one-word
// alternative (`\s(?:which|...)\b`): white space before it and w as the
// whole run of \w bytes there is a match.
func isCutWord(w string) bool {
	switch w {
	case "which", "that", "whereby", "was", "were", "is", "are", "has", "have", "had",
		"will", "shall", "would", "can", "may", "must", "establish", "establishes", "provide", "provides",
		"define", "defines", "regulate", "regulates", "sets", "lays", "stipulate", "stipulates", "states",
		"guarantees", "governs", "contains", "requires", "prohibits", "introduced", "entered", "came",
		"enshrines", "allows", "grants", "gives", "specifies", "contain", "govern":
		return true
	}
	return false
}

// The expressions below are anchored at the start of their input and
// start with a few literal characters. Their input runs to the end of the
// text, and the regexp package's backtracker clears memory in proportion
// to the input's length on every call, so a cheap look at the first bytes
// (a necessary condition of a match) saves most calls.

// findAt is re.FindStringIndex(s) when may(s) (s non-empty), else nil.
func findAt(re *regexp.Regexp, s string, may func(string) bool) []int {
	if s == "" || !may(s) {
		return nil
	}
	return boundedFind(re, s, false)
}

// maxText bounds, for anchored expressions, how many bytes other than
// white space a match can hold: the literal words and bounded repeats,
// with room for (?i) folding ASCII letters to two- and three-byte
// characters. Their input runs to the end of the text, and the regexp
// package's cost grows with the input's length (the backtracker clears a
// bit per instruction and input byte; past a limit the slower NFA runs),
// so they are given a window that every match fits in (see window).
// Built once, never changed.
var maxText = map[*regexp.Regexp]int{
	dateIntroRe: 96, // "have been adopted in", "dd."
	passedRe:    64, // "has been adopted"
}

// boundedFind is re.FindStringIndex(s) (re.FindStringSubmatchIndex(s)
// when sub) for an expression anchored at the start. With a maxText bound
// it runs on a window of s that every match fits in; should the window
// let a longer match through (one that would go on past the window in s),
// it runs on all of s.
func boundedFind(re *regexp.Regexp, s string, sub bool) []int {
	find := re.FindStringIndex
	if sub {
		find = re.FindStringSubmatchIndex
	}
	n, ok := maxText[re]
	if !ok {
		return find(s)
	}
	w := window(s, n)
	m := find(w)
	if len(w) < len(s) && m != nil && nonSpaceBytes(w[:m[1]]) > n {
		return find(s)
	}
	return m
}

// window cuts s after its first n bytes other than white space, keeping
// the whole character that follows them. A match that holds at most n
// such bytes lies in the window, and everything it depends on (the
// character after it, for \b or a failing repeat) is read there as in s:
// the cut falls at a character boundary. A path of the expression that
// goes further could not have matched in s anyway.
func window(s string, n int) string {
	if len(s) <= n+1 {
		return s
	}
	i := 0
	for i < len(s) {
		if k := spaceAt(s, i); k > 0 {
			i += k
			continue
		}
		if n == 0 {
			break
		}
		n--
		i++
	}
	if i < len(s) {
		i++
		for i < len(s) && !utf8.RuneStart(s[i]) {
			i++
		}
	}
	return s[:i]
}

// nonSpaceBytes counts the bytes of s that are not white space.
func nonSpaceBytes(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if k := spaceAt(s, i); k > 0 {
			i += k
			continue
		}
		n++
		i++
	}
	return n
}

// skipCommas is the end of `^[\s,]*` at text[pos:], as an offset in text.
func skipCommas(text string, pos int) int {
	for pos < len(text) {
		if text[pos] == ',' {
			pos++
		} else if n := spaceAt(text, pos); n > 0 {
			pos += n
		} else {
			break
		}
	}
	return pos
}

// mayIntroDate: dateIntroRe's words start with these letters in any case
// ((?i); a non-ASCII byte may be "ſ", which it folds to "s").
func mayIntroDate(s string) bool {
	return s[0] >= 0x80 || strings.IndexByte("dDoOfFwWhHaAsSiIeEpP", s[0]) >= 0
}

// nextTreatyIntro is the next match of treatyYearRe (in the tests) in w at
// or after i, as FindAllStringIndex finds them: the first position where
// treatyIntroAt matches. -1, -1 when there is none.
func nextTreatyIntro(w string, i int) (start, end int) {
	for ; i < len(w); i++ {
		// at a letter, a match is one of the words "of", "dated",
		// "adopted", "signed", "done", "concluded": its first two letters
		// rule out most places
		var may bool
		switch c := w[i]; c {
		case ',', '(':
			may = true
		case 'o':
			may = i+1 < len(w) && w[i+1] == 'f'
		case 'a':
			may = i+1 < len(w) && w[i+1] == 'd'
		case 's':
			may = i+1 < len(w) && w[i+1] == 'i'
		case 'd':
			may = i+1 < len(w) && (w[i+1] == 'a' || w[i+1] == 'o')
		case 'c':
			may = i+1 < len(w) && w[i+1] == 'o'
		default:
			if spaceAt(w, i) == 0 {
				continue
			}
			// at white space, what follows the run must start a word
			// above or be '(', the same from every place in the run
			q := skipSpace(w, i)
			if q < len(w) && strings.IndexByte("odasc(", w[q]) >= 0 {
				may = true
			} else {
				i = q - 1
				continue
			}
		}
		if may {
			if e := treatyIntroAt(w, i); e >= 0 {
				return i, e
			}
		}
	}
	return -1, -1
}

// treatyIntroAt matches treatyYearRe anchored at w[i:]: the words that
// introduce a treaty's year (", of ", " signed at Minsk on ", " (").
// It returns the match's end, or -1. Where the regular expression could
// backtrack (a place after the verb that is not followed by "on"/"in"),
// both ways are tried in its order.
func treatyIntroAt(w string, i int) int {
	p := i
	if p < len(w) && w[p] == ',' {
		p++
	}
	q := skipSpace(w, p)
	r := w[q:]
	e := -1
	switch {
	case strings.HasPrefix(r, "of"):
		e = spacesAfter(w, q+2)
	case strings.HasPrefix(r, "dated"):
		e = spacesAfter(w, q+5)
	default:
		for _, v := range [...]string{"adopted", "signed", "done", "concluded"} {
			if strings.HasPrefix(r, v) {
				v := q + len(v)
				if pe := placeEnd(w, v); pe >= 0 {
					e = onInSpace(w, pe)
				}
				if e < 0 {
					e = onInSpace(w, v)
				}
				break
			}
		}
	}
	if e >= 0 {
		return e
	}
	q = skipSpace(w, i)
	if q < len(w) && w[q] == '(' {
		return skipSpace(w, q+1)
	}
	return -1
}

// spacesAfter matches `\s+` at w[i:]: its end, or -1.
func spacesAfter(w string, i int) int {
	if e := skipSpace(w, i); e > i {
		return e
	}
	return -1
}

// onInSpace matches `\s+(?:on|in)\s+` at w[i:]: its end, or -1.
func onInSpace(w string, i int) int {
	q := spacesAfter(w, i)
	if q < 0 || !(strings.HasPrefix(w[q:], "on") || strings.HasPrefix(w[q:], "in")) {
		return -1
	}
	return spacesAfter(w, q+2)
}

// placeEnd matches `\s+(?:at|in)\s+\p{Lu}\p{L}+` at w[i:]: its end, or
// -1. The letters run as far as they go: the expression goes on with
// white space.
func placeEnd(w string, i int) int {
	q := spacesAfter(w, i)
	if q < 0 || !(strings.HasPrefix(w[q:], "at") || strings.HasPrefix(w[q:], "in")) {
		return -1
	}
	q = spacesAfter(w, q+2)
	if q < 0 {
		return -1
	}
	r, n := utf8.DecodeRuneInString(w[q:])
	if !unicode.IsUpper(r) {
		return -1
	}
	e := q + n
	for e < len(w) {
		r, n := utf8.DecodeRuneInString(w[e:])
		if !unicode.IsLetter(r) {
			break
		}
		e += n
	}
	if e == q+n {
		return -1
	}
	return e
}
