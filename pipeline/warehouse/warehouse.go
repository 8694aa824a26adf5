// Package warehouse writes facts into the DuckDB warehouse and reads it.
//
// Facts arrive chunk by chunk, in any order, possibly twice. They are
// appended to keyless staging tables (DuckDB's Appender, in one
// transaction per batch); when every chunk of a document is staged, one
// transaction replaces the document's previous version, if any, with the
// new one and clears its staging rows. Analysts therefore see a document
// all at once or not at all, and loading the same thing twice changes
// nothing.
package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/factflow/factflow/pipeline/message"
	"github.com/factflow/factflow/schemas"
)

// Warehouse is a DuckDB file that factflow writes. Unless Options.KeepOpen,
// it lets go of the file when idle and when a factflow reader signals that
// it is waiting (and every Options.MaxHold, if set), so that readers,
// `factflow query` or any DuckDB client opening it read-only, get their
// turn while the pipeline runs. Its methods are safe for concurrent use:
// writes are serialised.
type Warehouse struct {
	path    string
	memory  string // DuckDB memory_limit; "" for its default
	threads int    // DuckDB threads
	// DuckDB checkpoint_threshold
	checkpoint string
	// growCheckpoint: the threshold is factflow's default, and grows with
	// the file (see grownThreshold); setTo is the value last set, in bytes.
	growCheckpoint bool
	setTo          int64
	keepOpen       bool
	linger         time.Duration
	maxHold        time.Duration
	mu             sync.Mutex // one session at a time
	db             *sql.DB    // non-nil while the file is open
	conn           *sql.Conn
	openedAt       time.Time   // when the file was last opened
	idle           *time.Timer // closes the file after linger without work
}

// Options tune a Warehouse.
type Options struct {
	// KeepOpen holds the file from Open to Close: faster for one-process
	// bulk work, but no other process can read it meanwhile.
	KeepOpen bool
	// Linger keeps the file open this long after a unit of work, in case
	// another follows: each close is a checkpoint, and at 1 GB one costs
	// about 2 s and leaves the file and the process larger (a 1 GB run
	// that closed 13 times took 194-206 s, 3.2-3.4 GB peak RSS and a
	// 2.7-2.8 GB file; held open, 173-178 s, 1.9-2.0 GB, 1.6 GB). A
	// factflow reader (OpenReadOnly) that finds the file held signals it
	// and gets the file before the next unit of work, so a busy writer
	// need not close for readers on its own; a positive MaxHold closes
	// it at least that often all the same. Defaults: 2 s, and no MaxHold.
	Linger, MaxHold time.Duration
	// MemoryLimit caps DuckDB's own memory ("512MB", "1GiB"): past it,
	// DuckDB evicts the blocks it caches and spills to temporary files
	// rather than grow, but a commit it cannot fit fails. Unset, DuckDB
	// keeps every block it wrote: RSS grows with the file (2.0-2.3 GB at
	// 1 GB of text); at 512MB a 1 and a 2 GB load peaked at 0.9-1.0 GB,
	// with more, smaller checkpoints (slower, and a larger file). ""
	// leaves DuckDB's default, 80 % of the machine's memory.
	MemoryLimit string
	// CheckpointAfter is how much write-ahead log DuckDB lets build up
	// before it folds it into the file, inside the COMMIT that crosses it
	// (DuckDB's checkpoint_threshold, 16MB by default, made COMMIT most of
	// the loader's time). Closing the file checkpoints too. What is not
	// checkpointed stays in DuckDB's memory, so the default is a quarter
	// of MemoryLimit; past the limit DuckDB fails. Without a MemoryLimit
	// the default is 128MB, or half the file once that is more.
	CheckpointAfter string
	// Threads is how many threads DuckDB runs this warehouse's statements
	// and checkpoints on; 0 means 1. A publication's statements are small,
	// and with more threads DuckDB's idle workers spin for tasks on cores
	// the other stages need: at 1 GB end to end on 2 cores, 1 thread took
	// 267 CPU s and 167 s, DuckDB's default (one per core) 357 CPU s and
	// 197 s. Readers (OpenReadOnly) keep DuckDB's default.
	Threads int
}

// Session is the warehouse opened for one unit of work; it is valid only
// inside the function given to Do.
type Session struct {
	c *sql.Conn
}

// Open opens (creating if needed) the warehouse at path and applies the
// schema and views.
func Open(ctx context.Context, path string, opt Options) (*Warehouse, error) {
	if opt.Linger <= 0 {
		opt.Linger = 2 * time.Second
	}
	for _, size := range []string{opt.MemoryLimit, opt.CheckpointAfter} {
		if size != "" && !memorySize.MatchString(size) {
			return nil, fmt.Errorf("warehouse %s: size %q: want a size such as 256MB or 1GiB", path, size)
		}
	}
	grow := opt.CheckpointAfter == "" && opt.MemoryLimit == ""
	if opt.CheckpointAfter == "" {
		opt.CheckpointAfter = "128MB"
		if opt.MemoryLimit != "" {
			opt.CheckpointAfter = mib(max(sizeBytes(opt.MemoryLimit)/4, 16<<20))
		}
	}
	if opt.Threads <= 0 {
		opt.Threads = 1
	}
	w := &Warehouse{path: path, memory: opt.MemoryLimit, threads: opt.Threads, checkpoint: opt.CheckpointAfter, growCheckpoint: grow,
		keepOpen: opt.KeepOpen, linger: opt.Linger, maxHold: opt.MaxHold}
	err := w.Do(ctx, func(s *Session) error {
		if _, err := s.c.ExecContext(ctx, schemas.Warehouse); err != nil {
			return fmt.Errorf("apply schema: %w", err)
		}
		if err := s.moveDocumentsTable(ctx); err != nil {
			return fmt.Errorf("move documents to schema 1.2: %w", err)
		}
		if err := s.dropInstrumentsTable(ctx); err != nil {
			return fmt.Errorf("make instruments a view (schema 1.3): %w", err)
		}
		if _, err := s.c.ExecContext(ctx, Views); err != nil {
			return fmt.Errorf("create views: %w", err)
		}
		return nil
	})
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("warehouse %s: %w", path, err)
	}
	return w, nil
}

