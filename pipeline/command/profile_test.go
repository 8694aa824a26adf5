package command_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/pprof/profile"

	"github.com/factflow/factflow/pipeline/command"
)

// TestProfile: each of --cpu-profile and --trace writes its file, alone or
// together, and a file that cannot be created is an error.
func TestProfile(t *testing.T) {
	for _, tc := range []struct {
		name       string
		cpu, trace bool
		unwritable bool // the files' directory does not exist
	}{
		{name: "neither"},
		{name: "cpu profile", cpu: true},
		{name: "trace", trace: true},
		{name: "both", cpu: true, trace: true},
		{name: "unwritable", trace: true, unwritable: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.unwritable {
				dir = filepath.Join(dir, "missing")
			}
			var g command.Globals
			if tc.cpu {
				g.CPUProfile = filepath.Join(dir, "cpu.pprof")
			}
			if tc.trace {
				g.Trace = filepath.Join(dir, "trace.out")
			}
			stop, err := g.Profile()
			if tc.unwritable {
				if err == nil {
					stop()
					t.Fatal("no error for a trace file in a missing directory")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			stop()
			if tc.cpu {
				f, err := os.Open(g.CPUProfile)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				if _, err := profile.Parse(f); err != nil {
					t.Errorf("cpu profile: %v", err)
				}
			}
			if tc.trace {
				b, err := os.ReadFile(g.Trace)
				if err != nil {
					t.Fatal(err)
				}
				// Every execution trace starts with this header.
				if want := "go 1."; len(b) < len(want) || string(b[:len(want)]) != want {
					t.Errorf("trace starts %q, want an execution trace header", b[:min(len(b), 16)])
				}
			}
		})
	}
}
