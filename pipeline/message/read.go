package message

import (
	"bytes"
	"encoding/binary"
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// The stages' hottest bodies, chunks and fact batches, are read here by
// hand: a general decoder walks a chunk's text (nearly all of its bytes,
// and full of escapes and non-ASCII letters) byte by byte, twice, where
// this finds its quote and escapes with IndexByte and checks it for
// control characters eight bytes at a time. It reads only the plain
// shape that Encode and AppendChunk write: on anything else (an unknown
// or differently cased key, null where a value belongs, a number in
// another form, a surrogate escape, trailing data, ...) it gives up, and
// the general decoder reads the body as encoding/json would. Giving up is
// never an error, so the two cannot disagree on what is valid; and what
// this accepts it must read exactly as encoding/json does (FuzzDecode).
//
// Bodies are known to be valid UTF-8 before they come here; strings
// without escapes point into the body.

// reader reads JSON from b at i.
type reader struct {
	b    []byte
	i    int
	ints []int // where intPtr's integers live, a few allocations for many
}

func (r *reader) space() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// byte consumes c, after any space, if it is next.
func (r *reader) byte(c byte) bool {
	r.space()
	if r.i < len(r.b) && r.b[r.i] == c {
		r.i++
		return true
	}
	return false
}

// null consumes a null, after any space, if it is next.
func (r *reader) null() bool {
	r.space()
	if len(r.b)-r.i >= 4 && string(r.b[r.i:r.i+4]) == "null" {
		r.i += 4
		return true
	}
	return false
}

// end reports whether only space is left.
func (r *reader) end() bool {
	r.space()
	return r.i == len(r.b)
}

// control reports whether b holds a control character, which JSON
// forbids in a string: eight bytes at a time, where a byte under 0x20
// sets its high bit in (w-0x2020…)&^w (and none is set without one).
func control(b []byte) bool {
	for len(b) >= 8 {
		w := binary.LittleEndian.Uint64(b)
		if (w-ones*0x20)&^w&highs != 0 {
			break
		}
		b = b[8:]
	}
	for _, c := range b {
		if c < 0x20 {
			return true
		}
	}
	return false
}

// str reads a string. The quote and the backslash are found with
// IndexByte (vector instructions), so a long text costs little more than
// a look at each byte for control characters.
func (r *reader) str() (string, bool) {
	r.space()
	if r.i >= len(r.b) || r.b[r.i] != '"' {
		return "", false
	}
	start := r.i + 1
	// Most strings are short ids and words: look at them byte by byte
	// before paying for a call.
	i := start
	for ; i < len(r.b) && i < start+32; i++ {
		switch c := r.b[i]; {
		case c == '"':
			r.i = i + 1
			return alias(r.b[start:i]), true
		case c == '\\':
			q := bytes.IndexByte(r.b[i:], '"')
			if q < 0 {
				return "", false
			}
			return r.unescape(start, i, i+q)
		case c < 0x20:
			return "", false
		}
	}
	// r.b[start:i] is plain; search on from there.
	q := bytes.IndexByte(r.b[i:], '"')
	if q < 0 {
		return "", false
	}
	q += i
	if e := bytes.IndexByte(r.b[i:q], '\\'); e >= 0 {
		return r.unescape(start, i+e, q)
	}
	if control(r.b[i:q]) {
		return "", false
	}
	r.i = q + 1
	return alias(r.b[start:q]), true
}

// unescape reads the rest of a string from start whose first escape is
// at e, and its first quote at q.
func (r *reader) unescape(start, e, q int) (string, bool) {
	b := r.b
	out := make([]byte, 0, q-start)
	for {
		if control(b[start:e]) {
			return "", false
		}
		out = append(out, b[start:e]...)
		if e == q {
			r.i = q + 1
			return alias(out), true
		}
		i := e + 1 // the escaped character
		if i >= len(b) {
			return "", false
		}
		switch c := b[i]; c {
		case '"', '\\', '/':
			out = append(out, c)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			if i+4 >= len(b) {
				return "", false
			}
			v, err := strconv.ParseUint(string(b[i+1:i+5]), 16, 16)
			// A surrogate half pairs with the next escape, or is
			// replaced: the general decoder's business.
			if err != nil || (v >= 0xd800 && v < 0xe000) {
				return "", false
			}
			out = utf8.AppendRune(out, rune(v))
			i += 4
		default:
			return "", false
		}
		start = i + 1
		if start > q { // the quote found was escaped: find the next
			n := bytes.IndexByte(b[start:], '"')
			if n < 0 {
				return "", false
			}
			q = start + n
		}
		e = q
		if n := bytes.IndexByte(b[start:q], '\\'); n >= 0 {
			e = start + n
		}
	}
}

// alias is b as a string, uncopied: b is never written again.
func alias(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// int reads an integer of at most 18 digits (so that it cannot overflow).
func (r *reader) int() (int, bool) {
	r.space()
	i := r.i
	neg := i < len(r.b) && r.b[i] == '-'
	if neg {
		i++
	}
	start, n := i, 0
	for i < len(r.b) && r.b[i] >= '0' && r.b[i] <= '9' {
		n = n*10 + int(r.b[i]-'0')
		i++
	}
	digits := i - start
	if digits == 0 || digits > 18 || (digits > 1 && r.b[start] == '0') {
		return 0, false
	}
	if i < len(r.b) && (r.b[i] == '.' || r.b[i] == 'e' || r.b[i] == 'E') {
		return 0, false // encoding/json refuses it for an int
	}
	r.i = i
	if neg {
		n = -n
	}
	return n, true
}

// intPtr reads an integer or null.
func (r *reader) intPtr() (*int, bool) {
	if r.null() {
		return nil, true
	}
	n, ok := r.int()
	if !ok {
		return nil, false
	}
	if len(r.ints) == cap(r.ints) {
		r.ints = make([]int, 0, min(64, max(4, 2*cap(r.ints))))
	}
	r.ints = append(r.ints, n)
	return &r.ints[len(r.ints)-1], true
}

// float reads a number as encoding/json does: JSON's grammar, then
// strconv.ParseFloat, which refuses what is out of range.
func (r *reader) float() (float64, bool) {
	r.space()
	b, i := r.b, r.i
	digits := func() int {
		n := 0
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
			n++
		}
		return n
	}
	start := i
	if i < len(b) && b[i] == '-' {
		i++
	}
	lead := i
	if n := digits(); n == 0 || (n > 1 && b[lead] == '0') {
		return 0, false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			return 0, false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(alias(b[start:i]), 64)
	if err != nil {
		return 0, false
	}
	r.i = i
	return v, true
}

// object reads an object, handing each key to field, which reads its
// value.
func (r *reader) object(field func(key string) bool) bool {
	if !r.byte('{') {
		return false
	}
	if r.byte('}') {
		return true
	}
	for {
		k, ok := r.str()
		if !ok || !r.byte(':') || !field(k) {
			return false
		}
		if !r.byte(',') {
			return r.byte('}')
		}
	}
}

// array reads an array into *s, one element at a time: null leaves it
// nil, [] makes it empty but not nil, as encoding/json does. A second
// array for the same field gives up rather than mimic how encoding/json
// reuses the first.
func array[T any](r *reader, s *[]T, elem func(*T) bool) bool {
	if *s != nil {
		return false
	}
	if r.null() {
		return true
	}
	if !r.byte('[') {
		return false
	}
	if r.byte(']') {
		*s = []T{}
		return true
	}
	for {
		var v T
		if !elem(&v) {
			return false
		}
		*s = append(*s, v)
		if !r.byte(',') {
			return r.byte(']')
		}
	}
}

// readChunk reads a chunk body; false means "not the plain shape".
func readChunk(data []byte, c *Chunk) bool {
	r := reader{b: data}
	var v Chunk
	if !r.chunk(&v) || !r.end() {
		return false
	}
	*c = v
	return true
}

// readFactBatch reads a fact batch body; false means "not the plain
// shape".
func readFactBatch(data []byte, fb *FactBatch) bool {
	r := reader{b: data}
	var v FactBatch
	seen := false
	ok := r.object(func(k string) (ok bool) {
		switch k {
		case "schema":
			v.Schema, ok = r.str()
		case "doc_id":
			v.DocID, ok = r.str()
		case "chunk":
			if seen {
				return false // encoding/json would merge the two
			}
			seen = true
			ok = r.chunk(&v.Chunk)
		case "observations":
			ok = array(&r, &v.Observations, r.observation)
		case "legal_references":
			ok = array(&r, &v.References, r.reference)
		case "instruments":
			ok = array(&r, &v.Instruments, r.instrument)
		}
		return ok
	})
	if !ok || !r.end() {
		return false
	}
	*fb = v
	return true
}

func (r *reader) chunk(c *Chunk) bool {
	return r.object(func(k string) (ok bool) {
		switch k {
		case "schema":
			c.Schema, ok = r.str()
		case "chunk_id":
			c.ChunkID, ok = r.str()
		case "doc_id":
			c.DocID, ok = r.str()
		case "seq":
			c.Seq, ok = r.int()
		case "chunks":
			c.Chunks, ok = r.int()
		case "paragraph":
			c.Paragraph, ok = r.intPtr()
		case "char_start":
			c.CharStart, ok = r.int()
		case "char_end":
			c.CharEnd, ok = r.int()
		case "text":
			c.Text, ok = r.str()
		case "context":
			c.Context, ok = r.str()
		case "doc_year":
			c.DocYear, ok = r.int()
		case "period_start":
			c.PeriodStart, ok = r.int()
		case "period_end":
			c.PeriodEnd, ok = r.int()
		case "convention":
			c.Convention, ok = r.str()
		case "covenant":
			c.Covenant, ok = r.str()
		}
		return ok
	})
}

func (r *reader) observation(o *Observation) bool {
	return r.object(func(k string) (ok bool) {
		switch k {
		case "obs_id":
			o.ObsID, ok = r.str()
		case "doc_id":
			o.DocID, ok = r.str()
		case "chunk_id":
			o.ChunkID, ok = r.str()
		case "paragraph":
			o.Paragraph, ok = r.intPtr()
		case "metric":
			o.Metric, ok = r.str()
		case "metric_label":
			o.MetricLabel, ok = r.str()
		case "year_start":
			o.YearStart, ok = r.int()
		case "year_end":
			o.YearEnd, ok = r.int()
		case "period":
			o.Period, ok = r.str()
		case "value":
			o.Value, ok = r.float()
		case "unit":
			o.Unit, ok = r.str()
		case "qualifier":
			o.Qualifier, ok = r.str()
		case "quote":
			o.Quote, ok = r.str()
		case "char_start":
			o.CharStart, ok = r.int()
		case "char_end":
			o.CharEnd, ok = r.int()
		case "extractor":
			o.Extractor, ok = r.str()
		}
		return ok
	})
}

func (r *reader) reference(x *LegalReference) bool {
	return r.object(func(k string) (ok bool) {
		switch k {
		case "ref_id":
			x.RefID, ok = r.str()
		case "doc_id":
			x.DocID, ok = r.str()
		case "chunk_id":
			x.ChunkID, ok = r.str()
		case "paragraph":
			x.Paragraph, ok = r.intPtr()
		case "code":
			x.Code, ok = r.str()
		case "article":
			x.Article, ok = r.str()
		case "part":
			x.Part, ok = r.str()
		case "article_name":
			x.ArticleName, ok = r.str()
		case "quote":
			x.Quote, ok = r.str()
		case "char_start":
			x.CharStart, ok = r.int()
		case "char_end":
			x.CharEnd, ok = r.int()
		case "extractor":
			x.Extractor, ok = r.str()
		}
		return ok
	})
}

func (r *reader) instrument(m *Instrument) bool {
	return r.object(func(k string) (ok bool) {
		switch k {
		case "mention_id":
			m.MentionID, ok = r.str()
		case "instrument_id":
			m.InstrumentID, ok = r.str()
		case "doc_id":
			m.DocID, ok = r.str()
		case "chunk_id":
			m.ChunkID, ok = r.str()
		case "paragraph":
			m.Paragraph, ok = r.intPtr()
		case "kind":
			m.Kind, ok = r.str()
		case "title":
			m.Title, ok = r.str()
		case "number":
			m.Number, ok = r.str()
		case "issued_on":
			m.IssuedOn, ok = r.str()
		case "year":
			m.Year, ok = r.int()
		case "issuer":
			m.Issuer, ok = r.str()
		case "quote":
			m.Quote, ok = r.str()
		case "char_start":
			m.CharStart, ok = r.int()
		case "char_end":
			m.CharEnd, ok = r.int()
		case "extractor":
			m.Extractor, ok = r.str()
		}
		return ok
	})
}
