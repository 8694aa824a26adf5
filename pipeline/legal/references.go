package legal

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// Context says what the bare words "the Convention" and "the Covenant" mean in
// a document. Zero values mean "unknown": such references are left out.
type Context struct {
	Convention string // canonical catalogue name, or ""
	Covenant   string // canonical catalogue name, or ""
}

// ResolveContext reads a whole document and decides what "the Convention" and
// "the Covenant" mean in it: the treaty of the committee the document is
// addressed to (named near its start), else the only catalogued convention
// (covenant) the document names in full. Ambiguity gives "".
func ResolveContext(document string) Context {
	// The committees named near the start settle both words when each is
	// named: then the catalogued names in the rest (a pass over the whole
	// document) cannot change the answer.
	convByCommittee, covByCommittee := byCommittee(document)
	var codes [][2]int
	if len(convByCommittee) == 0 || len(covByCommittee) == 0 {
		codes = treatyCodes(document)
	}
	return decideContext(document, convByCommittee, covByCommittee, codes)
}

// treatyCodes finds the catalogued names (as findCodes does) that can be
// conventions or covenants: every such spelling holds the word
// "Convention" or "Covenant" (TestTreatyCodes), whose 'v' is a rare
// letter. Names are only looked for in the stretch before each "cov" or
// "conv", from a barrier byte on (see scanRefs), so the names found there
// are those findCodes finds; the result holds every convention and
// covenant of findCodes, not all its names.
func treatyCodes(document string) [][2]int {
	var f codeFinder
	pos := 0 // findCodes' words that start before pos have been read
	lower, upper := nextByte(document, 0, 'v'), nextByte(document, 0, 'V')
	for {
		v := min(lower, upper)
		if v == len(document) {
			break
		}
		if v == lower {
			lower = nextByte(document, v+1, 'v')
		} else {
			upper = nextByte(document, v+1, 'V')
		}
		// "co[n]v" before v, up to ASCII case (no other character folds
		// to these letters)
		k := v - 2
		if v >= 1 && document[v-1]|0x20 == 'n' {
			k--
		}
		if k < 0 || document[k]|0x20 != 'c' || document[k+1]|0x20 != 'o' || pos > k {
			continue
		}
		pos = max(pos, barrierBefore(document, pos, k))
		for s, e, ascii := nextWord(document, pos); s <= k && s < len(document); s, e, ascii = nextWord(document, e) {
			if s >= f.last && mayCode(document[s:e], ascii) {
				f.try(document, s, e, ascii)
			}
			pos = e
		}
	}
	return f.codes
}

// nextByte is the offset of the first c in s at or after i, or len(s).
func nextByte(s string, i int, c byte) int {
	if j := strings.IndexByte(s[i:], c); j >= 0 {
		return i + j
	}
	return len(s)
}

// byCommittee lists the conventions and covenants whose committee (or its
// document symbol) the start of document names.
func byCommittee(document string) (convByCommittee, covByCommittee []string) {
	head := document
	if len(head) > 3000 {
		head = head[:3000]
	}
	head = CollapseSpace(head)
	for _, e := range Catalogue {
		if e.Committee == "" || !(strings.Contains(head, e.Committee) || strings.Contains(head, e.Symbol)) {
			continue
		}
		switch e.Kind {
		case "convention":
			convByCommittee = appendUniq(convByCommittee, e.Name)
		case "covenant":
			covByCommittee = appendUniq(covByCommittee, e.Name)
		}
	}
	return convByCommittee, covByCommittee
}

// resolveContext is ResolveContext with the catalogued names of document
// found already.
func resolveContext(document string, codes [][2]int) Context {
	convByCommittee, covByCommittee := byCommittee(document)
	return decideContext(document, convByCommittee, covByCommittee, codes)
}

