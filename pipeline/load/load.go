// Package load is the load worker: it consumes document announcements,
// fact batches and dead letters and writes them into the warehouse.
package load

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/rs/zerolog"

	"github.com/factflow/factflow/pipeline/bus"
	"github.com/factflow/factflow/pipeline/message"
	"github.com/factflow/factflow/pipeline/warehouse"
)

// Options configure a load worker.
type Options struct {
	Batch int // messages per fetch and per staging transaction
	// Loaded, if set, is told of each document made visible.
	Loaded func(warehouse.Loaded)
	// Dead, if set, is told of each dead letter recorded.
	Dead func(message.DeadLetter)
	// StallAfter is how long a staged document may go without progress
	// (no announcement, or missing chunks) before it is dead-lettered and
	// dropped from staging; 0 means 10 minutes.
	StallAfter time.Duration
}

// Worker loads into one warehouse.
type Worker struct {
	b   *bus.Bus
	w   *warehouse.Warehouse
	opt Options
	log zerolog.Logger
}

// New returns a worker writing into w.
func New(b *bus.Bus, w *warehouse.Warehouse, opt Options, log zerolog.Logger) *Worker {
	if opt.Batch <= 0 {
		opt.Batch = 512
	}
	if opt.StallAfter <= 0 {
		opt.StallAfter = 10 * time.Minute
	}
	return &Worker{b: b, w: w, opt: opt, log: log}
}

