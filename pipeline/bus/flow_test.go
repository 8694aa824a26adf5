package bus_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/factflow/factflow/pipeline/bus"
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

// TestConsumeTakesTheTailAtOnce: after a full batch, what is left of a
// backlog is fetched without waiting MaxWait for a batch it cannot fill,
// and the batch is smaller than Batch, saying the consumer caught up.
// MaxWait is a minute, so a fetch that waited would outlast the test.
func TestConsumeTakesTheTailAtOnce(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b := embedded(t, 30*time.Second)
	pub := b.NewPublisher(64)
	const batch, n = 10, 13
	for i := range n {
		id := fmt.Sprintf("doc-%05d", i)
		if err := pub.Publish(ctx, b.Names.ChunkSubject("doc"), []byte(id), id); err != nil {
			t.Fatal(err)
		}
	}
	if err := pub.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	cons, err := b.Consumer(ctx, b.Names.ChunksStream(), bus.ConsumerTransform)
	if err != nil {
		t.Fatal(err)
	}
	var sizes []int
	got := 0
	consumeCtx, stop := context.WithCancel(ctx)
	err = bus.Consume(consumeCtx, cons, bus.ConsumeOptions{Batch: batch, MaxWait: time.Minute, Drain: time.Second},
		func(_ context.Context, msgs []jetstream.Msg) error {
			sizes = append(sizes, len(msgs))
			for _, m := range msgs {
				if err := m.Ack(); err != nil {
					return err
				}
			}
			if got += len(msgs); got == n {
				stop()
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if ctx.Err() != nil {
		t.Fatalf("the tail of the backlog never came (batches %v): a fetch waited MaxWait", sizes)
	}
	if len(sizes) != 2 || sizes[0] != batch || sizes[1] != n-batch {
		t.Fatalf("batches %v, want [%d %d]", sizes, batch, n-batch)
	}
}
