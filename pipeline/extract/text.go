package extract

import (
	"encoding/binary"
	"math/bits"
	"strings"

	"github.com/factflow/factflow/pipeline/quantity"
)

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isSpace(c byte) bool  { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// nextWord returns the lower-cased ASCII word after i (spaces skipped).
func nextWord(text string, i int) string {
	i = skipFwd(text, i)
	j := i
	for j < len(text) && (isLetter(text[j]) || text[j] == '\'') {
		j++
	}
	return lowerWord(strings.TrimSuffix(text[i:j], "'"))
}

// prevWord returns the lower-cased word before i, skipping spaces and one
// '.' or ':' ("art. 5", "Code: 125").
func prevWord(text string, i int) string {
	i = skipBack(text, i)
	if i > 0 && (text[i-1] == '.' || text[i-1] == ':') {
		i--
	}
	j := i
	for j > 0 && isLetter(text[j-1]) {
		j--
	}
	return lowerWord(text[j:i])
}

// prevWordRaw is prevWord without lower-casing or punctuation skipping;
// it also returns the word's start.
func prevWordRaw(text string, i int) (string, int) {
	i = skipBack(text, i)
	j := i
	for j > 0 && (isLetter(text[j-1]) || isDigit(text[j-1])) {
		j--
	}
	return text[j:i], j
}

var months = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
}

func isMonth(w string) bool { return len(w) >= 3 && len(w) <= 9 && monthSet.has(w) }

// foldSet is a set of lower-case ASCII words, looked up ignoring case:
// the words' lengths and first bytes answer most misses without hashing.
type foldSet struct {
	words    map[string]bool
	firsts   uint32 // bit c&31 of the first byte c of each word
	min, max int    // lengths of the shortest and longest word
}

func newFoldSet(words map[string]bool) foldSet {
	s := foldSet{words: words, min: 1 << 30}
	for w, in := range words {
		if in && w != "" {
			s.firsts |= 1 << (w[0] & 31)
			s.min, s.max = min(s.min, len(w)), max(s.max, len(w))
		}
	}
	return s
}

// has is hasFold(s.words, w).
func (s *foldSet) has(w string) bool {
	if len(w) < s.min || len(w) > s.max || s.firsts&(1<<(w[0]&31)) == 0 {
		return false
	}
	return hasFold(s.words, w)
}

// Sets of the vocabularies looked up ignoring case.
var (
	monthSet      = newFoldSet(months)
	legalNounSet  = newFoldSet(legalNouns)
	abbrevSet     = newFoldSet(abbrevs)
	adverbSet     = newFoldSet(adverbs)
	participleSet = newFoldSet(irregularParticiples)
	phoneWordSet  = newFoldSet(phoneWords)
	notCountedSet = newFoldSet(notCounted)
)

// hasFold looks w up in a set of lower-case ASCII keys, ignoring case,
// without allocating.
func hasFold(m map[string]bool, w string) bool {
	var buf [24]byte
	if len(w) > len(buf) {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 32
		}
		buf[i] = c
	}
	return m[string(buf[:len(w)])]
}

// dateStart returns where a date ending in the year at start begins:
// "5 July 2000", "July 19, 2021", "January 2024".
func dateStart(text string, start int) (b int, month string, day bool) {
	b = start
	s := text[:skipBack(text, start)]
	if strings.HasSuffix(s, ",") {
		// July 19, 2021
		d, ds := prevWordRaw(text, len(s)-1)
		if d != "" && isDigit(d[0]) && len(d) <= 2 {
			if m, ms := prevWordRaw(text, ds); isMonth(m) {
				return ms, m, true
			}
		}
		return b, "", false
	}
	m, ms := prevWordRaw(text, start)
	if !isMonth(m) {
		return b, "", false
	}
	b = ms
	if d, ds := prevWordRaw(text, ms); d != "" && isDigit(d[0]) && len(d) <= 2 {
		return ds, m, true
	}
	return b, m, false
}

