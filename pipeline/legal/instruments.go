package legal

import (
	"bytes"
	"cmp"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// isHeadWord reports whether w is a word headAtRe can start with.
func isHeadWord(w string) bool {
	switch w {
	case "Normative", "normative", "Regulatory", "regulatory",
		"Resolution", "resolution", "Resolutions", "resolutions", "Decree", "decree", "Order", "order",
		"Law", "law", "Act", "Regulations", "Code", "Optional", "Protocol",
		"Convention", "Covenant", "Charter", "Agreement", "Treaty":
		return true
	}
	return false
}

// headWords are the words isHeadWord accepts.
var headWords = [...]string{"Normative", "normative", "Regulatory", "regulatory",
	"Resolution", "resolution", "Resolutions", "resolutions", "Decree", "decree", "Order", "order",
	"Law", "law", "Act", "Regulations", "Code", "Optional", "Protocol",
	"Convention", "Covenant", "Charter", "Agreement", "Treaty"}

// wordLens2 is codeLens2 with the head words added: bit n of [a][b] is
// set when a catalogued first word or a head word of n bytes starts with
// the letters a, b (up to ASCII case). Every head word is ASCII and
// starts with two letters (TestHeadWords). Built once, never changed.
var wordLens2 = func() (t [26][26]uint64) {
	t = codeLens2
	for _, w := range headWords {
		t[(w[0]|0x20)-'a'][(w[1]|0x20)-'a'] |= 1 << min(len(w), 63)
	}
	return t
}()

// wordThird says, for words starting with the letters a, b (up to ASCII
// case), what their third byte can be in a catalogued first word or a
// head word: bit k for the letter 'a'+k (either case), bit 26 for the
// end of the word (a byte outside words), bit 27 for any other ASCII
// byte. Built once, never changed.
var wordThird = func() (t [26][26]uint32) {
	add := func(w string) {
		b := uint32(1) << 26
		if len(w) > 2 {
			b = thirdBit(w[2])
		}
		t[(w[0]|0x20)-'a'][(w[1]|0x20)-'a'] |= b
	}
	for _, w := range headWords {
		add(w)
	}
	for k := range codeStarts {
		for _, cs := range codeStarts[k] {
			add(cs.first)
		}
	}
	return t
}()

// mayHeadOrCode is a necessary condition, at a word start ws, for the
// word to be a head word or for codeMayStart to accept it: it looks at
// the first three bytes only. A word with a non-ASCII byte among its
// first two is always let through.
func mayHeadOrCode(text string, ws int) bool {
	if text[ws] >= 0x80 || ws+1 < len(text) && text[ws+1] >= 0x80 {
		return true
	}
	// two ASCII bytes (the second maybe after the word): a catalogued
	// first word or a head word starts with two letters (TestCodeStarts,
	// TestHeadWords); then the third byte: a letter, the word's end or
	// another ASCII byte
	if ws+1 == len(text) {
		return false
	}
	c, d := (text[ws]|0x20)-'a', (text[ws+1]|0x20)-'a'
	if c >= 26 || d >= 26 || wordLens2[c][d] == 0 {
		return false
	}
	return ws+2 >= len(text) || text[ws+2] >= 0x80 || wordThird[c][d]&thirdBit(text[ws+2]) != 0
}

// headOrCodeStarts marks, bit k for text[base+k], the starts of
// nextWord's words in the 64 bytes of text from base that mayHeadOrCode
// lets through; carry is 1 when the byte before them is a word byte, and
// next is that for the 64 bytes after them. The starts (word bytes after
// a byte outside words) are marked eight bytes at a time (wordBytes),
// with no branch on the text; a word start after hyphens is one only when
// a byte outside words stands before them (isWordStart). Most words are
// ruled out here by their first three bytes, and their ends are never
// looked for. It is a function of its own so that the loop keeps its
// values in registers: inside Instruments they were kept on the stack.
func headOrCodeStarts(text string, base int, carry uint64) (starts, next uint64) {
	var all uint64
	for k := 0; k < 64; k += 8 {
		var x uint64
		if p := base + k; p+8 <= len(text) {
			x = le64(text[p:])
		} else if p < len(text) {
			x = loadTail(text, p)
		}
		w := wordBytes(x)
		all |= gatherMarks(w&^(w<<8|carry)) << k
		carry = w >> 56
	}
	if base > 0 && base+67 <= len(text) {
		// every start has a byte before it and three after: the bytes are
		// read from blk with no bounds check, and the loop makes no call,
		// so its values stay in registers
		blk := text[base-1 : base+67]
		var hy uint64 // starts after a hyphen
		for ; all != 0; all &= all - 1 {
			k := bits.TrailingZeros64(all)
			t := blk[k : k+4]
			// mayHeadOrCode by table; letterIdx's values are below 32, so
			// the masked indexes need no bounds check
			m := pairMask[letterIdx[t[1]]&31][letterIdx[t[2]]&31] & thirdMask[t[3]]
			switch {
			case t[0] == '-':
				hy |= 1 << k
			case m != 0:
				starts |= 1 << k
			}
		}
		for ; hy != 0; hy &= hy - 1 {
			k := bits.TrailingZeros64(hy)
			if isWordStart(text, base+k) && mayHeadOrCode(text, base+k) {
				starts |= 1 << k
			}
		}
		return starts, carry
	}
	for ; all != 0; all &= all - 1 {
		k := bits.TrailingZeros64(all)
		ws := base + k
		if ws > 0 && text[ws-1] == '-' && !isWordStart(text, ws) {
			continue
		}
		if mayHeadOrCode(text, ws) {
			starts |= 1 << k
		}
	}
	return starts, carry
}

// letterIdx, pairMask and thirdMask are mayHeadOrCode as tables, for a
// word start with two bytes after it: letterIdx maps a byte to its letter
// (0-25, either case), 26 for another ASCII byte and 27 for a non-ASCII
// byte; pairMask maps the first two to wordThird's mask, all bits when
// either is non-ASCII; thirdMask maps the third byte to its bit,
// all bits when it is non-ASCII. pairMask has 32 rows and columns (the
// last four unused) so that a masked index needs no bounds check. Built
// once, never changed.
var letterIdx = func() (t [256]uint8) {
	for c := range t {
		switch b := byte(c); {
		case b >= 0x80:
			t[c] = 27
		case b|0x20 >= 'a' && b|0x20 <= 'z':
			t[c] = (b | 0x20) - 'a'
		default:
			t[c] = 26
		}
	}
	return t
}()

var pairMask = func() (t [32][32]uint32) {
	for c := range 28 {
		for d := range 28 {
			switch {
			case c == 27 || d == 27:
				t[c][d] = ^uint32(0)
			case c < 26 && d < 26:
				t[c][d] = wordThird[c][d]
			}
		}
	}
	return t
}()

var thirdMask = func() (t [256]uint32) {
	for c := range t {
		if c >= 0x80 {
			t[c] = ^uint32(0)
		} else {
			t[c] = thirdBit(byte(c))
		}
	}
	return t
}()

// thirdBit is wordThird's bit for the ASCII byte c.
func thirdBit(c byte) uint32 {
	switch {
	case c|0x20 >= 'a' && c|0x20 <= 'z':
		return 1 << ((c | 0x20) - 'a')
	case byteClass[c] == 0:
		return 1 << 26
	}
	return 1 << 27
}

var (
	// Matched by hand and kept in the tests as definitions: headAtRe
	// (headAt), the word that names a kind of instrument; numberRe
	// (numberAt), its number; republicRe (republicEnd), the country a
	// national act belongs to ("of the Republic of Kazakhstan", "of
	// Ukraine"), which dates and issuers are tried before; issuerAfterRe
	// and issuerBeforeRe (issuerAfterAt, findIssuerBefore), issuerAlt after
	// "of" and before a head; quotedTitleRe (quotedTitleAt), preStopRe
	// (preStopEnd); resItemRe and resSepRe (resItemAt, resSepEnd), the
	// items of "resolutions 1325 (2000), 1820 (2008) and 2467 (2019)".
	dateIntroRe = mustRx(`(?i)^(?:dated|of|from|on|(?:(?:was|were|has\s+been|have\s+been)\s+)?(?:adopted|signed|approved|issued|enacted|passed)(?:\s+on|\s+in)?|dd\.?)\s+`)
	issuerAlt   = `[Pp]residential|President|[Gg]overnment(?:al)?|(?:United\s+Nations\s+|UN\s+)?(?:Security\s+Council|Human\s+Rights\s+Council)|Cabinet\s+of\s+Ministers|General\s+Prosecutor(?:'s|’s)?(?:\s+Office)?|Prosecutor[-\s]General(?:'s|’s)?(?:\s+Office)?|Procurator[-\s]General(?:'s|’s)?(?:\s+Office)?|Supreme\s+Court|Constitutional\s+Court|Constitutional\s+Council|Parliament|Mazhilis|Majilis|Senate|Minist(?:er|ry)\s+of\s+\p{Lu}[\p{L}-]*(?:\s+(?:and\s+|of\s+the\s+)?\p{Lu}[\p{L}-]*)*|Human\s+Rights\s+Commissioner|Commissioner\s+for\s+Human\s+Rights|(?:United\s+Nations\s+|UN\s+)?General\s+Assembly|Central\s+Election\s+Commission|National\s+Bank`
	titleCutRe  = mustRx(`\s(?:which|that|whereby|under\s+which|in\s+accordance|and\s+(?:ratified|approved|adopted)|was|were|is|are|has|have|had|will|shall|would|can|may|must|establish(?:es)?|provides?|defines?|regulates?|sets|lays|stipulates?|states|guarantees|governs|contains|requires|prohibits|introduced|entered|came|enshrines|allows|grants|gives|specifies|contain|regulate|establish|govern)\b|\s+and\s+the\s+(?:\p{Lu}[\p{L}-]*\s+)+(?:Act|Law|Code)\b|\s(?:of|dated|adopted\s+on)\s+(?:\d|(?:` + monthAlt + `)\s)`)
	// "on 10 July 2008 the Supreme Court adopted a regulatory decision ..."
	adoptedOnRe = mustRx(`\b[Oo]n\s+(?P<date>` + dateCore + `)\s*,?\s+(?:the\s+)?(?:(?P<issuer>` + issuerAlt + `)\s+)?(?:\w+\s+){0,3}?(?:adopted|issued|approved|signed|passed|enacted)\s+(?:a\s+|an\s+|the\s+|its\s+)?$`)
	// "On 12 October 2021, a law was passed ..."
	onDateArticleRe = mustRx(`\b[Oo]n\s+(` + dateCore + `)\s*,?\s+(?:a|an|the)\s+(?:new\s+|joint\s+|separate\s+)?$`)
	passedRe        = mustRx(`^\s+(?:was|were|has\s+been)\s+(?:adopted|passed|signed|approved|enacted|issued)\b`)
	countryTailRe   = mustRx(`\s+of\s+(?:the\s+)?(?:Republic\s+of\s+)?\p{Lu}\p{L}+stan$`)
)

// Instruments finds the acts, laws, decrees, orders, resolutions, codes
// (with their adoption dates) and treaties (with their years) named in text.
// An instrument is reported only when the text identifies it: by number,
// date or title (see testdata/legal/README.md). Offsets are byte offsets
// into text; the result is sorted by Start.
func Instruments(text string) []Instrument {
	// out lives on the stack while few are found; the result is copied
	// out of it once
	var buf [8]Instrument
	out := buf[:0]
	covered := func(pos int) bool {
		for k := len(out) - 1; k >= 0 && k >= len(out)-4; k-- {
			if pos >= out[k].Start && pos < out[k].End {
				return true
			}
		}
		return false
	}
	// catalogued names are found in the same pass (see findCodes), into
	// a buffer on the stack while few
	// (codes and codesEnd are a codeFinder's codes and last, kept in
	// locals: through a pointer the buffer would escape)
	var codeBuf [16][2]int
	codes, codesEnd := codeBuf[:0], 0
	// nextWord's words that may be a head word or start a catalogued
	// name, 64 bytes at a time (headOrCodeStarts). A word holds no other
	// word start, so the words are read in order.
	var carry uint64 // whether the byte before the 64 is a word byte
	for base := 0; base < len(text); base += 64 {
		var starts uint64 // bit k: such a word starts at base+k
		starts, carry = headOrCodeStarts(text, base, carry)
		for ; starts != 0; starts &= starts - 1 {
			ws := base + bits.TrailingZeros64(starts)
			// the word's end, and whether it has a non-ASCII byte
			we, seen := ws+1, byteClass[text[ws]]
			for we < len(text) && byteClass[text[we]] != 0 {
				seen |= byteClass[text[we]]
				we++
			}
			if seen&nonASCII != 0 {
				// no head word has a non-ASCII byte; mayCode lets every such
				// word through, and codeMayStart lower-cases it, which may
				// change its length
				if ws >= codesEnd {
					if end := codeEndAt(text, ws, we, false); end >= 0 {
						codes, codesEnd = append(codes, [2]int{ws, end}), end
					}
				}
				continue
			}
			c, d := (text[ws]|0x20)-'a', (text[ws+1]|0x20)-'a'
			if wordLens2[c][d]&(1<<min(we-ws, 63)) == 0 {
				continue
			}
			if ws >= codesEnd && codeLens2[c][d]&(1<<min(we-ws, 63)) != 0 {
				if end := codeEndAt(text, ws, we, true); end >= 0 {
					codes, codesEnd = append(codes, [2]int{ws, end}), end
				}
			}
			if !isHeadWord(text[ws:we]) || covered(ws) {
				continue
			}
			if w := text[ws:we]; w == "resolution" || w == "resolutions" || w == "Resolution" || w == "Resolutions" {
				if list := numberedResolutions(text, ws, we); len(list) > 0 {
					out = append(out, list...)
					continue
				}
				if w == "resolutions" || w == "Resolutions" {
					continue
				}
			}
			m, ok := headAt(text, ws, we)
			if !ok {
				continue
			}
			for i := range m {
				if m[i] >= 0 {
					m[i] += ws
				}
			}
			var in Instrument
			switch {
			case m[2] >= 0:
				in, ok = actLike(text, m[0], m[1], headKind(text[m[2]:m[3]]))
			case m[4] >= 0:
				in, ok = actLike(text, m[0], m[1], headKind(text[m[4]:m[5]]))
			case m[6] >= 0:
				in, ok = genericCode(text, m[0], m[1])
			default:
				in, ok = treaty(text, m[0], m[1])
			}
			if ok && !covered(in.Start) {
				out = append(out, in)
			}
		}
	}
	// catalogued codes and the constitution with their adoption dates
	for _, m := range codes {
		rest := text[m[1]:]
		p := skipCommas(rest, 0)
		if p > 2 {
			continue
		}
		di := dateIntro(rest[p:])
		if di < 0 {
			continue
		}
		e, ok := canonicalOf(text[m[0]:m[1]])
		if !ok || (e.Kind != "code" && e.Kind != "constitution") {
			continue
		}
		in := Instrument{Kind: e.Kind, Title: e.Name, Start: m[0]}
		q := p + di // the date's offset in rest
		if t, n, ok := parseDate(rest[q:]); ok {
			in.IssuedOn, in.Year, in.End = t, t.Year(), m[1]+q+n
		} else if y, n, ok := parseYear(rest[q:]); ok {
			in.Year, in.End = y, m[1]+q+n
		} else {
			continue
		}
		out = append(out, in)
	}
	slices.SortStableFunc(out, func(a, b Instrument) int { return cmp.Compare(a.Start, b.Start) })
	// drop instruments nested in an earlier one
	n := 0
	for i := range out {
		if n > 0 && out[i].Start < out[n-1].End {
			continue
		}
		out[n] = out[i]
		n++
	}
	if n == 0 {
		return nil
	}
	return slices.Clone(out[:n])
}

// headAt is headAtRe.FindStringSubmatchIndex(text[ws:]) for a head word
// text[ws:we], as an array (ok false for no match), so that the common
// one-word head allocates nothing. A one-word head matches as itself, in
// the group of its kind: the word ends before a byte \b accepts
// (nextWord's words run on over '-' and non-ASCII bytes), and no earlier
// alternative can match it. Two-word heads ("Normative Resolution") need
// the expression.
func headAt(text string, ws, we int) (m [10]int, ok bool) {
	n := we - ws
	switch text[ws:we] {
	case "Resolution", "resolution", "Decree", "decree", "Order", "order", "Law", "law", "Act", "Regulations":
		return [10]int{0, n, -1, -1, 0, n, -1, -1, -1, -1}, true
	case "Code":
		return [10]int{0, n, -1, -1, -1, -1, 0, n, -1, -1}, true
	case "Protocol", "Convention", "Covenant", "Charter", "Agreement", "Treaty":
		return [10]int{0, n, -1, -1, -1, -1, -1, -1, 0, n}, true
	}
	return twoWordHeadAt(text[ws:], text[ws:we])
}

// headKind is the kind actLike is given for a head of headAtRe's first
// or second group: the head lower-cased (white space collapsed), as a
// constant, so that no head is copied.
func headKind(head string) string {
	switch head {
	case "Resolution", "resolution":
		return "resolution"
	case "Decree", "decree":
		return "decree"
	case "Order", "order":
		return "order"
	case "Law", "law":
		return "law"
	case "Act":
		return "act"
	case "Regulations":
		return "regulations"
	}
	return strings.ToLower(CollapseSpace(head))
}

// attrs reads number, date, issuer and title after an instrument's head.
func attrs(text string, in *Instrument, pos int, allowTitle bool) (end int, found bool) {
	end = pos
	for iter := 0; iter < 8; iter++ {
		p := skipCommas(text, pos)
		rest := text[p:]
		if in.Number == "" {
			if m, ok := numberAt(rest); ok && (m[2] >= 0 || in.Kind == "resolution") {
				g := 2
				if m[2] < 0 {
					g = 4
				}
				in.Number = strings.TrimRight(rest[m[g]:m[g+1]], ".-")
				pos = p + m[g] + len(in.Number)
				end, found = pos, true
				continue
			}
		}
		if in.Year == 0 {
			q := 0
			if di := dateIntro(rest); di >= 0 {
				q = di
			}
			if t, n, ok := parseDate(rest[q:]); ok {
				in.IssuedOn, in.Year = t, t.Year()
				pos = p + q + n
				end, found = pos, true
				continue
			}
			// "from" in any case; ASCII folding suffices, as no non-ASCII
			// letter lower-cases to f, r, o or m (see TestCodeStarts)
			if q > 0 && !(len(rest) >= 4 && foldEq(rest[:4], "from")) {
				if y, n, ok := parseYear(rest[q:]); ok {
					in.Year = y
					pos = p + q + n
					end, found = pos, true
					continue
				}
			}
		}
		if in.Issuer == "" {
			if m, ok := issuerAfterAt(rest); ok {
				in.Issuer = normIssuer(rest[m[2]:m[3]])
				pos = p + m[1]
				end = pos
				continue
			}
		}
		if e := republicEnd(rest); e >= 0 {
			pos = p + e
			continue
		}
		if allowTitle && in.Title == "" && p-pos <= 2 {
			if m, ok := quotedTitleAt(rest); ok {
				in.Title = cleanName(firstGroup(rest, m[:]))
				pos = p + m[1]
				end, found = pos, true
				continue
			}
			if e := onTitleEnd(rest); e > 8 {
				t := rest[:e]
				if c := titleCut(t); c >= 0 {
					t = t[:c]
				}
				t = strings.TrimRight(t, " \t\r\n")
				if len(t) > 8 {
					in.Title = cleanName(t)
					pos = p + len(t)
					end, found = pos, true
					continue
				}
			}
		}
		break
	}
	return end, found
}

func actLike(text string, hs, he int, kind string) (Instrument, bool) {
	in := Instrument{Kind: kind, Start: hs}
	capital := unicode.IsUpper(rune(text[hs]))
	if w := lastWord(text[max(0, hs-40):hs]); w == "of" {
		// "the Rule of Law", "rules of order": not an instrument's head
		return Instrument{}, false
	}
	before := text[max(0, hs-120):hs]
	// Most heads ("law enforcement", "in order to") name nothing. Without a
	// date before the head only attrs can identify the instrument, so stop
	// early when it cannot.
	preDateMay := mayHavePreDate(text, hs, he)
	if !preDateMay && !attrsMayFind(text, he) {
		return Instrument{}, false
	}
	preTitle := ""
	if (kind == "act" || kind == "law") && capital {
		var m []int
		if mayEndWithName(before) {
			if i := preTitleStart(before); i >= 0 {
				m = []int{i, len(before), i, len(before)}
			}
		}
		if m != nil {
			t := before[m[2]:m[3]]
			if e := preStopEnd(t); e >= 0 {
				t = t[e:]
			}
			if strings.TrimSpace(t) != "" {
				preTitle = t
				in.Start = hs - (len(before) - m[2]) + (len(before[m[2]:m[3]]) - len(t))
			}
		}
	} else if !mayEndWithName(before) {
		// no issuer before the head
	} else if m, ok := findIssuerBefore(before); ok {
		in.Issuer = normIssuer(before[m[2]:m[3]])
		in.Start = hs - (len(before) - m[2])
	}
	// a date stated before the head: "On 25 January 2022, the President
	// signed Decree No. 1037", "On 20 April 2023, a law was adopted"
	var preDate time.Time
	if !preDateMay {
		// no date before the head
	} else if d, is, ok := findAdoptedOn(before); ok {
		preDate, _, _ = parseDate(before[d[0]:d[1]])
		if is[0] >= 0 && in.Issuer == "" {
			in.Issuer = normIssuer(before[is[0]:is[1]])
		}
	} else if d, ok := findOnDateArticle(before); ok {
		if vm := boundedFind(passedRe, text[he:], false); vm != nil {
			if t, _, ok := parseDate(before[d[0]:d[1]]); ok {
				preDate = t
				he += vm[1]
			}
		}
	}
	unambiguous := capital || kind == "act" || kind == "regulatory decision" || kind == "normative resolution"
	end, found := attrs(text, &in, he, unambiguous)
	if in.Year == 0 && !preDate.IsZero() {
		in.IssuedOn, in.Year = preDate, preDate.Year()
		found = true
	}
	if !found {
		return Instrument{}, false
	}
	end = max(end, he)
	switch kind {
	case "order", "decree", "resolution", "law":
		if !capital && in.Number == "" && in.IssuedOn.IsZero() {
			return Instrument{}, false
		}
	case "regulations":
		if in.Number == "" && in.IssuedOn.IsZero() {
			return Instrument{}, false
		}
	}
	if preTitle != "" {
		// preTitle ends where the head starts: the two are one piece of
		// text, which needs no copy
		t := cleanName(text[hs-len(preTitle) : he])
		if in.Title != "" {
			t += " " + in.Title
		}
		in.Title = t
	}
	in.End = end
	return in, true
}

// genericCode reads `Code "On the Health of the People ..."`.
func genericCode(text string, hs, he int) (Instrument, bool) {
	in := Instrument{Kind: "code", Start: hs}
	// "Criminal Code "Kidnapping"" is a catalogued code followed by an
	// article name, not a titled code.
	if w := lastWord(text[max(0, hs-40):hs]); w != "" && unicode.IsUpper([]rune(w)[0]) && w != "The" {
		return Instrument{}, false
	}
	rest := text[he:]
	// the title is quoted, maybe after "of <country>"
	if r := strings.TrimLeft(rest, " \u00a0"); !strings.HasPrefix(strings.TrimLeft(rest, " "), "of") &&
		!(strings.HasPrefix(r, "\"") || strings.HasPrefix(r, "“") || strings.HasPrefix(r, "«") || strings.HasPrefix(r, "„")) {
		return Instrument{}, false
	}
	p := 0
	if e := republicEnd(strings.TrimLeft(rest, " ")); e >= 0 {
		p = len(rest) - len(strings.TrimLeft(rest, " ")) + e
	}
	p += len(rest[p:]) - len(strings.TrimLeft(rest[p:], " \u00a0"))
	m, ok := quotedTitleAt(rest[p:])
	if !ok {
		return Instrument{}, false
	}
	in.Title = cleanName(firstGroup(rest[p:], m[:]))
	end, _ := attrs(text, &in, he+p+m[1], false)
	in.End = max(end, he+p+m[1])
	return in, true
}

// treaty reads "the Slavery Convention, of 25 September 1926" or
// "Optional Protocol to the UN Convention against Torture ... (2002)".
func treaty(text string, hs, he int) (Instrument, bool) {
	// a treaty is only reported with its year, which follows the head
	if !hasYear(text[he:min(len(text), he+320)]) {
		return Instrument{}, false
	}
	head := text[hs:he]
	in := Instrument{Start: hs}
	switch {
	case strings.Contains(head, "Protocol"):
		in.Kind = "protocol"
	case head == "Covenant":
		in.Kind = "covenant"
	case head == "Charter":
		in.Kind = "charter"
	case head == "Agreement":
		in.Kind = "agreement"
	case head == "Treaty":
		in.Kind = "treaty"
	default:
		in.Kind = "convention"
	}
	before := text[max(0, hs-80):hs]
	if !mayEndWithName(before) {
		// no capitalised words before the head
	} else if i := capRunStart(before, false); i >= 0 {
		t := before[i:]
		for _, p := range []string{"The ", "And ", "Of ", "In "} {
			t = strings.TrimPrefix(t, p)
		}
		in.Start = hs - len(t)
	}
	// the year follows within a short window, with no sentence break
	window := text[he:min(len(text), he+320)]
	limit := len(window)
	if s := treatyStop(window); s >= 0 {
		limit = s
		if window[s] == '(' {
			limit = s + 1
		}
	}
	scan := window[:min(len(window), limit+8)]
	for ys, ye := nextTreatyIntro(scan, 0); ys >= 0; ys, ye = nextTreatyIntro(scan, ye) {
		ym := [2]int{ys, ye}
		if ym[0] > limit {
			break
		}
		rest := window[ym[1]:]
		titleEnd := he + ym[0]
		// the title, cleaned, where that copies nothing; where white
		// space must be collapsed, the title has a space, and it can only
		// be head if head has one: it is built when needed
		raw := text[in.Start:titleEnd]
		title, plain := cleanView(raw)
		if !plain && strings.Contains(head, " ") {
			title, plain = cleanName(raw), true
		}
		if plain && (title == head || strings.Count(title, " ") < 1) {
			return Instrument{}, false
		}
		paren := strings.Contains(window[ym[0]:ym[1]], "(")
		if t, n, ok := parseDate(rest); ok && !paren {
			in.IssuedOn, in.Year, in.End = t, t.Year(), he+ym[1]+n
		} else if y, n, ok := parseYear(rest); ok {
			e := he + ym[1] + n
			if paren {
				r := text[e:]
				c := strings.TrimLeft(r, " \t\n\u00a0")
				if !strings.HasPrefix(c, ")") {
					continue
				}
				e += len(r) - len(c) + 1
			}
			in.Year, in.End = y, e
		} else {
			continue
		}
		if !plain {
			title = cleanName(raw)
		}
		in.Title = strings.TrimRight(title, ", ")
		return in, true
	}
	return Instrument{}, false
}

// normIssuer maps an issuer phrase to its canonical form.
func normIssuer(s string) string {
	s = cleanName(s)
	s = strings.TrimSuffix(strings.TrimSuffix(s, "'s"), "’s")
	// lower-cased in a buffer on the stack when ASCII, as most are: the
	// words are only compared
	var buf [64]byte
	var l []byte
	if len(s) <= len(buf) && isASCII(s) {
		l = buf[:len(s)]
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			l[i] = c
		}
	} else {
		l = []byte(strings.ToLower(s))
	}
	// (comparing string(l) with a constant copies nothing)
	starts := func(w string) bool { return len(l) >= len(w) && string(l[:len(w)]) == w }
	switch {
	case starts("president"):
		return "President"
	case starts("government"), starts("cabinet"):
		return "Government"
	case bytes.Contains(l, []byte("prosecutor")) || bytes.Contains(l, []byte("procurator")):
		return "General Prosecutor"
	case string(l) == "supreme court":
		return "Supreme Court"
	case starts("constitutional"):
		return "Constitutional Court"
	case string(l) == "parliament" || string(l) == "mazhilis" || string(l) == "majilis" || string(l) == "senate":
		return "Parliament"
	case bytes.Contains(l, []byte("general assembly")):
		return "UN General Assembly"
	case bytes.Contains(l, []byte("security council")):
		return "UN Security Council"
	case bytes.Contains(l, []byte("human rights council")):
		return "UN Human Rights Council"
	case bytes.Contains(l, []byte("human rights commissioner")), bytes.Contains(l, []byte("commissioner for human rights")):
		return "Commissioner for Human Rights"
	case starts("minister"):
		// the expression ends with $: it matches at most once, at the end
		if m := countryTailRe.FindStringIndex(s); m != nil {
			s = s[:m[0]]
		}
		s = strings.TrimSuffix(s, " of the Republic")
		return "Ministry" + s[strings.Index(s, " "):]
	}
	return s
}

