package legal

import "math/bits"

// Byte-parallel tests on eight bytes of text at a time, held in a uint64
// (byte j of the text in bits 8j to 8j+7). The scans that look at every
// byte of a chunk (word starts, "art") cost a branch per byte when written
// byte by byte; these cost a few arithmetic operations per eight bytes.
// Every result has the high bit of a byte set where the test holds for
// that byte and no other bit: each byte is computed exactly, with no
// carry into its neighbour (the sums below stay under 0x100 per byte).

const (
	lo7s  = 0x7f7f7f7f7f7f7f7f
	high1 = 0x8080808080808080
	ones8 = 0x0101010101010101
)

// load8 is text[i:i+8] as a uint64, with zero bytes past the end of text
// (a zero byte is outside words and is no letter).
func load8(text string, i int) uint64 {
	if i+8 <= len(text) {
		return le64(text[i : i+8])
	}
	return loadTail(text, i)
}

// le64 is the first eight bytes of s, little-endian.
func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// loadTail is load8 for the last bytes of text, fewer than eight.
func loadTail(text string, i int) uint64 {
	var x uint64
	for j := 0; i+j < len(text); j++ {
		x |= uint64(text[i+j]) << (8 * j)
	}
	return x
}

// zeroBytes marks the bytes of x that are zero.
func zeroBytes(x uint64) uint64 {
	return ^(((x & lo7s) + lo7s) | x | lo7s)
}

// wordBytes marks the bytes of x that are word bytes for nextWord
// (byteClass&wordByte): ASCII letters, digits, '_' and every non-ASCII
// byte. Of the seven low bits v of a byte, v+0x80-lo has its high bit
// set when v >= lo, and v+0x7f-hi when v > hi; v|0x20 folds letters.
func wordBytes(x uint64) uint64 {
	v := x & lo7s
	u := v | 0x20*ones8
	letters := (u + (0x80-'a')*ones8) &^ (u + (0x7f-'z')*ones8)
	digits := (v + (0x80-'0')*ones8) &^ (v + (0x7f-'9')*ones8)
	return (x|letters|digits)&high1 | zeroBytes(x^'_'*ones8)
}

// digitBytes marks the bytes of x that are ASCII digits, as wordBytes
// finds them.
func digitBytes(x uint64) uint64 {
	v := x & lo7s
	return (v + (0x80-'0')*ones8) &^ (v + (0x7f-'9')*ones8) &^ x & high1
}

// gatherMarks packs the marks of m (a high bit per byte) into its low
// eight bits, bit j for byte j. Multiplying the bytes' low bits by
// 0x0102040810204080 adds byte j's bit at bit 8j+7k+7 for each k, all
// distinct powers of two (no carries), and the top byte gets exactly
// those with j+k = 7: bit 56+j.
func gatherMarks(m uint64) uint64 {
	return (m >> 7 & ones8) * 0x0102040810204080 >> 56
}

// artXor is x, lower-cased (ASCII), xor'ed with "a", "r" and "t" in
// every byte: a byte is zero where x has that letter.
type artXor struct{ a, r, t uint64 }

func newArtXor(x uint64) artXor {
	y := x | 0x20*ones8
	return artXor{y ^ 'a'*ones8, y ^ 'r'*ones8, y ^ 't'*ones8}
}

// artAt marks the bytes of the eight bytes x where "art" starts, up to
// ASCII case, with next the eight bytes that follow.
func artAt(x, next artXor) uint64 {
	return zeroBytes(x.a | x.r>>8 | next.r<<56 | x.t>>16 | next.t<<48)
}

// nextArt is the first offset at or after i where "art" starts in text,
// up to ASCII case, or -1. A match is letters, so never reads the zero
// bytes load8 gives past the end. Each eight bytes are read and xor'ed
// once, and looked at with the eight after them.
func nextArt(text string, i int) int {
	if i >= len(text) {
		return -1
	}
	x := newArtXor(load8(text, i))
	for p := i; p < len(text); p += 8 {
		var nx uint64
		if p+16 <= len(text) {
			nx = le64(text[p+8:])
		} else {
			nx = load8(text, p+8)
		}
		next := newArtXor(nx)
		if m := artAt(x, next); m != 0 {
			return p + bits.TrailingZeros64(m)/8
		}
		x = next
	}
	return -1
}
