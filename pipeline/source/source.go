// Package source finds input files, reads them as text and names them.
//
// A Reader turns one kind of file (plain text today; HTML, PDF and DOCX
// later) into the document's text. Decoding is strict: a file that is not
// valid text is rejected with an error naming it, never guessed at.
package source

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// Errors a Reader returns; they are wrapped with the file's name.
var (
	ErrEmpty    = errors.New("empty file")
	ErrBinary   = errors.New("binary content, not text")
	ErrEncoding = errors.New("not valid UTF-8 or UTF-16 text")
	ErrTooLarge = errors.New("file larger than the configured limit")
)

// Reader turns the bytes of one kind of file into text.
//
// Accepts reports whether the reader handles a file of that name. Read
// returns the document's text as valid UTF-8 and the name of the encoding
// it was decoded from. A non-nil error means the bytes cannot be read as
// this kind of file; reading the same bytes again gives the same error, so
// a caller records it and does not retry. Read takes data over: the text
// may share its memory (a copy of every input would cost as much as
// hashing it), so the caller must not change data afterwards.
type Reader interface {
	Accepts(name string) bool
	Read(data []byte) (text, encoding string, err error)
}

// Text reads plain-text files: UTF-8 with or without a byte-order mark, and
// UTF-16 (little- or big-endian) with one.
type Text struct{}

// Accepts takes any file whose extension is not one of a known binary or
// markup format, so that extension-less reports are read too; the decoder
// then rejects what is not text.
func (Text) Accepts(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".pdf", ".docx", ".doc", ".html", ".htm", ".zip", ".gz", ".png", ".jpg", ".jpeg", ".gif", ".xlsx", ".duckdb", ".wal":
		return false
	}
	return true
}

// Read decodes data; see Decode.
func (Text) Read(data []byte) (string, string, error) { return Decode(data) }

// Decode returns data as UTF-8 text and the encoding it found. The text is
// otherwise exactly as read: line ends and spaces are kept, so that offsets
// into it are offsets into the document. Like Reader.Read, it takes data
// over: the caller must not change it afterwards.
func Decode(data []byte) (string, string, error) {
	switch {
	case len(data) == 0:
		return "", "", ErrEmpty
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return checkText(data[3:], "utf-8-bom")
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return decodeUTF16(data[2:], binary.LittleEndian, "utf-16le")
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return decodeUTF16(data[2:], binary.BigEndian, "utf-16be")
	}
	if order := utf16WithoutBOM(data); order != "" {
		return "", "", fmt.Errorf("%w: looks like UTF-16 (%s) without a byte-order mark; save it as UTF-8 or with a BOM", ErrEncoding, order)
	}
	return checkText(data, "utf-8")
}

// utf16WithoutBOM recognises UTF-16 text that lacks its byte-order mark:
// most of its even (big-endian) or odd (little-endian) bytes are NUL.
func utf16WithoutBOM(data []byte) string {
	n := min(len(data), 4096) &^ 1
	if n < 4 {
		return ""
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if data[i] == 0 {
			even++
		}
		if data[i+1] == 0 {
			odd++
		}
	}
	switch half := n / 2; {
	case odd*10 >= half*4 && even*10 < half:
		return "little-endian"
	case even*10 >= half*4 && odd*10 < half:
		return "big-endian"
	}
	return ""
}

func checkText(data []byte, enc string) (string, string, error) {
	if len(data) == 0 {
		return "", "", ErrEmpty
	}
	if !utf8.Valid(data) {
		// Say where, so that a user can find the bad byte.
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		return "", "", fmt.Errorf("%w: invalid byte 0x%02x at offset %d", ErrEncoding, data[off], off)
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return "", "", fmt.Errorf("%w: NUL byte at offset %d (UTF-16 without a byte-order mark is not accepted)", ErrBinary, i)
	}
	if bad := controlBytes(data); bad*100 > len(data) {
		return "", "", fmt.Errorf("%w: %d control bytes in %d", ErrBinary, bad, len(data))
	}
	return unsafe.String(unsafe.SliceData(data), len(data)), enc, nil
}

// controlBytes counts C0 controls other than tab, line feed, form feed and
// carriage return: text has almost none, binary data many.
func controlBytes(data []byte) int {
	n, i := 0, 0
	for ; i+8 <= len(data); i += 8 {
		// Eight bytes at a time: most words of a text have no byte under
		// 0x20 at all (the test is exact for bytes under 0x80, and a
		// byte at or over 0x80 never sets it).
		w := binary.LittleEndian.Uint64(data[i:])
		if (w-0x2020202020202020)&^w&0x8080808080808080 == 0 {
			continue
		}
		n += controlBytesSlow(data[i : i+8])
	}
	return n + controlBytesSlow(data[i:])
}

func controlBytesSlow(data []byte) int {
	n := 0
	for _, b := range data {
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' {
			n++
		}
	}
	return n
}

func decodeUTF16(data []byte, order binary.ByteOrder, enc string) (string, string, error) {
	if len(data)%2 != 0 {
		return "", "", fmt.Errorf("%w: %s with an odd number of bytes", ErrEncoding, enc)
	}
	units := make([]uint16, len(data)/2)
	for i := range units {
		units[i] = order.Uint16(data[2*i:])
	}
	var b strings.Builder
	b.Grow(len(data))
	for i := 0; i < len(units); i++ {
		u := units[i]
		switch {
		case utf16.IsSurrogate(rune(u)):
			if u >= 0xDC00 || i+1 >= len(units) {
				return "", "", fmt.Errorf("%w: unpaired surrogate at byte %d", ErrEncoding, 2+2*i)
			}
			r := utf16.DecodeRune(rune(u), rune(units[i+1]))
			if r == utf8.RuneError {
				return "", "", fmt.Errorf("%w: unpaired surrogate at byte %d", ErrEncoding, 2+2*i)
			}
			b.WriteRune(r)
			i++
		default:
			b.WriteRune(rune(u))
		}
	}
	return checkText([]byte(b.String()), enc)
}

// ID is a document's identity: a hash of its decoded text, so that the
// same content read twice, under any name or encoding, is one document.
func ID(text string) string {
	// The hash only reads its input: hashing the string's own bytes saves
	// a copy of every document as large as the document.
	sum := sha256.Sum256(unsafe.Slice(unsafe.StringData(text), len(text)))
	return hex.EncodeToString(sum[:16])
}
