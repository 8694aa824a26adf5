package runner_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/rs/zerolog"

	"github.com/factflow/factflow/pipeline/bus"
	"github.com/factflow/factflow/pipeline/load"
	"github.com/factflow/factflow/pipeline/message"
	"github.com/factflow/factflow/pipeline/runner"
	"github.com/factflow/factflow/pipeline/warehouse"
)

// TestBadInputIsKept feeds bad files and bad messages alongside good
// documents: each bad one is recorded with an error naming it, and the
// good ones load.
func TestBadInputIsKept(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	copySeeds(t, corpus)
	bad := map[string][]byte{
		"empty.txt":   nil,
		"binary.bin":  {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		"latin1.txt":  []byte("R\xe9sum\xe9 of 2022: 45 cases."),
		"utf16le.txt": {'I', 0, 'n', 0, ' ', 0, '2', 0, '0', 0, '2', 0, '2', 0},
	}
	for name, data := range bad {
		if err := os.WriteFile(filepath.Join(corpus, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Over the size limit; a symlink loop; a FIFO (root reads any file, so
	// an unreadable entry is made this way); and, not bad, one 5 MB line.
	const limit = 8 << 20
	big := bytes.Repeat([]byte("In 2022, 945 cases were registered. "), limit/36+1)
	// The length of the line is the trial, not its figures.
	line := append([]byte("In 2022, 12 cases were registered and "), bytes.Repeat([]byte("the review went on "), 5<<20/19)...)
	for name, data := range map[string][]byte{"big.txt": big, "oneline.txt": line} {
		if err := os.WriteFile(filepath.Join(corpus, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("loop-b.txt", filepath.Join(corpus, "loop-a.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("loop-a.txt", filepath.Join(corpus, "loop-b.txt")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(corpus, "fifo.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad["big.txt"], bad["loop-a.txt"], bad["loop-b.txt"], bad["fifo.txt"] = nil, nil, nil, nil

	srv, err := bus.StartEmbedded(filepath.Join(dir, "nats"))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	cfg := bus.Config{URL: srv.URL(), Namespace: "factflow", Timeout: 10 * time.Second}
	b, err := bus.Connect(ctx, cfg, "test", zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.Setup(ctx, 1<<20); err != nil {
		t.Fatal(err)
	}
	// Poison on the wire: malformed JSON, an unknown schema version.
	for id, body := range map[string]string{
		"m1": `{"schema":"factflow.chunk/v1","chunk_id":`,
		"m2": `{"schema":"factflow.chunk/v9","chunk_id":"x-00000","doc_id":"x","text":"In 2022, 5 cases."}`,
	} {
		if _, err := b.JS.Publish(ctx, b.Names.ChunkSubject("baddoc"), []byte(body), jetstream.WithMsgID(id)); err != nil {
			t.Fatal(err)
		}
	}

	// And a fact batch for a document nobody announced.
	orphan, _ := json.Marshal(message.FactBatch{Schema: message.FactBatchV1, DocID: "0000orphan",
		Chunk:        message.Chunk{Schema: message.ChunkV1, ChunkID: "0000orphan-00000", DocID: "0000orphan", Chunks: 2, Text: "x"},
		Observations: []message.Observation{}, References: []message.LegalReference{}, Instruments: []message.Instrument{}})
	if _, err := b.JS.Publish(ctx, b.Names.FactSubject("0000orphan"), orphan); err != nil {
		t.Fatal(err)
	}

	sum, err := runner.Run(ctx, runner.Config{Paths: []string{corpus}, DB: filepath.Join(dir, "w.duckdb"), NATS: cfg, MaxFile: limit}, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	// The orphan waits in staging until it has made no progress for a
	// while; a later run's loader then gives up on it.
	time.Sleep(1200 * time.Millisecond)
	w, err := warehouse.Open(ctx, filepath.Join(dir, "w.duckdb"), warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := load.New(b, w, load.Options{StallAfter: time.Second}, zerolog.Nop()).Settle(ctx); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if sum.Loaded != 6 {
		t.Errorf("loaded %d documents, want the 5 seeds and the long line", sum.Loaded)
	}
	if len(sum.Failed) != len(bad) {
		t.Errorf("run reports %d failures, want %d: %v", len(sum.Failed), len(bad), sum.Failed)
	}
	for _, f := range sum.Failed {
		if _, ok := bad[filepath.Base(f.Input)]; !ok || f.Error == "" {
			t.Errorf("unexpected failure %+v", f)
		}
	}

	db := openRO(t, dir)
	rows, err := db.QueryContext(ctx, `SELECT stage, source, error FROM dead_letters ORDER BY stage, source`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var stage, source, msg string
		if err := rows.Scan(&stage, &source, &msg); err != nil {
			t.Fatal(err)
		}
		got = append(got, stage+" "+filepath.Base(source)+" "+msg)
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		"ingest empty.txt empty file",
		"ingest binary.bin binary content",
		"ingest latin1.txt not valid UTF-8",
		"ingest utf16le.txt not valid UTF-8 or UTF-16 text: looks like UTF-16",
		"ingest big.txt file larger than the configured limit",
		"ingest loop-a.txt broken or looping symlink",
		"ingest fifo.txt not a regular file",
		"transform factflow.chunks.baddoc malformed",
		"transform factflow.chunks.baddoc unknown schema version",
		"load 0000orphan fact batches for unknown document 0000orphan",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("dead_letters lacks %q; has:\n%s", want, all)
		}
	}
	var status, errs string
	if err := db.QueryRowContext(ctx, `SELECT status, errors FROM runs ORDER BY started_at LIMIT 1`).Scan(&status, &errs); err != nil {
		t.Fatal(err)
	}
	if status != "failed" || !strings.Contains(errs, "latin1.txt") {
		t.Errorf("runs: status %q errors %s; want failed, naming the inputs", status, errs)
	}
}
