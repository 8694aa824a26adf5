// Package chunk splits a document's text into chunks on paragraph
// boundaries, never inside a sentence, with exact offsets.
//
// The chunks of a text partition it: each byte belongs to exactly one
// chunk, and concatenating the chunks gives the text back. Boundaries are
// line starts, ranked: a numbered paragraph ("12." or "12.\t") or a heading
// first, then a blank line, then a line that follows a finished sentence.
// A line start inside a sentence (a PDF line wrap, a number split over a
// blank line) is never a boundary unless a single sentence exceeds the hard
// cap, the one case where a cut falls at a space inside a sentence.
package chunk

import (
	"encoding/binary"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Options sizes the chunks, in bytes of UTF-8 text.
type Options struct {
	// Target is the size a chunk grows to before it is closed at the next
	// good boundary.
	Target int
	// Max is the hard cap; a chunk is cut at the best boundary below it.
	Max int
}

// DefaultOptions suit NATS's default 1 MB message limit with room to spare
// and keep extraction work per message small.
func DefaultOptions() Options { return Options{Target: 4 << 10, Max: 16 << 10} }

// Chunk is one piece of the text.
type Chunk struct {
	Seq        int  // 0-based position in the document
	Start, End int  // byte offsets into the text, End exclusive
	CharStart  int  // code-point offset of Start
	CharEnd    int  // code-point offset of End
	Paragraph  *int // printed number of the paragraph the chunk starts with, if any
}

// Boundary strengths.
const (
	none     = 0
	sentence = 1 // line start after a finished sentence
	blank    = 2 // line start after a blank line
	para     = 3 // numbered paragraph or heading
)

type cand struct {
	pos, rank int
}

// Split returns the chunks of text. An empty text has no chunks.
func Split(text string, opt Options) []Chunk {
	if opt.Target <= 0 || opt.Max <= 0 {
		opt = DefaultOptions()
	}
	if opt.Target > opt.Max {
		opt.Target = opt.Max
	}
	if text == "" {
		return nil
	}
	cands := boundaries(text)
	var cuts []int // chunk start positions after the first
	start := 0
	ci := 0
	for start < len(text) {
		if len(text)-start <= opt.Target {
			break
		}
		// Candidates in (start, start+Max].
		for ci < len(cands) && cands[ci].pos <= start {
			ci++
		}
		best := pick(cands[ci:], start, opt)
		if best < 0 {
			if len(text)-start <= opt.Max {
				break
			}
			best = hardCut(text, start, opt.Max)
		}
		cuts = append(cuts, best)
		start = best
	}
	chunks := make([]Chunk, 0, len(cuts)+1)
	prev, prevChar := 0, 0
	if len(cuts) == 0 || cuts[len(cuts)-1] < len(text) {
		cuts = append(cuts, len(text)) // a hard cut may already end the text
	}
	for i, end := range cuts {
		ch := prevChar + RuneCount(text[prev:end])
		c := Chunk{Seq: i, Start: prev, End: end, CharStart: prevChar, CharEnd: ch}
		if n, ok := ParagraphNumber(text[prev:end]); ok {
			c.Paragraph = &n
		}
		chunks = append(chunks, c)
		prev, prevChar = end, ch
	}
	return chunks
}

// pick chooses where the chunk that begins at start ends: among the
// boundaries within the hard cap, the strongest rank, and among those the
// one nearest the target size. Boundaries that would leave a chunk under
// half the target are used only when there is nothing else. -1: none.
func pick(cands []cand, start int, opt Options) int {
	best, bestRank, bestDist := -1, none, 0
	for pass := 0; pass < 2 && best < 0; pass++ {
		for _, c := range cands {
			size := c.pos - start
			if size > opt.Max {
				break
			}
			if c.rank == none || (pass == 0 && size < opt.Target/2) {
				continue
			}
			dist := size - opt.Target
			if dist < 0 {
				dist = -dist
			}
			if c.rank > bestRank || (c.rank == bestRank && dist < bestDist) {
				best, bestRank, bestDist = c.pos, c.rank, dist
			}
		}
	}
	return best
}

// hardCut finds a cut for a run of text with no boundary within max bytes:
// the last sentence end, else the last space, else a rune boundary.
func hardCut(text string, start, max int) int {
	limit := start + max
	window := text[start:limit]
	if i := strings.LastIndex(window, ". "); i > 0 {
		return start + i + 2
	}
	if i := strings.LastIndexAny(window, " \t\n"); i > 0 {
		return start + i + 1
	}
	for limit > start && !utf8.RuneStart(text[limit]) {
		limit--
	}
	if limit == start { // a cap smaller than one rune: take the rune
		_, n := utf8.DecodeRuneInString(text[start:])
		limit = start + n
	}
	return limit
}

// boundaries ranks every line start of text. Each line is read once: the
// last line with content before it, and whether that is a heading, are
// carried along rather than looked for again.
func boundaries(text string) []cand {
	var out []cand
	var prev line // the last line before this one with content, trimmed
	blankBefore := false
	for i := 0; i < len(text); {
		nl := strings.IndexByte(text[i:], '\n')
		lineEnd := len(text)
		if nl >= 0 {
			lineEnd = i + nl
		}
		cur := text[i:lineEnd]
		t := strings.TrimSpace(cur)
		isBlank := t == ""
		if i > 0 && !isBlank {
			out = append(out, cand{i, rank(&prev, cur, blankBefore)})
		}
		if !isBlank {
			blankBefore = false
		} else if i > 0 {
			blankBefore = true
		}
		// The look back for the previous line skips a line of only
		// " \t\r\f" (any other space, U+00A0 say, is content there).
		if hasContent(cur) {
			prev = line{text: t}
		}
		if nl < 0 {
			break
		}
		i = lineEnd + 1
	}
	return out
}

// line is a trimmed line and, once asked, whether it is a heading.
type line struct {
	text             string
	heading, checked bool
}

func (l *line) isHeading() bool {
	if !l.checked {
		l.heading, l.checked = isHeading(l.text), true
	}
	return l.heading
}

// hasContent reports whether s has a byte other than " \t\r\n\f".
func hasContent(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\n', '\f':
		default:
			return true
		}
	}
	return false
}

