// Package ingest reads input files, splits them into chunks and publishes
// them to JetStream: one document announcement and one message per chunk,
// each with a Nats-Msg-Id so that a re-publish is dropped by the server.
package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"time"

	"github.com/rs/zerolog"

	"github.com/factflow/factflow/pipeline/bus"
	"github.com/factflow/factflow/pipeline/chunk"
	"github.com/factflow/factflow/pipeline/facts"
	"github.com/factflow/factflow/pipeline/message"
	"github.com/factflow/factflow/pipeline/source"
)

// DefaultMaxBacklog is the backlog, in messages, past which factflow run
// holds ingest back. The embedded server keeps the blocks of a backlog in
// its memory: 16,384 messages (about 100 MB) made it most of a 1 GB run's
// Go heap, and 4,096 still keep both stages after ingest busy.
const DefaultMaxBacklog = 4096

// Options configure an ingest.
type Options struct {
	RunID        string
	Chunk        chunk.Options
	Walk         source.WalkOptions
	MaxFileBytes int64 // larger files are rejected; 0: no limit
	Window       int   // publishes in flight
	// MaxBacklog, if positive, holds back each document while that many
	// messages or more wait downstream (bus.WaitBacklog).
	MaxBacklog uint64
	// Readers turn files into text, tried in order; the first that
	// accepts a file's name reads it.
	Readers []source.Reader
	// Known reports whether a document is already loaded, so that an
	// unchanged file is skipped. Nil: publish everything. It is called
	// from several goroutines at once.
	Known func(ctx context.Context, docID string) (bool, error)
	// Unchanged, if set, reports that a file is, by its size and
	// modification time, the one a loaded document was read from, and
	// that document's id: the file is then skipped unread. It is called
	// from several goroutines at once.
	Unchanged func(f source.File) (docID, encoding string, ok bool)
	// Walked, if set, is told how many files the walk found.
	Walked func(files int)
	// Done, if set, is told of each file once ingest is through with it,
	// whatever became of it.
	Done func(path string)
	// Publishing, if set, is told of each document just before its
	// messages are published, so that a waiter can never miss its load.
	Publishing func(doc message.Document)
	// Sink, if set, takes the chunks in place of the chunks stream (the
	// announcements still go to the documents stream), and MaxBacklog is
	// not consulted: the sink's own waiting holds ingest back.
	Sink Sink
}

// Sink takes each document's chunks in process, where a transform worker
// of the same process reads them (queue.Chunks). Put is given every chunk
// of one document, in order, before its announcement is published; it may
// block while the sink holds too much, which is the back-pressure on
// ingest. An error means the chunks cannot be taken (ctx ended): the run
// stops with it. The chunks must not be changed: their texts share the
// document's.
type Sink interface {
	Put(ctx context.Context, chunks []message.Chunk) error
}

// Report says what an ingest did.
type Report struct {
	FilesSeen  int
	Seen       []string // absolute paths of every file found, read or not
	Published  []message.Document
	Skipped    []message.Document // already loaded, unchanged
	Duplicates []Duplicate        // same content as another file of this ingest
	Failed     []source.Problem
	Chunks     int
}

// Duplicate is a file whose content another file of the same ingest has:
// one document, read once.
type Duplicate struct {
	Path, Of string
}

// Run ingests every file under paths. Files that cannot be read or decoded
// are reported and dead-lettered, and the run goes on; the error returned
// is for failures of the run itself (NATS unreachable, ctx cancelled).
func Run(ctx context.Context, b *bus.Bus, paths []string, opt Options, log zerolog.Logger) (Report, error) {
	if len(opt.Readers) == 0 {
		opt.Readers = []source.Reader{source.Text{}}
	}
	if opt.Window <= 0 {
		opt.Window = 512
	}
	opt.Walk.MaxFileBytes = opt.MaxFileBytes
	var rep Report
	files, problems := source.Walk(ctx, paths, opt.Walk)
	rep.FilesSeen = len(files) + len(problems)
	if opt.Walked != nil {
		opt.Walked(rep.FilesSeen)
	}
	done := func(path string) {
		if opt.Done != nil {
			opt.Done(path)
		}
	}
	for _, f := range files {
		rep.Seen = append(rep.Seen, f.Abs)
	}
	for _, p := range problems {
		rep.Failed = append(rep.Failed, p)
		deadLetter(ctx, b, p, nil, log)
		done(p.Path)
	}
	pub := b.NewPublisher(opt.Window)
	first := map[string]string{} // doc id → first path with that content
	// Reading, hashing and splitting run on every core, a few files
	// ahead; publishing goes in file order from here.
	ahead := runtime.GOMAXPROCS(0)
	results, taken := prepareAll(ctx, files, opt, ahead)
	for i, f := range files {
		var p prepared
		select {
		case p = <-results[i]:
			taken()
		case <-ctx.Done():
			return rep, ctx.Err()
		}
		err := ingestFile(ctx, b, pub, f, p, opt, first, &rep, log)
		done(f.Path)
		if err != nil {
			return rep, err
		}
	}
	if err := pub.Flush(ctx); err != nil {
		return rep, fmt.Errorf("publish: %w", err)
	}
	return rep, nil
}

