package bench

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/factflow/factflow/pipeline/bus"
	"github.com/factflow/factflow/pipeline/chunk"
	"github.com/factflow/factflow/pipeline/extract"
	"github.com/factflow/factflow/pipeline/facts"
	"github.com/factflow/factflow/pipeline/ingest"
	"github.com/factflow/factflow/pipeline/legal"
	"github.com/factflow/factflow/pipeline/load"
	"github.com/factflow/factflow/pipeline/message"
	"github.com/factflow/factflow/pipeline/source"
	"github.com/factflow/factflow/pipeline/warehouse"
	"github.com/factflow/factflow/schemas"
)

// sample is the part of the corpus the baselines and single stages use,
// prepared in memory.
type sample struct {
	paths     []string
	bytes     int64 // file bytes
	texts     map[string]string
	docs      []message.Document
	chunks    []message.Chunk
	textBytes int64    // chunk text bytes
	msgs      [][]byte // chunk messages as ingest publishes them
	msgBytes  int64
	batches   []message.FactBatch // filled by the extract stage
}

func loadSample(paths []string, limit int64, opt chunk.Options) (*sample, error) {
	s := &sample{texts: map[string]string{}}
	for _, p := range paths {
		if s.bytes >= limit {
			break
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		text, enc, err := source.Decode(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		abs, _ := filepath.Abs(p)
		doc, chunks := facts.Prepare(source.ID(text), filepath.Base(p), abs, text, enc, int64(len(data)), opt)
		s.paths = append(s.paths, p)
		s.bytes += int64(len(data))
		s.texts[doc.DocID] = text
		s.docs = append(s.docs, doc)
		for _, c := range chunks {
			b, err := json.Marshal(c)
			if err != nil {
				return nil, err
			}
			s.msgs = append(s.msgs, b)
			s.msgBytes += int64(len(b))
			s.textBytes += int64(len(c.Text))
		}
		s.chunks = append(s.chunks, chunks...)
	}
	return s, nil
}

// baselines measures the machine: JetStream async publish and consume+ack
// of messages the sizes of the sample's chunks (embedded server, file
// store), and DuckDB's Appender into tables shaped like the warehouse's,
// with and without primary keys.
func (r *run) baselines(ctx context.Context, dir string, s *sample) error {
	var consume []time.Duration
	d, err := median(r.cfg.Reps, func() (time.Duration, error) {
		pub, con, err := rawJetStream(ctx, filepath.Join(dir, "raw-nats"), s, true)
		consume = append(consume, con)
		return pub, err
	})
	if err != nil {
		return fmt.Errorf("raw publish: %w", err)
	}
	r.res.RawPublishMBs = mb(s.msgBytes) / d.Seconds()
	r.add("raw JetStream publish", fmt.Sprintf("%.1f MB/s", r.res.RawPublishMBs),
		fmt.Sprintf("%.0f msgs/s; async, Nats-Msg-Id, file store, work queue", float64(len(s.msgs))/d.Seconds()))
	c := medianOf(consume)
	r.res.RawConsumeMBs = mb(s.msgBytes) / c.Seconds()
	r.add("raw JetStream consume+ack", fmt.Sprintf("%.1f MB/s", r.res.RawConsumeMBs),
		fmt.Sprintf("%.0f msgs/s; pull fetch 256, ack each", float64(len(s.msgs))/c.Seconds()))
	d, err = median(r.cfg.Reps, func() (time.Duration, error) {
		pub, _, err := rawJetStream(ctx, filepath.Join(dir, "raw-nats"), s, false)
		return pub, err
	})
	if err != nil {
		return fmt.Errorf("raw publish: %w", err)
	}
	r.res.RawPublishNoIDMBs = mb(s.msgBytes) / d.Seconds()
	r.add("raw JetStream publish, no msg id", fmt.Sprintf("%.1f MB/s", r.res.RawPublishNoIDMBs), "")

	if s.batches == nil {
		s.batches = extractAll(s.chunks, runtime.GOMAXPROCS(0), true)
		// The batches are the sample's largest part, and the stages
		// measured after this must not pay the collector for them.
		r.roomForSample()
	}
	rows := s.rows()
	for _, keyed := range []bool{true, false} {
		d, err := median(r.cfg.Reps, func() (time.Duration, error) {
			return rawAppend(ctx, filepath.Join(dir, "raw.duckdb"), s, keyed)
		})
		if err != nil {
			return fmt.Errorf("raw append: %w", err)
		}
		rate := float64(rows) / d.Seconds()
		name := "raw DuckDB Appender, primary keys"
		if keyed {
			r.res.RawAppendKeyRows = rate
		} else {
			r.res.RawAppendRows = rate
			name = "raw DuckDB Appender, no keys"
		}
		r.add(name, fmt.Sprintf("%.0f rows/s", rate), fmt.Sprintf("%d rows (documents, chunks with their text, facts) in one transaction", rows))
	}
	return nil
}

// rows is how many rows the sample makes in the warehouse.
func (s *sample) rows() int {
	n := len(s.docs) + len(s.chunks)
	for _, b := range s.batches {
		n += len(b.Observations) + len(b.References) + len(b.Instruments)
	}
	return n
}

func medianOf(ds []time.Duration) time.Duration {
	x := slices.Clone(ds)
	slices.Sort(x)
	return x[len(x)/2]
}

// rawJetStream publishes the sample's chunk messages asynchronously to a
// fresh stream, then consumes and acks them all; it returns both times.
func rawJetStream(ctx context.Context, store string, s *sample, ids bool) (pub, con time.Duration, err error) {
	os.RemoveAll(store)
	defer os.RemoveAll(store)
	srv, err := bus.StartEmbedded(store)
	if err != nil {
		return 0, 0, err
	}
	defer srv.Shutdown()
	// In process, as factflow's stages connect to the embedded server.
	nc, err := nats.Connect(srv.URL(), nats.InProcessServer(srv.InProcess()))
	if err != nil {
		return 0, 0, err
	}
	defer nc.Close()
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(4096))
	if err != nil {
		return 0, 0, err
	}
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{
		Name: "RAW", Subjects: []string{"raw.>"}, Storage: jetstream.FileStorage,
		Retention: jetstream.WorkQueuePolicy, Duplicates: 10 * time.Minute, MaxMsgSize: 1 << 20,
		PersistMode: jetstream.AsyncPersistMode, // as factflow's streams on the embedded server
	}); err != nil {
		return 0, 0, err
	}
	start := time.Now()
	for i, m := range s.msgs {
		opts := []jetstream.PublishOpt{}
		if ids {
			opts = append(opts, jetstream.WithMsgID(s.chunks[i].ChunkID))
		}
		if _, err := js.PublishMsgAsync(&nats.Msg{Subject: "raw." + s.chunks[i].DocID, Data: m}, opts...); err != nil {
			return 0, 0, err
		}
	}
	select {
	case <-js.PublishAsyncComplete():
	case <-ctx.Done():
		return 0, 0, ctx.Err()
	case <-time.After(10 * time.Minute):
		return 0, 0, fmt.Errorf("publish did not complete")
	}
	pub = time.Since(start)

	cons, err := js.CreateOrUpdateConsumer(ctx, "RAW", jetstream.ConsumerConfig{
		Durable: "raw", AckPolicy: jetstream.AckExplicitPolicy, AckWait: time.Minute,
		MaxAckPending: 8192, DeliverPolicy: jetstream.DeliverAllPolicy,
	})
	if err != nil {
		return pub, 0, err
	}
	start = time.Now()
	got := 0
	for got < len(s.msgs) {
		if err := ctx.Err(); err != nil {
			return pub, 0, err
		}
		mb, err := cons.Fetch(min(256, len(s.msgs)-got), jetstream.FetchMaxWait(2*time.Second))
		if err != nil {
			return pub, 0, err
		}
		for m := range mb.Messages() {
			if err := m.Ack(); err != nil {
				return pub, 0, err
			}
			got++
		}
	}
	// Acks are asynchronous: a round trip makes sure they are all in.
	if err := nc.Flush(); err != nil {
		return pub, 0, err
	}
	return pub, time.Since(start), nil
}

