// Package load is the load worker: it consumes document announcements,
// fact batches and dead letters and writes them into the warehouse.
package load

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
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
	// PublishEvery is how often complete documents are published.
	// Publishing is one transaction of fixed cost whatever it carries, so
	// gathering the documents completed over this time keeps its share
	// small; 0 means 500 ms.
	PublishEvery time.Duration
	// Hold bounds the fact batches held in memory, unacknowledged, while
	// their documents complete, besides those a publication in progress
	// is writing (so up to about twice as many in all): past it, new
	// batches wait for that publication, and the next one stages the
	// oldest incomplete documents. A document of more chunks is always
	// staged. Complete documents waiting only for their announcement may
	// hold up to twice as many.
	// It must stay well under the consumer's bus.MaxAckPending. Each held
	// message costs a little more than its size (the decoded batch points
	// into the body), and the Go heap's soft limit makes the collector run
	// the more often the more is live. Publishing is mostly a COMMIT of
	// fixed cost, so, behind a backlog, more held means fewer, larger
	// publications, up to a point: loading 64 MB alone, 1024 loaded
	// 45-47k rows/s, 4096 52k, 8192 44-46k; once a caught-up consumer
	// published at once, 2048 loaded 53-58k and 4096 48-56k, 2048 with
	// 30-40 MB less RSS end to end; 0 means 2048.
	Hold int
	// HoldFor is how long a document's batches, or an announcement
	// whose document's batches have not come, may be held before they
	// are staged and acknowledged. It must be well under the bus's
	// AckWait, or they are redelivered meanwhile (and, redelivered often
	// enough, dead-lettered); 0 means 10 s or a third of AckWait, if less.
	HoldFor time.Duration
}

// Worker loads into one warehouse.
//
// A fact batch takes one of two ways into the analysts' tables. Usually
// the worker holds it in memory, unacknowledged, until every chunk of its
// document is in hand and so is the document's announcement (held in
// memory the same way, or staged); then it writes the whole document in
// one transaction and acknowledges its messages. Each row is written
// once, and a crash loses nothing: what was not acknowledged is
// redelivered. A batch whose document waits too long
// (its chunks went to another worker, say), is too large to hold, or has
// part of it staged already, is appended to the durable staging tables
// and acknowledged at once; a document complete in staging is moved from
// there. Both ways publish a document all at once or not at all.
type Worker struct {
	b   *bus.Bus
	w   *warehouse.Warehouse
	opt Options
	log zerolog.Logger

	// busy is the time, in nanoseconds, the worker has had the warehouse
	// in use (see Busy).
	busy atomic.Int64

	// pub serialises what writes to the warehouse (staging, publishing,
	// settling); it is taken before the warehouse, and the warehouse
	// before mu.
	pub sync.Mutex
	// mu guards what follows. It is never held while the warehouse
	// works, so that consuming and decoding go on during a publication.
	mu        sync.Mutex
	held      map[string]*holding
	announced map[string]*announcement // announcements not yet staged
	nHeld     int                      // messages held, or taken out of held to be written
	writing   int                      // of nHeld, those taken out to be written
	dirty     bool                     // something arrived since the last publish
	// published is closed, and replaced, each time publishReady ends:
	// a batch over the budget waits on it instead of publishing itself.
	published chan struct{}

	// caughtUp wakes the publishing loop when the facts or the
	// announcements consumer has caught up with its stream: what is
	// complete then need not wait for the next tick.
	caughtUp chan struct{}
}

// announcement is a document's announcement held in memory,
// unacknowledged, until its document is published with it or it is
// staged: most documents then take one transaction, not two, and never
// wait for a transaction of their announcement to become ready.
type announcement struct {
	docs  []message.Document // each delivery of it, the last last
	msgs  []jetstream.Msg    // docs[i] came in msgs[i]
	since time.Time          // when the first came
}

// holding is a document's fact batches held in memory.
type holding struct {
	chunks  int // as the batches say
	batches []message.FactBatch
	msgs    []jetstream.Msg // batches[i] came in msgs[i]
	seqs    map[int]bool
	since   time.Time
}

