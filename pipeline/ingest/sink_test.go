package ingest_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/factflow/factflow/pipeline/bus"
	"github.com/factflow/factflow/pipeline/chunk"
	"github.com/factflow/factflow/pipeline/ingest"
	"github.com/factflow/factflow/pipeline/message"
)

// recorder is a Sink that keeps what it is given, or fails.
type recorder struct {
	mu     sync.Mutex
	chunks []message.Chunk
	err    error
}

func (r *recorder) Put(_ context.Context, chunks []message.Chunk) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return r.err
	}
	r.chunks = append(r.chunks, chunks...)
	return nil
}

// TestSink checks that with a sink every chunk goes to it, each document's
// in order and whole, none to the chunks stream, while the announcements
// still go to the documents stream; and that a sink's error stops the run
// naming the file.
func TestSink(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	srv, err := bus.StartEmbedded(filepath.Join(t.TempDir(), "nats"))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	b, err := bus.Connect(ctx, bus.Config{URL: srv.URL(), InProcess: srv.InProcess(), Timeout: 10 * time.Second}, "test", zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.Setup(ctx, 1<<20); err != nil {
		t.Fatal(err)
	}
	var sink recorder
	opt := ingest.Options{RunID: "test", Chunk: chunk.DefaultOptions(), Sink: &sink, MaxBacklog: 1}
	rep, err := ingest.Run(ctx, b, []string{"../../seeds"}, opt, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Published) != 5 || rep.Chunks == 0 || len(sink.chunks) != rep.Chunks {
		t.Fatalf("published %d documents, %d chunks; the sink has %d", len(rep.Published), rep.Chunks, len(sink.chunks))
	}
	next := map[string]int{} // doc id → the seq expected next
	for _, c := range sink.chunks {
		if c.Seq != next[c.DocID] || c.Text == "" {
			t.Fatalf("chunk %s: seq %d, want %d (text %d bytes)", c.ChunkID, c.Seq, next[c.DocID], len(c.Text))
		}
		next[c.DocID]++
	}
	for _, d := range rep.Published {
		if next[d.DocID] != d.Chunks {
			t.Errorf("%s: %d chunks in the sink, %d announced", d.FileName, next[d.DocID], d.Chunks)
		}
	}
	for name, want := range map[string]uint64{b.Names.ChunksStream(): 0, b.Names.DocsStream(): 5} {
		s, err := b.JS.Stream(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		info, err := s.Info(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if info.State.Msgs != want {
			t.Errorf("stream %s holds %d messages, want %d", name, info.State.Msgs, want)
		}
	}

	failing := recorder{err: errors.New("sink closed")}
	opt.Sink = &failing
	_, err = ingest.Run(ctx, b, []string{"../../seeds"}, opt, zerolog.Nop())
	if err == nil || !errors.Is(err, failing.err) || !strings.Contains(err.Error(), ".txt") {
		t.Fatalf("a failing sink: %v; want its error, naming the file", err)
	}
}