// decideContext decides what the bare words mean from the treaties whose
// committees document names near its start and the catalogued names
// (codes) in it.
func decideContext(document string, convByCommittee, covByCommittee []string, codes [][2]int) Context {
	var ctx Context
	var conv, cov []string
	for _, m := range codes {
		e, ok := canonicalOf(document[m[0]:m[1]])
		if !ok {
			continue
		}
		switch e.Kind {
		case "convention":
			conv = appendUniq(conv, e.Name)
		case "covenant":
			cov = appendUniq(cov, e.Name)
		}
	}
	switch {
	case len(convByCommittee) == 1:
		ctx.Convention = convByCommittee[0]
	case len(convByCommittee) == 0 && len(conv) == 1:
		ctx.Convention = conv[0]
	}
	switch {
	case len(covByCommittee) == 1:
		ctx.Covenant = covByCommittee[0]
	case len(covByCommittee) == 0 && len(cov) == 1:
		ctx.Covenant = cov[0]
	}
	return ctx
}

// kindOf maps each catalogued name to its kind; built once, never changed.
var kindOf = func() map[string]string {
	m := map[string]string{}
	for _, e := range Catalogue {
		m[e.Name] = e.Kind
	}
	return m
}()

func appendUniq(xs []string, s string) []string {
	for _, x := range xs {
		if x == s {
			return xs
		}
	}
	return append(xs, s)
}

// References finds the cited articles in text, with "the Convention" and "the
// Covenant" resolved from text itself (see ResolveContext). Offsets are byte
// offsets into text; the result is sorted by Start.
func References(text string) []Reference {
	codes := findCodes(text)
	_, anchors := scanRefs(text)
	return referencesIn(text, resolveContext(text, codes), codes, anchors)
}

// scanRefs finds the word starts of "article(s)", "art(s)" (any case),
// where every reference begins, and the catalogued names (findCodes) that
// the backward form can use: those before ", art." or "(art.". Most of a
// text cites nothing, so the anchors are found first, by their letters,
// and names are only looked for in the stretch before an anchor that
// follows a comma or a parenthesis. The stretch starts after a barrier
// byte, which no catalogued name can span, so the names found there are
// those findCodes finds; codes holds every one the backward form needs
// (it is not all of findCodes).
func scanRefs(text string) (codes [][2]int, anchors []int) {
	return scanRefsInto(text, nil, nil)
}

// scanRefsInto is scanRefs appending to codes and anchors, which callers
// may give buffers of their own. (It keeps a codeFinder's last in a
// local: through a pointer, the buffer of codes would escape.)
func scanRefsInto(text string, codes [][2]int, anchors []int) ([][2]int, []int) {
	last := 0
	pos := 0 // findCodes' words that start before pos have been read
	for k := nextArt(text, 0); k >= 0; k = nextArt(text, k+1) {
		// "art" is ASCII in every anchor: no other character
		// lower-cases to a, r or t
		if isWordStart(text, k) {
			if _, e, ascii := nextWord(text, k); isArticleWord(text[k:e], ascii) {
				anchors = append(anchors, k)
			}
		}
		// backRe needs no word start ("Code,\u202fart. 5"); past pos,
		// the names are found already
		if pos > k || !commaOrParenBefore(text[pos:k]) {
			continue
		}
		pos = max(pos, barrierBefore(text, pos, k))
		for s, e, ascii := nextWord(text, pos); s < k; s, e, ascii = nextWord(text, e) {
			if s >= last && mayCode(text[s:e], ascii) {
				if end := codeEndAt(text, s, e, ascii); end >= 0 {
					codes, last = append(codes, [2]int{s, end}), end
				}
			}
			pos = e
		}
	}
	return codes, anchors
}

// isWordStart reports whether nextWord, reading text from its start, has
// a word start at k (text[k] a word byte): no word byte stands before k,
// but for hyphens that follow a byte outside words.
func isWordStart(text string, k int) bool {
	j := k - 1
	for j >= 0 && text[j] == '-' {
		j--
	}
	return j < 0 || byteClass[text[j]] == 0
}

// commaOrParenBefore reports whether s ends with ',' or '(' and white
// space: backRe's `\s*(?:,\s*|\(\s*)` before an anchor.
func commaOrParenBefore(s string) bool {
	end := len(trimRxSpaceRight(s))
	return end > 0 && (s[end-1] == ',' || s[end-1] == '(')
}