// New returns a worker writing into w.
func New(b *bus.Bus, w *warehouse.Warehouse, opt Options, log zerolog.Logger) *Worker {
	if opt.Batch <= 0 {
		opt.Batch = 512
	}
	if opt.StallAfter <= 0 {
		opt.StallAfter = 10 * time.Minute
	}
	if opt.PublishEvery <= 0 {
		opt.PublishEvery = 500 * time.Millisecond
	}
	if opt.Hold <= 0 {
		opt.Hold = 2048
	}
	if opt.HoldFor <= 0 {
		opt.HoldFor = min(10*time.Second, b.AckWait()/3)
	}
	return &Worker{b: b, w: w, opt: opt, log: log, held: map[string]*holding{}, announced: map[string]*announcement{}, caughtUp: make(chan struct{}, 1),
		published: make(chan struct{})}
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
	errs := make(chan error, len(loops)+2)
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
	// Documents completed by the last batches of a burst are published
	// without waiting for more messages: at once when a consumer has
	// caught up (a partial batch, which comes at most every fetch's
	// MaxWait, or once at the end of a backlog), else on the tick.
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(l.opt.PublishEvery)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			case <-l.caughtUp:
			}
			if err := l.publishDue(ctx); err != nil && ctx.Err() == nil {
				errs <- err
				cancel()
				return
			}
		}
	}()
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
	// Held batches would come back only after AckWait; staging them now
	// lets the next worker carry on at once.
	stop, cancelStop := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancelStop()
	l.spillAll(stop)
	close(errs)
	return <-errs
}

// spillAll stages every held batch.
func (l *Worker) spillAll(ctx context.Context) {
	l.pub.Lock()
	defer l.pub.Unlock()
	ids := l.heldIDs()
	l.mu.Lock()
	announced := len(l.announced)
	l.mu.Unlock()
	if len(ids) == 0 && announced == 0 {
		return
	}
	err := l.w.Do(ctx, func(s *warehouse.Session) error {
		l.spill(ctx, s, ids)
		l.stageAnnounced(ctx, s, func(string, *announcement) bool { return true })
		return nil
	})
	if err != nil {
		l.log.Warn().Err(err).Msg("staging held batches at stop; they will be redelivered")
	}
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
	if len(good) == 0 {
		return nil
	}
	// The next publication writes them: with their documents, if those
	// are held and complete, else to staging (publishHeld).
	l.mu.Lock()
	for i, d := range docs {
		a := l.announced[d.DocID]
		if a == nil {
			a = &announcement{since: time.Now()}
			l.announced[d.DocID] = a
		}
		a.docs, a.msgs = append(a.docs, d), append(a.msgs, good[i])
	}
	l.dirty = true
	l.mu.Unlock()
	l.caughtUpIf(msgs)
	return nil
}

// caughtUpIf wakes the publishing loop if msgs, a fetch smaller than a
// batch, say that their consumer has caught up.
func (l *Worker) caughtUpIf(msgs []jetstream.Msg) {
	if len(msgs) < l.opt.Batch {
		l.wakePublisher()
	}
}

// wakePublisher has the publishing loop publish what is complete now.
func (l *Worker) wakePublisher() {
	select {
	case l.caughtUp <- struct{}{}:
	default: // already woken
	}
}

func (l *Worker) handleFacts(ctx context.Context, msgs []jetstream.Msg) error {
	batches := make([]message.FactBatch, 0, len(msgs))
	good := make([]jetstream.Msg, 0, len(msgs))
	// Decoding needs no lock: it overlaps a publish in progress.
	for _, m := range msgs {
		var fb message.FactBatch
		if err := message.Decode(m.Data(), message.FactBatchV1, &fb); err != nil {
			l.b.Fail(ctx, "load", m, m.Subject(), bus.Permanent(err))
			continue
		}
		batches, good = append(batches, fb), append(good, m)
	}
	return l.hold(ctx, batches, good, len(msgs) < l.opt.Batch)
}

