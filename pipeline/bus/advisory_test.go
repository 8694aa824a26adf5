package bus_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/rs/zerolog"

	"github.com/factflow/factflow/pipeline/bus"
	"github.com/factflow/factflow/pipeline/message"
)

func embedded(t *testing.T, ackWait time.Duration) *bus.Bus {
	t.Helper()
	srv, err := bus.StartEmbedded(filepath.Join(t.TempDir(), "nats"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Shutdown)
	b, err := bus.Connect(context.Background(), bus.Config{URL: srv.URL(), Timeout: 5 * time.Second, AckWait: ackWait}, "test", zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	if err := b.Setup(context.Background(), 1<<20); err != nil {
		t.Fatal(err)
	}
	return b
}

// TestAbandonedMessageIsDeadLettered plays a transform worker that dies on
// a chunk every time: it takes the chunk and never acks it. After
// MaxDeliver deliveries the watcher must dead-letter the chunk and remove
// it from the work queue.
func TestAbandonedMessageIsDeadLettered(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	b := embedded(t, 200*time.Millisecond)
	stop, err := b.WatchMaxDeliveries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if _, err := b.JS.Publish(ctx, b.Names.ChunkSubject("d1"), []byte(`{"schema":"factflow.chunk/v1","chunk_id":"d1-00000"}`)); err != nil {
		t.Fatal(err)
	}
	cons, err := b.Consumer(ctx, b.Names.ChunksStream(), bus.ConsumerTransform)
	if err != nil {
		t.Fatal(err)
	}
	for delivered := 0; delivered < bus.MaxDeliver; {
		mb, err := cons.Fetch(1, jetstream.FetchMaxWait(2*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		for range mb.Messages() {
			delivered++ // and "crash": no ack
		}
		if ctx.Err() != nil {
			t.Fatalf("only %d deliveries", delivered)
		}
	}
	// Workers keep asking for more; the server notices the exhausted
	// message while it serves those requests.
	go func() {
		for ctx.Err() == nil {
			if mb, err := cons.Fetch(1, jetstream.FetchMaxWait(500*time.Millisecond)); err == nil {
				for range mb.Messages() {
				}
			}
		}
	}()
	dead, err := b.JS.OrderedConsumer(ctx, b.Names.DeadStream(), jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := dead.Next(jetstream.FetchMaxWait(10 * time.Second))
	if err != nil {
		t.Fatalf("no dead letter: %v", err)
	}
	var dl message.DeadLetter
	if err := json.Unmarshal(m.Data(), &dl); err != nil {
		t.Fatal(err)
	}
	if dl.Stage != "transform" || dl.Deliveries != bus.MaxDeliver || dl.Subject != b.Names.ChunkSubject("d1") || len(dl.Payload) == 0 {
		t.Fatalf("dead letter = %+v", dl)
	}
	s, _ := b.JS.Stream(ctx, b.Names.ChunksStream())
	for deadline := time.Now().Add(5 * time.Second); ; {
		info, err := s.Info(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if info.State.Msgs == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("abandoned chunk still in the work queue (%d messages)", info.State.Msgs)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
