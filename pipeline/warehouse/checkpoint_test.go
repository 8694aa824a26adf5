package warehouse

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestGrownThreshold(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		size int64 // -1: no file
		want int64
	}{
		{"no file yet", -1, 128 << 20},
		{"small", 1 << 20, 128 << 20},
		{"at twice the base", 256 << 20, 128 << 20},
		{"larger", 2 << 30, 1 << 30},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name+".duckdb")
			if tc.size >= 0 {
				f, err := os.Create(path)
				if err != nil {
					t.Fatal(err)
				}
				// sparse: the size is all grownThreshold reads
				if err := f.Truncate(tc.size); err != nil {
					t.Fatal(err)
				}
				f.Close()
			}
			if got := grownThreshold(path); got != tc.want {
				t.Fatalf("grownThreshold = %d MiB, want %d MiB", got>>20, tc.want>>20)
			}
		})
	}
}

// TestCheckpointThreshold checks what DuckDB is told: the grown default,
// or exactly what the options ask for.
func TestCheckpointThreshold(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		opt  Options
		want string
		grow bool
	}{
		{"default", Options{KeepOpen: true}, "128.0 MiB", true},
		{"given", Options{KeepOpen: true, CheckpointAfter: "64MiB"}, "64.0 MiB", false},
		{"from the memory limit", Options{KeepOpen: true, MemoryLimit: "1GiB"}, "256.0 MiB", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, err := Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			if w.growCheckpoint != tc.grow {
				t.Fatalf("growCheckpoint = %v, want %v", w.growCheckpoint, tc.grow)
			}
			var got string
			err = w.Do(ctx, func(s *Session) error {
				return s.c.QueryRowContext(ctx, `SELECT current_setting('checkpoint_threshold')`).Scan(&got)
			})
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Fatalf("checkpoint_threshold = %q, want %q", got, tc.want)
			}
			if !tc.grow {
				return
			}
			// The file grows to 2 GiB (a sparse stand-in for its size):
			// the next session raises the threshold to half of it.
			big := filepath.Join(t.TempDir(), "big.duckdb")
			f, err := os.Create(big)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.Truncate(2 << 30); err != nil {
				t.Fatal(err)
			}
			f.Close()
			w.path = big // the file is kept open: only its size is read
			err = w.Do(ctx, func(s *Session) error { return nil })
			if err == nil {
				err = w.Do(ctx, func(s *Session) error {
					return s.c.QueryRowContext(ctx, `SELECT current_setting('checkpoint_threshold')`).Scan(&got)
				})
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != "1.0 GiB" {
				t.Fatalf("after growth: checkpoint_threshold = %q, want 1.0 GiB", got)
			}
		})
	}
}

func TestThreads(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		opt  Options
		want int
	}{
		{Options{KeepOpen: true}, 1},
		{Options{KeepOpen: true, Threads: 2}, 2},
	} {
		w, err := Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), tc.opt)
		if err != nil {
			t.Fatal(err)
		}
		var got int
		err = w.Do(ctx, func(s *Session) error {
			return s.c.QueryRowContext(ctx, `SELECT current_setting('threads')`).Scan(&got)
		})
		w.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("Threads %d: DuckDB runs %d threads, want %d", tc.opt.Threads, got, tc.want)
		}
	}
}