var legalNouns = map[string]bool{
	"decree": true, "order": true, "law": true, "act": true, "resolution": true, "decision": true, "code": true,
	"convention": true, "protocol": true, "agreement": true, "regulation": true, "ordinance": true,
	"instruction": true, "rules": true, "covenant": true, "constitution": true, "treaty": true, "plan": true,
}

// legalDate reports whether the year at qs[k] dates a law or instrument
// ("Act of 5 July 2000", "dated 19 September 2014", "Convention …, of
// 1966", "resolution 1325 (2000)") rather than the time of a figure.
func legalDate(text string, start int, qs []quantity.Quantity, k int) bool {
	b, _, _ := dateStart(text, start)
	pre := text[:skipBack(text, b)]
	if strings.HasSuffix(pre, "(") && qs[k].End < len(text) && text[qs[k].End] == ')' {
		// "resolution 1325 (2000)"; not "1,200 (2021: 1,050)"
		p := text[:skipBack(text, len(pre)-1)]
		if len(p) > 0 && isDigit(p[len(p)-1]) {
			return true
		}
	}
	w := prevWord(text, b)
	if w == "dated" {
		return true
	}
	if w != "of" {
		return false
	}
	ofAt := strings.LastIndex(pre, "of")
	if ofAt < 0 {
		return false
	}
	before := trimBlanks(pre[:ofAt])
	if strings.HasSuffix(before, ",") {
		return true
	}
	w2, _ := prevWordRaw(text, len(before))
	if w2 == "" || strings.EqualFold(w2, "as") {
		return false // "as of 1 January 2023"
	}
	if isDigit(w2[0]) || (w2[0] >= 'A' && w2[0] <= 'Z') {
		return true
	}
	return legalNounSet.has(w2)
}

// periodBefore reads a finer period stated before a year: "as at
// January", "as at 1 January", "first half", "4 months", "end".
func periodBefore(text string, start int) (string, int) {
	b, m, day := dateStart(text, start)
	if m != "" {
		// (folding ASCII only answers as strings.ToLower would, without
		// a copy: no other letter lower-cases to one of these)
		pre := trimBlanks(text[max(0, b-12):b])
		if hasSuffixFold(pre, "as at") || hasSuffixFold(pre, "as of") {
			return "as at " + strings.TrimSpace(text[b:start]), b
		}
		if !day {
			return m, b
		}
		return "", b
	}
	if prevWord(text, start) != "of" {
		return "", start
	}
	pre := trimBlanks(text[:start])
	pre = trimBlanks(pre[:len(pre)-2])
	w, ws := prevWordRaw(text, len(pre))
	lw := strings.ToLower(w)
	switch lw {
	case "half", "quarter", "semester":
		if a, _ := prevWordRaw(text, ws); a != "" {
			return strings.ToLower(a) + " " + lw, ws
		}
	case "months", "month":
		if a, _ := prevWordRaw(text, ws); a != "" {
			return a + " " + lw, ws
		}
	case "end", "beginning", "start", "middle":
		return lw, ws
	}
	return "", start
}

var abbrevs = map[string]bool{
	"no": true, "nos": true, "art": true, "arts": true, "para": true, "paras": true, "p": true, "pp": true,
	"e.g": true, "i.e": true, "etc": true, "mr": true, "ms": true, "mrs": true, "dr": true, "vs": true, "st": true,
	"fig": true, "vol": true, "cf": true, "approx": true, "incl": true, "inc": true, "co": true, "corp": true,
	"jr": true, "sr": true, "u.s": true, "sect": true, "ch": true, "t": true,
}

