package warehouse

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/factflow/factflow/pipeline/message"
)

// readerEnv makes the test binary a reader process of the warehouse it
// names: DuckDB's lock is per process, so only another process can be
// locked out.
const readerEnv = "FACTFLOW_TEST_READ_WAREHOUSE"

func TestMain(m *testing.M) {
	if path := os.Getenv(readerEnv); path != "" {
		os.Exit(readOnce(path))
	}
	os.Exit(m.Run())
}

// readOnce counts the warehouse's dead letters, read-only, as `factflow
// query` would, and prints the count.
func readOnce(path string) int {
	db, err := OpenReadOnlyWait(context.Background(), path, 20*time.Second)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM dead_letters`).Scan(&n); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(n)
	return 0
}

// TestReaderGetsTurn: a writer working back to back, as a loader with a
// backlog does, and never closing the file on its own (MaxHold and Linger
// an hour), still lets a reader process in, and goes on writing after it.
func TestReaderGetsTurn(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	w, err := Open(ctx, path, Options{MaxHold: time.Hour, Linger: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()

	var units atomic.Int64
	stop, stopped := make(chan struct{}), make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				stopped <- nil
				return
			default:
			}
			err := w.Do(ctx, func(s *Session) error {
				id := "d" + strconv.Itoa(i)
				return s.DeadLetters(ctx, []string{id}, []message.DeadLetter{{Stage: "load", Source: id, Error: "test"}})
			})
			if err != nil {
				stopped <- err
				return
			}
			units.Add(1)
		}
	}()
	for units.Load() < 10 {
		time.Sleep(time.Millisecond)
	}

	reader := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	reader.Env = append(os.Environ(), readerEnv+"="+path)
	out, rerr := reader.CombinedOutput()
	atReaderEnd := units.Load()
	for units.Load() == atReaderEnd && ctx.Err() == nil {
		time.Sleep(time.Millisecond)
	}
	close(stop)
	if err := <-stopped; err != nil {
		t.Fatalf("writer: %v", err)
	}
	if rerr != nil {
		t.Fatalf("reader: %v\n%s", rerr, out)
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil || n < 10 {
		t.Fatalf("reader read %q; want at least the 10 dead letters written before it started", out)
	}
	if units.Load() == atReaderEnd {
		t.Fatal("the writer did not write again after the reader")
	}
	if _, err := os.Stat(waitSign(path)); !os.IsNotExist(err) {
		t.Errorf("the reader left its sign %s behind (%v)", waitSign(path), err)
	}
}
