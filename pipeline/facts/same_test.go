package facts

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/factflow/factflow/pipeline/chunk"
	"github.com/factflow/factflow/pipeline/message"
	"github.com/factflow/factflow/pipeline/source"
)

// TestFromChunkMatchesRef checks FromChunk against the reference glue on
// every chunk of the seeds (and of FACTFLOW_CORPUS, a directory, when set).
func TestFromChunkMatchesRef(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "seeds", "*.txt"))
	if dir := os.Getenv("FACTFLOW_CORPUS"); dir != "" {
		more, _ := filepath.Glob(filepath.Join(dir, "*"))
		files = append(files, more...)
	}
	if len(files) == 0 {
		t.Skip("no seeds")
	}
	n := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_, cs := Prepare(source.ID(string(data)), filepath.Base(f), f, string(data), "utf-8", int64(len(data)), chunk.DefaultOptions())
		for _, c := range cs {
			got, want := FromChunk(c), fromChunkRef(c)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s chunk %d: FromChunk differs from the reference", f, c.Seq)
			}
			n++
		}
	}
	t.Logf("%d chunks", n)
	// a chunk without facts, and one with duplicate spans
	for _, c := range []message.Chunk{{DocID: "d", ChunkID: "d-00000"}, {DocID: "d", ChunkID: "d-00001", Text: "In 2020, 5 persons and 5 persons. Article 5 of the Criminal Code."}} {
		if got, want := FromChunk(c), fromChunkRef(c); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: FromChunk differs from the reference", c.Text)
		}
	}
}

// dupCheck keeps what a set of ids keeps, for facts in order and not. (An
// id is made from the start, as real ones are.)
func TestDupCheck(t *testing.T) {
	type fact struct {
		cs int
		id string
	}
	for _, seq := range [][]fact{
		{{1, "a"}, {1, "b"}, {1, "a"}, {2, "a"}, {2, "c"}, {2, "c"}, {5, "d"}},
		{{5, "a"}, {1, "b"}, {5, "a"}, {1, "b"}, {3, "c"}},
		{{1, "a"}, {2, "b"}, {1, "a"}, {3, "c"}, {2, "b"}},
		{},
	} {
		for _, stride := range []int{idLen, 2 * idLen} {
			const base = 7 // ids of another kind before these
			ids := make([]byte, base)
			var kept []fact
			d := dupCheck{base: base, stride: stride}
			seen := map[string]bool{}
			for _, f := range seq {
				at := len(ids)
				id := fmt.Sprintf("%0*d", idLen, f.cs)[len(f.id):] + f.id
				ids = append(ids, id...)
				dup := d.seen(ids, len(kept), f.cs, func(i int) int { return kept[i].cs })
				if dup != seen[id] {
					t.Fatalf("%v, stride %d: %v seen = %v, want %v", seq, stride, f, dup, seen[id])
				}
				if dup {
					ids = ids[:at]
					continue
				}
				seen[id] = true
				kept = append(kept, f)
				ids = append(ids, make([]byte, stride-idLen)...) // what follows the id of a fact
			}
		}
	}
}