// Take loads fact batches handed over in process by a transform worker
// (see transform.Handoff) as if they had come from the facts stream:
// batches[i] was extracted from the chunk message msgs[i], which it
// acknowledges once the batch is durable, as it would the batch's own
// message. Past the hold budget it waits for the next publication
// (waitForRoom). It returns an error only when the warehouse itself
// fails while it stages a batch too large to hold; a publication's
// failure is the publishing loop's, and Run returns it.
func (l *Worker) Take(ctx context.Context, batches []message.FactBatch, msgs []jetstream.Msg, caughtUp bool) error {
	return l.hold(ctx, batches, msgs, caughtUp)
}

// hold holds decoded fact batches, each settled by its message, until
// their documents can be published, or stages those it cannot hold.
// caughtUp says they were the last in their stream for now.
func (l *Worker) hold(ctx context.Context, in []message.FactBatch, inMsgs []jetstream.Msg, caughtUp bool) error {
	var (
		batches = in[:0:0]
		good    = inMsgs[:0:0]
		big     []message.FactBatch
		bigMsgs []jetstream.Msg
	)
	for i, fb := range in {
		if err := validBatch(fb); err != nil {
			l.b.Fail(ctx, "load", inMsgs[i], fb.Chunk.ChunkID, bus.Permanent(err))
			continue
		}
		batches, good = append(batches, fb), append(good, inMsgs[i])
	}
	l.mu.Lock()
	now := time.Now()
	for i, fb := range batches {
		m := good[i]
		h := l.held[fb.DocID]
		if h == nil && fb.Chunk.Chunks <= l.opt.Hold {
			h = &holding{chunks: fb.Chunk.Chunks, seqs: map[int]bool{}, since: now}
			l.held[fb.DocID] = h
		}
		if h == nil || h.chunks != fb.Chunk.Chunks {
			// Too large to hold, or inconsistent: staging sorts it out.
			big, bigMsgs = append(big, fb), append(bigMsgs, m)
			continue
		}
		h.batches, h.msgs = append(h.batches, fb), append(h.msgs, m)
		h.seqs[fb.Chunk.Seq] = true
		l.nHeld++
	}
	l.dirty = true
	l.mu.Unlock()
	if caughtUp {
		l.wakePublisher()
	}
	if len(big) > 0 {
		l.pub.Lock()
		err := l.do(ctx, func(s *warehouse.Session) error {
			l.stage(ctx, s, bigMsgs, nil, big)
			return nil
		})
		l.pub.Unlock()
		if err != nil {
			return err
		}
	}
	l.waitForRoom(ctx)
	return nil
}

// waitForRoom is the back-pressure that bounds what is held. Over the
// budget, not counting what a publication in progress is writing, it has
// the publishing loop publish and waits for that publication to end. The
// caller does not publish itself: that would stop every transform worker
// for as long as a publication takes, and leave the loader idle while
// they then refill the budget (end to end, the two took turns instead
// of running side by side).
func (l *Worker) waitForRoom(ctx context.Context) {
	l.mu.Lock()
	over := l.nHeld-l.writing > l.opt.Hold
	published := l.published
	l.mu.Unlock()
	if !over {
		return // the publishing loop takes it from here
	}
	l.wakePublisher()
	select {
	case <-published:
	case <-ctx.Done():
	}
}

// Busy is how long the worker has had the warehouse in use (staging,
// publishing, settling), opening the file aside. The warehouse takes one
// unit of work at a time, so when Busy is near a run's length, loading is
// what bounds the run, whatever the other stages could do.
func (l *Worker) Busy() time.Duration { return time.Duration(l.busy.Load()) }