// sentenceEndAt reports whether the '.', '!' or '?' at i ends a sentence.
func sentenceEndAt(text string, i int) bool {
	c := text[i]
	if c != '.' && c != '!' && c != '?' {
		return false
	}
	if i+1 < len(text) && !isSpace(text[i+1]) && text[i+1] != '"' && text[i+1] != '\'' {
		return false
	}
	if c == '.' {
		j := i
		for j > 0 && (isLetter(text[j-1]) || text[j-1] == '.') {
			j--
		}
		if abbrevSet.has(text[j:i]) {
			// "No. 89": an abbreviation before a number or name.
			k := i + 1
			for k < len(text) && text[k] == ' ' {
				k++
			}
			if k < len(text) && (isDigit(text[k]) || isLetter(text[k]) && text[k] >= 'A' && text[k] <= 'Z') {
				return false
			}
		}
	}
	return true
}

// blankOrListAt reports whether a paragraph starts after the newline at i:
// a blank line, or a line opening with a list marker ("12.", "(3)", "•").
func blankOrListAt(text string, i int) bool {
	j := i + 1
	for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
		j++
	}
	if j >= len(text) || text[j] == '\n' {
		return true
	}
	if strings.HasPrefix(text[j:], "•") {
		return true
	}
	// "(3) …", "(a) …": a list item, not a wrapped line that opens a parenthesis
	if text[j] == '(' {
		k := j + 1
		for k < len(text) && k-j <= 4 && (isDigit(text[k]) || isLetter(text[k])) {
			k++
		}
		return k > j+1 && k-j <= 4 && k+1 < len(text) && text[k] == ')' && (text[k+1] == ' ' || text[k+1] == '\t')
	}
	k := j
	for k < len(text) && (isDigit(text[k]) || (k-j < 2 && k == j && text[k] >= 'A' && text[k] <= 'Z')) {
		k++
	}
	return k > j && k < len(text) && (text[k] == '.' || text[k] == ')') && k+1 < len(text) && (text[k+1] == ' ' || text[k+1] == '\t')
}

// sentenceBounds returns the sentence around i.
func sentenceBounds(text string, i int) (int, int) {
	// A "sentence" never spans more than maxSentence bytes either side:
	// text without full stops (tables, lists of figures) must not make
	// every figure rescan it.
	lo, hi := max(0, i-maxSentence), min(len(text), i+maxSentence)
	s := lo
	for k := i; ; {
		if k = lo + lastStop(text[lo:k]); k < lo {
			break
		}
		if text[k] == '\n' && blankOrListAt(text, k) || text[k] != '\n' && sentenceEndAt(text, k) && k+1 < len(text) && k+1 <= i {
			s = k + 1
			break
		}
	}
	e := hi
	for k := i; ; k++ {
		j := indexStop(text[k:hi])
		if j < 0 {
			break
		}
		k += j
		if text[k] == '\n' && blankOrListAt(text, k) {
			e = k
			break
		}
		if text[k] != '\n' && sentenceEndAt(text, k) && !(k > 0 && isDigit(text[k-1]) && k+1 < len(text) && isDigit(text[k+1])) {
			e = k + 1
			break
		}
	}
	for s < e && isSpace(text[s]) {
		s++
	}
	return s, e
}

// SWAR constants: a byte's value in every byte, every byte's high bit,
// and every byte's other bits.
const (
	ones = 0x0101010101010101
	high = 0x8080808080808080
	low7 = 0x7f7f7f7f7f7f7f7f
)

// stopBytes returns the high bit of each byte of v that may end a
// sentence: a line break, '.', '!' or '?'.
func stopBytes(v uint64) uint64 {
	return zeroBytes(v^'\n'*ones) | zeroBytes(v^'.'*ones) | zeroBytes(v^'!'*ones) | zeroBytes(v^'?'*ones)
}

// zeroBytes returns the high bit of each zero byte of x, exactly: no
// borrow runs from one byte into the next.
func zeroBytes(x uint64) uint64 { return ^((x&low7 + low7) | x) & high }

func isStop(c byte) bool { return c == '\n' || c == '.' || c == '!' || c == '?' }

