package warehouse

import "testing"

func TestSizeBytes(t *testing.T) {
	for in, want := range map[string]int64{"128MB": 128e6, "1GiB": 1 << 30, "1.5 KB": 1500, "512MiB": 512 << 20, "10B": 10} {
		if !memorySize.MatchString(in) {
			t.Errorf("%q not accepted", in)
			continue
		}
		if got := sizeBytes(in); got != want {
			t.Errorf("sizeBytes(%q) = %d, want %d", in, got, want)
		}
	}
	for _, in := range []string{"", "MB", "12", "1 GiB; DROP TABLE x", "-1MB", "1XB"} {
		if memorySize.MatchString(in) {
			t.Errorf("%q accepted", in)
		}
	}
}
