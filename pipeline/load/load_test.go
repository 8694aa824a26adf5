package load_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/rs/zerolog"

	"github.com/factflow/factflow/pipeline/bus"
	"github.com/factflow/factflow/pipeline/load"
	"github.com/factflow/factflow/pipeline/message"
	"github.com/factflow/factflow/pipeline/warehouse"
)

// TestQueuedIsNotStalled: a document whose announcement the loader has
// staged but whose chunks still wait in the work queue (a long backlog) is
// not stalled, however long it has been quiet; once nothing about it is
// queued any more, it is.
func TestQueuedIsNotStalled(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dir := t.TempDir()
	srv, err := bus.StartEmbedded(filepath.Join(dir, "nats"))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	b, err := bus.Connect(ctx, bus.Config{URL: srv.URL(), Timeout: 5 * time.Second}, "test", zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.Setup(ctx, 1<<20); err != nil {
		t.Fatal(err)
	}
	w, err := warehouse.Open(ctx, filepath.Join(dir, "w.duckdb"), warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()

	doc := message.Document{Schema: message.DocumentV1, DocID: "d0c", FileName: "a.txt", SourceURI: "/a.txt",
		Encoding: "utf-8", Bytes: 10, Chars: 10, Chunks: 1, IngestedAt: time.Now().UTC().Format(time.RFC3339Nano)}
	if err := w.Do(ctx, func(s *warehouse.Session) error { return s.Stage(ctx, []message.Document{doc}, nil) }); err != nil {
		t.Fatal(err)
	}
	if _, err := b.JS.Publish(ctx, b.Names.ChunkSubject("d0c"), []byte(`{"schema":"factflow.chunk/v1"}`)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond)
	loader := load.New(b, w, load.Options{StallAfter: time.Second}, zerolog.Nop())
	if err := loader.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	if n := deadLetters(t, ctx, w); n != 0 {
		t.Fatalf("a queued document was dead-lettered (%d)", n)
	}

	// The chunk is taken and lost (its worker failed it for good): now
	// nothing about the document is queued, and it is stalled.
	cons, _ := b.Consumer(ctx, b.Names.ChunksStream(), bus.ConsumerTransform)
	mb, err := cons.Fetch(1, jetstream.FetchMaxWait(2*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	for m := range mb.Messages() {
		if err := m.Term(); err != nil {
			t.Fatal(err)
		}
	}
	for deadline := time.Now().Add(5 * time.Second); ; {
		if q, _ := b.Queued(ctx, "d0c"); q == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the terminated chunk is still queued")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := loader.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	if n := deadLetters(t, ctx, w); n != 1 {
		t.Fatalf("%d dead letters, want the stalled document's", n)
	}
}

func deadLetters(t *testing.T, ctx context.Context, w *warehouse.Warehouse) int {
	t.Helper()
	var n int
	err := w.Do(ctx, func(s *warehouse.Session) error {
		c, err := warehouse.Counts(ctx, s.Conn())
		n = int(c["dead_letters"])
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
