package load_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"sync"
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
	b, w := testBus(t, ctx)

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

// testBus is an embedded server with factflow's streams and a fresh
// warehouse beside it.
func testBus(t *testing.T, ctx context.Context) (*bus.Bus, *warehouse.Warehouse) {
	t.Helper()
	dir := t.TempDir()
	srv, err := bus.StartEmbedded(filepath.Join(dir, "nats"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Shutdown)
	b, err := bus.Connect(ctx, bus.Config{URL: srv.URL(), Timeout: 5 * time.Second}, "test", zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	if err := b.Setup(ctx, 1<<20); err != nil {
		t.Fatal(err)
	}
	w, err := warehouse.Open(ctx, filepath.Join(dir, "w.duckdb"), warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return b, w
}

// publishDoc publishes a document of n chunks: its fact batches (one
// observation each), and its announcement if announce.
func publishDoc(t *testing.T, ctx context.Context, b *bus.Bus, id string, n int, announce bool) {
	t.Helper()
	var docs []message.Document
	if announce {
		docs = append(docs, announcement(id, n))
	}
	publishFacts(t, ctx, b, "", factBatches(id, n), docs...)
}

// publishFacts publishes fact batches, then announcements, each under a
// message id of prefix and its own id, and waits for the server to take
// them all.
func publishFacts(t *testing.T, ctx context.Context, b *bus.Bus, prefix string, batches []message.FactBatch, docs ...message.Document) {
	t.Helper()
	pub := b.NewPublisher(64)
	for _, fb := range batches {
		if err := pub.PublishJSON(ctx, b.Names.FactSubject(fb.DocID), fb, prefix+"facts:"+fb.Chunk.ChunkID); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range docs {
		if err := pub.PublishJSON(ctx, b.Names.DocSubject(d.DocID), d, prefix+"doc:"+d.DocID); err != nil {
			t.Fatal(err)
		}
	}
	if err := pub.Flush(ctx); err != nil {
		t.Fatal(err)
	}
}

// stagedState is the warehouse's StagedState of ids.
func stagedState(t *testing.T, ctx context.Context, w *warehouse.Warehouse, ids ...string) map[string]warehouse.StagedState {
	t.Helper()
	var st map[string]warehouse.StagedState
	if err := w.Do(ctx, func(s *warehouse.Session) (err error) {
		st, err = s.StagedState(ctx, ids)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return st
}

// factBatches are the fact batches of a document of n chunks, one
// observation each.
func factBatches(id string, n int) []message.FactBatch {
	out := make([]message.FactBatch, n)
	for seq := range n {
		cid := fmt.Sprintf("%s-%05d", id, seq)
		out[seq] = message.FactBatch{Schema: message.FactBatchV1, DocID: id,
			Chunk: message.Chunk{Schema: message.ChunkV1, ChunkID: cid, DocID: id, Seq: seq, Chunks: n,
				CharStart: 10 * seq, CharEnd: 10*seq + 10, Text: fmt.Sprintf("In 2020, %d.", 1000+seq)},
			Observations: []message.Observation{{ObsID: cid + "-o", DocID: id, ChunkID: cid, Metric: "x_m", YearStart: 2020,
				YearEnd: 2020, Value: float64(1000 + seq), Unit: "count", Quote: fmt.Sprint(1000 + seq),
				CharStart: 10*seq + 9, CharEnd: 10*seq + 13, Extractor: "test"}},
		}
	}
	return out
}

func announcement(id string, n int) message.Document {
	return message.Document{Schema: message.DocumentV1, DocID: id, FileName: id + ".txt", SourceURI: "/" + id + ".txt",
		Encoding: "utf-8", Bytes: int64(10 * n), Chars: 10 * n, Chunks: n, IngestedAt: time.Now().UTC().Format(time.RFC3339Nano)}
}

// rowsOf counts a document's chunks and observations, and their distinct ids.
func rowsOf(t *testing.T, ctx context.Context, w *warehouse.Warehouse, id string) (docs, chunks, distinctChunks, obs, distinctObs int) {
	t.Helper()
	err := w.Do(ctx, func(s *warehouse.Session) error {
		c := s.Conn()
		if err := c.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE doc_id = $1`, id).Scan(&docs); err != nil {
			return err
		}
		if err := c.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT chunk_id) FROM chunks WHERE doc_id = $1`, id).Scan(&chunks, &distinctChunks); err != nil {
			return err
		}
		return c.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT obs_id) FROM observations WHERE doc_id = $1`, id).Scan(&obs, &distinctObs)
	})
	if err != nil {
		t.Fatal(err)
	}
	return
}

// runWorkers runs loaders until want documents are reported loaded, or
// fails after a minute; it returns how many times each was reported.
func runWorkers(t *testing.T, ctx context.Context, want, hold int, workers ...func(load.Options) *load.Worker) map[string]int {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	var mu sync.Mutex
	seen := map[string]int{}
	done := make(chan struct{})
	opt := load.Options{Batch: 2, PublishEvery: 50 * time.Millisecond, HoldFor: 300 * time.Millisecond, Hold: hold,
		Loaded: func(l warehouse.Loaded) {
			mu.Lock()
			defer mu.Unlock()
			seen[l.DocID]++
			if len(seen) == want {
				close(done)
			}
		}}
	var wg sync.WaitGroup
	for _, newWorker := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := newWorker(opt).Run(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	select {
	case <-done:
	case <-ctx.Done():
		t.Error("timed out waiting for the documents to load")
	}
	cancel()
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	return seen
}

// TestLoadPaths: documents load once, whole, whichever way their fact
// batches take: held in memory by one worker; too large to hold (staged
// at once, then moved from staging); split between two workers (neither
// may hold them all: each stages its part after HoldFor); announced only
// after all its batches.
func TestLoadPaths(t *testing.T) {
	for _, tc := range []struct {
		name     string
		workers  int
		hold     int  // load.Options.Hold; 0 for the default
		announce bool // before the worker starts; else after a while
	}{
		{"held by one worker", 1, 0, true},
		{"too large to hold", 1, 4, true},
		{"split between two workers", 2, 0, true},
		{"announced last", 1, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			b, w := testBus(t, ctx)
			publishDoc(t, ctx, b, "d1", 9, tc.announce)
			publishDoc(t, ctx, b, "d2", 1, true)
			if !tc.announce {
				go func() {
					time.Sleep(200 * time.Millisecond)
					data, _ := message.Encode(announcement("d1", 9))
					if _, err := b.JS.Publish(ctx, b.Names.DocSubject("d1"), data); err != nil {
						t.Error(err)
					}
				}()
			}
			var workers []func(load.Options) *load.Worker
			for range tc.workers {
				workers = append(workers, func(o load.Options) *load.Worker { return load.New(b, w, o, zerolog.Nop()) })
			}
			seen := runWorkers(t, ctx, 2, tc.hold, workers...)
			if seen["d1"] != 1 || seen["d2"] != 1 {
				t.Errorf("loaded %v, want each document once", seen)
			}
			for id, n := range map[string]int{"d1": 9, "d2": 1} {
				docs, chunks, dc, obs, do := rowsOf(t, ctx, w, id)
				if docs != 1 || chunks != n || dc != n || obs != n || do != n {
					t.Errorf("%s: %d documents, %d chunks (%d distinct), %d observations (%d distinct); want 1 and %d each",
						id, docs, chunks, dc, obs, do, n)
				}
			}
		})
	}
}

// TestPublishesOnCatchingUp: once the loader has taken everything there
// is, a complete document is published at once, not on the next tick
// (an hour here; the test gives up long before, and before the first
// periodic settle).
func TestPublishesOnCatchingUp(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	b, w := testBus(t, ctx)
	publishDoc(t, ctx, b, "d0c", 3, true)
	loaded := make(chan warehouse.Loaded, 1)
	loader := load.New(b, w, load.Options{PublishEvery: time.Hour, StallAfter: time.Hour,
		Loaded: func(l warehouse.Loaded) { loaded <- l }}, zerolog.Nop())
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- loader.Run(runCtx) }()
	select {
	case l := <-loaded:
		if l.DocID != "d0c" {
			t.Fatalf("loaded %+v", l)
		}
	case <-ctx.Done():
		t.Fatal("the complete document waited for the tick")
	}
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestTake: fact batches handed over in process (transform.Handoff) load
// as those from the facts stream do, and settle the chunk messages they
// came with: a document's chunks stay unacknowledged (a crash redelivers
// them) until it is loaded, and a batch that is not valid is dead-lettered
// with its chunk.
func TestTake(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	b, w := testBus(t, ctx)
	batches := append(factBatches("d0c", 3), message.FactBatch{Schema: message.FactBatchV1, DocID: "bad",
		Chunk: message.Chunk{Schema: message.ChunkV1, ChunkID: "bad-0", DocID: "other", Chunks: 1}})
	cons, msgs := chunkMessages(t, ctx, b, batches, announcement("d0c", 3))
	unacked := func() int {
		t.Helper()
		info, err := cons.Info(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return info.NumAckPending
	}

	loaded := make(chan warehouse.Loaded, 1)
	dead := make(chan message.DeadLetter, 1)
	loader := load.New(b, w, load.Options{PublishEvery: 50 * time.Millisecond, StallAfter: time.Hour,
		Loaded: func(l warehouse.Loaded) { loaded <- l }, Dead: func(d message.DeadLetter) { dead <- d }}, zerolog.Nop())
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- loader.Run(runCtx) }()

	// Two of three chunks and the bad one: the bad one is settled at once,
	// the document's wait for their third.
	if err := loader.Take(ctx, []message.FactBatch{batches[0], batches[1], batches[3]}, []jetstream.Msg{msgs[0], msgs[1], msgs[3]}, false); err != nil {
		t.Fatal(err)
	}
	select {
	case d := <-dead:
		if d.Source != "bad-0" || d.Subject != msgs[3].Subject() {
			t.Errorf("dead letter %+v, want one for chunk bad-0 on %s", d, msgs[3].Subject())
		}
	case <-ctx.Done():
		t.Fatal("the bad batch was not dead-lettered")
	}
	time.Sleep(300 * time.Millisecond) // six publishing ticks
	if n := unacked(); n != 3 {
		t.Errorf("%d chunks unacknowledged while their document is incomplete, want 3 (2 held, 1 not handed over)", n)
	}
	if docs, _, _, _, _ := rowsOf(t, ctx, w, "d0c"); docs != 0 {
		t.Fatal("an incomplete document was published")
	}

	if err := loader.Take(ctx, batches[2:3], msgs[2:3], true); err != nil {
		t.Fatal(err)
	}
	select {
	case l := <-loaded:
		if l.DocID != "d0c" || l.Chunks != 3 || l.Facts != 3 {
			t.Errorf("loaded %+v, want d0c with 3 chunks and 3 facts", l)
		}
	case <-ctx.Done():
		t.Fatal("the complete document was not loaded")
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) { // acks are asynchronous
		n := unacked()
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d chunks unacknowledged after their document loaded", n)
		}
	}
	if docs, chunks, _, obs, _ := rowsOf(t, ctx, w, "d0c"); docs != 1 || chunks != 3 || obs != 3 {
		t.Errorf("d0c: %d documents, %d chunks, %d observations; want 1, 3, 3", docs, chunks, obs)
	}
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// chunkMessages publishes the chunks of batches and the announcements, and
// fetches the chunk messages as a transform worker would, in order.
func chunkMessages(t *testing.T, ctx context.Context, b *bus.Bus, batches []message.FactBatch, docs ...message.Document) (jetstream.Consumer, []jetstream.Msg) {
	t.Helper()
	pub := b.NewPublisher(8)
	for _, fb := range batches {
		if err := pub.PublishJSON(ctx, b.Names.ChunkSubject(fb.Chunk.DocID), fb.Chunk, "chunk:"+fb.Chunk.ChunkID); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range docs {
		if err := pub.PublishJSON(ctx, b.Names.DocSubject(d.DocID), d, "doc:"+d.DocID); err != nil {
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
	mb, err := cons.Fetch(len(batches), jetstream.FetchMaxWait(5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	var msgs []jetstream.Msg
	for m := range mb.Messages() {
		msgs = append(msgs, m)
	}
	if len(msgs) != len(batches) {
		t.Fatalf("fetched %d chunks, want %d", len(msgs), len(batches))
	}
	return cons, msgs
}

// TestTakeOverBudget: batches handed over past the hold budget have the
// publishing loop publish at once (its tick is an hour away), and under
// the budget they wait for it.
func TestTakeOverBudget(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	b, w := testBus(t, ctx)
	a, c := factBatches("a", 2), factBatches("c", 1)
	_, msgs := chunkMessages(t, ctx, b, append(a, c...), announcement("a", 2), announcement("c", 1))
	loaded := make(chan warehouse.Loaded, 2)
	loader := load.New(b, w, load.Options{Hold: 2, PublishEvery: time.Hour, StallAfter: time.Hour,
		Loaded: func(l warehouse.Loaded) { loaded <- l }}, zerolog.Nop())
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- loader.Run(runCtx) }()
	// Both announcements in hand first, so that each document is
	// complete once its batches are; and their consumer's catching up,
	// which wakes the publishing loop too, past.
	waitAnnouncements(t, ctx, b, 2)
	time.Sleep(300 * time.Millisecond)

	if err := loader.Take(ctx, a, msgs[:2], false); err != nil {
		t.Fatal(err)
	}
	select {
	case l := <-loaded:
		t.Fatalf("%s published within the budget before the tick", l.DocID)
	case <-time.After(300 * time.Millisecond):
	}
	// Well before the first periodic settle (30 s), which would publish
	// them too.
	takeCtx, cancelTake := context.WithTimeout(ctx, 10*time.Second)
	defer cancelTake()
	if err := loader.Take(takeCtx, c, msgs[2:], false); err != nil {
		t.Fatal(err)
	}
	if takeCtx.Err() != nil {
		t.Fatal("the batch over the budget waited for a publication that never came")
	}
	got := map[string]int{}
	for len(got) < 2 {
		select {
		case l := <-loaded:
			got[l.DocID] = l.Chunks
		case <-time.After(10 * time.Second):
			t.Fatalf("loaded %v after going over the budget, want a and c", got)
		}
	}
	if got["a"] != 2 || got["c"] != 1 {
		t.Errorf("loaded %v, want a with 2 chunks and c with 1", got)
	}
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// waitAnnouncements waits until the loader holds n announcements
// unacknowledged and none is left to deliver.
func waitAnnouncements(t *testing.T, ctx context.Context, b *bus.Bus, n int) {
	t.Helper()
	waitInHand(t, ctx, b, b.Names.DocsStream(), bus.ConsumerLoadDocs, n)
}

// waitInHand waits until the loader holds n messages of a consumer
// unacknowledged and none is left to deliver.
func waitInHand(t *testing.T, ctx context.Context, b *bus.Bus, stream, consumer string, n int) {
	t.Helper()
	var last error
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		// The loader creates its consumer when it starts.
		cons, err := b.JS.Consumer(ctx, stream, consumer)
		if err != nil {
			last = err
			continue
		}
		ci, err := cons.Info(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if ci.NumAckPending == n && ci.NumPending == 0 {
			return
		}
		last = fmt.Errorf("%s: %d in hand, %d to deliver; want %d and 0", consumer, ci.NumAckPending, ci.NumPending, n)
	}
	t.Fatal(last)
}

// TestAnnouncementsHeld: an announcement waits in memory, unstaged, for
// its document's facts and goes in with them; one whose document's facts
// are staged (here, too many chunks to hold) is staged by the next
// publication, which then publishes that document from staging.
func TestAnnouncementsHeld(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, w := testBus(t, ctx)
	held, big := factBatches("dA", 3), factBatches("dB", 5)
	publishFacts(t, ctx, b, "", append(held[:2:2], big...), announcement("dA", 3), announcement("dB", 5))
	loaded := make(chan string, 4)
	loader := load.New(b, w, load.Options{Hold: 4, PublishEvery: 50 * time.Millisecond, HoldFor: time.Minute, StallAfter: time.Hour,
		Loaded: func(l warehouse.Loaded) { loaded <- l.DocID }}, zerolog.Nop())
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- loader.Run(runCtx) }()
	next := func() string {
		t.Helper()
		select {
		case id := <-loaded:
			return id
		case <-ctx.Done():
			t.Fatal("timed out waiting for a document to load")
			return ""
		}
	}
	if id := next(); id != "dB" {
		t.Fatalf("loaded %s first, want dB (staged, with its announcement)", id)
	}
	waitAnnouncements(t, ctx, b, 1) // dA's, held
	if st := stagedState(t, ctx, w, "dA")["dA"]; st != (warehouse.StagedState{}) {
		t.Errorf("dA staged as %+v while held, want nothing staged", st)
	}
	publishFacts(t, ctx, b, "", held[2:])
	if id := next(); id != "dA" {
		t.Fatalf("loaded %s, want dA once complete", id)
	}
	waitAnnouncements(t, ctx, b, 0)
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for id, n := range map[string]int{"dA": 3, "dB": 5} {
		if docs, chunks, _, obs, _ := rowsOf(t, ctx, w, id); docs != 1 || chunks != n || obs != n {
			t.Errorf("%s: %d documents, %d chunks, %d observations; want 1, %d, %d", id, docs, chunks, obs, n, n)
		}
	}
}

// TestStopStagesAnnouncements: a worker that stops while it holds part of
// a document and its announcement stages both, acknowledging them, and
// the next worker completes the document from staging.
func TestStopStagesAnnouncements(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, w := testBus(t, ctx)
	batches := factBatches("dS", 3)
	publishFacts(t, ctx, b, "", batches[:2], announcement("dS", 3))
	opt := load.Options{PublishEvery: 50 * time.Millisecond, HoldFor: time.Minute, StallAfter: time.Hour}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- load.New(b, w, opt, zerolog.Nop()).Run(runCtx) }()
	waitAnnouncements(t, ctx, b, 1)
	waitInHand(t, ctx, b, b.Names.FactsStream(), bus.ConsumerLoadFacts, 2)
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if st := stagedState(t, ctx, w, "dS")["dS"]; st != (warehouse.StagedState{Announced: 3, Chunks: 2}) {
		t.Fatalf("staged at stop: %+v, want the announcement and 2 chunks", st)
	}
	waitAnnouncements(t, ctx, b, 0) // acknowledged, not to be redelivered
	// The stopped worker's last pull requests (100 ms) must expire first,
	// or the server hands them the next batch, which then waits AckWait.
	time.Sleep(300 * time.Millisecond)

	publishFacts(t, ctx, b, "", batches[2:])
	seen := runWorkers(t, ctx, 1, 0, func(o load.Options) *load.Worker { return load.New(b, w, o, zerolog.Nop()) })
	if seen["dS"] != 1 {
		t.Errorf("loaded %v, want dS once", seen)
	}
	if docs, chunks, dc, obs, _ := rowsOf(t, ctx, w, "dS"); docs != 1 || chunks != 3 || dc != 3 || obs != 3 {
		t.Errorf("dS: %d documents, %d chunks (%d distinct), %d observations; want 1, 3, 3, 3", docs, chunks, dc, obs)
	}
}

// TestRedeliveredLoaded: a loaded document's batches and announcement,
// delivered again (a crash after loading, before the acks), leave its rows
// as they are, once each, and are all acknowledged, without a publication
// failing on the way (it would send every document in it to staging).
func TestRedeliveredLoaded(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, w := testBus(t, ctx)
	newWorker := func(o load.Options) *load.Worker { return load.New(b, w, o, zerolog.Nop()) }
	publishDoc(t, ctx, b, "dR", 2, true)
	if seen := runWorkers(t, ctx, 1, 0, newWorker); seen["dR"] != 1 {
		t.Fatalf("loaded %v, want dR once", seen)
	}
	// The stopped worker's last pull requests must expire first (see
	// TestStopStagesAnnouncements).
	time.Sleep(300 * time.Millisecond)
	// Again, under other message ids (the server would drop the same ones).
	publishFacts(t, ctx, b, "again:", factBatches("dR", 2), announcement("dR", 2))
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	var logged lockedBuffer
	go func() {
		done <- load.New(b, w, load.Options{PublishEvery: 50 * time.Millisecond, HoldFor: 300 * time.Millisecond,
			StallAfter: time.Hour}, zerolog.New(&logged).Level(zerolog.WarnLevel)).Run(runCtx)
	}()
	waitInHand(t, ctx, b, b.Names.DocsStream(), bus.ConsumerLoadDocs, 0)
	waitInHand(t, ctx, b, b.Names.FactsStream(), bus.ConsumerLoadFacts, 0)
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if docs, chunks, dc, obs, do := rowsOf(t, ctx, w, "dR"); docs != 1 || chunks != 2 || dc != 2 || obs != 2 || do != 2 {
		t.Errorf("dR: %d documents, %d chunks (%d distinct), %d observations (%d distinct); want 1 and 2 each",
			docs, chunks, dc, obs, do)
	}
	if s := logged.String(); s != "" {
		t.Errorf("warnings logged: %s", s)
	}
}

// lockedBuffer is a log destination several goroutines write to.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