// barrierBefore is the offset after the last barrier byte in text[lo:k],
// or lo: an ASCII byte outside words that no catalogued name (nor the
// white space in it, nor its country qualifier) can hold, so that no
// match spans it and nextWord starts afresh after it (TestBarrier).
func barrierBefore(text string, lo, k int) int {
	for j := k - 1; j >= lo; j-- {
		if isBarrier(text[j]) {
			return j + 1
		}
	}
	return lo
}

func isBarrier(c byte) bool {
	if c >= 0x80 || byteClass[c] != 0 {
		return false
	}
	switch c {
	case ' ', '\t', '\n', '\f', '\r', '(', ')', ',', '\'':
		return false
	}
	return true
}

// The expressions of article lists and code names are all matched by
// hand (matchers.go, lists.go) and kept in the tests as definitions: the
// forward form ("article 146 of the Criminal Code", "arts. 13 and 14 of
// ..."): articleAnchorEnd, itemAt, sepEnd, ofEnd; the part and name after
// an item: itemPartAt, itemParaAt, itemNameAt, badName; "part 2 of"
// before it: prefixPartAt; the code-first list ("articles of the Criminal
// Code: 125 (Abduction), ..."): articlesOfEnd, colonEnd; a bare or quoted
// code: genericEnd, genericTitleFollows, quotedAt; the backward form
// ("Criminal Code, art. 125"): backEnd.

// maxRange is the widest article range expanded into one row per article;
// wider ranges ("articles 1–27 of the Covenant") cite the whole instrument
// and give no rows.
const maxRange = 10

type item struct {
	article, part, name string
	start, end          int
}

// parseList reads "125 (Abduction), 126 and 128" starting at a digit at pos.
// The items are appended to buf[:0], whose storage the result shares
// (callers give a buffer that lives as long as their call).
func parseList(text string, pos int, buf []item) ([]item, int) {
	items := buf[:0]
	for len(items) < 60 {
		m, ok := itemAt(text[pos:])
		if !ok {
			break
		}
		a := text[pos+m[2] : pos+m[3]]
		var rangeTo []string
		it := item{article: a, start: pos}
		end := pos + m[1]
		if m[4] >= 0 {
			b := text[pos+m[6] : pos+m[7]]
			ai, _ := strconv.Atoi(a)
			bi, _ := strconv.Atoi(b)
			dash := text[pos+m[4] : pos+m[5]]
			switch {
			case bi > ai && bi-ai <= maxRange-1:
				for k := ai + 1; k <= bi; k++ {
					rangeTo = append(rangeTo, strconv.Itoa(k))
				}
			case bi > ai:
				// "articles 1–27 of the Covenant" cites the treaty as a whole
				it.article = ""
			case bi < ai && (dash == "-" || dash == "‑"):
				it.article = a + "-" + b
			default:
				end = pos + m[3] // not a sub-article, not a range
			}
		}
		rest := text[end:]
		if pm, ok := itemPartAt(rest); ok {
			it.part = rest[pm[2]:pm[3]]
			end += pm[1]
			rest = text[end:]
		}
		if pm, ok := itemParaAt(rest); ok {
			it.part = rest[pm[2]:pm[3]]
			end += pm[1]
			rest = text[end:]
		}
		if nm, ok := itemNameAt(rest); ok {
			name := cleanName(rest[nm[2]:nm[3]])
			if name != "" && !badName(name) {
				it.name = name
				end += nm[1]
			}
		}
		it.end = end
		if it.article == "" {
			// a whole-instrument range: no row, but the list goes on
			it.article = "-"
		}
		items = append(items, it)
		for _, r := range rangeTo {
			items = append(items, item{article: r, start: it.start, end: it.end})
		}
		se := sepEnd(text[end:])
		if se < 0 {
			pos = end
			break
		}
		pos = end + se - 1
		// a separator is only taken if the next thing is a list item
		if _, ok := itemAt(text[pos:]); !ok {
			pos = end
			break
		}
	}
	if len(items) == 0 {
		return items, pos
	}
	end := items[len(items)-1].end
	kept := items[:0]
	for _, it := range items {
		if it.article != "-" {
			kept = append(kept, it)
		}
	}
	return kept, end
}

