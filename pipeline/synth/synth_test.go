package synth_test

import (
	"bytes"
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"

	"github.com/factflow/factflow/pipeline/chunk"
	"github.com/factflow/factflow/pipeline/facts"
	"github.com/factflow/factflow/pipeline/source"
	"github.com/factflow/factflow/pipeline/synth"
)

const seeds = "../../seeds"

func corpus(t *testing.T, size, seed int64) (string, []string) {
	t.Helper()
	dir := t.TempDir()
	paths, err := synth.Generate(dir, seeds, size, seed)
	if err != nil {
		t.Fatal(err)
	}
	return dir, paths
}

func TestGenerateDensityAndUniqueness(t *testing.T) {
	const size = 2 << 20
	_, paths := corpus(t, size, 1)
	var total int64
	var obs int
	hashes := map[[32]byte]string{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(data); n < synth.MinFile || n > synth.MaxFile+8<<10 {
			t.Errorf("%s: %d bytes, want %d..%d", p, n, synth.MinFile, synth.MaxFile)
		}
		h := sha256.Sum256(data)
		if other, ok := hashes[h]; ok {
			t.Errorf("%s has the same content as %s", p, other)
		}
		hashes[h] = p
		total += int64(len(data))
		_, chunks := facts.Prepare(source.ID(string(data)), filepath.Base(p), p, string(data), "utf-8", int64(len(data)), chunk.DefaultOptions())
		for _, c := range chunks {
			obs += len(facts.FromChunk(c).Observations)
		}
	}
	if total < size*9/10 || total > size*11/10 {
		t.Errorf("corpus is %d bytes, want about %d", total, size)
	}
	perKB := float64(obs) / (float64(total) / 1024)
	t.Logf("%d files, %d bytes, %d observations, %.2f per KB", len(paths), total, obs, perKB)
	if perKB < 1.5 || perKB > 4 {
		t.Errorf("%.2f observations per KB, want 1.5..4", perKB)
	}
}

func TestGenerateDeterministic(t *testing.T) {
	read := func(paths []string) []byte {
		var all bytes.Buffer
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			all.WriteString(filepath.Base(p))
			all.Write(b)
		}
		return all.Bytes()
	}
	_, a := corpus(t, 600<<10, 7)
	_, b := corpus(t, 600<<10, 7)
	_, c := corpus(t, 600<<10, 8)
	if !bytes.Equal(read(a), read(b)) {
		t.Error("the same seed gave different corpora")
	}
	if bytes.Equal(read(a), read(c)) {
		t.Error("different seeds gave the same corpus")
	}
}

func BenchmarkGenerate(b *testing.B) {
	texts, err := synth.ReadSeeds(seeds)
	if err != nil {
		b.Fatal(err)
	}
	g, err := synth.New(texts, 1)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	b.SetBytes(256 << 10)
	for i := 0; b.Loop(); i++ {
		buf.Reset()
		g.File(&buf, i, 256<<10)
	}
}