// Run consumes until ctx is cancelled, then finishes the batches in hand.
// It returns an error only when the warehouse itself fails.
func (l *Worker) Run(ctx context.Context) error {
	ns := l.b.Names
	loops := []struct {
		stream, consumer string
		h                bus.Handler
	}{
		{ns.DocsStream(), bus.ConsumerLoadDocs, l.handleDocs},
		{ns.FactsStream(), bus.ConsumerLoadFacts, l.handleFacts},
		{ns.DeadStream(), bus.ConsumerLoadDead, l.handleDead},
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stopWatch, err := l.b.WatchMaxDeliveries(ctx)
	if err != nil {
		return err
	}
	defer stopWatch()
	var wg sync.WaitGroup
	errs := make(chan error, len(loops)+1)
	for _, lp := range loops {
		cons, err := l.b.Consumer(ctx, lp.stream, lp.consumer)
		if err != nil {
			return err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := bus.Consume(ctx, cons, bus.ConsumeOptions{Batch: l.opt.Batch, Log: &l.log, Stage: "load", Metrics: l.b.Metrics}, lp.h); err != nil {
				errs <- err
				cancel()
			}
		}()
	}
	// Documents staged before a restart may be complete already, and
	// stalled ones must be noticed even when no message arrives.
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(min(l.opt.StallAfter/4, 30*time.Second))
		defer tick.Stop()
		for {
			if err := l.Settle(ctx); err != nil && ctx.Err() == nil {
				errs <- err
				cancel()
				return
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	wg.Wait()
	close(errs)
	return <-errs
}

func (l *Worker) handleDocs(ctx context.Context, msgs []jetstream.Msg) error {
	docs := make([]message.Document, 0, len(msgs))
	good := make([]jetstream.Msg, 0, len(msgs))
	for _, m := range msgs {
		var d message.Document
		if err := message.Decode(m.Data(), message.DocumentV1, &d); err != nil {
			l.b.Fail(ctx, "load", m, m.Subject(), bus.Permanent(err))
			continue
		}
		if err := validDoc(d); err != nil {
			l.b.Fail(ctx, "load", m, m.Subject(), bus.Permanent(err))
			continue
		}
		docs = append(docs, d)
		good = append(good, m)
	}
	return l.stage(ctx, good, docs, nil)
}

func (l *Worker) handleFacts(ctx context.Context, msgs []jetstream.Msg) error {
	batches := make([]message.FactBatch, 0, len(msgs))
	good := make([]jetstream.Msg, 0, len(msgs))
	for _, m := range msgs {
		var fb message.FactBatch
		if err := message.Decode(m.Data(), message.FactBatchV1, &fb); err != nil {
			l.b.Fail(ctx, "load", m, m.Subject(), bus.Permanent(err))
			continue
		}
		if err := validBatch(fb); err != nil {
			l.b.Fail(ctx, "load", m, fb.Chunk.ChunkID, bus.Permanent(err))
			continue
		}
		batches = append(batches, fb)
		good = append(good, m)
	}
	return l.stage(ctx, good, nil, batches)
}

// stage writes a batch to staging in one transaction, acks it, and
// publishes the documents it completed, all in one hold of the file. If the
// staging transaction fails, each message is tried alone, so that one bad
// message is found and failed and the rest still load.
func (l *Worker) stage(ctx context.Context, msgs []jetstream.Msg, docs []message.Document, batches []message.FactBatch) error {
	if len(msgs) == 0 {
		return nil
	}
	var stageErr error
	start := time.Now()
	err := l.w.Do(ctx, func(s *warehouse.Session) error {
		if stageErr = s.Stage(ctx, docs, batches); stageErr != nil {
			return nil
		}
		for _, m := range msgs {
			if err := m.Ack(); err != nil {
				l.log.Warn().Err(err).Str("subject", m.Subject()).Msg("ack")
				continue
			}
			l.b.Metrics.Acked("load", 1)
		}
		return l.publishReady(ctx, s)
	})
	l.b.Metrics.LoadedBatch(time.Since(start))
	switch {
	case ctx.Err() != nil:
		return nil // stopping: whatever was not acked is redelivered
	case err != nil:
		return err
	case stageErr == nil:
		return nil
	case len(msgs) == 1:
		l.b.Fail(ctx, "load", msgs[0], msgs[0].Subject(), fmt.Errorf("stage: %w", stageErr))
		return nil
	}
	l.log.Warn().Err(stageErr).Int("messages", len(msgs)).Msg("staging failed; retrying one by one")
	for i, m := range msgs {
		var d []message.Document
		var fb []message.FactBatch
		if docs != nil {
			d = docs[i : i+1]
		} else {
			fb = batches[i : i+1]
		}
		if err := l.stage(ctx, []jetstream.Msg{m}, d, fb); err != nil {
			return err
		}
	}
	return nil
}

// Settle publishes every completely staged document: at start-up, for
// what a previous run left staged.
func (l *Worker) Settle(ctx context.Context) error {
	return l.w.Do(ctx, func(s *warehouse.Session) error { return l.publishReady(ctx, s) })
}

// publishReady makes every completely staged document visible. A document
// whose publication fails, or that stalls, is discarded from staging and
// recorded as a dead letter, so that it never blocks the others.
func (l *Worker) publishReady(ctx context.Context, s *warehouse.Session) error {
	ids, err := s.Ready(ctx)
	if err != nil {
		return err
	}
	stalled, err := s.Stalled(ctx, time.Now().Add(-l.opt.StallAfter))
	if err != nil {
		return err
	}
	for _, st := range stalled {
		// Quiet in staging is not enough: a document whose messages
		// still wait behind a backlog is not stalled.
		queued, err := l.b.Queued(ctx, st.DocID)
		if err != nil {
			l.log.Warn().Err(err).Str("doc_id", st.DocID).Msg("cannot tell whether a quiet document is queued; keeping it")
			continue
		}
		if queued > 0 {
			continue
		}
		if err := l.discard(ctx, s, st.DocID, st); err != nil {
			return err
		}
	}
	if len(ids) == 0 {
		return nil
	}
	loaded, err := s.Publish(ctx, ids)
	if err != nil && len(ids) > 1 && ctx.Err() == nil {
		// Find the document that fails: publish each alone.
		loaded = nil
		for _, id := range ids {
			ld, err := s.Publish(ctx, []string{id})
			if err != nil {
				if ctx.Err() != nil {
					return nil
				}
				if err := l.discard(ctx, s, id, err); err != nil {
					return err
				}
				continue
			}
			loaded = append(loaded, ld...)
		}
	} else if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		if err := l.discard(ctx, s, ids[0], err); err != nil {
			return err
		}
	}
	for _, ld := range loaded {
		l.log.Info().Str("doc_id", ld.DocID).Str("file", ld.FileName).Int("chunks", ld.Chunks).Int("facts", ld.Facts).
			Strs("replaced", ld.Replaced).Msg("document loaded")
		l.b.Metrics.LoadedDocument(ld.Facts)
		if l.opt.Loaded != nil {
			l.opt.Loaded(ld)
		}
	}
	return nil
}

// discard drops a staged document that cannot be published and records
// why as a dead letter.
func (l *Worker) discard(ctx context.Context, s *warehouse.Session, docID string, cause error) error {
	dl := message.DeadLetter{Schema: message.DeadV1, Stage: "load", Source: docID,
		Error: cause.Error(), FailedAt: time.Now().UTC().Format(time.RFC3339Nano)}
	id := fmt.Sprintf("dead:load:%s:%d", docID, time.Now().UnixNano())
	if err := errors.Join(s.DeadLetters(ctx, []string{id}, []message.DeadLetter{dl}), s.Discard(ctx, docID)); err != nil {
		return fmt.Errorf("discard %s (%v): %w", docID, cause, err)
	}
	l.b.Metrics.DeadLettered("load")
	l.log.Error().Err(cause).Str("doc_id", docID).Msg("document dead-lettered and dropped from staging")
	if l.opt.Dead != nil {
		l.opt.Dead(dl)
	}
	return nil
}

func (l *Worker) handleDead(ctx context.Context, msgs []jetstream.Msg) error {
	var (
		ids  []string
		dls  []message.DeadLetter
		good []jetstream.Msg
	)
	for _, m := range msgs {
		var dl message.DeadLetter
		if err := message.Decode(m.Data(), message.DeadV1, &dl); err != nil {
			// A dead letter about a dead letter would loop: keep what we
			// can of it and move on.
			dl = message.DeadLetter{Schema: message.DeadV1, Stage: "load", Subject: m.Subject(),
				Source: m.Subject(), Error: "undecodable dead letter: " + err.Error(), Payload: m.Data()}
		}
		id := m.Headers().Get(jetstream.MsgIDHeader)
		if id == "" {
			if meta, err := m.Metadata(); err == nil {
				id = fmt.Sprintf("dead:seq:%d", meta.Sequence.Stream)
			}
		}
		ids = append(ids, id)
		dls = append(dls, dl)
		good = append(good, m)
	}
	if err := l.w.Do(ctx, func(s *warehouse.Session) error { return s.DeadLetters(ctx, ids, dls) }); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	for i, m := range good {
		if err := m.Ack(); err != nil {
			l.log.Warn().Err(err).Msg("ack")
		}
		if l.opt.Dead != nil {
			l.opt.Dead(dls[i])
		}
	}
	return nil
}

func validDoc(d message.Document) error {
	var errs []error
	if d.DocID == "" {
		errs = append(errs, errors.New("document without doc_id"))
	}
	if d.Chunks < 1 {
		errs = append(errs, fmt.Errorf("document %s announces %d chunks", d.DocID, d.Chunks))
	}
	return errors.Join(errs...)
}

func validBatch(fb message.FactBatch) error {
	c := fb.Chunk
	switch {
	case c.ChunkID == "" || c.DocID == "":
		return errors.New("fact batch without chunk_id or doc_id")
	case c.DocID != fb.DocID:
		return fmt.Errorf("fact batch for document %s carries a chunk of %s", fb.DocID, c.DocID)
	case c.Seq < 0 || c.Seq >= c.Chunks:
		return fmt.Errorf("chunk %s: seq %d outside 0..%d", c.ChunkID, c.Seq, c.Chunks-1)
	case c.CharEnd < c.CharStart:
		return fmt.Errorf("chunk %s: char_end %d before char_start %d", c.ChunkID, c.CharEnd, c.CharStart)
	}
	for _, o := range fb.Observations {
		if o.DocID != fb.DocID || !strings.HasPrefix(o.ChunkID, fb.DocID) {
			return fmt.Errorf("chunk %s: observation %s of another document", c.ChunkID, o.ObsID)
		}
	}
	return nil
}
