// Package transform is the transform worker: it consumes raw chunks,
// extracts their facts and publishes one fact batch per chunk, possibly
// empty, before it acknowledges the chunk; or, when the loader runs in the
// same process, hands the batches to it with the chunks to acknowledge.
package transform

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/rs/zerolog"

	"github.com/factflow/factflow/pipeline/bus"
	"github.com/factflow/factflow/pipeline/facts"
	"github.com/factflow/factflow/pipeline/message"
)

// Options configure a transform worker.
type Options struct {
	Workers int // concurrent fetch-extract-publish loops; one per core is right
	Batch   int // chunks per fetch
	// Handoff, if set, receives the fact batches instead of the facts
	// stream, and with them the settling of their chunks.
	Handoff Handoff
	// Local, if set, is read too, by Workers loops of its own: chunks
	// handed over in process (queue.Chunks) rather than through the
	// chunks stream, which is still read for what other ingest workers,
	// or an earlier run, left there. Its messages may carry their chunk
	// decoded (Chunk() message.Chunk); others are decoded from Data.
	Local bus.Fetcher
}

// decoded is a chunk message that carries its chunk as it is.
type decoded interface {
	Chunk() message.Chunk
}

// Handoff takes fact batches straight from the transform worker, in the
// same process, in place of the facts stream: what the stream would cost
// (encoding, storing, delivering and decoding every batch, which carries
// its chunk's text again) is a fifth of an end-to-end run's CPU.
//
// Take is given the batches of one fetch, batches[i] extracted from the
// chunk message msgs[i], and takes over settling each message: it Acks a
// chunk only once its facts are durable, or passes it to bus.Bus.Fail, so
// a crash loses nothing (the chunk is redelivered and extracted again)
// and handling must be idempotent. Empty batches (chunks with no facts)
// are passed too: the loader needs every chunk of a document. caughtUp
// says the fetch was short: the chunks' consumer has caught up with its
// stream for the moment. Take may block, until ctx ends, while the taker
// has too much in hand: that is the back-pressure on extraction. A
// returned error means the taker cannot go on (its warehouse is gone):
// the worker stops and returns it, and the messages not yet settled are
// redelivered after AckWait.
type Handoff interface {
	Take(ctx context.Context, batches []message.FactBatch, msgs []jetstream.Msg, caughtUp bool) error
}

// Run consumes chunks until ctx is cancelled, then finishes the batches in
// hand and returns.
func Run(ctx context.Context, b *bus.Bus, opt Options, log zerolog.Logger) error {
	if opt.Workers <= 0 {
		opt.Workers = 1
	}
	if opt.Batch <= 0 {
		opt.Batch = 64
	}
	cons, err := b.Consumer(ctx, b.Names.ChunksStream(), bus.ConsumerTransform)
	if err != nil {
		return err
	}
	loops := opt.Workers
	if opt.Local != nil {
		loops *= 2
	}
	var wg sync.WaitGroup
	errs := make(chan error, loops)
	for i := range loops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pub := b.NewPublisher(opt.Batch + 1)
			h := func(ctx context.Context, msgs []jetstream.Msg) error {
				if opt.Handoff != nil {
					return handOff(ctx, b, opt.Handoff, msgs, len(msgs) < opt.Batch)
				}
				handle(ctx, b, pub, msgs, log)
				return nil
			}
			copt := bus.ConsumeOptions{Batch: opt.Batch, Log: &log, Stage: "transform", Metrics: b.Metrics}
			var err error
			if i < opt.Workers {
				err = bus.Consume(ctx, cons, copt, h)
			} else {
				err = bus.ConsumeFrom(ctx, opt.Local, copt, h)
			}
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// handOff extracts the facts of a batch of chunks and gives them to h,
// which settles the chunks; a chunk that cannot be decoded, or whose
// extraction panics, is dead-lettered here.
func handOff(ctx context.Context, b *bus.Bus, h Handoff, msgs []jetstream.Msg, caughtUp bool) error {
	batches := make([]message.FactBatch, 0, len(msgs))
	good := make([]jetstream.Msg, 0, len(msgs))
	for _, m := range msgs {
		batch, ok := decodeExtract(ctx, b, m)
		if ok {
			batches, good = append(batches, batch), append(good, m)
		}
	}
	if len(good) == 0 {
		return nil
	}
	return h.Take(ctx, batches, good, caughtUp)
}

// decodeExtract decodes a chunk message and extracts its facts; a chunk
// that fails either is dead-lettered, and ok is false.
func decodeExtract(ctx context.Context, b *bus.Bus, m jetstream.Msg) (batch message.FactBatch, ok bool) {
	var c message.Chunk
	if d, ok := m.(decoded); ok {
		c = d.Chunk()
	} else if err := message.Decode(m.Data(), message.ChunkV1, &c); err != nil {
		b.Fail(ctx, "transform", m, m.Subject(), bus.Permanent(err))
		return batch, false
	}
	start := time.Now()
	batch, err := extract(c)
	b.Metrics.Extracted(time.Since(start))
	if err != nil {
		b.Fail(ctx, "transform", m, c.ChunkID, bus.Permanent(err))
		return batch, false
	}
	return batch, true
}

// handle extracts and publishes the facts of a batch of chunks, then acks
// them. A chunk that cannot be decoded, or whose extraction panics, is
// dead-lettered; if publishing fails, the whole batch is retried.
func handle(ctx context.Context, b *bus.Bus, pub *bus.Publisher, msgs []jetstream.Msg, log zerolog.Logger) {
	sent := msgs[:0:0]
	for _, m := range msgs {
		batch, ok := decodeExtract(ctx, b, m)
		if !ok {
			continue
		}
		c := batch.Chunk
		if err := pub.PublishJSON(ctx, b.Names.FactSubject(c.DocID), batch, "facts:"+c.ChunkID+":"+facts.Extractor); err != nil {
			b.Fail(ctx, "transform", m, c.ChunkID, err)
			continue
		}
		sent = append(sent, m)
	}
	if err := pub.Flush(ctx); err != nil {
		for _, m := range sent {
			b.Fail(ctx, "transform", m, m.Subject(), fmt.Errorf("publish facts: %w", err))
		}
		return
	}
	b.Metrics.Published("transform", len(sent))
	for _, m := range sent {
		if err := m.Ack(); err != nil {
			log.Warn().Err(err).Str("subject", m.Subject()).Msg("ack")
			continue
		}
		b.Metrics.Acked("transform", 1)
	}
}

// extract runs the extractors, turning a panic on one chunk into that
// chunk's error rather than the worker's death.
func extract(c message.Chunk) (batch message.FactBatch, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("extraction panicked on chunk %s: %v\n%s", c.ChunkID, r, debug.Stack())
		}
	}()
	if c.ChunkID == "" || c.DocID == "" {
		return batch, fmt.Errorf("chunk without chunk_id or doc_id")
	}
	b := facts.FromChunk(c)
	// The context was for the extractors; the loader needs only the
	// chunk's own text, and every byte here is carried and decoded again.
	b.Chunk.Context = ""
	return b, nil
}
