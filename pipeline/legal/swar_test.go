package legal

import (
	"testing"
)

// checkWordBytes asserts that wordBytes marks exactly the bytes byteClass
// calls word bytes, and zeroBytes exactly the zero bytes, in every
// eight-byte load of s.
func checkWordBytes(t *testing.T, s string) {
	t.Helper()
	for i := 0; i < len(s); i++ {
		x := load8(s, i)
		w, z := wordBytes(x), zeroBytes(x)
		for j := 0; j < 8; j++ {
			var c byte
			if i+j < len(s) {
				c = s[i+j]
			}
			if byte(x>>(8*j)) != c {
				t.Fatalf("load8(%q, %d) byte %d = %#x, want %#x", s, i, j, byte(x>>(8*j)), c)
			}
			if got, want := w>>(8*j)&0xff, uint64(0); got != want && got != 0x80 {
				t.Fatalf("wordBytes(%#x) byte %d = %#x: not a mark", x, j, got)
			}
			if got, want := w>>(8*j+7)&1 == 1, byteClass[c]&wordByte != 0; got != want {
				t.Errorf("wordBytes: byte %#x is marked %v, want %v", c, got, want)
			}
			if got, want := z>>(8*j)&0xff, uint64(0); got != want && got != 0x80 {
				t.Fatalf("zeroBytes(%#x) byte %d = %#x: not a mark", x, j, got)
			}
			if got, want := z>>(8*j+7)&1 == 1, c == 0; got != want {
				t.Errorf("zeroBytes: byte %#x is marked %v, want %v", c, got, want)
			}
		}
	}
}

func TestWordBytes(t *testing.T) {
	var all []byte
	for c := range 256 {
		all = append(all, byte(c))
	}
	for _, s := range []string{"", "a", "Za_9-/:@[`{\x7f\x80\xff", string(all), "\x00a\x00b\x00_\x00"} {
		checkWordBytes(t, s)
	}
}

func FuzzWordBytes(f *testing.F) {
	f.Add("Za_9-/:@[`{\x7f\x80\xff")
	f.Fuzz(checkWordBytes)
}

func TestGatherMarks(t *testing.T) {
	for _, m := range []uint64{0, high1, 0x80, 0x8000000000000000, 0x0080008000800080, 0x8000800080008000, 0x8080000000008080} {
		var want uint64
		for j := 0; j < 8; j++ {
			if m>>(8*j+7)&1 == 1 {
				want |= 1 << j
			}
		}
		if got := gatherMarks(m); got != want {
			t.Errorf("gatherMarks(%#x) = %#b, want %#b", m, got, want)
		}
	}
	// every mark pattern
	for b := range 256 {
		var m uint64
		for j := 0; j < 8; j++ {
			if b>>j&1 == 1 {
				m |= 0x80 << (8 * j)
			}
		}
		if got := gatherMarks(m); got != uint64(b) {
			t.Errorf("gatherMarks(%#x) = %#b, want %#b", m, got, b)
		}
	}
}
