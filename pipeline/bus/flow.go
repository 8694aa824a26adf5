package bus

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/rs/zerolog"

	"github.com/factflow/factflow/pipeline/message"
	"github.com/factflow/factflow/pipeline/metrics"
)

// Publisher publishes asynchronously with a bounded number of
// acknowledgements outstanding: JetStream's async publish stalls past its
// pending window, so the window is kept here, below it, and each publish
// past it first waits for the oldest acknowledgement.
//
// An acknowledgement that times out (a server busy with its disk, say) is
// asked for again by publishing the message again, a few times: its
// Nats-Msg-Id lets the server drop the copy if the first was stored.
type Publisher struct {
	js      jetstream.JetStream
	window  int
	pending []jetstream.PubAckFuture
	timeout time.Duration // per attempt of a republish
}

// publishRetries is how many times a timed-out publish is tried again.
const publishRetries = 3

// NewPublisher returns a publisher with at most window publishes in flight.
func (b *Bus) NewPublisher(window int) *Publisher {
	if window < 1 {
		window = 1
	}
	return &Publisher{js: b.JS, window: window, timeout: b.ackTimeout()}
}

// Publish sends data to subject with msgID as its Nats-Msg-Id. A nil error
// means the message was handed over, not yet stored: Flush says that.
func (p *Publisher) Publish(ctx context.Context, subject string, data []byte, msgID string) error {
	for len(p.pending) >= p.window {
		if err := p.waitOldest(ctx); err != nil {
			return err
		}
	}
	f, err := p.js.PublishMsgAsync(&nats.Msg{Subject: subject, Data: data}, jetstream.WithMsgID(msgID))
	if err != nil {
		return fmt.Errorf("publish %s: %w", msgID, err)
	}
	p.pending = append(p.pending, f)
	return nil
}

