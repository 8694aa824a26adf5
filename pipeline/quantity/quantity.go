// Package quantity is the number grammar of factflow: it finds the numbers
// a report states ("1,273", "23 635", "18.28 million", "33 million 545
// thousand tenge", "T 49,456,000", "(3,7%)", "nine") and reads their value,
// unit and qualifier. It knows nothing of time or of what is counted; the
// extract package decides which quantities are observations.
//
// The scanner looks for digits and number words first and parses around
// them, so the cost is one pass over the bytes plus work proportional to
// the (sparse) numbers.
package quantity

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"strings"
)

// Quantity is one number the grammar recognises.
type Quantity struct {
	Text       string  // text[Start:End]
	Value      float64 // scale words applied; percent values as stated (47% = 47)
	Unit       string  // "" (bare number), "percent" or an ISO 4217 code (KZT, USD, EUR, ...)
	Start, End int     // byte span: numeral plus scale words, percent sign/words, currency; End exclusive
	// NumStart, NumEnd is the span of the numeral with its scale words,
	// without unit or currency ("18.28 million" of "18.28 million tenge").
	NumStart, NumEnd int
	// Qualifier is the normalised approximation word before the number:
	// "more than" (more than, over, in excess of, exceeding), "about"
	// (about, approximately, around, roughly), "almost" (almost, nearly),
	// "less than" (less than, fewer than), "up to" (up to, not more than,
	// no more than, at most), "at least" (at least, not less than, no less
	// than); empty when exact.
	Qualifier string
	// QualText is the qualifier as written ("not less than"); QualStart is
	// where it starts (== Start when there is none).
	QualText  string
	QualStart int
	Word      bool // stated in words ("nine", "twenty-five")
	Year      bool // a bare four-digit integer 1800–2100 with nothing attached: probably a year
	Scaled    bool // a scale word (thousand, million, ...) applied
	Decimal   bool // has a fractional part
	Grouped   bool // written with thousands separators ("5,300", "23 635")

	prefixUnit bool // the unit was read before the numeral ("$20", "T 8 billion")
}

// Find returns every quantity in text, sorted by Start.
//
// Numbers are sparse, so Find does not branch on every byte: it classifies
// eight bytes at a time and stops only where a quantity may start (a
// digit, or the first letter of a word) and parses around it.
func Find(text string) []Quantity {
	if len(text) > longText {
		return AppendFind(nil, text)
	}
	// Quantities are large: a short text (a chunk) gathers them on the
	// stack and gets a slice of the exact size.
	var buf [128]Quantity
	qs := AppendFind(buf[:0], text)
	out := make([]Quantity, len(qs))
	copy(out, qs)
	return out
}

// AppendFind appends the quantities of text to dst and returns the
// result, as Find would return them: a caller that reads them only while
// it works can keep them in a buffer of its own.
func AppendFind(dst []Quantity, text string) []Quantity {
	// Reports state about one number per 100 bytes, and growing the slice
	// would copy quantities over and over: a long text gets room for one
	// per 64 bytes at once.
	if len(text) > longText {
		dst = slices.Grow(dst, len(text)/64+8)
	}
	return appendQuantities(dst, text)
}

// longText is the length from which a text is not a chunk: its quantities
// get room on the heap at once.
const longText = 6 << 10