// moveDocumentsTable turns a warehouse made before schema 1.2, whose
// documents is a table holding each whole text, into document_meta and
// chunks.text, in one transaction, so that the view documents can take
// its name. Chunks tile their document, so each one's text is the
// document's at its offsets. A warehouse already moved is left as it is.
func (s *Session) moveDocumentsTable(ctx context.Context) error {
	if ok, err := s.isTable(ctx, "documents"); err != nil || !ok {
		return err
	}
	return s.tx(ctx, func(c *sql.Conn) error {
		for _, q := range []string{
			`INSERT INTO document_meta BY NAME SELECT * EXCLUDE (text) FROM documents`,
			`UPDATE chunks SET text = substring(d.text, chunks.char_start + 1, chunks.char_end - chunks.char_start)
			 FROM documents d WHERE d.doc_id = chunks.doc_id AND chunks.text IS NULL`,
			`DROP TABLE documents`,
		} {
			if _, err := c.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("%w (in %s)", err, firstLine(q))
			}
		}
		return nil
	})
}

// dropInstrumentsTable drops the table instruments of a warehouse made
// before schema 1.3, so that the view, computed from the mentions, can
// take its name: the table held nothing the mentions do not.
func (s *Session) dropInstrumentsTable(ctx context.Context) error {
	if ok, err := s.isTable(ctx, "instruments"); err != nil || !ok {
		return err
	}
	if _, err := s.c.ExecContext(ctx, `DROP TABLE instruments`); err != nil {
		return fmt.Errorf("drop the table instruments: %w", err)
	}
	return nil
}