// ingestFile reads, splits and publishes one file. Problems with the file
// go into rep; the error is for failures of the run itself.
// prepared is a file read, hashed and (unless already loaded) split.
type prepared struct {
	in     file
	err    error
	known  bool
	doc    message.Document
	chunks []message.Chunk
	bodies [][]byte // chunks, encoded
}

// prepareAll prepares files on workers goroutines; the i-th result
// arrives on the i-th channel. The consumer calls taken after each result
// it takes, which keeps the work at most 2×workers files ahead of it (and
// so the memory bounded).
func prepareAll(ctx context.Context, files []source.File, opt Options, workers int) ([]chan prepared, func()) {
	out := make([]chan prepared, len(files))
	for i := range out {
		out[i] = make(chan prepared, 1)
	}
	tokens := make(chan struct{}, 2*workers)
	jobs := make(chan int)
	go func() {
		defer close(jobs)
		for i := range files {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	for range workers {
		go func() {
			for i := range jobs {
				out[i] <- prepare(ctx, files[i], opt)
			}
		}()
	}
	return out, func() { <-tokens }
}

func prepare(ctx context.Context, f source.File, opt Options) prepared {
	if opt.Unchanged != nil {
		if id, enc, ok := opt.Unchanged(f); ok {
			return prepared{in: file{id: id, encoding: enc, size: f.Size}, known: true}
		}
	}
	in, err := read(f, opt)
	if err != nil {
		return prepared{err: err}
	}
	p := prepared{in: in}
	// Ask before splitting: an unchanged document costs a hash, no more.
	if opt.Known != nil {
		if p.known, p.err = opt.Known(ctx, in.id); p.err != nil || p.known {
			return p
		}
	}
	p.doc, p.chunks = facts.Prepare(in.id, filepath.Base(f.Path), f.Abs, in.text, in.encoding, in.size, opt.Chunk)
	if !f.ModTime.IsZero() {
		p.doc.ModifiedAt = f.ModTime.UTC().Format(time.RFC3339Nano)
	}
	// Encoding here runs on every core; publishing is one goroutine. A
	// document's bodies share a buffer: they are published, and let go
	// of, together. A sink takes the chunks as they are.
	if opt.Sink == nil {
		p.bodies = encodeChunks(p.chunks)
	}
	return p
}

// encodeChunks encodes chunks into as few buffers as it can: one sized
// for them all, with room for escapes (a newline takes two bytes), and,
// should escapes exceed that room, another for the rest: growing the one
// buffer would copy every body before.
func encodeChunks(chunks []message.Chunk) [][]byte {
	rest := 0 // the estimate for the chunks not yet encoded
	for i := range chunks {
		rest += message.ChunkSize(&chunks[i])
	}
	bodies := make([][]byte, len(chunks))
	var buf []byte
	for i := range chunks {
		n := message.ChunkSize(&chunks[i])
		if cap(buf)-len(buf) < n {
			buf = make([]byte, 0, rest+rest/16)
		}
		rest -= n
		start := len(buf)
		buf = message.AppendChunk(buf, &chunks[i])
		bodies[i] = buf[start:len(buf):len(buf)]
	}
	return bodies
}

func ingestFile(ctx context.Context, b *bus.Bus, pub *bus.Publisher, f source.File, p prepared, opt Options, first map[string]string, rep *Report, log zerolog.Logger) error {
	in := p.in
	if p.err != nil && in.id == "" {
		prob := source.Problem{Path: f.Path, Err: p.err}
		rep.Failed = append(rep.Failed, prob)
		deadLetter(ctx, b, prob, nil, log)
		return nil
	}
	if of, ok := first[in.id]; ok {
		log.Info().Str("file", f.Path).Str("same_as", of).Msg("duplicate content, read once")
		rep.Duplicates = append(rep.Duplicates, Duplicate{Path: f.Path, Of: of})
		return nil
	}
	first[in.id] = f.Path
	if p.err != nil {
		return fmt.Errorf("prepare %s: %w", f.Path, p.err)
	}
	if p.known {
		log.Debug().Str("file", f.Path).Str("doc_id", in.id).Msg("unchanged, skipped")
		rep.Skipped = append(rep.Skipped, message.Document{Schema: message.DocumentV1, DocID: in.id,
			FileName: filepath.Base(f.Path), SourceURI: f.Abs, Encoding: in.encoding, Bytes: in.size})
		return nil
	}
	doc, chunks := p.doc, p.chunks
	if opt.MaxBacklog > 0 && opt.Sink == nil {
		if err := b.WaitBacklog(ctx, opt.MaxBacklog); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			// Back-pressure is a courtesy: publishing goes on, and fails
			// by itself if the server is really gone.
			log.Debug().Err(err).Str("file", f.Path).Msg("cannot read the backlog; publishing anyway")
		}
	}
	if opt.Publishing != nil {
		opt.Publishing(doc)
	}
	if err := publish(ctx, b, pub, opt.Sink, doc, chunks, p.bodies, opt.RunID); err != nil {
		return fmt.Errorf("publish %s: %w", f.Path, err)
	}
	rep.Published = append(rep.Published, doc)
	rep.Chunks += len(chunks)
	log.Debug().Str("file", f.Path).Str("doc_id", doc.DocID).Int("chunks", len(chunks)).Msg("published")
	return nil
}

// file is an input read and decoded, not yet split.
type file struct {
	text, encoding string
	size           int64
	id             string
}

func read(f source.File, opt Options) (file, error) {
	var reader source.Reader
	for _, r := range opt.Readers {
		if r.Accepts(f.Path) {
			reader = r
			break
		}
	}
	if reader == nil {
		return file{}, fmt.Errorf("no reader for %s files", filepath.Ext(f.Path))
	}
	data, err := source.ReadFile(f, opt.MaxFileBytes)
	if err != nil {
		return file{}, err
	}
	text, enc, err := reader.Read(data)
	if err != nil {
		return file{}, err
	}
	return file{text: text, encoding: enc, size: int64(len(data)), id: source.ID(text)}, nil
}

// publish sends a document's chunks, to the sink if there is one, then
// its announcement. The publisher bounds what is in flight; Run waits for
// every acknowledgement at the end.
func publish(ctx context.Context, b *bus.Bus, pub *bus.Publisher, sink Sink, doc message.Document, chunks []message.Chunk, bodies [][]byte, runID string) error {
	doc.RunID = runID
	if sink != nil {
		if err := sink.Put(ctx, chunks); err != nil {
			return err
		}
	} else {
		for i, c := range chunks {
			if err := pub.Publish(ctx, b.Names.ChunkSubject(c.DocID), bodies[i], "chunk:"+c.ChunkID); err != nil {
				return err
			}
		}
	}
	return pub.PublishJSON(ctx, b.Names.DocSubject(doc.DocID), doc, "doc:"+doc.DocID)
}

// deadLetter records an input that could not be read: on the dead-letter
// subject (and so in the dead_letters table), with the start of its bytes.
func deadLetter(ctx context.Context, b *bus.Bus, p source.Problem, head []byte, log zerolog.Logger) {
	log.Error().Str("file", p.Path).Err(p.Err).Msg("input rejected")
	dl := message.DeadLetter{
		Schema:   message.DeadV1,
		Stage:    "ingest",
		Source:   p.Path,
		Error:    p.Err.Error(),
		Payload:  head,
		FailedAt: time.Now().UTC().Format(time.RFC3339Nano),
	}
	id := "dead:ingest:" + p.Path + ":" + p.Err.Error()
	if err := b.DeadLetter(ctx, dl, id); err != nil {
		log.Error().Err(err).Str("file", p.Path).Msg("could not record the rejected input")
	}
}
