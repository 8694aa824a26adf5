// Package facts turns documents and chunks into the facts the warehouse
// holds, with identities and code-point provenance. It composes the pure
// extractors (docmeta, extract, legal) and the chunker and, like them,
// does no I/O: the transform worker, `factflow extract` and the scoring
// tests all run this same code.
package facts

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/factflow/factflow/pipeline/chunk"
	"github.com/factflow/factflow/pipeline/docmeta"
	"github.com/factflow/factflow/pipeline/extract"
	"github.com/factflow/factflow/pipeline/legal"
	"github.com/factflow/factflow/pipeline/message"
	"github.com/factflow/factflow/pipeline/source"
)

// Result is everything one document yields.
type Result struct {
	Doc     message.Document
	Chunks  []message.Chunk
	Batches []message.FactBatch
}

// Prepare reads a document's metadata and splits it into chunk messages,
// ready to publish. docID is source.ID(text), which a caller has usually
// computed already to ask whether the document is loaded; fileName and uri
// name it; encoding and size describe the bytes it was decoded from.
func Prepare(docID, fileName, uri, text, encoding string, size int64, opt chunk.Options) (message.Document, []message.Chunk) {
	meta := docmeta.Analyze(text)
	lctx := legal.ResolveContext(text)
	pieces := chunk.Split(text, opt)
	doc := message.Document{
		Schema:    message.DocumentV1,
		DocID:     docID,
		FileName:  fileName,
		SourceURI: uri,
		// Clones: a substring would keep the whole text alive as long as
		// the document's announcement is.
		Title:       strings.Clone(meta.Title),
		DocType:     strings.Clone(meta.Type),
		Issuer:      strings.Clone(meta.Issuer),
		DocYear:     meta.Year,
		PeriodStart: meta.PeriodStart,
		PeriodEnd:   meta.PeriodEnd,
		Encoding:    encoding,
		Bytes:       size,
		Chars:       chars(pieces),
		Chunks:      len(pieces),
		IngestedAt:  time.Now().UTC().Format(time.RFC3339Nano),
	}
	chunks := make([]message.Chunk, len(pieces))
	for i, p := range pieces {
		chunks[i] = message.Chunk{
			Context:     contextBefore(text, p.Start),
			Schema:      message.ChunkV1,
			ChunkID:     ChunkID(docID, p.Seq),
			DocID:       docID,
			Seq:         p.Seq,
			Chunks:      len(pieces),
			Paragraph:   p.Paragraph,
			CharStart:   p.CharStart,
			CharEnd:     p.CharEnd,
			Text:        text[p.Start:p.End],
			DocYear:     meta.Year,
			PeriodStart: meta.PeriodStart,
			PeriodEnd:   meta.PeriodEnd,
			Convention:  strings.Clone(lctx.Convention),
			Covenant:    strings.Clone(lctx.Covenant),
		}
	}
	return doc, chunks
}

// chars is the length in code points of the text that pieces partition.
func chars(pieces []chunk.Chunk) int {
	if len(pieces) == 0 {
		return 0
	}
	return pieces[len(pieces)-1].CharEnd
}

// contextLen bounds the text before a chunk that travels with it.
const contextLen = 1024

// contextBefore is the text just before a chunk that starts at start: up to
// contextLen bytes, from a line start, so that the extractor reads the end
// of the previous paragraph as the chunk's context.
func contextBefore(text string, start int) string {
	if start == 0 {
		return ""
	}
	from := max(0, start-contextLen)
	if from > 0 {
		nl := strings.IndexByte(text[from:start], '\n')
		if nl < 0 {
			return ""
		}
		from += nl + 1
	}
	return text[from:start]
}

// Document runs the whole pure path on one document: metadata, chunking
// with the default options, extraction.
func Document(fileName, text string) Result {
	doc, chunks := Prepare(source.ID(text), fileName, fileName, text, "utf-8", int64(len(text)), chunk.DefaultOptions())
	batches := make([]message.FactBatch, len(chunks))
	for i, c := range chunks {
		batches[i] = FromChunk(c)
	}
	return Result{Doc: doc, Chunks: chunks, Batches: batches}
}

// ChunkID names a chunk by its document and position: "<doc>-00042".
func ChunkID(docID string, seq int) string {
	if seq < 0 {
		return fmt.Sprintf("%s-%05d", docID, seq)
	}
	b := make([]byte, 0, len(docID)+8)
	b = append(b, docID...)
	b = append(b, '-')
	for w := 10000; w > 1 && seq < w; w /= 10 {
		b = append(b, '0') // %05d
	}
	return string(strconv.AppendInt(b, int64(seq), 10))
}

// Extractor names the rule versions a batch was made with.
const Extractor = extract.Version + "+" + legal.Version

