package queue_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/factflow/factflow/pipeline/message"
	"github.com/factflow/factflow/pipeline/queue"
)

func chunks(doc string, n int) []message.Chunk {
	out := make([]message.Chunk, n)
	for i := range out {
		out[i] = message.Chunk{Schema: message.ChunkV1, ChunkID: fmt.Sprintf("%s-%05d", doc, i), DocID: doc,
			Seq: i, Chunks: n, Text: fmt.Sprintf("In 2022, %d cases were registered.", i)}
	}
	return out
}

func subject(doc string) string { return "factflow.chunks." + doc }

func fetch(t *testing.T, q *queue.Chunks, n int) []jetstream.Msg {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	msgs := q.Fetch(ctx, n)
	if len(msgs) == 0 {
		t.Fatal("nothing fetched in 5 s")
	}
	return msgs
}

func chunkOf(t *testing.T, m jetstream.Msg) message.Chunk {
	t.Helper()
	d, ok := m.(interface{ Chunk() message.Chunk })
	if !ok {
		t.Fatalf("%T carries no chunk", m)
	}
	return d.Chunk()
}

func deliveries(t *testing.T, m jetstream.Msg) uint64 {
	t.Helper()
	meta, err := m.Metadata()
	if err != nil {
		t.Fatal(err)
	}
	return meta.NumDelivered
}

// TestFetch checks that chunks come out in order, as many as are ready up
// to the limit, each on its first delivery, and that the message is the
// chunk as the chunks stream would carry it.
func TestFetch(t *testing.T) {
	ctx := context.Background()
	q := queue.New(16, subject)
	in := chunks("d1", 5)
	if err := q.Put(ctx, in); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		n    int
		want []int // the chunks' seqs
	}{
		{n: 2, want: []int{0, 1}},
		{n: 0, want: []int{2}}, // 0 means 1
		{n: 64, want: []int{3, 4}},
	} {
		msgs := fetch(t, q, tc.n)
		if len(msgs) != len(tc.want) {
			t.Fatalf("Fetch(%d): %d messages, want %d", tc.n, len(msgs), len(tc.want))
		}
		for i, m := range msgs {
			c := chunkOf(t, m)
			if c.Seq != tc.want[i] {
				t.Errorf("Fetch(%d)[%d]: chunk %d, want %d", tc.n, i, c.Seq, tc.want[i])
			}
			if n := deliveries(t, m); n != 1 {
				t.Errorf("chunk %d: delivery %d, want 1", c.Seq, n)
			}
			if m.Subject() != "factflow.chunks.d1" {
				t.Errorf("subject %q", m.Subject())
			}
			var back message.Chunk
			if err := message.Decode(m.Data(), message.ChunkV1, &back); err != nil || back.ChunkID != c.ChunkID || back.Text != c.Text {
				t.Errorf("Data decodes to %+v, %v; want %+v", back, err, c)
			}
		}
	}
	if got := q.Unsettled(); got != 5 {
		t.Errorf("unsettled %d, want 5", got)
	}
	cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if msgs := q.Fetch(cctx, 4); msgs != nil {
		t.Errorf("empty queue: fetched %d messages", len(msgs))
	}
}

