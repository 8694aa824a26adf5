package command

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

// TestBench runs `factflow bench --size 2MB --reps 1` and checks that its
// last line is a JSON object with every figure, each positive.
func TestBench(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole pipeline")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c := &Bench{Size: "2MB", Reps: 1, Seeds: "../../seeds", Seed: 1, Parts: "e2e,baseline,stages", KeepOpen: true,
		Limits: benchLimits()}
	if raceEnabled {
		c.StageSize = "256KB" // the race detector makes extraction 10× slower
	}
	out, got := runBench(t, ctx, c)
	wantPositive(t, got, "size_bytes", "end_to_end_mb_s", "extract_mb_s_per_core", "ingest_ratio", "load_ratio",
		"peak_rss_mb", "noop_refresh_s", "facts_per_s", "raw_publish_mb_s", "raw_consume_ack_mb_s",
		"raw_append_key_rows_s", "raw_append_nokey_rows_s", "ingest_mb_s", "load_rows_s", "extract_mb_s_all_cores")
	if n, _ := got["size_bytes"].(float64); n < 1.8*(1<<20) || n > 2.4*(1<<20) {
		t.Errorf("size_bytes = %v, want about 2 MB", n)
	}
	t.Logf("\n%s", out)
}

// benchLimits are the commands' default size limits.
func benchLimits() Limits {
	return Limits{ChunkTarget: 4096, ChunkMax: 16384, MaxFileBytes: 256 << 20, MaxMsgBytes: 1 << 20}
}

// runBench runs c and returns what it printed and its last line, the
// JSON object, decoded.
func runBench(t *testing.T, ctx context.Context, c *Bench) (string, map[string]any) {
	t.Helper()
	var out bytes.Buffer
	if err := c.RunTo(ctx, &out, zerolog.Nop()); err != nil {
		t.Fatalf("bench: %v\n%s", err, out.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var got map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &got); err != nil {
		t.Fatalf("last line is not JSON: %v\n%s", err, out.String())
	}
	return out.String(), got
}

// wantPositive fails for each of keys whose value in got is not a
// positive number.
func wantPositive(t *testing.T, got map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if v, ok := got[k].(float64); !ok || v <= 0 {
			t.Errorf("%s = %v, want a positive number", k, got[k])
		}
	}
}

func TestParseSizes(t *testing.T) {
	c := &Bench{Size: "nonsense"}
	if err := c.RunTo(context.Background(), &bytes.Buffer{}, zerolog.Nop()); err == nil {
		t.Error("a bad --size was accepted")
	}
}

// TestBenchLinearity runs `factflow bench --size 256KB --parts e2e
// --linearity`: the 1× run three times (their median is the base) and the
// 4× and 16× runs, each ratio positive.
func TestBenchLinearity(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole pipeline five times")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c := &Bench{Size: "256KB", Reps: 1, Seeds: "../../seeds", Seed: 1, Parts: "e2e", Linearity: true, Limits: benchLimits()}
	out, got := runBench(t, ctx, c)
	if !strings.Contains(out, "end to end 1×, again") {
		t.Errorf("no row for the 1× base:\n%s", out)
	}
	wantPositive(t, got, "linearity_4x", "linearity_16x", "linearity_base_s")
}
