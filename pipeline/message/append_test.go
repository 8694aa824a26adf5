package message

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
)

// checkAppendChunk holds AppendChunk to Encode, byte for byte.
func checkAppendChunk(t *testing.T, c Chunk) {
	t.Helper()
	want, err := Encode(c)
	if err != nil {
		t.Fatal(err)
	}
	if got := AppendChunk(nil, &c); !bytes.Equal(got, want) {
		t.Fatalf("AppendChunk(%+v)\n got %s\nwant %s", c, got, want)
	}
}

func TestAppendChunk(t *testing.T) {
	para := 12
	for _, s := range []string{
		"", "a", "plain text of some length", "12.\tThe Committee notes <b>that</b> & \"quoted\" \\ back",
		"line\nbreak\r\ttab\x00nul\x01\x1f\x7f", "Ещё 12 дел — 2021: “5 persons”", "sep\u2028par\u2029end",
		"bad \xff byte", "cut \xe2\x80", "\xed\xa0\x80 surrogate", strings.Repeat("abcdefg<", 9), "\b\f",
	} {
		checkAppendChunk(t, Chunk{Schema: ChunkV1, ChunkID: "d-00001", DocID: "d", Seq: 1, Chunks: 3, Text: s,
			Context: s, CharStart: 10, CharEnd: 20, DocYear: 2019, Convention: s})
		checkAppendChunk(t, Chunk{Schema: ChunkV1, Text: s, Paragraph: &para, PeriodStart: -1, PeriodEnd: 2023, Covenant: s})
	}
}

func FuzzAppendChunk(f *testing.F) {
	f.Add("12. The Committee <notes> & \"x\"", "ctx\n", "CAT", 3, 2019, true)
	f.Add("Ещё\u2028 \xff", "", "", -7, 0, false)
	f.Fuzz(func(t *testing.T, text, context, code string, n, year int, para bool) {
		c := Chunk{Schema: ChunkV1, ChunkID: code, DocID: context, Seq: n, Chunks: -n, Text: text, Context: context,
			CharStart: year, CharEnd: n, DocYear: year, PeriodStart: n, PeriodEnd: year, Convention: code, Covenant: text}
		if para {
			c.Paragraph = &n
		}
		checkAppendChunk(t, c)
	})
}

func BenchmarkAppendChunk(b *testing.B) {
	c := benchChunk()
	b.SetBytes(int64(len(c.Text) + len(c.Context)))
	var buf []byte
	for b.Loop() {
		buf = AppendChunk(buf[:0], &c)
	}
}

func BenchmarkEncodeChunk(b *testing.B) {
	c := benchChunk()
	b.SetBytes(int64(len(c.Text) + len(c.Context)))
	for b.Loop() {
		if _, err := Encode(c); err != nil {
			b.Fatal(err)
		}
	}
}

func benchChunk() Chunk {
	line := "31. In 2019, 1,234 complaints of torture were registered (compared with 1,100 in 2018); 56 led to prosecution under article 146 of the Criminal Code.\n"
	return Chunk{Schema: ChunkV1, ChunkID: strings.Repeat("a", 38), DocID: strings.Repeat("b", 32), Seq: 4, Chunks: 40,
		CharStart: 16000, CharEnd: 20096, Text: strings.Repeat(line, 4096/len(line)), Context: strings.Repeat(line, 1024/len(line)), DocYear: 2019}
}

// TestPlain tries every byte at every position of a word of plain bytes.
func TestPlain(t *testing.T) {
	for pos := 0; pos < 8; pos++ {
		for c := 0; c < 256; c++ {
			w := []byte("abcdefgh")
			w[pos] = byte(c)
			want := c >= 0x20 && c < 0x80 && !strings.ContainsRune(`"\<>&`, rune(c))
			if got := plain(binary.LittleEndian.Uint64(w)); got != want {
				t.Errorf("plain(%q) = %v, want %v", w, got, want)
			}
		}
	}
}
