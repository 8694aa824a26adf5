package facts

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"
)

func TestChunkID(t *testing.T) {
	for _, c := range []struct {
		seq  int
		want string
	}{
		{0, "d-00000"}, {7, "d-00007"}, {42, "d-00042"}, {99999, "d-99999"}, {123456, "d-123456"}, {-3, "d--0003"},
	} {
		if got := ChunkID("d", c.seq); got != c.want {
			t.Errorf("ChunkID(d, %d) = %q, want %q", c.seq, got, c.want)
		}
	}
}

// TestIDHash pins the identity scheme: ids are keys in the warehouse, so a
// faster way to make them must give the same ones.
func TestIDHash(t *testing.T) {
	want := func(parts ...any) string {
		h := sha256.New()
		for _, p := range parts {
			fmt.Fprint(h, p)
			h.Write([]byte{0})
		}
		return hex.EncodeToString(h.Sum(nil)[:12])
	}
	sum := func(h idHash) string { return string(h.appendSum(nil)) }
	var h idHash
	for _, c := range []struct {
		got  string
		want string
	}{
		{sum(h.reset().str("doc").str("o").num(0).num(1234567).num(2021).num(-5).str("persons").str("")),
			want("doc", "o", 0, 1234567, 2021, -5, "persons", "")},
		{sum(h.reset().str("doc").str("r").num(10).num(20).str("Criminal Code").str("146").str("")),
			want("doc", "r", 10, 20, "Criminal Code", "146", "")},
		{sum(idHash{}.str("key")), want("key")},
	} {
		if c.got != c.want {
			t.Errorf("id %s, want %s", c.got, c.want)
		}
	}
}