// FromChunk extracts every fact of one chunk. Offsets are turned from
// byte offsets into the chunk into code-point offsets into the document,
// and every fact quotes the chunk text at its span, so that
// substring(documents.text, char_start+1, char_end-char_start) = quote.
func FromChunk(c message.Chunk) message.FactBatch {
	// The extractors read the context before the chunk too (a year stated
	// in the paragraph before a cut still applies), but keep only what
	// lies inside the chunk, with offsets relative to it. The observation
	// rules skip the context's own figures up front.
	full, off := c.Context+c.Text, len(c.Context)
	inside := func(start, end int) bool { return start >= off && end <= len(full) }
	doc := extract.Doc{Year: c.DocYear, PeriodStart: c.PeriodStart, PeriodEnd: c.PeriodEnd}
	var ob [64]extract.Observation // read only here: on the stack while they fit
	obs := extract.AppendObservationsFrom(ob[:0], full, doc, off)
	refs := legal.ReferencesIn(full, legal.Context{Convention: c.Convention, Covenant: c.Covenant})
	ins := legal.Instruments(full)

	// sized up front: growing them costs more than the facts
	b := message.FactBatch{
		Schema:       message.FactBatchV1,
		DocID:        c.DocID,
		Chunk:        c,
		Observations: make([]message.Observation, 0, len(obs)),
		References:   make([]message.LegalReference, 0, len(refs)),
		Instruments:  make([]message.Instrument, 0, len(ins)),
	}
	if len(obs)+len(refs)+len(ins) == 0 {
		return b
	}
	var pos positions
	pos.init(c)
	var hb [256]byte // the parts of an id, on the stack while they fit
	h := idHash{buf: hb[:0]}
	// The ids of the batch are written one after the other into one
	// buffer and handed out at the end as pieces of one string: one
	// allocation for all of them. Those of one kind of fact are a run of
	// equal strides, so that a fact's id is found by its index.
	var ib [64 * idLen]byte
	ids := ib[:0]
	dups := dupCheck{stride: idLen}
	for _, o := range obs {
		if !inside(o.Start, o.End) {
			continue
		}
		o.Start, o.End = o.Start-off, o.End-off
		cs, ce := pos.chars(o.Start), pos.chars(o.End)
		at := len(ids)
		ids = h.reset().str(c.DocID).str("o").num(cs).num(ce).num(o.YearStart).num(o.YearEnd).str(o.Unit).str(o.Period).appendSum(ids)
		if dups.seen(ids, len(b.Observations), cs, func(i int) int { return b.Observations[i].CharStart }) {
			ids = ids[:at]
			continue
		}
		b.Observations = append(b.Observations, message.Observation{
			DocID: c.DocID, ChunkID: c.ChunkID, Paragraph: pos.paragraph(o.Start),
			Metric: o.Metric, MetricLabel: o.MetricLabel, YearStart: o.YearStart, YearEnd: o.YearEnd,
			Period: o.Period, Value: o.Value, Unit: o.Unit, Qualifier: o.Qualifier,
			Quote: c.Text[o.Start:o.End], CharStart: cs, CharEnd: ce, Extractor: extract.Version,
		})
	}
	refBase := len(ids)
	dups = dupCheck{base: refBase, stride: idLen}
	for _, r := range refs {
		if !inside(r.Start, r.End) {
			continue
		}
		r.Start, r.End = r.Start-off, r.End-off
		cs, ce := pos.chars(r.Start), pos.chars(r.End)
		at := len(ids)
		ids = h.reset().str(c.DocID).str("r").num(cs).num(ce).str(r.Code).str(r.Article).str(r.Part).appendSum(ids)
		if dups.seen(ids, len(b.References), cs, func(i int) int { return b.References[i].CharStart }) {
			ids = ids[:at]
			continue
		}
		b.References = append(b.References, message.LegalReference{
			DocID: c.DocID, ChunkID: c.ChunkID, Paragraph: pos.paragraph(r.Start),
			Code: r.Code, Article: r.Article, Part: r.Part, ArticleName: r.ArticleName,
			Quote: c.Text[r.Start:r.End], CharStart: cs, CharEnd: ce, Extractor: legal.Version,
		})
	}
	insBase := len(ids)
	dups = dupCheck{base: insBase, stride: 2 * idLen} // a mention id, then its instrument's
	for _, in := range ins {
		if !inside(in.Start, in.End) {
			continue
		}
		in.Start, in.End = in.Start-off, in.End-off
		cs, ce := pos.chars(in.Start), pos.chars(in.End)
		key := in.Key()
		at := len(ids)
		ids = h.reset().str(c.DocID).str("i").num(cs).num(ce).str(key).appendSum(ids)
		if dups.seen(ids, len(b.Instruments), cs, func(i int) int { return b.Instruments[i].CharStart }) {
			ids = ids[:at]
			continue
		}
		ids = h.reset().str(key).appendSum(ids)
		m := message.Instrument{
			DocID: c.DocID, ChunkID: c.ChunkID,
			Paragraph: pos.paragraph(in.Start), Kind: in.Kind, Title: in.Title, Number: in.Number,
			Year: in.Year, Issuer: in.Issuer, Quote: c.Text[in.Start:in.End],
			CharStart: cs, CharEnd: ce, Extractor: legal.Version,
		}
		if !in.IssuedOn.IsZero() {
			m.IssuedOn = in.IssuedOn.Format(time.DateOnly)
		}
		b.Instruments = append(b.Instruments, m)
	}
	all := string(ids)
	for i := range b.Observations {
		b.Observations[i].ObsID = all[i*idLen : (i+1)*idLen]
	}
	for i, at := 0, refBase; i < len(b.References); i, at = i+1, at+idLen {
		b.References[i].RefID = all[at : at+idLen]
	}
	for i, at := 0, insBase; i < len(b.Instruments); i, at = i+1, at+2*idLen {
		b.Instruments[i].MentionID = all[at : at+idLen]
		b.Instruments[i].InstrumentID = all[at+idLen : at+2*idLen]
	}
	return b
}