// indexStop returns the index of the first byte of s that may end a
// sentence (see stopBytes), or -1; eight bytes at a time.
func indexStop(s string) int {
	k := 0
	for ; k+8 <= len(s); k += 8 {
		if m := stopBytes(binary.LittleEndian.Uint64([]byte(s[k : k+8]))); m != 0 {
			return k + bits.TrailingZeros64(m)/8
		}
	}
	for ; k < len(s); k++ {
		if isStop(s[k]) {
			return k
		}
	}
	return -1
}

// lastStop is indexStop from the end: the index of the last such byte.
func lastStop(s string) int {
	k := len(s)
	for ; k >= 8; k -= 8 {
		if m := stopBytes(binary.LittleEndian.Uint64([]byte(s[k-8 : k]))); m != 0 {
			return k - 8 + (63-bits.LeadingZeros64(m))/8
		}
	}
	for k--; k >= 0; k-- {
		if isStop(s[k]) {
			return k
		}
	}
	return -1
}

// paragraphStart returns the start of the paragraph holding i.
func paragraphStart(text string, i int) int {
	lo := max(0, i-maxParagraph)
	// from line break to line break, not byte by byte
	for k := i; k > lo; {
		k = lo + strings.LastIndexByte(text[lo:k], '\n')
		if k < lo {
			break
		}
		if blankOrListAt(text, k) {
			return k + 1
		}
	}
	return lo
}

// Bounds on how far the rules look around a figure, so that the cost per
// figure stays constant on text without sentence or paragraph breaks.
const (
	maxSentence  = 1500 // bytes either side of a figure
	maxParagraph = 6000
	maxLookBack  = 64 // earlier figures searched for a whole or a parent
)

// Cue kinds of sentenceCues.
const (
	cueLegal      = iota // a norm, not a figure: quotas, thresholds, amounts fixed by law
	cuePast              // a past verb
	cuePresent           // a present verb
	cueNow               // "currently", "to date": the document's own time
	cueFuture            // plans and targets
	cueSimplePast        // a simple past auxiliary
)

type cue struct {
	phrase string
	kind   int
}

// cues by their first word; phrases are matched word by word.
var cues = map[string][]cue{}

// cueShapes filters words before the map lookup: bit n of
// cueShapes[shapeKey(w)] is set when a cue's first word of length n
// starts with w's first two letters.
var cueShapes [26 * 26]uint32

// shapeKey indexes a lower-case word of two letters or more by its first two.
func shapeKey(w string) int { return int(w[0]-'a')*26 + int(w[1]-'a') }

func init() {
	add := func(kind int, phrases ...string) {
		for _, p := range phrases {
			first, _, _ := strings.Cut(p, " ")
			cues[first] = append(cues[first], cue{p, kind})
			cueShapes[shapeKey(first)] |= 1 << len(first)
		}
	}
	add(cueLegal, "quota", "quotas", "threshold", "thresholds", "punishable", "calculation index", "shall", "must",
		"had to", "is required to", "are required to", "may not exceed", "is set at", "are set at", "amount of compensation is",
		"minimum wage", "subsistence minimum", "provides for", "provide for", "is punished", "liable to")
	add(cuePast, "was", "were", "had", "has been", "have been", "did")
	add(cueSimplePast, "was", "were", "had", "did")
	add(cuePresent, "is", "are", "consists", "comprises", "employs", "operate", "operates", "constitute", "constitutes",
		"represent", "represents", "account for", "accounts for", "amounts to", "stands at", "remains", "remain")
	add(cueNow, "currently", "at present", "to date", "now", "as of today", "there are", "there is", "each year", "every year",
		"annually")
	add(cueFuture, "will", "to be built", "scheduled to", "is planned", "are planned", "plans to", "is expected to",
		"are expected to", "need to be", "needs to be", "by 20", "may have", "may be", "can have", "should be", "must be", "with the aim of", "aims to", "aimed at")
}

