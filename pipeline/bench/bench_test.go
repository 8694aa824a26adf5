package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/rs/zerolog"
)

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"100MB": 100 << 20, "1GB": 1 << 30, "2mb": 2 << 20, "512KB": 512 << 10,
		"1.5GB": 3 << 29, "4096": 4096, " 3 MiB ": 3 << 20} {
		got, err := ParseSize(in)
		if err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "MB", "-1MB", "ten", "0"} {
		if _, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) accepted", in)
		}
	}
}

// TestRunSmall runs every part on a small corpus and checks that the last
// line is the Result the issue asks for, each rate measured.
func TestRunSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole pipeline")
	}
	var out bytes.Buffer
	res, err := Run(context.Background(), Config{Size: 2 * MB, SeedDir: "../../seeds", Reps: 1, Dir: t.TempDir()},
		&out, zerolog.Nop())
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var last map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &last); err != nil {
		t.Fatalf("last line is not JSON: %v\n%s", err, out.String())
	}
	for _, k := range []string{"size_bytes", "end_to_end_mb_s", "extract_mb_s_per_core", "ingest_ratio",
		"load_ratio", "peak_rss_mb", "noop_refresh_s", "facts_per_s"} {
		v, ok := last[k].(float64)
		if !ok || v <= 0 {
			t.Errorf("%s = %v; want a positive number", k, last[k])
		}
	}
	// each of FromChunk's extractors measured alone
	for _, k := range []string{"observations", "legal_references", "instruments"} {
		if v := res.ExtractPartMBs[k]; v <= 0 {
			t.Errorf("extractor %s alone: %v MB/s per CPU second; want a positive rate", k, v)
		}
	}
	// where the end-to-end CPU went, in shares that add up
	var total float64
	for _, v := range res.EndToEndCPUShare {
		total += v
	}
	if res.EndToEndCPUShare["extraction"] <= 0 || total < 0.99 || total > 1.01 {
		t.Errorf("end-to-end CPU by part = %v; want an extraction share, all adding up to 1", res.EndToEndCPUShare)
	}
	// the loader had the warehouse for part of the run, never more
	if res.LoaderBusyShare <= 0 || res.LoaderBusyShare > 1 {
		t.Errorf("loader busy share = %v; want a share of the run", res.LoaderBusyShare)
	}
	if res.Facts <= 0 || res.Chunks <= 0 || res.SizeBytes < MB {
		t.Errorf("result %+v: want facts, chunks and about 2 MB of corpus", res)
	}
	for _, name := range []string{"raw JetStream publish", "raw DuckDB Appender, primary keys", "ingest → stream",
		"extract, 1 goroutine", "extract, by extractor", "load", "end to end", "end-to-end CPU by part", "loader busy", "no-op refresh", "ingest / raw publish"} {
		if !strings.Contains(out.String(), "\n"+name+" ") {
			t.Errorf("table has no %q row:\n%s", name, out.String())
		}
	}
}