// TestSettle checks the JetStream settling rules the stages rely on:
// Ack and Term free a place once, a nak delivers the chunk again and
// counts the delivery, and a delivery is nak'd once.
func TestSettle(t *testing.T) {
	for _, tc := range []struct {
		name      string
		settle    func(jetstream.Msg) error
		again     bool // delivered again
		unsettled int
	}{
		{"ack", jetstream.Msg.Ack, false, 0},
		{"double ack", func(m jetstream.Msg) error { return m.DoubleAck(context.Background()) }, false, 0},
		{"term", jetstream.Msg.Term, false, 0},
		{"term with reason", func(m jetstream.Msg) error { return m.TermWithReason("bad") }, false, 0},
		{"nak", jetstream.Msg.Nak, true, 1},
		{"nak with delay", func(m jetstream.Msg) error { return m.NakWithDelay(20 * time.Millisecond) }, true, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := queue.New(4, subject)
			if err := q.Put(context.Background(), chunks("d1", 1)); err != nil {
				t.Fatal(err)
			}
			m := fetch(t, q, 1)[0]
			if err := m.InProgress(); err != nil {
				t.Errorf("InProgress: %v", err)
			}
			if err := tc.settle(m); err != nil {
				t.Fatalf("settle: %v", err)
			}
			if err := tc.settle(m); !errors.Is(err, jetstream.ErrMsgAlreadyAckd) {
				t.Errorf("settled twice: %v, want ErrMsgAlreadyAckd", err)
			}
			if got := q.Unsettled(); got != tc.unsettled {
				t.Errorf("unsettled %d, want %d", got, tc.unsettled)
			}
			if !tc.again {
				if err := m.InProgress(); !errors.Is(err, jetstream.ErrMsgAlreadyAckd) {
					t.Errorf("InProgress after settling: %v", err)
				}
				return
			}
			// Nak'd and not yet delivered again, it is not in hand: an
			// ack now neither frees its place nor stops the redelivery.
			if err := m.Ack(); !errors.Is(err, jetstream.ErrMsgAlreadyAckd) {
				t.Errorf("ack after a nak: %v, want ErrMsgAlreadyAckd", err)
			}
			if got := q.Unsettled(); got != 1 {
				t.Errorf("unsettled %d after an ack of a nak'd chunk, want 1", got)
			}
			m2 := fetch(t, q, 1)[0]
			if chunkOf(t, m2).ChunkID != "d1-00000" || deliveries(t, m2) != 2 {
				t.Errorf("redelivered %s on delivery %d, want d1-00000 on 2", chunkOf(t, m2).ChunkID, deliveries(t, m2))
			}
			if err := m2.Ack(); err != nil {
				t.Fatal(err)
			}
			if err := m2.Nak(); !errors.Is(err, jetstream.ErrMsgAlreadyAckd) {
				t.Errorf("nak after ack: %v", err)
			}
			if got := q.Unsettled(); got != 0 {
				t.Errorf("unsettled %d after the ack", got)
			}
		})
	}
}

// TestPutWaitsForRoom checks the back-pressure: past the capacity, Put
// waits until a chunk is settled, and gives up when its context ends.
func TestPutWaitsForRoom(t *testing.T) {
	q := queue.New(2, subject)
	if err := q.Put(context.Background(), chunks("d1", 2)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := q.Put(ctx, chunks("d2", 1)); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Put into a full queue: %v, want the deadline", err)
	}
	done := make(chan error, 1)
	go func() { done <- q.Put(context.Background(), chunks("d3", 1)) }()
	select {
	case err := <-done:
		t.Fatalf("Put returned %v with the queue full", err)
	case <-time.After(50 * time.Millisecond):
	}
	msgs := fetch(t, q, 1)
	if err := msgs[0].Ack(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Put still waits after an ack")
	}
	var got []string
	for len(got) < 2 {
		for _, m := range fetch(t, q, 8) {
			got = append(got, chunkOf(t, m).ChunkID)
		}
	}
	if want := []string{"d1-00001", "d3-00000"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("queued %v, want %v", got, want)
	}
}

// TestSequences checks that every chunk has a sequence of its own, in the
// order put, and that two queues (two runs) do not reuse each other's:
// dead letters are keyed by subject and sequence.
func TestSequences(t *testing.T) {
	seqs := map[uint64]bool{}
	for range 2 {
		q := queue.New(8, subject)
		if err := q.Put(context.Background(), chunks("d1", 3)); err != nil {
			t.Fatal(err)
		}
		var last uint64
		for _, m := range fetch(t, q, 8) {
			meta, _ := m.Metadata()
			s := meta.Sequence.Stream
			if s <= last || seqs[s] {
				t.Errorf("sequence %d after %d (seen before: %v)", s, last, seqs[s])
			}
			seqs[s], last = true, s
		}
	}
}