// appendQuantities appends the quantities of text to out.
func appendQuantities(out []Quantity, text string) []Quantity {
	n := len(text)
	done := 0         // text[:done] is read
	var before uint64 // 0x80 when the byte before text[p] is a letter or digit
	for p := 0; p < n; {
		next := p + 8
		letter, digit := classify(load8(text, p))
		m := digit | letter&^((letter|digit)<<8|before)
		for m != 0 {
			i := p + bits.TrailingZeros64(m)/8
			m &= m - 1
			if i < done {
				continue
			}
			c := text[i]
			if isLetter(c) {
				// most words: the first three letters rule them out
				if i > 0 && text[i-1] == '_' || i+2 >= n || !isLetter(text[i+1]) || !isLetter(text[i+2]) || !numberTrigram(c, text[i+1], text[i+2]) ||
					!mayStartNumber(c, text[i+1]) && !((c|0x20 == 'h' || c|0x20 == 'm' || c|0x20 == 'b') && indefiniteBefore(text, i)) {
					continue
				}
				// a word that may be a number word: three to nine letters
				j := i + 3 + letterRun(text[i+3:])
				if j-i > 9 {
					continue
				}
				if _, ok := wordValue(text[i:j]); ok {
					if q, e, ok := parseWords(text, i); ok {
						out = appendDisjoint(out, q, text)
						done = e
					}
				}
			} else {
				// a digit; a '.' just before it may start the numeral (".5")
				if i > done && text[i-1] == '.' && (i == 1 || isSpaceByte(text[i-2]) || text[i-2] == '(') {
					i--
				}
				q, e, ok := parseNumeric(text, i)
				if ok {
					out = appendDisjoint(out, q, text)
				}
				done = max(e, i+1)
			}
			// what was parsed is passed over, whichever block it ends in
			if done >= next {
				next = done
				break
			}
		}
		if next == p+8 {
			before = (letter | digit) >> 56
		} else if next < n {
			before = 0
			if isLetter(text[next-1]) || isDigit(text[next-1]) {
				before = 0x80
			}
		}
		p = next
	}
	return out
}

// SWAR constants: a byte's value in every byte, and every byte's high bit.
const (
	ones = 0x0101010101010101
	high = 0x8080808080808080
)

// load8 reads the eight bytes at text[p:] as a little-endian word; past
// the end of text it reads NUL bytes, which start nothing.
func load8(text string, p int) uint64 {
	if p+8 <= len(text) {
		return binary.LittleEndian.Uint64([]byte(text[p : p+8]))
	}
	return loadTail(text[p:])
}

func loadTail(s string) uint64 {
	var buf [8]byte
	copy(buf[:], s)
	return binary.LittleEndian.Uint64(buf[:])
}

// classify returns the high bit of each byte of v that is an ASCII
// letter, and of each that is a digit. A quantity may start at a digit
// or at a letter that follows neither a letter nor a digit.
func classify(v uint64) (letter, digit uint64) {
	ascii := ^v & high
	low := v &^ high
	folded := low | 0x20*ones
	// sums of a 7-bit byte and a constant below 0x80 do not carry
	letter = (folded + (0x80-'a')*ones) &^ (folded + (0x80-'z'-1)*ones) & ascii
	digit = (low + (0x80-'0')*ones) &^ (low + (0x80-'9'-1)*ones) & ascii
	return letter, digit
}