// cleanName is strings.Trim(strings.TrimSpace(CollapseSpace(s)), quotes).
// White space is trimmed first, which gives the same (CollapseSpace's
// white space is white space to TrimSpace, and never spans a byte that
// TrimSpace keeps) without copying s for white space at its ends.
func cleanName(s string) string {
	return strings.Trim(CollapseSpace(strings.TrimSpace(s)), "\"“”«»„")
}

// cleanView is cleanName(s) and true when it is a part of s, which takes
// no copy; "" and false when white space inside must be collapsed, which
// then leaves a space in cleanName(s): collapsed white space lies between
// bytes that are neither white space nor, after the first, quotes.
func cleanView(s string) (string, bool) {
	t := strings.TrimSpace(s)
	if collapseFrom(t) < len(t) {
		return "", false
	}
	return strings.Trim(t, "\"“”«»„"), true
}

type codeHit struct {
	name    string // canonical, or "" when generic
	generic string // "Code", "Convention", "Covenant" when unresolved
	end     int
}

// codeAt reads a code name at text[pos:].
func codeAt(text string, pos int) (codeHit, bool) {
	rest := text[pos:]
	if end := matchCode(rest); end >= 0 {
		if e, ok := canonicalOf(rest[:end]); ok {
			return codeHit{name: e.Name, end: pos + end}, true
		}
	}
	if g := genericEnd(rest); g >= 0 {
		word := rest[:g]
		after := rest[g:]
		if q, ok := quotedAt(after); ok && word == "Code" {
			title := firstGroup(after, q[:])
			if e, ok := LookupCode("Code " + title); ok {
				return codeHit{name: e.Name, end: pos + g + q[1]}, true
			}
			return codeHit{}, false
		}
		// "the Convention against Transnational Organized Crime", "the Code
		// of Conduct": a titled instrument outside the catalogue, not a
		// back-reference
		if genericTitleFollows(after) {
			return codeHit{}, false
		}
		return codeHit{generic: word, end: pos + g}, true
	}
	return codeHit{}, false
}

func firstGroup(s string, m []int) string {
	for i := 1; 2*i < len(m); i++ {
		if m[2*i] >= 0 {
			return s[m[2*i]:m[2*i+1]]
		}
	}
	return ""
}

type cand struct {
	Reference
	generic string
	order   int
}

// ReferencesIn is References with an explicit Context, for callers that
// resolved it on the whole document while passing a chunk as text.
func ReferencesIn(text string, ctx Context) []Reference {
	// buffers on the stack for the common chunk
	var codeBuf [16][2]int
	var anchorBuf [32]int
	codes, anchors := scanRefsInto(text, codeBuf[:0], anchorBuf[:0])
	return referencesIn(text, ctx, codes, anchors)
}

