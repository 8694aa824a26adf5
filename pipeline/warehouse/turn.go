package warehouse

import (
	"context"
	"os"
	"time"
)

// Readers and the writer take turns on the file. DuckDB lets one process
// write a file and locks every other process out meanwhile, readers
// included. A loader with a backlog reopens the file within a millisecond
// of closing it, so a reader polling for that gap waited, in practice, for
// the whole run (a 100 MB run: 9.6 s for one `factflow query`). Instead, a
// reader that finds the file held says so by touching a file beside it,
// at every try; a writer that is not told to keep the file open looks for
// that sign before each unit of work and, finding it fresh, closes the
// file and waits for the reader to get in. The writer can then hold the
// file for long stretches without shutting readers out: each close is a
// checkpoint, and a 1 GB run that closed every 2 s took 216.9 s against
// 160.0 s held open.
const (
	// waitSuffix names the sign: the warehouse path plus this.
	waitSuffix = ".wait"
	// waitFresh: a sign touched longer ago than this is from a reader
	// that has gone (readers touch it at least every readerRetry).
	waitFresh = time.Second
	// readerRetry is the longest a signalling reader waits between tries.
	readerRetry = 100 * time.Millisecond
	// yieldFor bounds how long a writer waits for a reader it made way
	// for to open the file.
	yieldFor = 2 * time.Second
)

// waitSign is the path of the sign readers of the warehouse at path leave.
func waitSign(path string) string { return path + waitSuffix }

// signalWaiting touches the sign: a reader is waiting for the file. A
// sign that cannot be written (a directory the reader may not write) only
// costs the reader the signal: it still polls.
func signalWaiting(sign string) {
	now := time.Now()
	if err := os.Chtimes(sign, now, now); err == nil {
		return
	}
	if f, err := os.OpenFile(sign, os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
		f.Close()
	}
}

// readerWaiting reports whether a reader signalled within waitFresh.
func readerWaiting(sign string) bool {
	st, err := os.Stat(sign)
	return err == nil && time.Since(st.ModTime()) < waitFresh
}

// makeWay waits, after the writer closed the file for a reader, until the
// reader has opened it (it removes the sign then), or its sign went stale,
// or yieldFor passed, or ctx ended. The writer then opens the file again,
// waiting there for as long as readers hold it.
func makeWay(ctx context.Context, sign string) {
	deadline := time.Now().Add(yieldFor)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for readerWaiting(sign) && time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