// Key is the instrument's stable identity: the same instrument cited in two
// documents gets the same key when kind, number and date agree
// ("decree|622|2021-07-19"); instruments without a number are keyed by kind,
// date and normalised title ("act|2000-07-05|state protection of parties to
// criminal proceedings").
func (i Instrument) Key() string {
	date := ""
	switch {
	case !i.IssuedOn.IsZero():
		date = i.IssuedOn.Format(time.DateOnly)
	case i.Year > 0:
		date = strconv.Itoa(i.Year)
	}
	if i.Number != "" {
		return i.Kind + "|" + strings.ToLower(i.Number) + "|" + date
	}
	return i.Kind + "|" + date + "|" + normTitle(i.Title)
}

func normTitle(t string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(t) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
		} else {
			space = true
		}
	}
	s := b.String()
	for _, p := range []string{"the ", "on ", "the "} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

// numberedResolutions reads "Security Council resolution 2178 (2014)" and
// "resolutions 1325 (2000), 1820 (2008) and 2467 (2019)": one instrument per
// number, each with its year.
func numberedResolutions(text string, hs, he int) []Instrument {
	issuer, start := "", hs
	before := text[max(0, hs-80):hs]
	if !mayEndWithName(before) {
		// no issuer before the head
	} else if m, ok := findIssuerBefore(before); ok {
		issuer = normIssuer(before[m[2]:m[3]])
		start = hs - (len(before) - m[2])
	}
	pos := he
	var out []Instrument
	for len(out) < 50 {
		p := pos
		if len(out) == 0 {
			p += len(text[pos:]) - len(strings.TrimLeft(text[pos:], " \t\u00a0"))
		} else if se := resSepEnd(text[pos:]); se >= 0 {
			p += se
		} else {
			break
		}
		m, ok := resItemAt(text[p:])
		if !ok || (len(out) == 0 && p == pos) {
			break
		}
		y, _ := strconv.Atoi(text[p+m[4] : p+m[5]])
		out = append(out, Instrument{Kind: "resolution", Number: CollapseSpace(text[p+m[2] : p+m[3]]), Year: y, Issuer: issuer, Start: p, End: p + m[1]})
		pos = p + m[1]
	}
	if len(out) == 1 {
		out[0].Start = start
	}
	return out
}