func (p *Publisher) waitOldest(ctx context.Context) error {
	f := p.pending[0]
	p.pending = p.pending[1:]
	select {
	case <-f.Ok():
		return nil
	case err := <-f.Err():
		for try := 0; try < publishRetries && timedOut(err) && ctx.Err() == nil; try++ {
			err = p.republish(ctx, f.Msg())
		}
		if err != nil {
			return fmt.Errorf("publish %s: %w", f.Msg().Header.Get(jetstream.MsgIDHeader), err)
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// republish publishes m again and waits for its acknowledgement.
func (p *Publisher) republish(ctx context.Context, m *nats.Msg) error {
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	_, err := p.js.PublishMsg(ctx, m)
	return err
}

// timedOut says whether a publish failed for want of an answer in time,
// which trying again may cure.
func timedOut(err error) bool {
	return errors.Is(err, jetstream.ErrAsyncPublishTimeout) || errors.Is(err, nats.ErrTimeout) ||
		errors.Is(err, context.DeadlineExceeded) || errors.Is(err, nats.ErrNoResponders)
}

// Flush waits until every message published so far is stored by the
// server, and returns the first failure. After an error, what was not
// acknowledged must be published again (the message ids make that safe).
func (p *Publisher) Flush(ctx context.Context) error {
	var first error
	for len(p.pending) > 0 {
		if err := p.waitOldest(ctx); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// PublishJSON is Publish of v encoded as JSON.
func (p *Publisher) PublishJSON(ctx context.Context, subject string, v any, msgID string) error {
	data, err := message.Encode(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", msgID, err)
	}
	return p.Publish(ctx, subject, data, msgID)
}

// Handler settles a batch of messages fetched from one consumer.
//
// It is given the messages of one fetch, in stream order, and must settle
// each one: Ack it once its effect is durable, or pass it to Bus.Fail. A
// message it leaves unsettled is redelivered after AckWait, to this worker
// or another, so handling must be idempotent. An empty batch is never
// passed; one smaller than ConsumeOptions.Batch means the consumer has
// caught up with its stream, for the moment. A returned error means the
// worker itself cannot go on (its warehouse is gone, say): Consume stops
// and returns it; the messages' own failures are never returned.
type Handler func(ctx context.Context, msgs []jetstream.Msg) error

// ConsumeOptions tune Consume.
type ConsumeOptions struct {
	Batch int // messages per fetch
	// MaxWait is how long a fetch waits for a full batch; 0 means 100 ms.
	// What arrives meanwhile waits with it: at 500 ms, the last
	// documents of a run waited that long for their announcements, and
	// the loader for the last fact batches. A shorter wait costs a fetch
	// (and a handler's call) more often when messages trickle in.
	MaxWait time.Duration
	// Drain is how long the batch in hand may still take once ctx is
	// cancelled; after it, the handler's context is cancelled too.
	Drain time.Duration
	// Log, if set, hears of redelivered messages.
	Log *zerolog.Logger
	// Stage names the consuming stage in metrics.
	Stage string
	// Metrics, if set, counts the messages received.
	Metrics *metrics.Metrics
}

func redelivered(msgs []jetstream.Msg) int {
	n := 0
	for _, m := range msgs {
		if Deliveries(m) > 1 {
			n++
		}
	}
	return n
}

// Consume fetches batches from cons and hands them to h until ctx is
// cancelled. On cancellation it stops fetching, lets the batch in hand
// finish within opt.Drain, and returns nil.
func Consume(ctx context.Context, cons jetstream.Consumer, opt ConsumeOptions, h Handler) error {
	opt = opt.withDefaults()
	work, cancel := drainContext(ctx, opt.Drain)
	defer cancel()
	msgs := make([]jetstream.Msg, 0, opt.Batch)
	// After a full batch there is likely more: take what is there without
	// waiting, so that the tail of a backlog is not held back MaxWait for
	// a batch it cannot fill. Otherwise wait, so that a trickle gathers
	// into batches rather than costing a fetch (and a handler's
	// transaction) per message.
	full := false
	for ctx.Err() == nil {
		var mb jetstream.MessageBatch
		var err error
		if full {
			mb, err = cons.FetchNoWait(opt.Batch)
		} else {
			mb, err = cons.Fetch(opt.Batch, jetstream.FetchMaxWait(opt.MaxWait))
		}
		full = false
		if err != nil {
			if errors.Is(err, nats.ErrConnectionClosed) {
				return fmt.Errorf("fetch: %w", err)
			}
			// Reconnecting, a leader election, a deleted consumer being
			// recreated: wait and try again.
			select {
			case <-ctx.Done():
			case <-time.After(250 * time.Millisecond):
			}
			continue
		}
		msgs = collect(ctx, mb, msgs[:0], opt.MaxWait+10*time.Second, opt.Log)
		if len(msgs) == 0 {
			continue
		}
		full = len(msgs) == opt.Batch
		if err := opt.deliver(work, msgs, h); err != nil {
			return err
		}
	}
	return nil
}

// Fetcher is an in-process source of messages that settle as JetStream's
// do (queue.Chunks).
type Fetcher interface {
	// Fetch waits until a message is ready, or ctx ends, and returns the
	// messages ready at once, at most n: none only when ctx has ended.
	// The caller settles every message returned; one it leaves unsettled
	// is never delivered again.
	Fetch(ctx context.Context, n int) []jetstream.Msg
}

// ConsumeFrom is Consume for an in-process source: it hands f's batches
// to h until ctx is cancelled, then lets the batch in hand finish within
// opt.Drain and returns nil, or h's error at once. opt.MaxWait is unused:
// a batch is what is ready when the first message is.
func ConsumeFrom(ctx context.Context, f Fetcher, opt ConsumeOptions, h Handler) error {
	opt = opt.withDefaults()
	work, cancel := drainContext(ctx, opt.Drain)
	defer cancel()
	for ctx.Err() == nil {
		msgs := f.Fetch(ctx, opt.Batch)
		if len(msgs) == 0 {
			continue
		}
		if err := opt.deliver(work, msgs, h); err != nil {
			return err
		}
	}
	return nil
}

func (opt ConsumeOptions) withDefaults() ConsumeOptions {
	if opt.Batch <= 0 {
		opt.Batch = 256
	}
	if opt.MaxWait <= 0 {
		opt.MaxWait = 100 * time.Millisecond
	}
	if opt.Drain <= 0 {
		opt.Drain = 30 * time.Second
	}
	return opt
}

// deliver counts a batch and hands it to h.
func (opt ConsumeOptions) deliver(ctx context.Context, msgs []jetstream.Msg, h Handler) error {
	n := redelivered(msgs)
	if n > 0 && opt.Log != nil {
		opt.Log.Info().Int("redelivered", n).Int("batch", len(msgs)).Msg("redeliveries received")
	}
	opt.Metrics.Received(opt.Stage, len(msgs), n)
	return h(ctx, msgs)
}

// collect takes a fetched batch's messages. A fetch whose channel is never
// closed (seen when the server restarts mid-fetch) would block the worker
// for good, so it gives up after limit: what it did not take is
// redelivered after AckWait.
func collect(ctx context.Context, mb jetstream.MessageBatch, msgs []jetstream.Msg, limit time.Duration, log *zerolog.Logger) []jetstream.Msg {
	t := time.NewTimer(limit)
	defer t.Stop()
	for {
		select {
		case m, ok := <-mb.Messages():
			if !ok {
				return msgs
			}
			msgs = append(msgs, m)
		case <-t.C:
			if log != nil {
				log.Warn().Dur("after", limit).Int("taken", len(msgs)).Msg("fetch never finished; abandoning it")
			}
			return msgs
		case <-ctx.Done():
			return msgs
		}
	}
}

// drainContext is cancelled d after parent is, not with it, so that work
// in hand can finish within a deadline.
func drainContext(parent context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(parent))
	stop := context.AfterFunc(parent, func() {
		t := time.AfterFunc(d, cancel)
		context.AfterFunc(ctx, func() { t.Stop() })
	})
	return ctx, func() { stop(); cancel() }
}

// Deliveries is how many times m has been delivered, 1 on the first.
func Deliveries(m jetstream.Msg) int {
	meta, err := m.Metadata()
	if err != nil {
		return 1
	}
	return int(meta.NumDelivered)
}

// Fail settles a message whose handling failed. A permanent failure, or a
// transient one on the last allowed delivery, is dead-lettered: published
// to the dead-letter subject of stage with source (the file, chunk or
// message it names) and the error, then terminated, so that one bad
// message never stalls the rest. Any other failure is retried after a
// backoff.
func (b *Bus) Fail(ctx context.Context, stage string, m jetstream.Msg, source string, cause error) {
	n := Deliveries(m)
	if !errors.Is(cause, ErrPermanent) && n < MaxDeliver {
		b.Metrics.Retried(stage)
		b.log.Warn().Err(cause).Str("stage", stage).Str("source", source).Int("delivery", n).Msg("will retry")
		if err := m.NakWithDelay(Backoff(n)); err != nil {
			b.log.Warn().Err(err).Msg("nak")
		}
		return
	}
	dl := message.DeadLetter{
		Schema:     message.DeadV1,
		Stage:      stage,
		Subject:    m.Subject(),
		Source:     source,
		Error:      cause.Error(),
		Deliveries: n,
		Payload:    m.Data(),
		FailedAt:   time.Now().UTC().Format(time.RFC3339Nano),
	}
	id := "dead:" + stage + ":" + m.Subject()
	if meta, err := m.Metadata(); err == nil {
		id += ":" + strconv.FormatUint(meta.Sequence.Stream, 10)
	}
	if err := b.DeadLetter(ctx, dl, id); err != nil {
		b.log.Error().Err(err).Str("source", source).Msg("dead-letter publish failed; message will be redelivered")
		_ = m.NakWithDelay(Backoff(n))
		return
	}
	b.Metrics.DeadLettered(stage)
	b.log.Error().Err(cause).Str("stage", stage).Str("source", source).Int("deliveries", n).Msg("dead-lettered")
	if err := m.Term(); err != nil {
		b.log.Warn().Err(err).Msg("term")
	}
}

// DeadLetter publishes dl and waits until it is stored.
func (b *Bus) DeadLetter(ctx context.Context, dl message.DeadLetter, msgID string) error {
	data, err := message.Encode(dl)
	if err != nil {
		return fmt.Errorf("encode dead letter: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, b.cfg.Timeout)
	defer cancel()
	if _, err := b.JS.Publish(ctx, b.Names.DeadSubject(dl.Stage), data, jetstream.WithMsgID(msgID)); err != nil {
		return fmt.Errorf("publish dead letter for %s: %w", dl.Source, err)
	}
	return nil
}