// isTable reports whether main.name is a table (not a view).
func (s *Session) isTable(ctx context.Context, name string) (bool, error) {
	var n int
	err := s.c.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables
		WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = $1
		AND table_type = 'BASE TABLE'`, name).Scan(&n)
	return n > 0, err
}

// Do opens the file (waiting while another process holds it) and runs
// fn. Unless the file is kept open, it is first closed for a reader that
// signalled (turn.go), and closed after fn once no work has followed for
// the linger time, or at once if it has been held MaxHold (if set).
func (w *Warehouse) Do(ctx context.Context, fn func(s *Session) error) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.idle != nil {
		w.idle.Stop()
		w.idle = nil
	}
	if sign := waitSign(w.path); w.db != nil && !w.keepOpen && readerWaiting(sign) {
		if err := w.closeLocked(); err != nil {
			return err
		}
		makeWay(ctx, sign)
	}
	if w.db == nil {
		db, conn, err := openLocked(ctx, w.path, "", "")
		if err != nil {
			return err
		}
		settings := []string{`SET threads = ` + strconv.Itoa(w.threads)}
		if !w.growCheckpoint {
			settings = append(settings, `SET checkpoint_threshold = '`+w.checkpoint+`'`)
		}
		if w.memory != "" {
			settings = append(settings, `SET memory_limit = '`+w.memory+`'`)
		}
		for _, q := range settings {
			if _, err := conn.ExecContext(ctx, q); err != nil {
				conn.Close()
				db.Close()
				return fmt.Errorf("warehouse %s: %s: %w", w.path, q, err)
			}
		}
		w.db, w.conn, w.openedAt = db, conn, time.Now()
		w.setTo = 0 // a database just opened has DuckDB's default
	}
	var err error
	if w.growCheckpoint {
		err = w.growThreshold(ctx)
	}
	if err == nil {
		err = fn(&Session{c: w.conn})
	}
	switch {
	case invalidated(err):
		// DuckDB refuses all work after a fatal error (out of memory in
		// a commit, say) until the file is opened again; what failed is
		// retried by its caller.
		if cerr := w.closeLocked(); cerr != nil {
			err = errors.Join(err, cerr)
		}
	case w.keepOpen:
	case err != nil || w.maxHold > 0 && time.Since(w.openedAt) >= w.maxHold:
		if cerr := w.closeLocked(); err == nil {
			err = cerr
		}
	default:
		w.idle = time.AfterFunc(w.linger, func() {
			w.mu.Lock()
			defer w.mu.Unlock()
			if w.idle != nil { // not superseded by new work
				w.idle = nil
				_ = w.closeLocked()
			}
		})
	}
	return err
}

// grownThreshold is the checkpoint threshold for the warehouse file at
// path: 128 MiB, or half the file once that is more. A checkpoint costs
// more the larger the file, so a fixed threshold makes loading cost grow
// with the square of the data; growing it with the file keeps the
// checkpoints' total nearer linear. At 1 GB: 128MB took 310-348 s, a
// quarter of the file 286 s, half 255 s (RSS within the 128MB runs'
// 2,335-2,489 MB), a fixed 1GB 217 s (2,678 MB).
func grownThreshold(path string) int64 {
	const base = 128 << 20
	st, err := os.Stat(path)
	if err != nil {
		return base
	}
	return max(base, st.Size()/2)
}

// growThreshold sets the checkpoint threshold on a database just opened,
// and raises it once the file's share has grown by a quarter, so that it
// is set rarely.
func (w *Warehouse) growThreshold(ctx context.Context) error {
	want := grownThreshold(w.path)
	if w.setTo > 0 && want < w.setTo+w.setTo/4 {
		return nil
	}
	q := `SET checkpoint_threshold = '` + mib(want) + `'`
	if _, err := w.conn.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("warehouse %s: %s: %w", w.path, q, err)
	}
	w.setTo = want
	return nil
}

// mib writes n bytes as whole MiB, as DuckDB's size settings read them.
func mib(n int64) string { return strconv.FormatInt(n>>20, 10) + "MiB" }

// memorySize is what Options.MemoryLimit accepts (and so what reaches SQL).
var memorySize = regexp.MustCompile(`^([0-9]+(\.[0-9]+)?) ?(([KMGT]i?)?)B$`)

// sizeBytes reads a size memorySize accepts.
func sizeBytes(s string) int64 {
	m := memorySize.FindStringSubmatch(s)
	f, _ := strconv.ParseFloat(m[1], 64)
	unit := map[string]float64{"": 1, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12,
		"Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30, "Ti": 1 << 40}[m[3]]
	return int64(f * unit)
}

// openLocked opens path, retrying while another process holds its lock,
// until ctx ends. With a sign, it signals a writer at every try that it
// is waiting (see turn.go), and removes the sign once in.
func openLocked(ctx context.Context, path, query, sign string) (*sql.DB, *sql.Conn, error) {
	wait, most := 20*time.Millisecond, time.Second
	if sign != "" {
		most = readerRetry
	}
	signalled := false
	for {
		db, err := sql.Open("duckdb", path+query)
		if err == nil {
			var conn *sql.Conn
			if conn, err = db.Conn(ctx); err == nil {
				if signalled {
					os.Remove(sign) // another reader still waiting signals again
				}
				return db, conn, nil
			}
			db.Close()
		}
		if !IsLocked(err) {
			return nil, nil, fmt.Errorf("open warehouse %s: %w", path, err)
		}
		if sign != "" {
			signalWaiting(sign)
			signalled = true
		}
		select {
		case <-ctx.Done():
			return nil, nil, fmt.Errorf("open warehouse %s: held by another process: %w", path, ctx.Err())
		case <-time.After(wait):
		}
		wait = min(2*wait, most)
	}
}

// invalidated reports whether err says DuckDB invalidated the open
// database after a fatal error.
func invalidated(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "database has been invalidated") ||
		strings.Contains(err.Error(), "FATAL Error"))
}

// IsLocked reports whether err says another process holds the file.
func IsLocked(err error) bool {
	return err != nil && strings.Contains(err.Error(), "Could not set lock")
}

// OpenReadOnly opens the warehouse at path for queries only: any statement
// that would change it fails. It waits up to wait for a writer to let go
// of the file.
func OpenReadOnly(path string) (*sql.DB, error) {
	return OpenReadOnlyWait(context.Background(), path, 30*time.Second)
}

// OpenReadOnlyWait is OpenReadOnly with the wait given.
func OpenReadOnlyWait(ctx context.Context, path string, wait time.Duration) (*sql.DB, error) {
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	db, conn, err := openLocked(ctx, path, "?access_mode=read_only", waitSign(path))
	if err != nil {
		return nil, err
	}
	conn.Close()
	// One connection: the pool must not reopen the file behind our back.
	db.SetMaxOpenConns(1)
	return db, nil
}

// Close releases the file.
func (w *Warehouse) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.idle != nil {
		w.idle.Stop()
		w.idle = nil
	}
	return w.closeLocked()
}

func (w *Warehouse) closeLocked() error {
	if w.db == nil {
		return nil
	}
	err := w.conn.Close()
	if e := w.db.Close(); err == nil {
		err = e
	}
	w.db, w.conn = nil, nil
	return err
}

// tx runs fn in one transaction.
func (s *Session) tx(ctx context.Context, fn func(c *sql.Conn) error) error {
	if _, err := s.c.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(s.c); err != nil {
		if _, rerr := s.c.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); rerr != nil {
			err = errors.Join(err, fmt.Errorf("rollback: %w", rerr))
		}
		return err
	}
	if _, err := s.c.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// appendRows appends rows to schema.table with DuckDB's Appender inside
// the current transaction.
func appendRows(c *sql.Conn, schema, table string, n int, row func(i int) []driver.Value) error {
	return appendRowsTo(c, "", schema, table, n, row)
}

// longString is the length from which appendRowsTo hands the Appender a
// string's bytes in place: it copies a string into a new []byte before
// DuckDB copies that into its own memory (3 % of an end-to-end run's CPU
// in a profile, and 41 % of BenchmarkPublishAssembled's bytes, mostly the
// chunks' text). DuckDB only reads the bytes. Below it, boxing a slice
// header should cost about what the copy saves (not measured).
const longString = 64

// appendRowsTo is appendRows into a table of another catalog ("temp").
func appendRowsTo(c *sql.Conn, catalog, schema, table string, n int, row func(i int) []driver.Value) error {
	if n == 0 {
		return nil
	}
	return c.Raw(func(dc any) error {
		a, err := duckdb.NewAppender(dc.(driver.Conn), catalog, schema, table)
		if err != nil {
			return fmt.Errorf("appender %s.%s: %w", schema, table, err)
		}
		// The bytes go into a copy of the row: the caller may read its
		// rows again as they were (writeAssembled's document rows are
		// what PublishAssembled reports). AppendRow copies the values
		// before it returns, so one copy serves every row.
		var vals []driver.Value
		for i := 0; i < n; i++ {
			vals = append(vals[:0], row(i)...)
			for j, v := range vals {
				if s, ok := v.(string); ok && len(s) >= longString {
					vals[j] = unsafe.Slice(unsafe.StringData(s), len(s))
				}
			}
			if err := a.AppendRow(vals...); err != nil {
				a.Close()
				return fmt.Errorf("append to %s.%s: %w", schema, table, err)
			}
		}
		if err := a.Close(); err != nil {
			return fmt.Errorf("append to %s.%s: %w", schema, table, err)
		}
		return nil
	})
}

func nullInt(p *int) driver.Value {
	if p == nil {
		return nil
	}
	return int32(*p)
}

func nullZero(v int) driver.Value {
	if v == 0 {
		return nil
	}
	return int32(v)
}

func nullStr(s string) driver.Value {
	if s == "" {
		return nil
	}
	return s
}

func timestamp(s string) driver.Value {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return nil
	}
	return t
}

func date(s string) driver.Value {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return nil
	}
	return t
}

// Stage appends announced documents and fact batches to staging in one
// transaction. Staging is append-only; duplicates from redeliveries are
// removed when a document is published.
func (s *Session) Stage(ctx context.Context, docs []message.Document, batches []message.FactBatch) error {
	return s.tx(ctx, func(c *sql.Conn) error {
		// A loaded document is immutable (its id is its content's hash):
		// late redeliveries of it are dropped here rather than left to
		// wait forever for chunks that were already published.
		docs, batches, err := dropLoaded(ctx, c, docs, batches)
		if err != nil {
			return err
		}
		return appendStaged(c, docs, batches)
	})
}

// appendStaged appends announcements and fact batches to the staging
// tables inside the current transaction.
func appendStaged(c *sql.Conn, docs []message.Document, batches []message.FactBatch) error {
	now := time.Now().UTC()
	if err := appendRows(c, "staging", "documents", len(docs), func(i int) []driver.Value {
		d := docs[i]
		return []driver.Value{d.DocID, d.FileName, d.SourceURI, nullStr(d.Title), nullStr(d.DocType),
			nullStr(d.Issuer), nullZero(d.DocYear), nullZero(d.PeriodStart), nullZero(d.PeriodEnd), d.Encoding,
			d.Bytes, int64(d.Chars), int32(d.Chunks), nullStr(d.RunID), timestamp(d.IngestedAt), now, timestamp(d.ModifiedAt)}
	}); err != nil {
		return err
	}
	if err := appendRows(c, "staging", "chunks", len(batches), func(i int) []driver.Value {
		ch := batches[i].Chunk
		return []driver.Value{ch.ChunkID, ch.DocID, int32(ch.Seq), nullInt(ch.Paragraph),
			int64(ch.CharStart), int64(ch.CharEnd), ch.Text, now}
	}); err != nil {
		return err
	}
	return appendFacts(c, "staging", batches)
}

// appendFacts appends the facts of batches to the fact tables of schema:
// staging or the analysts' (main), which have the same columns. The rows
// are read from the batches in place, into one buffer per table: copying
// the facts out first, and a slice per row, cost 40 % of
// BenchmarkPublishAssembled's bytes and 5-10 % of its time.
func appendFacts(c *sql.Conn, schema string, batches []message.FactBatch) error {
	var no, nr, ni int
	for _, b := range batches {
		no, nr, ni = no+len(b.Observations), nr+len(b.References), ni+len(b.Instruments)
	}
	row := make([]driver.Value, 0, 16)
	obs := each(batches, func(b *message.FactBatch) []message.Observation { return b.Observations })
	if err := appendRows(c, schema, "observations", no, func(int) []driver.Value {
		o := obs()
		row = append(row[:0], o.ObsID, o.DocID, o.ChunkID, nullInt(o.Paragraph), o.Metric, nullStr(o.MetricLabel),
			int32(o.YearStart), int32(o.YearEnd), nullStr(o.Period), o.Value, o.Unit, nullStr(o.Qualifier),
			o.Quote, int64(o.CharStart), int64(o.CharEnd), o.Extractor)
		return row
	}); err != nil {
		return err
	}
	refs := each(batches, func(b *message.FactBatch) []message.LegalReference { return b.References })
	if err := appendRows(c, schema, "legal_references", nr, func(int) []driver.Value {
		r := refs()
		row = append(row[:0], r.RefID, r.DocID, r.ChunkID, nullInt(r.Paragraph), r.Code, r.Article,
			nullStr(r.Part), nullStr(r.ArticleName), r.Quote, int64(r.CharStart), int64(r.CharEnd), r.Extractor)
		return row
	}); err != nil {
		return err
	}
	ins := each(batches, func(b *message.FactBatch) []message.Instrument { return b.Instruments })
	return appendRows(c, schema, "instrument_mentions", ni, func(int) []driver.Value {
		m := ins()
		row = append(row[:0], m.MentionID, m.InstrumentID, m.DocID, m.ChunkID, nullInt(m.Paragraph), m.Kind,
			nullStr(m.Title), nullStr(m.Number), date(m.IssuedOn), nullZero(m.Year), nullStr(m.Issuer),
			m.Quote, int64(m.CharStart), int64(m.CharEnd), m.Extractor)
		return row
	})
}

// each returns a function that hands out, one call after the other, the
// facts that of picks from each batch in turn, as appendRows asks for rows
// in order. Called more often than there are facts, it panics.
func each[T any](batches []message.FactBatch, of func(*message.FactBatch) []T) func() *T {
	b, i := 0, 0
	return func() *T {
		for i == len(of(&batches[b])) {
			b, i = b+1, 0
		}
		i++
		return &of(&batches[b])[i-1]
	}
}

// dropLoaded removes from docs and batches those of documents already
// loaded. One indexed lookup of the few ids in hand costs far less than
// cleaning staging after the fact.
func dropLoaded(ctx context.Context, c *sql.Conn, docs []message.Document, batches []message.FactBatch) ([]message.Document, []message.FactBatch, error) {
	var ids []string
	seen := map[string]bool{}
	note := func(id string) {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, d := range docs {
		note(d.DocID)
	}
	for _, b := range batches {
		note(b.DocID)
	}
	if len(ids) == 0 {
		return docs, batches, nil
	}
	if err := idTable(ctx, c, "asked", ids); err != nil {
		return nil, nil, err
	}
	loaded, err := idSet(ctx, c, `SELECT doc_id FROM document_meta WHERE doc_id IN (SELECT doc_id FROM asked)`)
	if err != nil || len(loaded) == 0 {
		return docs, batches, err
	}
	docs = slices.DeleteFunc(slices.Clone(docs), func(d message.Document) bool { return loaded[d.DocID] })
	batches = slices.DeleteFunc(slices.Clone(batches), func(b message.FactBatch) bool { return loaded[b.DocID] })
	return docs, batches, nil
}

// idTable fills the temp table name (doc_id VARCHAR) with ids, replacing
// what it held: the list the next statements join against.
func idTable(ctx context.Context, c *sql.Conn, name string, ids []string) error {
	if _, err := c.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE `+name+` (doc_id VARCHAR)`); err != nil {
		return fmt.Errorf("temp table %s: %w", name, err)
	}
	return appendRowsTo(c, "temp", "main", name, len(ids), func(i int) []driver.Value { return []driver.Value{ids[i]} })
}

