package bus_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// TestPublisherRetriesTimedOutAcks: acknowledgements that time out (here
// every async one, with a 1 µs timeout) are asked for again, and the
// server stores each message once.
func TestPublisherRetriesTimedOutAcks(t *testing.T) {
	ctx := context.Background()
	b := embedded(t, 30*time.Second)
	impatient, err := jetstream.New(b.NC, jetstream.WithPublishAsyncTimeout(time.Microsecond))
	if err != nil {
		t.Fatal(err)
	}
	b.JS = impatient
	pub := b.NewPublisher(64)
	const n = 200
	for i := range n {
		id := fmt.Sprintf("doc-%05d", i)
		if err := pub.Publish(ctx, b.Names.ChunkSubject("doc"), []byte(id), id); err != nil {
			t.Fatalf("publish %d: %v", i, err)
		}
	}
	if err := pub.Flush(ctx); err != nil {
		t.Fatalf("flush: %v", err)
	}
	s, err := b.JS.Stream(ctx, b.Names.ChunksStream())
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.State.Msgs != n {
		t.Fatalf("stream holds %d messages, want %d", info.State.Msgs, n)
	}
}