// do runs fn on the warehouse; work cut short by ctx ending is not an
// error (what was not acknowledged is redelivered).
func (l *Worker) do(ctx context.Context, fn func(s *warehouse.Session) error) error {
	start := time.Now()
	err := l.w.Do(ctx, func(s *warehouse.Session) error {
		in := time.Now()
		defer func() { l.busy.Add(int64(time.Since(in))) }()
		return fn(s)
	})
	l.b.Metrics.LoadedBatch(time.Since(start))
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// stage writes announcements or fact batches to staging in one
// transaction and acknowledges them. If that fails, each message is tried
// alone, so that one bad message is found and failed and the rest still
// load.
func (l *Worker) stage(ctx context.Context, s *warehouse.Session, msgs []jetstream.Msg, docs []message.Document, batches []message.FactBatch) {
	if len(msgs) == 0 {
		return
	}
	err := s.Stage(ctx, docs, batches)
	switch {
	case err == nil:
		l.mu.Lock()
		l.dirty = true
		l.mu.Unlock()
		l.ack(msgs)
		return
	case ctx.Err() != nil:
		return // stopping: whatever was not acked is redelivered
	case len(msgs) == 1:
		l.b.Fail(ctx, "load", msgs[0], msgs[0].Subject(), fmt.Errorf("stage: %w", err))
		return
	}
	l.log.Warn().Err(err).Int("messages", len(msgs)).Msg("staging failed; retrying one by one")
	for i, m := range msgs {
		var d []message.Document
		var fb []message.FactBatch
		if docs != nil {
			d = docs[i : i+1]
		} else {
			fb = batches[i : i+1]
		}
		l.stage(ctx, s, []jetstream.Msg{m}, d, fb)
	}
}

func (l *Worker) ack(msgs []jetstream.Msg) {
	for _, m := range msgs {
		if err := m.Ack(); err != nil {
			l.log.Warn().Err(err).Str("subject", m.Subject()).Msg("ack")
			continue
		}
		l.b.Metrics.Acked("load", 1)
	}
}

// publishDue publishes if anything arrived since the last time.
func (l *Worker) publishDue(ctx context.Context) error {
	l.mu.Lock()
	idle := !l.dirty && len(l.held) == 0 && len(l.announced) == 0
	l.mu.Unlock()
	if idle {
		return nil
	}
	l.pub.Lock()
	defer l.pub.Unlock()
	return l.do(ctx, func(s *warehouse.Session) error { return l.publishReady(ctx, s) })
}

// Settle publishes every complete document and drops stalled ones: at
// start-up, for what a previous run left staged, and now and then while
// running.
func (l *Worker) Settle(ctx context.Context) error {
	l.pub.Lock()
	defer l.pub.Unlock()
	return l.do(ctx, func(s *warehouse.Session) error {
		// Publish first: a complete document is never stalled.
		if err := l.publishReady(ctx, s); err != nil {
			return err
		}
		return l.dropStalled(ctx, s)
	})
}

// dropStalled discards the staged documents that made no progress for
// StallAfter and have nothing left queued, recording each as a dead
// letter, so that they never block the others.
func (l *Worker) dropStalled(ctx context.Context, s *warehouse.Session) error {
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
	return nil
}

// publishReady makes every complete document visible: first those held in
// memory, then those complete in staging. A document whose publication
// fails is discarded from staging and recorded as a dead letter, so that
// it never blocks the others.
func (l *Worker) publishReady(ctx context.Context, s *warehouse.Session) error {
	l.mu.Lock()
	l.dirty = false
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		close(l.published)
		l.published = make(chan struct{})
		l.mu.Unlock()
	}()
	if err := l.publishHeld(ctx, s); err != nil {
		return err
	}
	ids, err := s.Ready(ctx)
	if err != nil {
		return err
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
	l.report(loaded)
	return nil
}

// publishHeld publishes the held documents that are complete and
// announced, and stages those that cannot be: held too long, partly
// staged already, or beyond the hold budget (oldest first). It runs with
// pub held; it takes the documents it writes out of held, so that
// batches keep arriving meanwhile, and puts back what it could not write.
func (l *Worker) publishHeld(ctx context.Context, s *warehouse.Session) error {
	ids := l.heldIDs()
	l.mu.Lock()
	asked := slices.Clone(ids)
	for id := range l.announced {
		if l.held[id] == nil {
			asked = append(asked, id) // are its facts staged? (one query for both)
		}
	}
	l.mu.Unlock()
	if len(asked) == 0 {
		return nil
	}
	st, err := s.StagedState(ctx, asked)
	if err != nil {
		return err
	}
	var ready, waiting, unannounced, spill []string
	l.mu.Lock()
	for _, id := range ids {
		h, info, a := l.held[id], st[id], l.announced[id]
		announced := info.Announced == h.chunks || a != nil && a.docs[len(a.docs)-1].Chunks == h.chunks
		switch {
		case info.Chunks > 0:
			spill = append(spill, id)
		case len(h.seqs) == h.chunks && announced:
			ready = append(ready, id)
		case time.Since(h.since) > l.opt.HoldFor:
			spill = append(spill, id)
		case len(h.seqs) == h.chunks:
			unannounced = append(unannounced, id)
		default:
			waiting = append(waiting, id)
		}
	}
	n := l.nHeld
	for _, id := range ready {
		n -= len(l.held[id].msgs)
	}
	for _, id := range spill {
		n -= len(l.held[id].msgs)
	}
	// Over budget, the oldest incomplete documents go to staging. Complete
	// ones that wait only for their announcement (the announcements'
	// consumer is behind, as at start-up, when facts come first) go only
	// past twice the budget: staging them would cost two writes each
	// where the announcement, a moment later, lets them go in one.
	oldest := func(a, b string) int { return l.held[a].since.Compare(l.held[b].since) }
	slices.SortFunc(waiting, oldest)
	slices.SortFunc(unannounced, oldest)
	for _, id := range waiting {
		if n <= l.opt.Hold/2 {
			break
		}
		spill = append(spill, id)
		n -= len(l.held[id].msgs)
	}
	for _, id := range unannounced {
		if n <= 2*l.opt.Hold {
			break
		}
		spill = append(spill, id)
		n -= len(l.held[id].msgs)
	}
	l.log.Debug().Int("ready", len(ready)).Int("to_stage", len(spill)).Int("waiting", len(l.held)-len(ready)-len(spill)).
		Int("held_messages", l.nHeld).Msg("held documents")
	docs := make([]warehouse.Assembled, len(ready))
	taken := make([]*holding, len(ready))
	anns := make([]*announcement, len(ready))
	for i, id := range ready {
		taken[i] = l.take(id)
		docs[i] = warehouse.Assembled{DocID: id, Batches: taken[i].ordered()}
		if a := l.announced[id]; a != nil {
			delete(l.announced, id)
			anns[i] = a
			docs[i].Announcement = &a.docs[len(a.docs)-1]
		}
	}
	l.mu.Unlock()
	if len(ready) > 0 {
		loaded, err := s.PublishAssembled(ctx, docs)
		switch {
		case ctx.Err() != nil:
			l.putBack(ready, taken)
			l.putBackAnnounced(anns)
			return nil
		case err != nil:
			// Staging finds the document that fails and drops it alone.
			l.log.Warn().Err(err).Int("documents", len(ready)).Msg("publishing held documents failed; staging them")
			l.putBack(ready, taken)
			l.putBackAnnounced(anns)
			spill = append(spill, ready...)
		default:
			for i, h := range taken {
				l.ack(h.msgs)
				if anns[i] != nil {
					l.ack(anns[i].msgs)
				}
			}
			l.done(taken...)
			l.report(loaded)
		}
	}
	l.spill(ctx, s, spill)
	l.stageAnnounced(ctx, s, func(id string, a *announcement) bool {
		return st[id].Chunks > 0 || slices.Contains(spill, id) || time.Since(a.since) > l.opt.HoldFor
	})
	return nil
}

// stageAnnounced stages, and acknowledges, the announcements held for
// documents not held for which due says so: publishHeld stages those
// whose documents' facts are staged (by this worker just now, or by
// another) and those that have waited HoldFor. The rest wait for their
// documents' facts: an announcement usually comes before them (ingest
// runs ahead of transform), and then goes in with them. It runs with pub
// held; if ctx ends first it keeps them.
func (l *Worker) stageAnnounced(ctx context.Context, s *warehouse.Session, due func(id string, a *announcement) bool) {
	var (
		anns []*announcement
		docs []message.Document
		msgs []jetstream.Msg
	)
	l.mu.Lock()
	for id, a := range l.announced {
		if l.held[id] != nil || !due(id, a) {
			continue
		}
		delete(l.announced, id)
		anns = append(anns, a)
		docs, msgs = append(docs, a.docs...), append(msgs, a.msgs...)
	}
	l.mu.Unlock()
	if len(msgs) == 0 {
		return
	}
	if l.stage(ctx, s, msgs, docs, nil); ctx.Err() != nil {
		l.putBackAnnounced(anns)
	}
}

// putBackAnnounced returns announcements taken but not written, merged
// with deliveries that came meanwhile.
func (l *Worker) putBackAnnounced(anns []*announcement) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, a := range anns {
		if a == nil {
			continue
		}
		id := a.docs[0].DocID
		if now := l.announced[id]; now != nil {
			a.docs, a.msgs = append(a.docs, now.docs...), append(a.msgs, now.msgs...)
		}
		l.announced[id] = a
	}
}