// rawAppend appends every row the sample makes to a fresh DuckDB file
// with the warehouse's schema, in one transaction: into the analysts'
// tables, each given a primary key, or the staging tables (none).
func rawAppend(ctx context.Context, path string, s *sample, keyed bool) (time.Duration, error) {
	os.Remove(path)
	os.Remove(path + ".wal")
	defer os.Remove(path)
	defer os.Remove(path + ".wal")
	db, err := sql.Open("duckdb", path)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	c, err := db.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, schemas.Warehouse); err != nil {
		return 0, err
	}
	schema := "main"
	if !keyed {
		schema = "staging"
	} else {
		// The baseline the issue names is an Appender into tables with a
		// primary key; the warehouse leaves it off its largest tables.
		for table, key := range map[string]string{"chunks": "chunk_id", "observations": "obs_id",
			"legal_references": "ref_id", "instrument_mentions": "mention_id"} {
			if _, err := c.ExecContext(ctx, `ALTER TABLE `+table+` ADD PRIMARY KEY (`+key+`)`); err != nil {
				return 0, fmt.Errorf("key %s: %w", table, err)
			}
		}
	}
	start := time.Now()
	if _, err := c.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return 0, err
	}
	err = c.Raw(func(dc any) error {
		// add appends n rows given by name, so that columns added to the
		// schema later are filled with NULL rather than break this.
		add := func(table string, names []string, n int, row func(i int) []driver.Value) error {
			cols, err := columns(ctx, db, schema, table)
			if err != nil {
				return err
			}
			from := make([]int, len(cols))
			for j, col := range cols {
				from[j] = slices.Index(names, col)
			}
			a, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), schema, table)
			if err != nil {
				return err
			}
			vals := make([]driver.Value, len(cols))
			for i := 0; i < n; i++ {
				src := row(i)
				for j, k := range from {
					vals[j] = nil
					if k >= 0 {
						vals[j] = src[k]
					}
				}
				if err := a.AppendRow(vals...); err != nil {
					a.Close()
					return fmt.Errorf("%s.%s: %w", schema, table, err)
				}
			}
			return a.Close()
		}
		now := time.Now()
		// The texts go with the chunks, as the loader writes them.
		docTable := "document_meta"
		if !keyed {
			docTable = "documents"
		}
		if err := add(docTable, []string{"doc_id", "file_name", "source_uri", "title", "doc_type", "issuer", "doc_year",
			"period_start", "period_end", "encoding", "text", "bytes", "chars", "chunks", "run_id", "ingested_at", "loaded_at",
			"status", "staged_at"}, len(s.docs), func(i int) []driver.Value {
			d := s.docs[i]
			return []driver.Value{d.DocID, d.FileName, d.SourceURI, str(d.Title), str(d.DocType), str(d.Issuer),
				i32(d.DocYear), i32(d.PeriodStart), i32(d.PeriodEnd), d.Encoding, s.texts[d.DocID], d.Bytes,
				int64(d.Chars), int32(d.Chunks), str(d.RunID), now, now, "current", now}
		}); err != nil {
			return err
		}
		if err := add("chunks", []string{"chunk_id", "doc_id", "seq", "paragraph", "char_start", "char_end", "text"},
			len(s.chunks), func(i int) []driver.Value {
				ch := s.chunks[i]
				return []driver.Value{ch.ChunkID, ch.DocID, int32(ch.Seq), iptr(ch.Paragraph), int64(ch.CharStart), int64(ch.CharEnd), ch.Text}
			}); err != nil {
			return err
		}
		var obs []message.Observation
		var refs []message.LegalReference
		var ins []message.Instrument
		for _, b := range s.batches {
			obs = append(obs, b.Observations...)
			refs = append(refs, b.References...)
			ins = append(ins, b.Instruments...)
		}
		if err := add("observations", []string{"obs_id", "doc_id", "chunk_id", "paragraph", "metric", "metric_label",
			"year_start", "year_end", "period", "value", "unit", "qualifier", "quote", "char_start", "char_end", "extractor"},
			len(obs), func(i int) []driver.Value {
				o := obs[i]
				return []driver.Value{o.ObsID, o.DocID, o.ChunkID, iptr(o.Paragraph), o.Metric, str(o.MetricLabel),
					int32(o.YearStart), int32(o.YearEnd), str(o.Period), o.Value, o.Unit, str(o.Qualifier),
					o.Quote, int64(o.CharStart), int64(o.CharEnd), o.Extractor}
			}); err != nil {
			return err
		}
		if err := add("legal_references", []string{"ref_id", "doc_id", "chunk_id", "paragraph", "code", "article", "part",
			"article_name", "quote", "char_start", "char_end", "extractor"}, len(refs), func(i int) []driver.Value {
			x := refs[i]
			return []driver.Value{x.RefID, x.DocID, x.ChunkID, iptr(x.Paragraph), x.Code, x.Article,
				str(x.Part), str(x.ArticleName), x.Quote, int64(x.CharStart), int64(x.CharEnd), x.Extractor}
		}); err != nil {
			return err
		}
		return add("instrument_mentions", []string{"mention_id", "instrument_id", "doc_id", "chunk_id", "paragraph", "kind",
			"title", "number", "issued_on", "year", "issuer", "quote", "char_start", "char_end", "extractor"},
			len(ins), func(i int) []driver.Value {
				m := ins[i]
				var issued driver.Value
				if t, err := time.Parse(time.DateOnly, m.IssuedOn); err == nil {
					issued = t
				}
				return []driver.Value{m.MentionID, m.InstrumentID, m.DocID, m.ChunkID, iptr(m.Paragraph), m.Kind,
					str(m.Title), str(m.Number), issued, i32(m.Year), str(m.Issuer),
					m.Quote, int64(m.CharStart), int64(m.CharEnd), m.Extractor}
			})
	})
	if err != nil {
		return 0, err
	}
	if _, err := c.ExecContext(ctx, "COMMIT"); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