func referencesIn(text string, ctx Context, codes [][2]int, anchors []int) []Reference {
	// scratch for this call: the candidates, on the stack while few, and
	// parseList's items
	var candBuf [16]cand
	cands := candBuf[:0]
	var itemArr [8]item
	itemBuf := itemArr[:0]
	add := func(items []item, hit codeHit, prefixPart string, single bool, singleStart, singleEnd int) {
		for i, it := range items {
			r := Reference{Code: hit.name, Article: it.article, Part: it.part, ArticleName: it.name, Start: it.start, End: it.end}
			if single {
				r.Start, r.End = singleStart, singleEnd
				if prefixPart != "" {
					r.Part = prefixPart
				}
			} else if i == 0 && prefixPart != "" && r.Part == "" {
				r.Part = prefixPart
				r.Start = singleStart
			}
			cands = append(cands, cand{Reference: r, generic: hit.generic, order: len(cands)})
		}
	}

	// 1. forward form
	for _, a := range anchors {
		e := articleAnchorEnd(text[a:])
		if e < 0 {
			continue
		}
		start, digit := a, a+e-1
		items, end := parseList(text, digit, itemBuf)
		itemBuf = items[:0] // keeps what it grew to
		if len(items) == 0 {
			continue
		}
		oe := ofEnd(text[end:])
		if oe < 0 {
			continue
		}
		hit, ok := codeAt(text, end+oe)
		if !ok {
			continue
		}
		spanStart := start
		prefixPart := ""
		lo := start - 60
		if lo < 0 {
			lo = 0
		}
		if !endsWithOf(text[lo:start]) {
			// no "part 2 of" before the article
		} else if pm, ok := prefixPartAt(text[lo:start]); ok {
			prefixPart = text[lo+pm[2] : lo+pm[3]]
			spanStart = lo + pm[0]
		}
		single := len(items) == 1
		spanEnd := hit.end
		if single && items[0].name == "" {
			rest := text[hit.end:]
			if q, ok := quotedAt(rest); ok {
				items[0].name = cleanName(firstGroup(rest, q[:]))
				spanEnd = hit.end + q[1]
			} else if nm, ok := itemNameAt(rest); ok {
				name := cleanName(rest[nm[2]:nm[3]])
				if !badName(name) && len(name) <= 80 {
					items[0].name = name
					spanEnd = hit.end + nm[1]
				}
			}
		}
		add(items, hit, prefixPart, single, spanStart, spanEnd)
	}

	// 2. code-first list: "articles of the Criminal Code: 125 (...), 126 ..."
	for _, a := range anchors {
		e := articlesOfEnd(text[a:])
		if e < 0 {
			continue
		}
		hit, ok := codeAt(text, a+e)
		if !ok {
			continue
		}
		ce := colonEnd(text[hit.end:])
		if ce < 0 {
			continue
		}
		items, _ := parseList(text, hit.end+ce-1, itemBuf)
		itemBuf = items[:0]
		add(items, hit, "", false, 0, 0)
	}

	// 3. backward form: "Criminal Code, art. 125", "(Criminal Code, arts. 13 and 14)"
	for _, m := range codes {
		e, ok := canonicalOf(text[m[0]:m[1]])
		if !ok {
			continue
		}
		be := backEnd(text[m[1]:])
		if be < 0 {
			continue
		}
		items, end := parseList(text, m[1]+be-1, itemBuf)
		itemBuf = items[:0]
		if len(items) == 0 {
			continue
		}
		if strings.Contains(text[m[1]:m[1]+be], "(") {
			// "Criminal Code (article 146)": the span takes the closing parenthesis
			if r := strings.TrimLeft(text[end:], " "); strings.HasPrefix(r, ")") {
				end += len(text[end:]) - len(r) + 1
			}
		}
		hit := codeHit{name: e.Name, end: m[1]}
		add(items, hit, "", len(items) == 1, m[0], end)
	}

	slices.SortStableFunc(cands, func(a, b cand) int {
		if c := cmp.Compare(a.Start, b.Start); c != 0 {
			return c
		}
		return cmp.Compare(a.order, b.order)
	})
	if len(cands) == 0 {
		return nil
	}
	out := make([]Reference, 0, len(cands))
	prev := ""
	for _, c := range cands {
		r := c.Reference
		if c.generic != "" {
			switch c.generic {
			case "Code":
				if kindOf[prev] == "code" {
					r.Code = prev
				}
			case "Convention":
				r.Code = ctx.Convention
				if r.Code == "" && kindOf[prev] == "convention" {
					r.Code = prev
				}
			case "Covenant":
				r.Code = ctx.Covenant
				if r.Code == "" && kindOf[prev] == "covenant" {
					r.Code = prev
				}
			}
			if r.Code == "" {
				continue
			}
		}
		dup := false
		for k := len(out) - 1; k >= 0 && k >= len(out)-80; k-- {
			o := out[k]
			if o.Article == r.Article && o.Start < r.End && r.Start < o.End {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		out = append(out, r)
		prev = r.Code
	}
	slices.SortStableFunc(out, func(a, b Reference) int { return cmp.Compare(a.Start, b.Start) })
	if len(out) == 0 {
		return nil
	}
	return out
}
