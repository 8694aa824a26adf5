package facts

// The glue of FromChunk as it was before allocation work, kept as the
// definition that the faster FromChunk is checked against (same_test.go).

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/factflow/factflow/pipeline/chunk"
	"github.com/factflow/factflow/pipeline/extract"
	"github.com/factflow/factflow/pipeline/legal"
	"github.com/factflow/factflow/pipeline/message"
)

// FromChunk extracts every fact of one chunk. Offsets are turned from
// byte offsets into the chunk into code-point offsets into the document,
// and every fact quotes the chunk text at its span, so that
// substring(documents.text, char_start+1, char_end-char_start) = quote.
func fromChunkRef(c message.Chunk) message.FactBatch {
	// The extractors read the context before the chunk too (a year stated
	// in the paragraph before a cut still applies), but keep only what
	// lies inside the chunk, with offsets relative to it. The observation
	// rules skip the context's own figures up front.
	full, off := c.Context+c.Text, len(c.Context)
	inside := func(start, end int) bool { return start >= off && end <= len(full) }
	doc := extract.Doc{Year: c.DocYear, PeriodStart: c.PeriodStart, PeriodEnd: c.PeriodEnd}
	obs := extract.ObservationsFrom(full, doc, off)
	refs := legal.ReferencesIn(full, legal.Context{Convention: c.Convention, Covenant: c.Covenant})
	ins := legal.Instruments(full)

	// sized up front: growing them and the map costs more than the facts
	b := message.FactBatch{
		Schema:       message.FactBatchV1,
		DocID:        c.DocID,
		Chunk:        c,
		Observations: make([]message.Observation, 0, len(obs)),
		References:   make([]message.LegalReference, 0, len(refs)),
		Instruments:  make([]message.Instrument, 0, len(ins)),
	}
	pos := newRefPositions(c)
	seen := make(map[string]bool, len(obs)+len(refs)+len(ins))
	var id refIDHash
	for _, o := range obs {
		if !inside(o.Start, o.End) {
			continue
		}
		o.Start, o.End = o.Start-off, o.End-off
		cs, ce := pos.chars(o.Start), pos.chars(o.End)
		id := id.reset().str(c.DocID).str("o").num(cs).num(ce).num(o.YearStart).num(o.YearEnd).str(o.Unit).str(o.Period).sum()
		if seen[id] {
			continue
		}
		seen[id] = true
		b.Observations = append(b.Observations, message.Observation{
			ObsID: id, DocID: c.DocID, ChunkID: c.ChunkID, Paragraph: pos.paragraph(o.Start),
			Metric: o.Metric, MetricLabel: o.MetricLabel, YearStart: o.YearStart, YearEnd: o.YearEnd,
			Period: o.Period, Value: o.Value, Unit: o.Unit, Qualifier: o.Qualifier,
			Quote: c.Text[o.Start:o.End], CharStart: cs, CharEnd: ce, Extractor: extract.Version,
		})
	}
	for _, r := range refs {
		if !inside(r.Start, r.End) {
			continue
		}
		r.Start, r.End = r.Start-off, r.End-off
		cs, ce := pos.chars(r.Start), pos.chars(r.End)
		id := id.reset().str(c.DocID).str("r").num(cs).num(ce).str(r.Code).str(r.Article).str(r.Part).sum()
		if seen[id] {
			continue
		}
		seen[id] = true
		b.References = append(b.References, message.LegalReference{
			RefID: id, DocID: c.DocID, ChunkID: c.ChunkID, Paragraph: pos.paragraph(r.Start),
			Code: r.Code, Article: r.Article, Part: r.Part, ArticleName: r.ArticleName,
			Quote: c.Text[r.Start:r.End], CharStart: cs, CharEnd: ce, Extractor: legal.Version,
		})
	}
	for _, in := range ins {
		if !inside(in.Start, in.End) {
			continue
		}
		in.Start, in.End = in.Start-off, in.End-off
		cs, ce := pos.chars(in.Start), pos.chars(in.End)
		key := in.Key()
		id := id.reset().str(c.DocID).str("i").num(cs).num(ce).str(key).sum()
		if seen[id] {
			continue
		}
		seen[id] = true
		m := message.Instrument{
			MentionID: id, InstrumentID: new(refIDHash).str(key).sum(), DocID: c.DocID, ChunkID: c.ChunkID,
			Paragraph: pos.paragraph(in.Start), Kind: in.Kind, Title: in.Title, Number: in.Number,
			Year: in.Year, Issuer: in.Issuer, Quote: c.Text[in.Start:in.End],
			CharStart: cs, CharEnd: ce, Extractor: legal.Version,
		}
		if !in.IssuedOn.IsZero() {
			m.IssuedOn = in.IssuedOn.Format(time.DateOnly)
		}
		b.Instruments = append(b.Instruments, m)
	}
	return b
}

// refIDHash makes a stable identity from parts, so that extracting the same
// text twice yields the same keys and a reload changes nothing: the first
// 12 bytes of the SHA-256 of the parts, each followed by a NUL byte (ints
// in decimal), in hex. One is reused for all the facts of a chunk, so
// that an id costs no allocation but its string.
type refIDHash struct{ buf []byte }

func (h *refIDHash) reset() *refIDHash { h.buf = h.buf[:0]; return h }

func (h *refIDHash) str(s string) *refIDHash {
	h.buf = append(append(h.buf, s...), 0)
	return h
}

func (h *refIDHash) num(n int) *refIDHash {
	h.buf = append(strconv.AppendInt(h.buf, int64(n), 10), 0)
	return h
}

func (h *refIDHash) sum() string {
	d := sha256.Sum256(h.buf)
	var out [24]byte
	hex.Encode(out[:], d[:12])
	return string(out[:])
}

// positions converts byte offsets within a chunk to code-point offsets
// within its document, and finds the numbered paragraph around an offset.
type refPositions struct {
	c      message.Chunk
	starts []int // byte offsets of numbered paragraph starts in the chunk
	nums   []int

	lastOff, lastChars int
}

func newRefPositions(c message.Chunk) *refPositions {
	p := &refPositions{c: c}
	for i := 0; i < len(c.Text); {
		if n, ok := chunk.ParagraphNumber(c.Text[i:min(len(c.Text), i+16)]); ok {
			p.starts = append(p.starts, i)
			p.nums = append(p.nums, n)
		}
		j := strings.IndexByte(c.Text[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
	}
	return p
}

// chars counts code points incrementally: the extractors return facts in
// order, so each count continues from the last one. An offset behind the
// last (the next kind of fact starts over) counts back from it when that
// is shorter than counting from the start.
func (p *refPositions) chars(off int) int {
	if off < p.lastOff {
		if off < p.lastOff-off {
			p.lastOff, p.lastChars = 0, 0
		} else {
			p.lastChars -= utf8.RuneCountInString(p.c.Text[off:p.lastOff])
			p.lastOff = off
		}
	}
	p.lastChars += utf8.RuneCountInString(p.c.Text[p.lastOff:off])
	p.lastOff = off
	return p.c.CharStart + p.lastChars
}

func (p *refPositions) paragraph(off int) *int {
	for i := len(p.starts) - 1; i >= 0; i-- {
		if p.starts[i] <= off {
			n := p.nums[i]
			return &n
		}
	}
	return p.c.Paragraph
}