// dupCheck finds a fact whose id was kept already, without a map per
// chunk. The ids of the facts of one kind kept so far stand in a buffer
// at base, stride apart. The same id means the same span, and the
// extractors return facts sorted by Start: only the last facts kept,
// those at the same code-point start, can hold it. Should facts come out
// of order, every one kept is compared.
type dupCheck struct {
	base, stride int
	last         int  // CharStart of the last fact checked
	unsorted     bool // a fact came before the one checked before it
}

// seen reports whether the id that ends ids, of a fact at code-point
// start cs, is among the n kept so far; charStart returns the CharStart
// of the i-th of those.
func (d *dupCheck) seen(ids []byte, n, cs int, charStart func(i int) int) bool {
	if n > 0 && cs < d.last {
		d.unsorted = true
	}
	d.last = cs
	id := ids[len(ids)-idLen:]
	for i := n - 1; i >= 0; i-- {
		at := d.base + i*d.stride
		if bytes.Equal(ids[at:at+idLen], id) {
			return true
		}
		if charStart(i) < cs && !d.unsorted {
			break
		}
	}
	return false
}

// idHash makes a stable identity from parts, so that extracting the same
// text twice yields the same keys and a reload changes nothing: the first
// 12 bytes of the SHA-256 of the parts, each followed by a NUL byte (ints
// in decimal), in hex. Its methods take and return it by value, so that
// a buffer of the caller's on the stack stays there.
type idHash struct{ buf []byte }

// idLen is the length of an id.
const idLen = 24

func (h idHash) reset() idHash { h.buf = h.buf[:0]; return h }

func (h idHash) str(s string) idHash {
	h.buf = append(append(h.buf, s...), 0)
	return h
}

func (h idHash) num(n int) idHash {
	h.buf = append(strconv.AppendInt(h.buf, int64(n), 10), 0)
	return h
}

// appendSum appends the id to dst.
func (h idHash) appendSum(dst []byte) []byte {
	d := sha256.Sum256(h.buf)
	var out [idLen]byte
	hex.Encode(out[:], d[:idLen/2])
	return append(dst, out[:]...)
}

// positions converts byte offsets within a chunk to code-point offsets
// within its document, and finds the numbered paragraph around an offset.
type positions struct {
	c     message.Chunk
	paras []para // numbered paragraph starts in the chunk, in order

	lastOff, lastChars int
}

// para is a numbered paragraph: its byte offset in the chunk and number.
type para struct{ start, num int }

func (p *positions) init(c message.Chunk) {
	*p = positions{c: c}
	for i := 0; i < len(c.Text); {
		if n, ok := chunk.ParagraphNumber(c.Text[i:min(len(c.Text), i+16)]); ok {
			if p.paras == nil {
				p.paras = make([]para, 0, 8)
			}
			p.paras = append(p.paras, para{i, n})
		}
		j := strings.IndexByte(c.Text[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
	}
}

// chars counts code points incrementally: the extractors return facts in
// order, so each count continues from the last one. An offset behind the
// last (the next kind of fact starts over) counts back from it when that
// is shorter than counting from the start.
func (p *positions) chars(off int) int {
	if off < p.lastOff {
		if off < p.lastOff-off {
			p.lastOff, p.lastChars = 0, 0
		} else {
			p.lastChars -= chunk.RuneCount(p.c.Text[off:p.lastOff])
			p.lastOff = off
		}
	}
	p.lastChars += chunk.RuneCount(p.c.Text[p.lastOff:off])
	p.lastOff = off
	return p.c.CharStart + p.lastChars
}

// paragraph returns the number of the paragraph around off. Facts of one
// paragraph share the pointer: nothing writes through it.
func (p *positions) paragraph(off int) *int {
	for i := len(p.paras) - 1; i >= 0; i-- {
		if p.paras[i].start <= off {
			return &p.paras[i].num
		}
	}
	return p.c.Paragraph
}