// irregularParticiples are past participles that do not end in -ed.
var irregularParticiples = map[string]bool{
	"been": true, "set": true, "made": true, "taken": true, "given": true, "held": true, "brought": true, "seen": true,
	"done": true, "found": true, "become": true, "grown": true, "risen": true, "fallen": true, "paid": true, "sent": true,
	"built": true, "begun": true, "won": true, "led": true, "put": true, "kept": true, "run": true, "shown": true,
	"drawn": true, "undergone": true, "spent": true, "written": true, "known": true, "met": true, "sought": true,
	"taught": true, "dealt": true, "heard": true, "laid": true, "lost": true, "read": true, "got": true, "gotten": true,
}

// perfectAt reports a present perfect at the "has"/"have" ending at i of the
// sentence l: "has organized", "have been opened", "has not
// been", "have also received".
func perfectAt(l string, i int) bool {
	for n := 0; n < 2; n++ {
		for i < len(l) && l[i] == ' ' {
			i++
		}
		j := i
		for j < len(l) && isLetter(l[j]) {
			j++
		}
		w := l[i:j]
		if adverbSet.has(w) {
			i = j
			continue
		}
		return len(w) > 3 && w[len(w)-2]|0x20 == 'e' && w[len(w)-1]|0x20 == 'd' || participleSet.has(w)
	}
	return false
}

// adverbs may stand between "has" and its participle.
var adverbs = map[string]bool{"not": true, "also": true, "already": true, "since": true, "recently": true, "now": true}

// sentenceCues reads a sentence once (ignoring case): whether it sets a norm,
// whether it states a present fact ("There are 356 investigators", "About
// T 8 billion is allocated annually": no past verb, or "currently"), and
// where future cues occur (appended to fut). perfect reports a present
// perfect and no past verb ("68 centres have been opened"): such a sentence
// does not continue the time of an earlier paragraph.
func sentenceCues(l string, fut []int) (legal, present, perfect bool, _ []int) {
	past, pres, now, simplePast := false, false, false, false
	var buf [24]byte
	for i := 0; i < len(l); {
		if !isLetter(l[i]) {
			i++
			continue
		}
		j := i
		for j < len(l) && isLetter(l[j]) {
			j++
		}
		if j-i > len(buf) {
			i = j
			continue
		}
		if j-i < 2 || cueShapes[int(l[i]|0x20-'a')*26+int(l[i+1]|0x20-'a')]&(1<<(j-i)) == 0 {
			i = j
			continue
		}
		w := buf[:j-i]
		for k := range w {
			w[k] = l[i+k] | 0x20
		}
		if (string(w) == "has" || string(w) == "have") && (i == 0 || l[i-1] != '-') && perfectAt(l, j) {
			perfect = true
		}
		for _, c := range cues[string(w)] {
			e := i + len(c.phrase)
			if !hasPrefixFold(l[i:], c.phrase) || e < len(l) && isLetter(l[e]) && !isDigit(c.phrase[len(c.phrase)-1]) {
				continue
			}
			switch c.kind {
			case cueLegal:
				legal = true
			case cuePast:
				past = true
			case cueSimplePast:
				simplePast = true
			case cuePresent:
				pres = true
			case cueNow:
				now = true
			case cueFuture:
				fut = append(fut, i)
			}
		}
		i = j
	}
	return legal, now || pres && !past, perfect && !simplePast, fut
}

// hasPrefixFold reports whether s starts with the lower-case ASCII prefix
// p, ignoring the case of s.
func hasPrefixFold(s, p string) bool {
	if len(s) < len(p) {
		return false
	}
	for k := 0; k < len(p); k++ {
		c := s[k]
		if c >= 'A' && c <= 'Z' {
			c += 32
		}
		if c != p[k] {
			return false
		}
	}
	return true
}

