package source

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/factflow/factflow/pipeline/chunk"
)

// TestRead200MB is the 200 MB text file: it is listed, read and
// decoded within the default limits and splits into chunks under the cap
// that give the file back.
func TestRead200MB(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and reads a 200 MB file")
	}
	para := "12. In 2022, 945 cases of torture were registered, compared with 685 in 2021.\n\n"
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "big.txt"), []byte(strings.Repeat(para, 200<<20/len(para))), 0o644); err != nil {
		t.Fatal(err)
	}
	files, problems := Walk(context.Background(), []string{dir}, WalkOptions{MaxFileBytes: 256 << 20})
	if len(files) != 1 || len(problems) != 0 {
		t.Fatalf("walk: %v %v", files, problems)
	}
	data, err := ReadFile(files[0], 256<<20)
	if err != nil {
		t.Fatal(err)
	}
	text, _, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	opt := chunk.DefaultOptions()
	cs := chunk.Split(text, opt)
	end := 0
	for i, c := range cs {
		if c.Start != end || c.End-c.Start > opt.Max || c.End <= c.Start || c.Seq != i {
			t.Fatalf("chunk %d: [%d,%d)", i, c.Start, c.End)
		}
		end = c.End
	}
	if end != len(text) {
		t.Fatalf("%d chunks cover %d of %d bytes", len(cs), end, len(text))
	}
}