// letterRun returns the length of the run of ASCII letters that s starts
// with, testing eight bytes at a time.
func letterRun(s string) int {
	k := 0
	for ; k+8 <= len(s); k += 8 {
		v := binary.LittleEndian.Uint64([]byte(s[k : k+8]))
		low := v&^high | 0x20*ones // case folded: a letter is then 'a'..'z'
		letter := (low + (0x80-'a')*ones) &^ (low + (0x80-'z'-1)*ones) &^ v & high
		if other := ^letter & high; other != 0 {
			return k + bits.TrailingZeros64(other)/8
		}
	}
	for ; k < len(s); k++ {
		if !isLetter(s[k]) {
			return k
		}
	}
	return len(s)
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isWordByte(c byte) bool {
	return isDigit(c) || isLetter(c) || c == '_'
}
func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// groupSep reports whether text[i:] starts with a space-like thousands
// separator and returns its length.
func groupSep(text string, i int) int {
	if i >= len(text) {
		return 0
	}
	if c := text[i]; c < 0x80 { // the common case: no multi-byte space
		if c == ' ' {
			return 1
		}
		return 0
	}
	switch {
	case strings.HasPrefix(text[i:], "\u00a0"):
		return 2
	case strings.HasPrefix(text[i:], "\u202f"), strings.HasPrefix(text[i:], "\u2009"):
		return 3
	}
	return 0
}

// digitsAt returns the number of ASCII digits starting at i.
func digitsAt(text string, i int) int {
	j := i
	for j < len(text) && isDigit(text[j]) {
		j++
	}
	return j - i
}

// lineBreakThenGroup handles a PDF-to-text split such as
// "Prison population (convicted) - 23\n\n635\n": the first part ends a line
// that also holds a label, the second is a line of exactly three digits.
// It returns the start of the three digits, or -1.
func lineBreakThenGroup(text string, start, i int) int {
	ls := strings.LastIndexByte(text[:start], '\n') + 1
	hasLetter := false
	for k := ls; k < start; k++ {
		if isLetter(text[k]) {
			hasLetter = true
			break
		}
	}
	if !hasLetter {
		return -1
	}
	j, nl := i, 0
	for j < len(text) && (text[j] == ' ' || text[j] == '\r' || text[j] == '\n' || text[j] == '\t') {
		if text[j] == '\n' {
			nl++
		}
		j++
	}
	if nl == 0 || nl > 3 || digitsAt(text, j) != 3 {
		return -1
	}
	k := j + 3
	for k < len(text) && (text[k] == ' ' || text[k] == '\r' || text[k] == '\t') {
		k++
	}
	if k < len(text) && text[k] != '\n' {
		return -1
	}
	return j
}

// parseNumeric parses a quantity whose numeral starts with a digit (or a
// '.' before digits) at i. It returns the end of what was consumed.
func parseNumeric(text string, i int) (Quantity, int, bool) {
	n := len(text)
	start := i
	// Digits glued to a preceding word ("A4", "art5") are not quantities,
	// except after a currency code ("USD115").
	pre := ""
	if i > 0 && isLetter(text[i-1]) {
		k := i
		for k > 0 && isLetter(text[k-1]) {
			k--
		}
		code, ok := currencyCode(text[k:i])
		switch {
		case ok && !(k > 0 && isWordByte(text[k-1])):
			pre = code
			start = k
		case gluedWords[text[k:i]] && (k == 0 || !isWordByte(text[k-1])):
			// "compared with151 in 2020": a word glued on by PDF conversion
		default:
			return Quantity{}, i + digitsAt(text, i), false
		}
	}
	var q Quantity
	q.NumStart = i
	var ip, fp string // integer digits (of the first group), fraction digits
	var iv float64    // the integer part's value, read group by group
	j := i
	if text[j] == '.' {
		j++
		d := digitsAt(text, j)
		fp = text[j : j+d]
		j += d
		q.Decimal = true
	} else {
		d := digitsAt(text, j)
		ip = text[j : j+d]
		iv = foldDigits(0, ip)
		j += d
		first := d
		grouped := false
		sep := byte(0)
		for {
			if j < n && text[j] == ',' && first <= 3 && sep != ' ' {
				d := digitsAt(text, j+1)
				if d == 3 {
					iv = foldDigits(iv, text[j+1:j+4])
					grouped = true
					j += 4
					sep = ','
					continue
				}
				// a decimal comma: "(3,7%)", "3,7 per cent", "(49,2)"
				if (d == 1 || d == 2) && !grouped && (percentAfter(text, j+1+d) ||
					i > 0 && text[i-1] == '(' && j+1+d < n && text[j+1+d] == ')') {
					fp = text[j+1 : j+1+d]
					j += 1 + d
					q.Decimal = true
				}
				break
			}
			if l := groupSep(text, j); l > 0 && first <= 3 && sep != ',' && digitsAt(text, j+l) == 3 && !inNumberRun(text, i) {
				iv = foldDigits(iv, text[j+l:j+l+3])
				grouped = true
				j += l + 3
				sep = ' '
				continue
			}
			if !grouped && first <= 3 && j < n && (text[j] == '\n' || text[j] == '\r' || text[j] == ' ') && nextIsNewline(text, j) {
				if k := lineBreakThenGroup(text, i, j); k >= 0 {
					iv = foldDigits(iv, text[k:k+3])
					grouped = true
					j = k + 3
					sep = '\n'
				}
			}
			break
		}
		q.Grouped = grouped
		// Decimal point, unless this is a dotted sequence such as an IP
		// address, a version or a date (then each part is a number).
		if !q.Decimal && j+1 < n && text[j] == '.' && isDigit(text[j+1]) && !(i >= 2 && text[i-1] == '.' && isDigit(text[i-2])) {
			d := digitsAt(text, j+1)
			if !(j+1+d+1 < n && text[j+1+d] == '.' && isDigit(text[j+2+d])) {
				fp = text[j+1 : j+1+d]
				j += 1 + d
				q.Decimal = true
			}
		}
	}
	q.NumEnd = j
	// Digits glued to a following word ("180ml", "10k", "1st") are not
	// quantities of ours, except for a currency code ("115USD").
	post := ""
	if j < n && isLetter(text[j]) {
		k := j
		for k < n && isLetter(text[k]) {
			k++
		}
		code, ok := currencyCode(text[j:k])
		if !ok || (k < n && isWordByte(text[k])) {
			return Quantity{}, k, false
		}
		post = code
	}
	// "5-year", "2-fold": a compound adjective, not a quantity.
	if post == "" && j+1 < n && text[j] == '-' && isLetter(text[j+1]) {
		return Quantity{}, j + 1, false
	}
	v := addFraction(iv, fp)
	end := j
	q.Unit = pre
	if post != "" {
		k := j
		for k < n && isLetter(text[k]) {
			k++
		}
		end = k
		q.Unit = post
	}
	// Scale words, possibly compounded: "33 million 545 thousand".
	if post == "" {
		if sc, e := scaleAfter(text, end, true); sc > 0 {
			v *= sc
			end = e
			q.Scaled = true
			last := sc
			for {
				k := skipSpaces(text, end, false)
				and := false
				if w := wordAt(text, k); strings.EqualFold(w, "and") {
					k = skipSpaces(text, k+3, false)
					and = true
				}
				d := digitsAt(text, k)
				if d == 0 || d > 3 || k == end || (k+d < n && (isLetter(text[k+d]) || text[k+d] == '.' && k+d+1 < n && isDigit(text[k+d+1]))) {
					break
				}
				m := parseDecimal(text[k:k+d], "")
				if sc2, e2 := scaleAfter(text, k+d, false); sc2 > 0 && sc2 < last && m*sc2 < last {
					v += m * sc2
					end = e2
					last = sc2
					continue
				}
				if and && m < last {
					v += m
					end = k + d
				}
				break
			}
		}
	}
	if post == "" {
		q.NumEnd = end
	}
	// Unit after the number: percent or currency.
	after := mayHaveAfter(text, end)
	if q.Unit == "" && after {
		if e, ok := percentEnd(text, end); ok {
			q.Unit = "percent"
			end = e
		} else if code, e := currencyAfter(text, end); code != "" {
			q.Unit = code
			end = e
			// "75 USD million"
			if !q.Scaled {
				if sc, e2 := scaleAfter(text, end, false); sc > 0 {
					v *= sc
					end = e2
					q.Scaled = true
				}
			}
		}
	}
	// Currency before the number: "$", "T 49,456,000", "USD 200".
	before := mayHaveBefore(text, start)
	if q.Unit == "" && before {
		if code, s := currencyBefore(text, start); code != "" {
			q.Unit = code
			start = s
			q.prefixUnit = true
		}
	}
	q.Value = v
	q.Start, q.End = start, end
	q.Text = text[start:end]
	q.Year = !q.Grouped && !q.Decimal && !q.Scaled && q.Unit == "" && len(ip) == 4 && v >= 1800 && v <= 2100 && q.NumStart == start
	q.QualStart = q.Start
	if before {
		q.Qualifier, q.QualText, q.QualStart = qualifierBefore(text, q.Start)
	}
	if q.Qualifier == "" && after && plusAfter(text, end) {
		q.Qualifier, q.QualText = "more than", "plus" // "19,000 plus children"
	}
	return q, end, true
}

// mayHaveAfter reads the byte after a numeral once for the rules that look
// after it (percentEnd, currencyAfter, plusAfter): each needs a space, a
// tab, '%', '$' or a multi-byte sign or space there, so a numeral followed
// by the end of the text, a line break or other ASCII punctuation (years:
// "In 2020,") skips all three.
func mayHaveAfter(text string, end int) bool {
	if end >= len(text) {
		return false
	}
	switch c := text[end]; {
	case c >= 0x80, c == ' ', c == '\t', c == '\r', c == '%', c == '$':
		return true
	}
	return false
}

// mayHaveBefore is mayHaveAfter for the rules that look before a numeral
// starting at start (currencyBefore, qualifierBefore): each needs a
// letter, a space, '$' or a multi-byte sign there. "(2021" skips both.
func mayHaveBefore(text string, start int) bool {
	if start == 0 {
		return false
	}
	c := text[start-1]
	return c >= 0x80 || c == '$' || isLetter(c) || isSpaceByte(c)
}

// gluedWords may lose their space before a number in PDF-to-text output.
var gluedWords = map[string]bool{"with": true, "and": true, "of": true, "to": true, "from": true, "than": true}

// parseDecimal converts digit strings without allocation or strconv errors.
func parseDecimal(ip, fp string) float64 {
	return addFraction(foldDigits(0, ip), fp)
}

// foldDigits continues the value v with the digits of s: a grouped
// numeral ("1,273") is read group by group, in the same steps as its
// digits run together.
func foldDigits(v float64, s string) float64 {
	for k := 0; k < len(s); k++ {
		v = v*10 + float64(s[k]-'0')
	}
	return v
}

// addFraction adds the fraction digits fp to the integer value v.
func addFraction(v float64, fp string) float64 {
	if fp != "" {
		var f, d float64 = 0, 1
		for k := 0; k < len(fp); k++ {
			f = f*10 + float64(fp[k]-'0')
			d *= 10
		}
		v += f / d
	}
	return v
}

func skipSpaces(text string, i int, newlines bool) int {
	nl := 0
	for i < len(text) {
		if l := groupSep(text, i); l > 0 {
			i += l
			continue
		}
		c := text[i]
		if c == '\t' || c == '\r' {
			i++
			continue
		}
		if c == '\n' && newlines && nl < 2 {
			nl++
			i++
			continue
		}
		break
	}
	return i
}

// wordAt returns the ASCII word starting at i.
func wordAt(text string, i int) string {
	j := i
	for j < len(text) && isLetter(text[j]) {
		j++
	}
	return text[i:j]
}

var scales = map[string]float64{
	"hundred": 100, "thousand": 1e3, "million": 1e6, "millions": 1e6, "billion": 1e9, "billions": 1e9, "trillion": 1e12,
	"mln": 1e6, "bln": 1e9, "bn": 1e9,
}

// scaleAfter reads a scale word after i ("million", possibly after a PDF
// line break when newlines is set).
func scaleAfter(text string, i int, newlines bool) (float64, int) {
	k := skipSpaces(text, i, newlines)
	if k == i && k < len(text) {
		return 0, i
	}
	if k >= len(text) {
		return 0, i
	}
	switch text[k] | 0x20 {
	case 'h', 't', 'm', 'b':
	default:
		return 0, i
	}
	w := wordAt(text, k)
	if len(w) < 2 || len(w) > 8 {
		return 0, i
	}
	if k+len(w) < len(text) && isDigit(text[k+len(w)]) {
		return 0, i
	}
	var buf [8]byte
	for k := 0; k < len(w); k++ {
		buf[k] = w[k] | 0x20
	}
	sc, ok := scales[string(buf[:len(w)])]
	if !ok {
		return 0, i
	}
	return sc, k + len(w)
}

// percentAfter reports whether a percent sign or words follow at i.
func percentAfter(text string, i int) bool {
	_, ok := percentEnd(text, i)
	return ok
}

func percentEnd(text string, i int) (int, bool) {
	k := i
	for k < len(text) && (text[k] == ' ' || groupSep(text, k) > 0) && k-i < 4 {
		k += max(1, groupSep(text, k))
	}
	if k < len(text) && text[k] == '%' {
		return k + 1, true
	}
	if k == i || k >= len(text) || text[k]|0x20 != 'p' {
		return i, false
	}
	for _, p := range [...]string{"per cent", "percent", "per-cent", "per\u00a0cent", "pct"} {
		if hasFoldPrefix(text[k:], p) && (k+len(p) == len(text) || !isWordByte(text[k+len(p)])) {
			return k + len(p), true
		}
	}
	return i, false
}

func hasFoldPrefix(s, p string) bool {
	return len(s) >= len(p) && strings.EqualFold(s[:len(p)], p)
}

// qualifiers maps a phrase before a number to its normalised form.
// Longer phrases come first so that "not less than" wins over "less than".
var qualifiers = [...]struct{ text, norm string }{
	{"not less than", "at least"}, {"no less than", "at least"}, {"not more than", "up to"}, {"no more than", "up to"},
	{"not fewer than", "at least"}, {"in excess of", "more than"}, {"more than", "more than"}, {"exceeding", "more than"},
	{"approximately", "about"}, {"fewer than", "less than"}, {"less than", "less than"}, {"at least", "at least"},
	{"at most", "up to"}, {"roughly", "about"}, {"around", "about"}, {"nearly", "almost"}, {"almost", "almost"},
	{"about", "about"}, {"up to", "up to"}, {"some", "about"}, {"over", "more than"}, {"approx.", "about"},
}

// qualifierEnds[n] has bit c&31 set when a word of n bytes ending in c
// may end a qualifier: a cheap test before the switch below.
var qualifierEnds = func() (t [14]uint32) {
	for _, w := range [...]string{"than", "of", "exceeding", "approximately", "roughly", "around", "nearly", "almost",
		"about", "to", "some", "over", "least", "most", "approx."} {
		t[len(w)] |= 1 << (w[len(w)-1] & 31)
	}
	return t
}()

// qualifierBefore looks for a qualifier ending just before i (spaces and
// PDF line breaks allowed in between).
func qualifierBefore(text string, i int) (norm, raw string, start int) {
	k := i
	for k > 0 && isSpaceByte(text[k-1]) {
		k--
	}
	if k == i && i > 0 {
		return "", "", i
	}
	// only words that end a qualifier are worth matching
	w := k
	for w > 0 && (isLetter(text[w-1]) || text[w-1] == '.') {
		w--
	}
	if k-w < 2 || k-w > 13 || qualifierEnds[k-w]&(1<<((text[k-1]|0x20)&31)) == 0 {
		return "", "", i
	}
	var buf [13]byte
	for x := w; x < k; x++ {
		buf[x-w] = text[x] | 0x20
	}
	switch string(buf[:k-w]) {
	case "than", "of", "exceeding", "approximately", "roughly", "around", "nearly", "almost", "about", "to", "some",
		"over", "least", "most", "approx.":
	default:
		return "", "", i
	}
	word := string(buf[:k-w])
	for _, qq := range qualifiers {
		// only a phrase that ends in the word can match
		if !strings.HasSuffix(qq.text, word) || len(qq.text) > len(word) && qq.text[len(qq.text)-len(word)-1] != ' ' {
			continue
		}
		if p := matchBackFold(text, k, qq.text); p >= 0 {
			if qq.text == "some" {
				continue // "some" is too often a determiner ("some 10 of"); only as written below
			}
			return qq.norm, text[p:k], p
		}
	}
	return "", "", i
}

// matchBackFold matches phrase (whose internal spaces may be any run of
// whitespace) ending at k, on a word boundary; returns its start or -1.
func matchBackFold(text string, k int, phrase string) int {
	j := k
	for p := len(phrase) - 1; p >= 0; p-- {
		if phrase[p] == ' ' {
			if j == 0 || !isSpaceByte(text[j-1]) {
				return -1
			}
			for j > 0 && isSpaceByte(text[j-1]) {
				j--
			}
			continue
		}
		if j == 0 || text[j-1]|0x20 != phrase[p]|0x20 {
			return -1
		}
		j--
	}
	if j > 0 && isWordByte(text[j-1]) {
		return -1
	}
	return j
}

// inNumberRun reports a numeral that follows another one with a single
// space ("2013 65 105" in a flattened table row): its digits are not
// grouped with the next numeral's.
func inNumberRun(text string, i int) bool {
	return i >= 2 && text[i-1] == ' ' && isDigit(text[i-2])
}

// plusAfter reports "N plus" followed by a word: "6,000 plus minors".
func plusAfter(text string, i int) bool {
	k := skipSpaces(text, i, false)
	if k == i || k >= len(text) || text[k]|0x20 != 'p' || !hasFoldPrefix(text[k:], "plus ") {
		return false
	}
	k = skipSpaces(text, k+4, false)
	return k < len(text) && isLetter(text[k])
}

// numberTrigrams has the bit of the first three letters of every number
// word (see trigram): a word that starts otherwise is no number.
var numberTrigrams = func() (t [26*26*26/64 + 1]uint64) {
	for w := range wordValues {
		if _, ok := wordValue(w); !ok {
			panic("quantity: wordValue does not know " + w)
		}
		k := trigram(w[0], w[1], w[2])
		t[k/64] |= 1 << (k % 64)
	}
	return t
}()

// trigram numbers three ASCII letters, case folded.
func trigram(a, b, c byte) int {
	return (int(a|0x20-'a')*26+int(b|0x20-'a'))*26 + int(c|0x20-'a')
}

// numberTrigram reports whether a word starting with the letters a, b, c
// may be a number word.
func numberTrigram(a, b, c byte) bool {
	k := trigram(a, b, c)
	return numberTrigrams[k/64]&(1<<(k%64)) != 0
}

// mayStartNumber filters words on their first two letters before the map
// lookup: zero, one, two/twelve/twenty, three/thirteen/thirty, four/forty,
// five/fifteen/fifty, six/sixteen/sixty, seven…, eight…, nine…, ten,
// eleven, dozen.
func mayStartNumber(a, b byte) bool {
	a |= 0x20
	b |= 0x20
	switch a {
	case 'z':
		return b == 'e'
	case 'o':
		return b == 'n'
	case 't':
		return b == 'w' || b == 'h' || b == 'e'
	case 'f':
		return b == 'o' || b == 'i'
	case 's':
		return b == 'i' || b == 'e'
	case 'e':
		return b == 'i' || b == 'l'
	case 'n':
		return b == 'i'
	case 'd':
		return b == 'o'
	}
	return false
}

// nextIsNewline reports whether only spaces separate i from a line break.
func nextIsNewline(text string, i int) bool {
	for i < len(text) && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r') {
		i++
	}
	return i < len(text) && text[i] == '\n'
}

// appendDisjoint appends q so that quantities never overlap: in "5$ 7" the
// sign read after 5 cannot also be read before 7.
func appendDisjoint(out []Quantity, q Quantity, text string) []Quantity {
	if len(out) > 0 {
		prev := out[len(out)-1].End
		if q.Start < prev {
			if q.prefixUnit {
				q.Unit, q.prefixUnit = "", false
			}
			q.Start = q.NumStart
			if q.Start < prev {
				return out
			}
			q.Text = text[q.Start:q.End]
		}
		if q.QualStart < prev {
			q.QualStart, q.Qualifier, q.QualText = q.Start, "", ""
		}
	}
	return append(out, q)
}

// indefiniteBefore reports the article "a" right before i: "a thousand
// citizens" states 1,000 with the scale word alone.
func indefiniteBefore(text string, i int) bool {
	return i >= 2 && text[i-1] == ' ' && text[i-2]|0x20 == 'a' && (i == 2 || !isWordByte(text[i-3]))
}