// skipFwd skips ASCII white space and no-break spaces (U+00A0, U+202F).
func skipFwd(text string, i int) int {
	for i < len(text) {
		switch {
		case isSpace(text[i]):
			i++
		case strings.HasPrefix(text[i:], "\u00a0"):
			i += 2
		case strings.HasPrefix(text[i:], "\u202f"):
			i += 3
		default:
			return i
		}
	}
	return i
}

// skipBack is skipFwd backwards from i.
func skipBack(text string, i int) int {
	for i > 0 {
		switch {
		case isSpace(text[i-1]):
			i--
		case strings.HasSuffix(text[:i], "\u00a0"):
			i -= 2
		case strings.HasSuffix(text[:i], "\u202f"):
			i -= 3
		default:
			return i
		}
	}
	return i
}

// clauseBounds returns the clause around i: the text between the nearest
// ',' ';' or ':' (or the sentence bounds). A comparison in brackets, "(compared
// with 19.2 per cent in 2023)", is a clause of its own.
func clauseBounds(text string, i, ss, se int) (int, int) {
	a := ss
	for k := i - 1; k > ss; k-- {
		if c := text[k]; c == ';' || c == ':' || c == ',' && !(k+1 < len(text) && isDigit(text[k+1]) && k > 0 && isDigit(text[k-1])) ||
			c == '(' && strings.HasPrefix(text[k+1:], "compared") {
			a = k + 1
			break
		}
	}
	b := se
	for k := i; k < se; k++ {
		if c := text[k]; c == ';' || c == ':' || c == ',' && !(k+1 < len(text) && isDigit(text[k+1]) && k > 0 && isDigit(text[k-1])) {
			b = k
			break
		}
	}
	return a, b
}

// trimBlanks is strings.TrimRight(s, " \n") without building a cut set
// per call.
func trimBlanks(s string) string {
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\n') {
		s = s[:len(s)-1]
	}
	return s
}

// trimRightAny is strings.TrimRight for an ASCII cut set.
func trimRightAny(s, cut string) string {
	for len(s) > 0 && inCut(cut, s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

// trimAny is strings.Trim for an ASCII cut set.
func trimAny(s, cut string) string {
	for len(s) > 0 && inCut(cut, s[0]) {
		s = s[1:]
	}
	return trimRightAny(s, cut)
}

// inCut reports c in a cut set of a few bytes (a loop: IndexByte costs
// more to set up than to run on so few).
func inCut(cut string, c byte) bool {
	for i := 0; i < len(cut); i++ {
		if cut[i] == c {
			return true
		}
	}
	return false
}

// lowerWord is lowerASCII for a word, without allocating for a
// capitalised word the rules know ("In", "Article"): those are read from
// the vocabularies below rather than built.
func lowerWord(w string) string {
	var buf [16]byte
	if len(w) > len(buf) {
		return lowerASCII(w)
	}
	upper := false
	for i := 0; i < len(w); i++ {
		if w[i]-'A' < 26 {
			upper = true
			break
		}
	}
	if !upper {
		return w // most words
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c-'A' < 26 {
			c += 32
		}
		buf[i] = c
	}
	if k, ok := knownWords[string(buf[:len(w)])]; ok {
		return k
	}
	return string(buf[:len(w)])
}

// knownWords holds every word of the rules' vocabularies, for lowerWord.
var knownWords = func() map[string]string {
	m := map[string]string{}
	for _, set := range []map[string]bool{months, legalNouns, abbrevs, irregularParticiples, adverbs, refWords, durations,
		stopAfter, aux, participles, preps, notCounted, pronoun, nounEd, phoneWords, stopWords, trailingFunc} {
		for w := range set {
			m[w] = w
		}
	}
	for w := range nounUnits {
		m[w] = w
	}
	for _, w := range [...]string{"the", "and", "or", "in", "since", "of", "from", "by", "to", "until", "till", "during",
		"for", "between", "year", "years", "early", "late", "mid", "dated", "as", "past", "last", "previous", "just"} {
		m[w] = w
	}
	return m
}()
