package facts

import (
	"testing"
	"unicode/utf8"

	"github.com/factflow/factflow/pipeline/message"
)

// TestPositionsChars checks the incremental code-point count against a
// count from the chunk start, for offsets in order, back a little (counted
// back from the last) and back a lot (counted again from the start).
func TestPositionsChars(t *testing.T) {
	text := "Ещё 12 дел — 2021: “5 persons”, 7 € and 18 % in Қазақстан.\nNext line 42."
	var offs []int // every rune start, and the end
	for i := range text {
		offs = append(offs, i)
	}
	offs = append(offs, len(text))
	for _, tc := range []struct {
		name string
		seq  []int // indices into offs
	}{
		{"forward", []int{0, 3, 4, 10, 20, len(offs) - 1}},
		{"back a little", []int{20, 25, 22, 24, 23, 30}},
		{"back a lot", []int{len(offs) - 1, 2, len(offs) - 2, 1}},
		{"same twice", []int{7, 7, 0, 0}},
	} {
		var p positions
		p.init(message.Chunk{Text: text, CharStart: 100})
		for _, ix := range tc.seq {
			off := offs[ix]
			if got, want := p.chars(off), 100+utf8.RuneCountInString(text[:off]); got != want {
				t.Errorf("%s: chars(%d) = %d, want %d", tc.name, off, got, want)
			}
		}
	}
}
