// Package command holds the command-line commands of the factflow
// binaries: their flags (with environment-variable equivalents and an
// optional config file, resolved by kong with one precedence rule: flag,
// then config file, then environment, then default) and what they run.
package command

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"runtime/trace"
	"strconv"
	"syscall"

	"github.com/alecthomas/kong"
	"github.com/rs/zerolog"

	"github.com/factflow/factflow/pipeline/bench"
	"github.com/factflow/factflow/pipeline/chunk"
	"github.com/factflow/factflow/pipeline/ingest"
	"github.com/factflow/factflow/pipeline/logging"
)

// Globals are the flags every binary has.
type Globals struct {
	LogLevel   string           `help:"Log level: debug, info, warn, error." env:"FACTFLOW_LOG_LEVEL" default:"info"`
	LogFormat  string           `help:"Log format: auto (console on a terminal, JSON otherwise), console, json." env:"FACTFLOW_LOG_FORMAT" default:"auto" enum:"auto,console,json"`
	Config     kong.ConfigFlag  `help:"JSON config file; keys are flag names." env:"FACTFLOW_CONFIG" type:"existingfile"`
	Version    kong.VersionFlag `help:"Print the version and exit."`
	CPUProfile string           `name:"cpu-profile" help:"Write a CPU profile to this file (for go tool pprof)." type:"path"`
	Trace      string           `name:"trace" help:"Write an execution trace to this file (for go tool trace): when each goroutine ran, waited or was in a system or DuckDB call." type:"path"`
}

// Profile starts CPU profiling and tracing if asked; the returned
// function stops them.
func (g Globals) Profile() (func(), error) {
	var stops []func()
	stop := func() {
		for _, s := range stops {
			s()
		}
	}
	if g.CPUProfile != "" {
		f, err := os.Create(g.CPUProfile)
		if err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return nil, err
		}
		stops = append(stops, func() { pprof.StopCPUProfile(); f.Close() })
	}
	if g.Trace != "" {
		f, err := os.Create(g.Trace)
		if err != nil {
			stop()
			return nil, err
		}
		if err := trace.Start(f); err != nil {
			f.Close()
			stop()
			return nil, err
		}
		stops = append(stops, func() { trace.Stop(); f.Close() })
	}
	return stop, nil
}

// Logger builds the logger the flags ask for.
func (g Globals) Logger() zerolog.Logger {
	return logging.New(os.Stderr, g.LogLevel, g.LogFormat)
}

// Limits are the size bounds, shared by the commands that read input.
type Limits struct {
	ChunkTarget  int   `help:"Chunk size to aim for, in bytes." env:"FACTFLOW_CHUNK_TARGET" default:"4096"`
	ChunkMax     int   `help:"Largest chunk, in bytes." env:"FACTFLOW_CHUNK_MAX" default:"16384"`
	MaxFileBytes int64 `help:"Largest input file, in bytes." env:"FACTFLOW_MAX_FILE_BYTES" default:"268435456"`
	MaxMsgBytes  int32 `help:"Largest NATS message, in bytes (the server's max_payload must allow it)." env:"FACTFLOW_MAX_MSG_BYTES" default:"1048576"`
	FollowLinks  bool  `name:"follow-symlinks" help:"Follow symbolic links that lead out of the given paths." env:"FACTFLOW_FOLLOW_SYMLINKS"`
}

// MemoryLimits bound a process that writes the warehouse: DuckDB's
// memory and the Go heap, which together make most of its RSS, and
// DuckDB's threads.
type MemoryLimits struct {
	DBThreads int    `help:"Threads DuckDB writes the warehouse with; more let its idle workers spin on cores the other stages need. 0: one." env:"FACTFLOW_DB_THREADS" default:"0"`
	DBMemory  string `help:"DuckDB's memory limit (e.g. 512MB): past it DuckDB evicts the blocks it caches and spills to disk, and a quarter of it bounds the write-ahead log between checkpoints. It bounds the process's memory (a 1 and a 2 GB load at 512MB: 0.9-1.0 GB RSS, against 2.0-2.3 GB unset at 1 GB) for more time and a larger file (docs/operations.md). A commit that cannot fit fails and is retried. Empty: DuckDB's default, 80% of RAM." env:"FACTFLOW_DB_MEMORY"`
	GoMemory  string `help:"Soft limit of the Go heap (as GOMEMLIMIT, which wins if set): near it the collector runs more often rather than let the heap double. Empty: none." env:"FACTFLOW_GO_MEMORY" default:"512MB"`
}

// Apply sets the Go heap's soft limit.
func (m MemoryLimits) Apply() error {
	if m.GoMemory == "" || os.Getenv("GOMEMLIMIT") != "" {
		return nil
	}
	n, err := bench.ParseSize(m.GoMemory)
	if err != nil {
		return fmt.Errorf("--go-memory: %w", err)
	}
	debug.SetMemoryLimit(n)
	return nil
}

// ChunkOptions returns the chunker's options.
func (l Limits) ChunkOptions() chunk.Options {
	return chunk.Options{Target: l.ChunkTarget, Max: l.ChunkMax}
}

// Options are kong's options for every binary.
func Options(name, description string) []kong.Option {
	return []kong.Option{
		kong.Name(name),
		kong.Description(description),
		kong.UsageOnError(),
		kong.Configuration(kong.JSON),
		kong.Vars{"version": Version, "max_backlog": strconv.FormatUint(ingest.DefaultMaxBacklog, 10)},
		kong.ConfigureHelp(kong.HelpOptions{Compact: true}),
	}
}

// Version is set at build time with -ldflags "-X ...command.Version=…".
var Version = "dev"

// SignalContext is cancelled on SIGINT or SIGTERM.
func SignalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

func numCPU() int { return runtime.GOMAXPROCS(0) }