// spill stages held documents' batches in one transaction (acknowledging
// them) and lets go of them; if ctx ends first it keeps holding them, so
// that the stopping worker's last spill tries again. It runs with pub
// held.
func (l *Worker) spill(ctx context.Context, s *warehouse.Session, ids []string) {
	var (
		taken   []*holding
		names   []string
		msgs    []jetstream.Msg
		batches []message.FactBatch
	)
	l.mu.Lock()
	for _, id := range ids {
		if h := l.take(id); h != nil {
			taken, names = append(taken, h), append(names, id)
			msgs, batches = append(msgs, h.msgs...), append(batches, h.batches...)
		}
	}
	l.mu.Unlock()
	if len(taken) == 0 {
		return
	}
	if l.stage(ctx, s, msgs, nil, batches); ctx.Err() != nil {
		l.putBack(names, taken)
		return
	}
	l.done(taken...)
}

// heldIDs lists the held documents.
func (l *Worker) heldIDs() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	ids := make([]string, 0, len(l.held))
	for id := range l.held {
		ids = append(ids, id)
	}
	return ids
}

// take removes a document from held to write it; its messages still
// count against the budget until done. Call with mu held.
func (l *Worker) take(id string) *holding {
	h := l.held[id]
	delete(l.held, id)
	if h != nil {
		l.writing += len(h.msgs)
	}
	return h
}