// idSet is the set of the single string column query returns.
func idSet(ctx context.Context, c *sql.Conn, query string) (map[string]bool, error) {
	rows, err := c.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", firstLine(query), err)
	}
	defer rows.Close()
	set := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		set[id] = true
	}
	return set, rows.Err()
}

func stagingTables() []string {
	return []string{"documents", "chunks", "observations", "legal_references", "instrument_mentions"}
}

// Ready lists the staged documents whose announcement and every chunk are
// in staging, ready to publish.
func (s *Session) Ready(ctx context.Context) ([]string, error) {
	rows, err := s.c.QueryContext(ctx, `
		SELECT d.doc_id
		FROM (SELECT doc_id, max(chunks) AS chunks FROM staging.documents GROUP BY doc_id) d
		JOIN (SELECT doc_id, count(DISTINCT seq) AS n FROM staging.chunks GROUP BY doc_id) c USING (doc_id)
		WHERE c.n >= d.chunks
		ORDER BY d.doc_id`)
	if err != nil {
		return nil, fmt.Errorf("find ready documents: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// Loaded says what publishing a document did.
type Loaded struct {
	DocID     string
	FileName  string
	Chunks    int
	Facts     int
	Replaced  []string // earlier versions (same source) whose facts it replaced
	Unchanged bool     // the same version was already loaded
}

// Assembled is a document whose fact batches the loader holds in memory
// rather than in staging: every chunk once, in order of seq. Its
// announcement must be staged, or given.
type Assembled struct {
	DocID   string
	Batches []message.FactBatch
	// Announcement, if set, is the document's announcement, held in
	// memory too: it is staged in the publication's own transaction, so
	// that the document takes one transaction instead of two.
	Announcement *message.Document
}

// Publish makes the staged documents docIDs visible, all in one
// transaction: each document appears with all its chunks and facts or not
// at all, replacing any earlier version read from the same source.
func (s *Session) Publish(ctx context.Context, docIDs []string) ([]Loaded, error) {
	return s.publish(ctx, docIDs, nil)
}

// PublishAssembled is Publish for documents held in memory: their rows go
// straight into the analysts' tables, written once instead of staged,
// read back and deleted. It fails, publishing nothing, if one of them has
// neither a staged announcement nor one of its own (Assembled.Announcement).
func (s *Session) PublishAssembled(ctx context.Context, docs []Assembled) ([]Loaded, error) {
	return s.publish(ctx, nil, docs)
}

func (s *Session) publish(ctx context.Context, staged []string, held []Assembled) ([]Loaded, error) {
	ids := slices.Clone(staged)
	var announced []message.Document
	for _, d := range held {
		ids = append(ids, d.DocID)
		if d.Announcement != nil {
			announced = append(announced, *d.Announcement)
		}
	}
	var out []Loaded
	err := s.tx(ctx, func(c *sql.Conn) error {
		// Not through Stage's dropLoaded: a document loaded before is
		// published again as unchanged, as with a staged announcement.
		if len(announced) > 0 {
			if err := appendStaged(c, announced, nil); err != nil {
				return fmt.Errorf("publish %d document(s): stage their announcements: %w", len(ids), err)
			}
		}
		if len(staged) == 0 {
			switch n, err := firstSeen(ctx, c, ids); {
			case err != nil:
				return err
			case n == 0:
				out, err = writeFirstSeen(ctx, c, held, ids)
				return err
			}
		}
		exec := func(q string) error {
			if _, err := c.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("publish %d document(s): %w (in %s)", len(ids), err, firstLine(q))
			}
			return nil
		}
		if err := idTable(ctx, c, "ready", ids); err != nil {
			return err
		}
		for _, q := range []string{
			`CREATE OR REPLACE TEMP TABLE staged_doc AS
			 SELECT DISTINCT ON (doc_id) * FROM staging.documents
			 WHERE doc_id IN (SELECT doc_id FROM ready) ORDER BY doc_id, ingested_at DESC`,
			// Earlier versions of the same sources, and these if loaded before.
			`CREATE OR REPLACE TEMP TABLE gone AS
			 SELECT doc_id, source_uri FROM document_meta
			 WHERE doc_id IN (SELECT doc_id FROM ready) OR source_uri IN (SELECT source_uri FROM staged_doc)`,
		} {
			if err := exec(q); err != nil {
				return err
			}
		}
		var gone int
		if err := c.QueryRowContext(ctx, `SELECT count(*) FROM gone`).Scan(&gone); err != nil {
			return err
		}
		var replaced map[string][]string
		var before map[string]bool
		if gone > 0 {
			var err error
			if replaced, before, err = replacements(ctx, c); err != nil {
				return err
			}
			// These scan the fact tables; most documents are new, and
			// skip them.
			for _, q := range deleteGone() {
				if err := exec(q); err != nil {
					return err
				}
			}
		}
		facts := map[string]int{}
		if len(staged) > 0 {
			if err := stagedFacts(ctx, c, facts); err != nil {
				return err
			}
			for _, q := range moveStaged() {
				if err := exec(q); err != nil {
					return err
				}
			}
		}
		if len(held) > 0 {
			docs, err := heldDocuments(ctx, c, held, `SELECT `+announcementColumns+` FROM staged_doc ORDER BY doc_id`)
			if err != nil {
				return err
			}
			if err := writeAssembled(c, held, docs); err != nil {
				return fmt.Errorf("publish %d document(s): %w", len(ids), err)
			}
			for _, d := range held {
				for _, b := range d.Batches {
					facts[d.DocID] += len(b.Observations) + len(b.References) + len(b.Instruments)
				}
			}
		}
		for _, t := range stagingTables() {
			if err := exec(`DELETE FROM staging.` + t + ` WHERE doc_id IN (SELECT doc_id FROM ready)`); err != nil {
				return err
			}
		}
		var err error
		out, err = loadedRows(ctx, c, facts, replaced, before)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// firstSeen counts what, of the documents ids, the warehouse or staging
// already holds besides their announcements: the documents themselves,
// others read from the same sources, staged chunks. Held documents met for
// the first time (n == 0) are most of every load, and writeFirstSeen
// publishes them in half the statements of the general way (a statement
// costs 1-10 ms however small, and a 100 MB load publishes ~40 times).
func firstSeen(ctx context.Context, c *sql.Conn, ids []string) (int64, error) {
	var n int64
	err := c.QueryRowContext(ctx, `
		SELECT (SELECT count(*) FROM document_meta
		        WHERE doc_id IN (SELECT unnest($1::VARCHAR[]))
		           OR source_uri IN (SELECT source_uri FROM staging.documents WHERE doc_id IN (SELECT unnest($1::VARCHAR[]))))
		     + (SELECT count(*) FROM staging.chunks WHERE doc_id IN (SELECT unnest($1::VARCHAR[])))`, ids).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("publish %d document(s): look for earlier versions: %w", len(ids), err)
	}
	return n, nil
}

// writeFirstSeen publishes held documents for which firstSeen found
// nothing: no earlier version to replace, nothing staged but their
// announcements, which it reads and deletes.
func writeFirstSeen(ctx context.Context, c *sql.Conn, held []Assembled, ids []string) ([]Loaded, error) {
	docs, err := heldDocuments(ctx, c, held, `SELECT DISTINCT ON (doc_id) `+announcementColumns+`
		FROM staging.documents WHERE doc_id IN (SELECT unnest($1::VARCHAR[])) ORDER BY doc_id, ingested_at DESC`, ids)
	if err != nil {
		return nil, err
	}
	if err := writeAssembled(c, held, docs); err != nil {
		return nil, fmt.Errorf("publish %d document(s): %w", len(ids), err)
	}
	if _, err := c.ExecContext(ctx, `DELETE FROM staging.documents WHERE doc_id IN (SELECT unnest($1::VARCHAR[]))`, ids); err != nil {
		return nil, fmt.Errorf("publish %d document(s): clear staged announcements: %w", len(ids), err)
	}
	facts := make(map[string]int, len(held))
	for _, d := range held {
		for _, b := range d.Batches {
			facts[d.DocID] += len(b.Observations) + len(b.References) + len(b.Instruments)
		}
	}
	out := make([]Loaded, len(docs))
	for i, row := range docs { // in order of doc_id, as loadedRows reports
		l := Loaded{DocID: row[0].(string), FileName: row[1].(string), Facts: facts[row[0].(string)]}
		if n, ok := row[12].(int32); ok {
			l.Chunks = int(n)
		}
		out[i] = l
	}
	return out, nil
}

// replacements says, of the documents in the temp table gone, which
// earlier version each ready document replaces, and which ready documents
// were loaded before as they are.
func replacements(ctx context.Context, c *sql.Conn) (replaced map[string][]string, before map[string]bool, err error) {
	replaced, before = map[string][]string{}, map[string]bool{}
	rows, err := c.QueryContext(ctx, `SELECT s.doc_id, g.doc_id FROM gone g JOIN staged_doc s USING (source_uri)`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, old string
		if err := rows.Scan(&id, &old); err != nil {
			return nil, nil, err
		}
		if id == old {
			before[id] = true
		} else {
			replaced[id] = append(replaced[id], old)
		}
	}
	return replaced, before, rows.Err()
}

const (
	documentColumns = `(doc_id, file_name, source_uri, title, doc_type, issuer, doc_year, period_start,
		period_end, encoding, bytes, chars, chunks, run_id, ingested_at, loaded_at, status, modified_at)`
	stagedDocColumns = `doc_id, file_name, source_uri, title, doc_type, issuer, doc_year, period_start,
		period_end, encoding, bytes, chars, chunks, run_id, ingested_at, now(), 'current', modified_at`
)

// moveStaged copies the staged rows of the documents in the temp table
// ready into the analysts' tables. Duplicates from redelivered batches
// collapse here.
func moveStaged() []string {
	return []string{
		`INSERT INTO document_meta ` + documentColumns + `
		 SELECT ` + stagedDocColumns + ` FROM staged_doc`,
		`INSERT INTO chunks (chunk_id, doc_id, seq, paragraph, char_start, char_end, text)
		 SELECT DISTINCT ON (chunk_id) chunk_id, doc_id, seq, paragraph, char_start, char_end, text
		 FROM staging.chunks WHERE doc_id IN (SELECT doc_id FROM ready)`,
		`INSERT INTO observations SELECT DISTINCT ON (obs_id) * FROM staging.observations WHERE doc_id IN (SELECT doc_id FROM ready)`,
		`INSERT INTO legal_references SELECT DISTINCT ON (ref_id) * FROM staging.legal_references WHERE doc_id IN (SELECT doc_id FROM ready)`,
		`INSERT INTO instrument_mentions SELECT DISTINCT ON (mention_id) * FROM staging.instrument_mentions WHERE doc_id IN (SELECT doc_id FROM ready)`,
	}
}

// stagedFacts adds to facts how many distinct facts each staged document
// in the temp table ready has (redeliveries leave duplicates in staging).
func stagedFacts(ctx context.Context, c *sql.Conn, facts map[string]int) error {
	rows, err := c.QueryContext(ctx, `
		SELECT doc_id, count(DISTINCT obs_id) FROM staging.observations WHERE doc_id IN (SELECT doc_id FROM ready) GROUP BY doc_id
		UNION ALL SELECT doc_id, count(DISTINCT ref_id) FROM staging.legal_references WHERE doc_id IN (SELECT doc_id FROM ready) GROUP BY doc_id
		UNION ALL SELECT doc_id, count(DISTINCT mention_id) FROM staging.instrument_mentions WHERE doc_id IN (SELECT doc_id FROM ready) GROUP BY doc_id`)
	if err != nil {
		return fmt.Errorf("count staged facts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		facts[id] += n
	}
	return rows.Err()
}

// writeAssembled appends held documents, with their chunks (which carry
// the text) and facts, to the analysts' tables; docs are their rows of
// document_meta (heldDocuments).
func writeAssembled(c *sql.Conn, held []Assembled, docs [][]driver.Value) error {
	n := 0
	for _, d := range held {
		n += len(d.Batches)
	}
	batches := make([]message.FactBatch, 0, n)
	for _, d := range held {
		batches = append(batches, d.Batches...)
	}
	if err := appendRows(c, "main", "document_meta", len(docs), func(i int) []driver.Value { return docs[i] }); err != nil {
		return err
	}
	if err := appendRows(c, "main", "chunks", len(batches), func(i int) []driver.Value {
		ch := batches[i].Chunk
		return []driver.Value{ch.ChunkID, ch.DocID, int32(ch.Seq), nullInt(ch.Paragraph), int64(ch.CharStart), int64(ch.CharEnd), ch.Text}
	}); err != nil {
		return err
	}
	return appendFacts(c, "main", batches)
}

// announcementColumns are what heldDocuments reads of an announcement.
const announcementColumns = `doc_id, file_name, source_uri, title, doc_type, issuer, doc_year,
	period_start, period_end, encoding, bytes, chars, chunks, run_id, ingested_at, now(), modified_at`

// heldDocuments reads the announcements of the held documents, which query
// (announcementColumns, one row per document, in order of doc_id) selects
// with args, as rows of document_meta, in its column order. It fails
// unless every held document has one: without it there would be facts of
// a document that does not exist.
func heldDocuments(ctx context.Context, c *sql.Conn, held []Assembled, query string, args ...any) ([][]driver.Value, error) {
	isHeld := make(map[string]bool, len(held))
	for _, d := range held {
		isHeld[d.DocID] = true
	}
	rows, err := c.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read announcements: %w", err)
	}
	defer rows.Close()
	out := make([][]driver.Value, 0, len(held))
	for rows.Next() {
		var (
			id, file, uri                string
			title, typ, issuer, enc, run sql.Null[string]
			year, from, to, chunks       sql.Null[int32]
			size, chars                  sql.Null[int64]
			ingested, loaded, modified   sql.Null[time.Time]
		)
		if err := rows.Scan(&id, &file, &uri, &title, &typ, &issuer, &year, &from, &to, &enc, &size, &chars,
			&chunks, &run, &ingested, &loaded, &modified); err != nil {
			return nil, fmt.Errorf("read announcements: %w", err)
		}
		if !isHeld[id] {
			continue // a staged document, published from staging
		}
		delete(isHeld, id)
		out = append(out, []driver.Value{id, file, uri, nullable(title), nullable(typ), nullable(issuer),
			nullable(year), nullable(from), nullable(to), nullable(enc), nullable(size), nullable(chars),
			nullable(chunks), nullable(run), nullable(ingested), nullable(loaded), "current", nullable(modified)})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read announcements: %w", err)
	}
	for _, d := range held {
		if isHeld[d.DocID] {
			return nil, fmt.Errorf("publish document %s: no announcement staged", d.DocID)
		}
	}
	return out, nil
}

// nullable is a scanned value as the Appender takes it: nil for NULL.
func nullable[T any](v sql.Null[T]) driver.Value {
	if !v.Valid {
		return nil
	}
	return v.V
}

// loadedRows reports what the transaction published; facts counts each
// document's facts, known from what was written, so that reporting does
// not scan the fact tables.
func loadedRows(ctx context.Context, c *sql.Conn, facts map[string]int, replaced map[string][]string, before map[string]bool) ([]Loaded, error) {
	rows, err := c.QueryContext(ctx, `SELECT doc_id, file_name, chunks FROM document_meta
		WHERE doc_id IN (SELECT doc_id FROM ready) ORDER BY doc_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Loaded
	for rows.Next() {
		var l Loaded
		if err := rows.Scan(&l.DocID, &l.FileName, &l.Chunks); err != nil {
			return nil, err
		}
		l.Facts, l.Replaced, l.Unchanged = facts[l.DocID], replaced[l.DocID], before[l.DocID]
		out = append(out, l)
	}
	return out, rows.Err()
}

// deleteGone deletes the documents listed in the temp table gone, with
// their chunks and facts.
func deleteGone() []string {
	return []string{
		`DELETE FROM observations WHERE doc_id IN (SELECT doc_id FROM gone)`,
		`DELETE FROM legal_references WHERE doc_id IN (SELECT doc_id FROM gone)`,
		`DELETE FROM instrument_mentions WHERE doc_id IN (SELECT doc_id FROM gone)`,
		`DELETE FROM chunks WHERE doc_id IN (SELECT doc_id FROM gone)`,
		`DELETE FROM document_meta WHERE doc_id IN (SELECT doc_id FROM gone)`,
	}
}

func firstLine(q string) string {
	q = strings.TrimSpace(q)
	if i := strings.IndexByte(q, '\n'); i > 0 {
		q = q[:i]
	}
	return q
}

// Has reports whether a document with this id is loaded.
func (s *Session) Has(ctx context.Context, docID string) (bool, error) {
	var n int
	err := s.c.QueryRowContext(ctx, `SELECT count(*) FROM document_meta WHERE doc_id = $1`, docID).Scan(&n)
	return n > 0, err
}

// Has reports whether a document with this id is loaded.
func (w *Warehouse) Has(ctx context.Context, docID string) (bool, error) {
	var ok bool
	err := w.Do(ctx, func(s *Session) (err error) {
		ok, err = s.Has(ctx, docID)
		return err
	})
	return ok, err
}

// Loaded returns the ids of every loaded document.
func (w *Warehouse) LoadedIDs(ctx context.Context) (map[string]bool, error) {
	var ids map[string]bool
	err := w.Do(ctx, func(s *Session) (err error) {
		ids, err = idSet(ctx, s.c, `SELECT doc_id FROM document_meta`)
		return err
	})
	return ids, err
}

// DeadLetters records dead letters; one with a known id is kept once.
func (s *Session) DeadLetters(ctx context.Context, ids []string, dls []message.DeadLetter) error {
	return s.tx(ctx, func(c *sql.Conn) error {
		now := time.Now().UTC()
		for i, d := range dls {
			_, err := c.ExecContext(ctx, `INSERT INTO dead_letters
				(dead_id, stage, subject, source, error, deliveries, payload, failed_at, loaded_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (dead_id) DO NOTHING`,
				ids[i], d.Stage, d.Subject, d.Source, d.Error, d.Deliveries, d.Payload, timestamp(d.FailedAt), now)
			if err != nil {
				return fmt.Errorf("record dead letter %s: %w", ids[i], err)
			}
		}
		return nil
	})
}

// Counts returns the row count of every analysts' table.
func (w *Warehouse) Counts(ctx context.Context) (map[string]int64, error) {
	var out map[string]int64
	err := w.Do(ctx, func(s *Session) (err error) {
		out, err = Counts(ctx, s.c)
		return err
	})
	return out, err
}

// Tables lists the analysts' tables, in the order they are reported.
func Tables() []string {
	return []string{"documents", "chunks", "observations", "legal_references", "instrument_mentions", "instruments", "runs", "dead_letters"}
}

type queryer interface {
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// Counts returns the row count of every analysts' table through q.
func Counts(ctx context.Context, q queryer) (map[string]int64, error) {
	out := map[string]int64{}
	for _, t := range Tables() {
		var n int64
		if err := q.QueryRowContext(ctx, "SELECT count(*) FROM "+t).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		out[t] = n
	}
	return out, nil
}

// Discard drops a staged document that cannot be published, so that it
// does not block the rest; the caller records why.
func (s *Session) Discard(ctx context.Context, docID string) error {
	return s.tx(ctx, func(c *sql.Conn) error {
		for _, t := range stagingTables() {
			if _, err := c.ExecContext(ctx, `DELETE FROM staging.`+t+` WHERE doc_id = $1`, docID); err != nil {
				return fmt.Errorf("discard %s from staging.%s: %w", docID, t, err)
			}
		}
		return nil
	})
}

// Stalled is a staged document that made no progress for a while: its
// announcement never came (a fact batch for an unknown document), or some
// of its chunks never did.
type Stalled struct {
	DocID     string
	Chunks    int // announced; 0 if never announced
	Staged    int // distinct chunks staged
	Announced bool
	Since     time.Time
}

func (st Stalled) Error() string {
	if !st.Announced {
		return fmt.Sprintf("fact batches for unknown document %s: %d chunk(s) staged, no announcement since %s",
			st.DocID, st.Staged, st.Since.Format(time.RFC3339))
	}
	return fmt.Sprintf("document %s incomplete: %d of %d chunks staged, none since %s",
		st.DocID, st.Staged, st.Chunks, st.Since.Format(time.RFC3339))
}

// Stalled lists staged documents with no staging activity since before.
func (s *Session) Stalled(ctx context.Context, before time.Time) ([]Stalled, error) {
	rows, err := s.c.QueryContext(ctx, `
		WITH c AS (SELECT doc_id, count(DISTINCT seq) AS n, max(staged_at) AS last FROM staging.chunks GROUP BY doc_id),
		     d AS (SELECT doc_id, max(chunks) AS chunks, max(staged_at) AS last FROM staging.documents GROUP BY doc_id)
		SELECT coalesce(c.doc_id, d.doc_id), coalesce(d.chunks, 0), coalesce(c.n, 0), d.doc_id IS NOT NULL,
		       greatest(coalesce(c.last, d.last), coalesce(d.last, c.last))
		FROM c FULL JOIN d USING (doc_id)
		WHERE greatest(coalesce(c.last, d.last), coalesce(d.last, c.last)) < $1`, before)
	if err != nil {
		return nil, fmt.Errorf("find stalled documents: %w", err)
	}
	defer rows.Close()
	var out []Stalled
	for rows.Next() {
		var st Stalled
		if err := rows.Scan(&st.DocID, &st.Chunks, &st.Staged, &st.Announced, &st.Since); err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// Conn is the session's connection, for reads (tests, status); writes go
// through the Session's methods.
func (s *Session) Conn() *sql.Conn { return s.c }

// StagedState is what staging holds of one document.
type StagedState struct {
	Announced int // chunks its staged announcement gives; 0 if none
	Chunks    int // chunk rows staged (redeliveries count again)
}

// StagedState says, for each of ids, what staging holds of it; ids with
// nothing staged are absent from the map.
func (s *Session) StagedState(ctx context.Context, ids []string) (map[string]StagedState, error) {
	out := map[string]StagedState{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.c.QueryContext(ctx, `
		SELECT doc_id, coalesce(d.chunks, 0), coalesce(c.n, 0)
		FROM (SELECT doc_id, max(chunks) AS chunks FROM staging.documents WHERE doc_id IN (SELECT unnest($1::VARCHAR[])) GROUP BY doc_id) d
		FULL JOIN (SELECT doc_id, count(*) AS n FROM staging.chunks WHERE doc_id IN (SELECT unnest($1::VARCHAR[])) GROUP BY doc_id) c
		USING (doc_id)`, ids)
	if err != nil {
		return nil, fmt.Errorf("read staging state: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var st StagedState
		if err := rows.Scan(&id, &st.Announced, &st.Chunks); err != nil {
			return nil, err
		}
		out[id] = st
	}
	return out, rows.Err()
}

// Source is what the warehouse knows of the file a current document was
// read from.
type Source struct {
	DocID    string
	Encoding string
	Bytes    int64
	Modified time.Time // zero if not recorded (loaded before schema 1.1)
}

// Sources returns, by source URI, the files the current documents were
// read from.
func (w *Warehouse) Sources(ctx context.Context) (map[string]Source, error) {
	out := map[string]Source{}
	err := w.Do(ctx, func(s *Session) error {
		rows, err := s.c.QueryContext(ctx, `SELECT source_uri, doc_id, coalesce(encoding, ''), coalesce(bytes, -1), modified_at
			FROM document_meta WHERE status = 'current'`)
		if err != nil {
			return fmt.Errorf("read sources: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var uri string
			var src Source
			var mod sql.NullTime
			if err := rows.Scan(&uri, &src.DocID, &src.Encoding, &src.Bytes, &mod); err != nil {
				return err
			}
			src.Modified = mod.Time
			out[uri] = src
		}
		return rows.Err()
	})
	return out, err
}
