package message

import (
	"encoding/binary"
	"strconv"
	"unicode/utf8"
)

// AppendChunk appends c's JSON encoding to dst: byte for byte what Encode
// writes, faster and without an allocation of its own. Ingest encodes every
// chunk of every document, and the chunk's text is nearly all of its
// bytes, so the string escaper reads eight bytes at a time while none of
// them needs escaping.
func AppendChunk(dst []byte, c *Chunk) []byte {
	dst = append(dst, `{"schema":`...)
	dst = appendString(dst, c.Schema)
	dst = append(dst, `,"chunk_id":`...)
	dst = appendString(dst, c.ChunkID)
	dst = append(dst, `,"doc_id":`...)
	dst = appendString(dst, c.DocID)
	dst = append(dst, `,"seq":`...)
	dst = strconv.AppendInt(dst, int64(c.Seq), 10)
	dst = append(dst, `,"chunks":`...)
	dst = strconv.AppendInt(dst, int64(c.Chunks), 10)
	if c.Paragraph != nil {
		dst = append(dst, `,"paragraph":`...)
		dst = strconv.AppendInt(dst, int64(*c.Paragraph), 10)
	}
	dst = append(dst, `,"char_start":`...)
	dst = strconv.AppendInt(dst, int64(c.CharStart), 10)
	dst = append(dst, `,"char_end":`...)
	dst = strconv.AppendInt(dst, int64(c.CharEnd), 10)
	dst = append(dst, `,"text":`...)
	dst = appendString(dst, c.Text)
	if c.Context != "" {
		dst = append(dst, `,"context":`...)
		dst = appendString(dst, c.Context)
	}
	for _, f := range [...]struct {
		key string
		v   int
	}{{`,"doc_year":`, c.DocYear}, {`,"period_start":`, c.PeriodStart}, {`,"period_end":`, c.PeriodEnd}} {
		if f.v != 0 {
			dst = append(dst, f.key...)
			dst = strconv.AppendInt(dst, int64(f.v), 10)
		}
	}
	if c.Convention != "" {
		dst = append(dst, `,"convention":`...)
		dst = appendString(dst, c.Convention)
	}
	if c.Covenant != "" {
		dst = append(dst, `,"covenant":`...)
		dst = appendString(dst, c.Covenant)
	}
	return append(dst, '}')
}

// ChunkSize is about what AppendChunk writes for c, for sizing a buffer.
func ChunkSize(c *Chunk) int {
	return len(c.Text) + len(c.Context) + len(c.ChunkID) + len(c.DocID) + len(c.Convention) + len(c.Covenant) + 256
}

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// plain reports whether none of the eight bytes of w needs escaping: all
// are printable ASCII other than the quote, the backslash and the three
// characters escaped for HTML (< > &), as Encode escapes them.
func plain(w uint64) bool {
	// Two pairs are each one test: a byte or-ed with 0x04 is '&' only if
	// it is '"' or '&', and or-ed with 0x02 is '>' only if it is '<' or
	// '>'.
	qa, lg, b := (w|ones*0x04)^(ones*'&'), (w|ones*0x02)^(ones*'>'), w^(ones*'\\')
	// A zero byte of x sets its high bit in (x-ones)&^x, and a byte under
	// 0x20 of w in (w-0x20…)&^w; the tests have no false negatives.
	special := (w - ones*0x20) &^ w
	special |= (qa-ones)&^qa | (lg-ones)&^lg | (b-ones)&^b
	return (special|w)&highs == 0
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string, escaped as Encode escapes it:
// control characters, the quote and the backslash, < > & and U+2028 and
// U+2029 as \u sequences (or their short forms), invalid UTF-8 as U+FFFD.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0 // s[start:i] is plain and not yet copied
	for i := 0; i < len(s); {
		if i+8 <= len(s) && plain(binary.LittleEndian.Uint64([]byte(s[i:i+8]))) {
			i += 8
			continue
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