// columns lists a table's columns in order.
func columns(ctx context.Context, db *sql.DB, schema, table string) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT column_name FROM information_schema.columns
		WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`, schema, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func str(s string) driver.Value {
	if s == "" {
		return nil
	}
	return s
}

func i32(v int) driver.Value {
	if v == 0 {
		return nil
	}
	return int32(v)
}

func iptr(p *int) driver.Value {
	if p == nil {
		return nil
	}
	return int32(*p)
}

// stages measures each stage alone: ingest to the stream with no
// consumer, extraction in memory, loading pre-made fact batches.
func (r *run) stages(ctx context.Context, dir string, s *sample) error {
	// Ingest: read, decode, chunk, publish; nobody consumes.
	d, err := median(r.cfg.Reps, func() (time.Duration, error) {
		return ingestOnly(ctx, filepath.Join(dir, "ingest-nats"), s.paths, r.cfg.Chunk, r)
	})
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	r.res.IngestMBs = mb(s.msgBytes) / d.Seconds()
	r.add("ingest → stream", fmt.Sprintf("%.1f MB/s", r.res.IngestMBs),
		fmt.Sprintf("of chunk messages (%.1f MB/s of files); %.0f chunks/s", mb(s.bytes)/d.Seconds(), float64(len(s.chunks))/d.Seconds()))

	// Extract, on one goroutine and on one per core. The timed runs drop
	// each batch as it is made, as a transform worker does once it has
	// published it; the load below gets batches made untimed.
	cores := runtime.GOMAXPROCS(0)
	var cpu []time.Duration
	d, err = median(r.cfg.Reps, func() (time.Duration, error) {
		start := time.Now()
		c := extractOnThread(s.chunks)
		cpu = append(cpu, c)
		return time.Since(start), nil
	})
	if err != nil {
		return err
	}
	r.res.ExtractMBsWall = mb(s.textBytes) / d.Seconds()
	r.res.ExtractMBsPerCore = r.res.ExtractMBsWall
	if c := medianOf(cpu); c > 0 {
		// On a shared machine the thread's own CPU time says what a core
		// does; wall time says what the neighbours left of it.
		r.res.ExtractMBsPerCore = mb(s.textBytes) / c.Seconds()
	}
	r.add("extract, 1 goroutine", fmt.Sprintf("%.1f MB/s per CPU second", r.res.ExtractMBsPerCore),
		fmt.Sprintf("of chunk text; facts.FromChunk; %.1f MB/s of wall time", r.res.ExtractMBsWall))
	if c := medianOf(cpu); c > 0 {
		r.extractParts(s, c)
	}
	d, err = median(r.cfg.Reps, func() (time.Duration, error) {
		start := time.Now()
		extractAll(s.chunks, cores, false)
		return time.Since(start), nil
	})
	if err != nil {
		return err
	}
	r.res.ExtractMBsAll = mb(s.textBytes) / d.Seconds()
	r.add(fmt.Sprintf("extract, %d goroutines", cores), fmt.Sprintf("%.1f MB/s", r.res.ExtractMBsAll),
		fmt.Sprintf("%.1f MB/s per core", r.res.ExtractMBsAll/float64(cores)))
	if s.batches == nil {
		s.batches = extractAll(s.chunks, cores, true)
	}
	r.roomForSample() // the sample now holds its fact batches too

	// Load: staging and publishing pre-made batches into a fresh warehouse.
	rows := s.rows()
	d, err = median(r.cfg.Reps, func() (time.Duration, error) {
		return loadOnly(ctx, dir, s, r)
	})
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	r.res.LoadRowsS = float64(rows) / d.Seconds()
	r.add("load", fmt.Sprintf("%.0f rows/s", r.res.LoadRowsS),
		fmt.Sprintf("%d rows, %.1f MB/s of chunk text; the load worker, from JetStream", rows, mb(s.textBytes)/d.Seconds()))
	return nil
}

// extractor is one of the extractors facts.FromChunk runs, called as it
// calls it: over the chunk's context and text.
type extractor struct {
	name, key string
	run       func(c *message.Chunk, full string)
}

// extractors are FromChunk's extractors, in its order.
func extractors() []extractor {
	var obs []extract.Observation // reused: only the time is wanted
	return []extractor{
		{"observations", "observations", func(c *message.Chunk, full string) {
			doc := extract.Doc{Year: c.DocYear, PeriodStart: c.PeriodStart, PeriodEnd: c.PeriodEnd}
			obs = extract.AppendObservationsFrom(obs[:0], full, doc, len(c.Context))
		}},
		{"references", "legal_references", func(c *message.Chunk, full string) {
			legal.ReferencesIn(full, legal.Context{Convention: c.Convention, Covenant: c.Covenant})
		}},
		{"instruments", "instruments", func(c *message.Chunk, full string) { legal.Instruments(full) }},
	}
}

// extractParts runs each extractor alone over the sample on one thread
// and reports its rate and its share of FromChunk's CPU time (all, on
// the same chunks): where extraction's time goes, without a profiler.
// The rest is FromChunk's own work: character offsets, paragraphs, ids
// and the messages, and what the three cost more together than alone
// (in a profile its own work is about 10 %).
func (r *run) extractParts(s *sample, all time.Duration) {
	rates := map[string]float64{}
	var shares, alone []string
	var sum time.Duration
	for _, e := range extractors() {
		cpu := onThread(func() {
			for i := range s.chunks {
				c := &s.chunks[i]
				e.run(c, c.Context+c.Text)
			}
		})
		if cpu <= 0 {
			return
		}
		sum += cpu
		rates[e.key] = mb(s.textBytes) / cpu.Seconds()
		shares = append(shares, fmt.Sprintf("%.0f", 100*cpu.Seconds()/all.Seconds()))
		alone = append(alone, fmt.Sprintf("%s %.1f", e.name, rates[e.key]))
	}
	r.res.ExtractPartMBs = rates
	shares = append(shares, fmt.Sprintf("%.0f %%", 100*max(0, all.Seconds()-sum.Seconds())/all.Seconds()))
	r.add("extract, by extractor", strings.Join(shares, " / "),
		"of FromChunk's CPU: "+strings.Join(alone, ", ")+" MB/s per CPU second alone; the rest: its own work (offsets, ids, messages) and the three sharing the caches")
}

// extractAll extracts every chunk's facts on workers goroutines (0: on
// the calling goroutine). Unless keep is set, each batch is dropped as
// soon as it is made: holding them all, as a timed run once did, made the
// collector mark them over and over under the heap's soft limit, and
// extraction read 20-24 MB per CPU second instead of 33-36.
func extractAll(chunks []message.Chunk, workers int, keep bool) []message.FactBatch {
	var out []message.FactBatch
	if keep {
		out = make([]message.FactBatch, len(chunks))
	}
	one := func(i int) {
		b := facts.FromChunk(chunks[i])
		if keep {
			out[i] = b
		}
	}
	if workers == 0 {
		for i := range chunks {
			one(i)
		}
		return out
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(chunks) {
					return
				}
				one(i)
			}
		}()
	}
	wg.Wait()
	return out
}

// extractOnThread extracts every chunk on one goroutine locked to its
// thread, dropping the batches, and returns the thread's CPU time.
func extractOnThread(chunks []message.Chunk) time.Duration {
	return onThread(func() { extractAll(chunks, 0, false) })
}

// onThread runs fn on a goroutine locked to its thread and returns the
// thread's CPU time (0 where unknown).
func onThread(fn func()) time.Duration {
	var cpu time.Duration
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		c0 := threadCPU()
		fn()
		cpu = threadCPU() - c0
	}()
	<-done
	return cpu
}

// threadCPU is the calling thread's CPU time (0 where unknown).
func threadCPU() time.Duration {
	var ts syscall.Timespec
	const clockThreadCPUTimeID = 3
	if _, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTimeID, uintptr(unsafe.Pointer(&ts)), 0); e != 0 {
		return 0
	}
	return time.Duration(ts.Nano())
}

// freshBus starts an embedded server on an empty store and connects to
// it with factflow's streams set up; stop undoes it all.
func freshBus(ctx context.Context, store string, r *run) (b *bus.Bus, stop func(), err error) {
	os.RemoveAll(store)
	srv, err := bus.StartEmbedded(store)
	if err != nil {
		return nil, nil, err
	}
	shutdown := func() {
		srv.Shutdown()
		os.RemoveAll(store)
	}
	b, err = bus.Connect(ctx, bus.Config{URL: srv.URL(), InProcess: srv.InProcess(), AsyncPersist: true, Timeout: 10 * time.Second}, "factflow-bench", r.log)
	if err != nil {
		shutdown()
		return nil, nil, err
	}
	if err := b.Setup(ctx, 1<<20); err != nil {
		b.Close()
		shutdown()
		return nil, nil, err
	}
	return b, func() { b.Close(); shutdown() }, nil
}

// ingestOnly runs the ingest stage into a fresh embedded server.
func ingestOnly(ctx context.Context, store string, paths []string, opt chunk.Options, r *run) (time.Duration, error) {
	b, stop, err := freshBus(ctx, store, r)
	if err != nil {
		return 0, err
	}
	defer stop()
	start := time.Now()
	rep, err := ingest.Run(ctx, b, paths, ingest.Options{RunID: "bench", Chunk: opt}, r.log)
	el := time.Since(start)
	if err != nil {
		return 0, err
	}
	if len(rep.Failed) > 0 {
		return 0, fmt.Errorf("%d inputs failed: %v", len(rep.Failed), rep.Failed[0])
	}
	return el, nil
}

// loadOnly runs the load worker over the sample's announcements and fact
// batches, published beforehand to a fresh embedded server, into a fresh
// warehouse: the time from the worker's start to the last document
// loaded, decoding included.
func loadOnly(ctx context.Context, dir string, s *sample, r *run) (time.Duration, error) {
	path := filepath.Join(dir, "load.duckdb")
	for _, p := range []string{path, path + ".wal"} {
		os.RemoveAll(p)
		defer os.RemoveAll(p)
	}
	b, stop, err := freshBus(ctx, filepath.Join(dir, "load-nats"), r)
	if err != nil {
		return 0, err
	}
	defer stop()
	pub := b.NewPublisher(1024)
	for _, d := range s.docs {
		if err := pub.PublishJSON(ctx, b.Names.DocSubject(d.DocID), d, "doc:"+d.DocID); err != nil {
			return 0, err
		}
	}
	for _, fb := range s.batches {
		fb.Chunk.Context = "" // as the transform worker sends it
		if err := pub.PublishJSON(ctx, b.Names.FactSubject(fb.DocID), fb, "facts:"+fb.Chunk.ChunkID); err != nil {
			return 0, err
		}
	}
	if err := pub.Flush(ctx); err != nil {
		return 0, err
	}
	w, err := warehouse.Open(ctx, path, warehouse.Options{KeepOpen: true, MemoryLimit: r.cfg.DBMemory, Threads: r.cfg.DBThreads})
	if err != nil {
		return 0, err
	}
	defer w.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var loaded atomic.Int64
	done := make(chan struct{})
	worker := load.New(b, w, load.Options{Loaded: func(warehouse.Loaded) {
		if loaded.Add(1) == int64(len(s.docs)) {
			close(done)
		}
	}}, r.log)
	start := time.Now()
	errc := make(chan error, 1)
	go func() { errc <- worker.Run(ctx) }()
	select {
	case <-done:
	case err := <-errc:
		return 0, fmt.Errorf("load worker stopped: %v", err)
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	el := time.Since(start)
	cancel()
	return el, <-errc
}