// trimBlanks is strings.TrimLeft(s, " \t") without building a cutset.
func trimBlanks(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	return s
}

// rank decides how good a boundary the start of cur is, given prev, the
// last line with content before it.
func rank(prev *line, cur string, blankBefore bool) int {
	if prev.text == "" {
		return none
	}
	last, _ := utf8.DecodeLastRuneInString(prev.text)
	first, _ := utf8.DecodeRuneInString(trimBlanks(cur))
	finished := strings.ContainsRune(".;:!?)»\"”", last)
	// A number or a sentence carried over a line break ("23\n\n635",
	// "is less\n\nthan") continues: not a boundary.
	if unicode.IsDigit(last) && unicode.IsDigit(first) {
		return none
	}
	if _, ok := ParagraphNumber(cur); ok {
		return para
	}
	// A heading belongs with what follows it, so the line after a heading
	// is no boundary unless it opens a numbered paragraph.
	if !finished && prev.isHeading() {
		return none
	}
	if (finished || blankBefore) && isHeading(cur) {
		return para
	}
	if unicode.IsLower(first) && !finished {
		return none
	}
	if blankBefore {
		return blank
	}
	if finished {
		return sentence
	}
	return none
}

// ParagraphNumber reports the printed number of a numbered paragraph that
// starts s: "12. Text" or "12.\tText" (leading spaces allowed). A list item
// "(3)" or a decimal "12.5" is not one.
func ParagraphNumber(s string) (int, bool) {
	s = trimBlanks(s)
	i := 0
	for i < len(s) && i < 5 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i >= 5 || i+1 >= len(s) || s[i] != '.' {
		return 0, false
	}
	if c := s[i+1]; c != ' ' && c != '\t' && c != '\u00a0' {
		return 0, false
	}
	n, err := strconv.Atoi(s[:i])
	return n, err == nil && n > 0
}

// isHeading recognises a short title line: a Roman or capital-letter
// numbered heading ("II. General information", "A. Article 2") or a short
// line in title or upper case without closing punctuation.
func isHeading(line string) bool {
	t := strings.TrimSpace(line)
	if t == "" || len(t) > 120 {
		return false
	}
	if j := numberEnd(t); j > 0 && j <= 5 && j < len(t)-1 && t[j] == '.' {
		head := t[:j]
		if roman(head) || (len(head) == 1 && head[0] >= 'A' && head[0] <= 'Z') {
			return true
		}
	}
	last, _ := utf8.DecodeLastRuneInString(t)
	if strings.ContainsRune(".,;:", last) {
		return false
	}
	// The word count last: it reads the whole line.
	first, _ := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(first) && !moreFieldsThan(t, 12)
}

// numberEnd is strings.IndexAny(t, ".\t ") for the few bytes a heading's
// number can take: -1 if none of them is among t's first seven.
func numberEnd(t string) int {
	for j := 0; j < len(t) && j < 7; j++ {
		if c := t[j]; c == '.' || c == '\t' || c == ' ' {
			return j
		}
	}
	return -1
}

// roman is strings.Trim(s, "IVXLC") == "".
func roman(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 'I', 'V', 'X', 'L', 'C':
		default:
			return false
		}
	}
	return true
}

// moreFieldsThan reports whether len(strings.Fields(s)) > n without
// building the fields: every line of a document is asked.
func moreFieldsThan(s string, n int) bool {
	if n < 0 {
		return true
	}
	k, in := 0, false
	for i := 0; i < len(s); {
		var space bool
		if c := s[i]; c < utf8.RuneSelf {
			// unicode.IsSpace's ASCII spaces, without the call.
			space = c == ' ' || c-'\t' <= '\r'-'\t'
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
			i += size
		}
		if space {
			in = false
			continue
		}
		if !in {
			if in, k = true, k+1; k > n {
				return true
			}
		}
	}
	return false
}

// RuneCount is utf8.RuneCountInString, eight bytes at a time while they
// are ASCII, as most of a report is: chunk offsets are in code points,
// and every chunk's and fact's offsets are counted.
func RuneCount(s string) int {
	n, i := 0, 0
	for i < len(s) {
		for i+8 <= len(s) && binary.LittleEndian.Uint64([]byte(s[i:i+8]))&0x8080808080808080 == 0 {
			i += 8
			n += 8
		}
		if i == len(s) {
			break
		}
		if s[i] < utf8.RuneSelf {
			i++
		} else {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
		n++
	}
	return n
}
