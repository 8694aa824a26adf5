// Package queue is an in-process work queue of chunk messages, for when
// ingest and transform run in one process (factflow run): it hands each
// chunk over as it is, where the chunks stream would encode, store,
// deliver, acknowledge and decode it: a fifth of an end-to-end run's CPU
// went to that. Its messages settle as JetStream's do (they are
// jetstream.Msg), so the stages handle both alike: a chunk holds a place
// until it is acknowledged or terminated, a nak delivers it again after
// the delay, and the places bound what is in hand.
//
// Nothing in it survives the process. That is safe because a document
// counts as loaded only once its facts are committed: after a crash the
// next run reads the documents not loaded again, and loading is
// idempotent.
package queue

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/factflow/factflow/pipeline/message"
)

// Chunks is the queue. Put and Fetch may be called from any number of
// goroutines.
type Chunks struct {
	// ready holds what may be fetched; it has a place for every chunk
	// unsettled, so a redelivery never blocks.
	ready chan *Msg
	// slots has a token for every chunk put and not yet settled.
	slots   chan struct{}
	subject func(docID string) string
	// Sequence numbers start at the clock so that they differ from one
	// run to the next: a dead letter's id is made of its subject and
	// sequence, and one id recorded twice is kept once.
	base uint64
	seq  atomic.Uint64
}

// New returns a queue that holds at most capacity unsettled chunks;
// subject names a document's chunks as the chunks stream would, for logs
// and dead letters.
func New(capacity int, subject func(docID string) string) *Chunks {
	if capacity <= 0 {
		capacity = 1
	}
	return &Chunks{
		ready:   make(chan *Msg, capacity),
		slots:   make(chan struct{}, capacity),
		subject: subject,
		base:    uint64(time.Now().UnixNano()),
	}
}

// Put queues chunks in order. While the queue's capacity of chunks is
// unsettled it waits for a place: that is the back-pressure on ingest. It
// returns ctx's error if ctx ends first; the chunks put before stay
// queued.
func (q *Chunks) Put(ctx context.Context, chunks []message.Chunk) error {
	for i := range chunks {
		select {
		case q.slots <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		q.ready <- &Msg{q: q, chunk: chunks[i], seq: q.base + q.seq.Add(1)}
	}
	return nil
}

// Fetch waits until a chunk is ready, or ctx ends, then returns the
// chunks ready at once, at most n (n <= 0 means 1). It returns no message
// only when ctx has ended. Each message fetched must be settled: Ack or
// Term it, or Nak it to have it delivered again.
func (q *Chunks) Fetch(ctx context.Context, n int) []jetstream.Msg {
	out := make([]jetstream.Msg, 0, max(n, 1))
	for len(out) == 0 {
		select {
		case m := <-q.ready:
			out = m.deliver(out)
		case <-ctx.Done():
			return nil
		}
	}
	for len(out) < n {
		select {
		case m := <-q.ready:
			out = m.deliver(out)
		default:
			return out
		}
	}
	return out
}

// Unsettled is how many chunks are queued, in hand or waiting to be
// delivered again.
func (q *Chunks) Unsettled() int { return len(q.slots) }

// Msg is one chunk, as a jetstream.Msg.
type Msg struct {
	q          *Chunks
	chunk      message.Chunk
	seq        uint64
	deliveries atomic.Int64
	// out is whether the chunk is in hand: fetched, and neither settled
	// nor nak'd since. Only a chunk in hand can be settled or nak'd, so
	// every chunk waiting in ready, or for its redelivery, holds a place.
	out atomic.Bool
}

var _ jetstream.Msg = (*Msg)(nil)

// deliver appends m to msgs as delivered once more.
func (m *Msg) deliver(msgs []jetstream.Msg) []jetstream.Msg {
	m.deliveries.Add(1)
	m.out.Store(true)
	return append(msgs, m)
}

// Chunk is the chunk itself, never encoded.
func (m *Msg) Chunk() message.Chunk { return m.chunk }

// Metadata gives the delivery count and sequence; NumDelivered is 1 on
// the first delivery, as JetStream's.
func (m *Msg) Metadata() (*jetstream.MsgMetadata, error) {
	return &jetstream.MsgMetadata{
		Sequence:     jetstream.SequencePair{Stream: m.seq, Consumer: m.seq},
		NumDelivered: uint64(m.deliveries.Load()),
		Stream:       "local",
	}, nil
}

// Data is the chunk encoded as the chunks stream would carry it. Only a
// dead letter asks for it, so it is encoded then.
func (m *Msg) Data() []byte { return message.AppendChunk(nil, &m.chunk) }

// Headers is empty: a chunk here needs no message id to be deduplicated.
func (m *Msg) Headers() nats.Header { return nil }

// Subject is the subject the chunk would have on the chunks stream.
func (m *Msg) Subject() string { return m.q.subject(m.chunk.DocID) }

// Reply is empty: nothing waits for a reply.
func (m *Msg) Reply() string { return "" }

// Ack settles the chunk: its place is free.
func (m *Msg) Ack() error { return m.settle() }

// DoubleAck is Ack: settling here is immediate.
func (m *Msg) DoubleAck(context.Context) error { return m.settle() }

// Term settles the chunk without delivering it again.
func (m *Msg) Term() error { return m.settle() }

// TermWithReason is Term.
func (m *Msg) TermWithReason(string) error { return m.settle() }

// InProgress does nothing to a chunk in hand: it never times out here.
func (m *Msg) InProgress() error {
	if !m.out.Load() {
		return jetstream.ErrMsgAlreadyAckd
	}
	return nil
}

// Nak delivers the chunk again at once.
func (m *Msg) Nak() error { return m.NakWithDelay(0) }

// NakWithDelay delivers the chunk again after delay; it keeps its place
// meanwhile. Only a chunk in hand can be nak'd: a nak after it was
// settled, or nak'd and not yet delivered again, fails.
func (m *Msg) NakWithDelay(delay time.Duration) error {
	if !m.out.CompareAndSwap(true, false) {
		return jetstream.ErrMsgAlreadyAckd
	}
	if delay <= 0 {
		m.q.ready <- m
		return nil
	}
	time.AfterFunc(delay, func() { m.q.ready <- m })
	return nil
}

// settle frees the place of a chunk in hand; one not in hand (settled,
// or nak'd and waiting to be delivered again) is not settled.
func (m *Msg) settle() error {
	if !m.out.CompareAndSwap(true, false) {
		return jetstream.ErrMsgAlreadyAckd
	}
	<-m.q.slots
	return nil
}