// done lets go of documents taken and written (or given up).
func (l *Worker) done(hs ...*holding) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, h := range hs {
		l.nHeld -= len(h.msgs)
		l.writing -= len(h.msgs)
	}
}

// putBack returns documents taken but not written to held, merged with
// whatever arrived for them meanwhile.
func (l *Worker) putBack(ids []string, hs []*holding) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, id := range ids {
		h, now := hs[i], l.held[id]
		l.writing -= len(h.msgs)
		if now != nil {
			h.batches, h.msgs = append(h.batches, now.batches...), append(h.msgs, now.msgs...)
			for seq := range now.seqs {
				h.seqs[seq] = true
			}
		}
		l.held[id] = h
	}
}

// ordered is the held batches by seq, each chunk once.
func (h *holding) ordered() []message.FactBatch {
	out := slices.Clone(h.batches)
	slices.SortStableFunc(out, func(a, b message.FactBatch) int { return cmp.Compare(a.Chunk.Seq, b.Chunk.Seq) })
	return slices.CompactFunc(out, func(a, b message.FactBatch) bool { return a.Chunk.Seq == b.Chunk.Seq })
}

func (l *Worker) report(loaded []warehouse.Loaded) {
	for _, ld := range loaded {
		l.log.Info().Str("doc_id", ld.DocID).Str("file", ld.FileName).Int("chunks", ld.Chunks).Int("facts", ld.Facts).
			Strs("replaced", ld.Replaced).Msg("document loaded")
		l.b.Metrics.LoadedDocument(ld.Facts)
		if l.opt.Loaded != nil {
			l.opt.Loaded(ld)
		}
	}
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
