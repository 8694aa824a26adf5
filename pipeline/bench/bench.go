// Package bench measures factflow on a synthetic corpus: raw baselines of
// the machine (JetStream publish and consume, DuckDB's Appender), each
// stage alone, and the whole pipeline end to end, then a no-op refresh.
// It is what `factflow bench` runs.
//
// Sizes are in MB of 2^20 bytes; rates in MB/s are of the bytes named in
// each row (corpus text, chunk text or chunk messages).
package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/rs/zerolog"

	"github.com/factflow/factflow/pipeline/chunk"
	"github.com/factflow/factflow/pipeline/runner"
	"github.com/factflow/factflow/pipeline/synth"
)

// MB is the unit of sizes and rates.
const MB = 1 << 20

// Config says what to measure.
type Config struct {
	Size      int64  // corpus bytes
	Dir       string // scratch directory; "" means a temporary one, removed after
	SeedDir   string // seed reports for the generator
	Seed      int64  // generator seed
	Reps      int    // repetitions of the baselines and single stages (median taken)
	StageSize int64  // bytes of the corpus the baselines and single stages use; 0: min(Size, 64 MB)
	Parts     []string
	Linearity bool // also run end to end at 4× and 16× Size
	KeepOpen  bool // runner.Config.KeepOpen for the end-to-end runs
	// FactsStream is runner.Config.FactsStream for the end-to-end runs.
	FactsStream bool
	// ChunksStream is runner.Config.ChunksStream for the end-to-end runs.
	ChunksStream bool
	Workers      int // transform loops end to end; 0: GOMAXPROCS
	// StallAfter is runner.Config.StallAfter: 0 keeps the loader's default.
	StallAfter time.Duration
	// DBMemory is warehouse.Options.MemoryLimit for the warehouses the
	// end to end and the load stage write.
	DBMemory string
	// DBThreads is warehouse.Options.Threads for the same warehouses.
	DBThreads int
	Chunk     chunk.Options

	MemProfile string // heap profile at the largest Go heap seen (sampled)
}

// Parts of a run, in the order they run.
const (
	PartE2E      = "e2e"
	PartBaseline = "baseline"
	PartStages   = "stages"
)

// AllParts are every part.
var AllParts = []string{PartE2E, PartBaseline, PartStages}

// Result is what a run measured: the last line `factflow bench` prints.
type Result struct {
	SizeBytes    int64   `json:"size_bytes"`
	Files        int     `json:"files"`
	GenerateS    float64 `json:"generate_s"`
	EndToEndS    float64 `json:"end_to_end_s"`
	EndToEndMBs  float64 `json:"end_to_end_mb_s"`
	Chunks       int     `json:"chunks"`
	Facts        int64   `json:"facts"`
	FactsPerS    float64 `json:"facts_per_s"`
	NoopRefreshS float64 `json:"noop_refresh_s"`
	EndToEndCPUS float64 `json:"end_to_end_cpu_s"` // user+system CPU seconds of the process during the end-to-end run
	// the share of the end-to-end run the loader had the warehouse in
	// use (runner.Summary.LoadBusy): near 1, loading bounds the run
	LoaderBusyShare float64 `json:"loader_busy_share"`
	// the end-to-end run's sampled CPU by part (extraction, DuckDB, NATS
	// server, ...; see cpuParts), as fractions; absent under --cpu-profile
	EndToEndCPUShare  map[string]float64 `json:"end_to_end_cpu_share,omitempty"`
	LoadAvg           string             `json:"loadavg"` // /proc/loadavg before the end-to-end run: how busy the machine was
	PeakRSSMB         float64            `json:"peak_rss_mb"`
	PeakGoHeapMB      float64            `json:"peak_go_heap_mb"`
	PeakRSSGoMB       float64            `json:"peak_rss_go_mb"` // Go runtime's share of RSS at its sampled peak
	StageBytes        int64              `json:"stage_sample_bytes"`
	RawPublishMBs     float64            `json:"raw_publish_mb_s"`
	RawPublishNoIDMBs float64            `json:"raw_publish_noid_mb_s"`
	RawConsumeMBs     float64            `json:"raw_consume_ack_mb_s"`
	RawAppendKeyRows  float64            `json:"raw_append_key_rows_s"`
	RawAppendRows     float64            `json:"raw_append_nokey_rows_s"`
	IngestMBs         float64            `json:"ingest_mb_s"`
	IngestRatio       float64            `json:"ingest_ratio"`
	ExtractMBsPerCore float64            `json:"extract_mb_s_per_core"`
	ExtractMBsWall    float64            `json:"extract_mb_s_1_goroutine_wall"`
	ExtractMBsAll     float64            `json:"extract_mb_s_all_cores"`
	// each extractor of FromChunk alone, in MB of chunk text per CPU
	// second: observations, legal_references, instruments
	ExtractPartMBs map[string]float64 `json:"extract_part_mb_s_per_core,omitempty"`
	Cores          int                `json:"cores"`
	LoadRowsS      float64            `json:"load_rows_s"`
	LoadRatio      float64            `json:"load_ratio"`
	Linearity4x    float64            `json:"linearity_4x,omitempty"`
	Linearity16x   float64            `json:"linearity_16x,omitempty"`
	LinearityBaseS float64            `json:"linearity_base_s,omitempty"` // the median 1× time the ratios use
}

// row is one line of the printed table.
type row struct{ name, value, note string }

type run struct {
	cfg     Config
	log     zerolog.Logger
	res     Result
	rows    []row
	out     io.Writer
	goLimit int64 // the Go heap's soft limit the pipeline runs under
}

// roomForSample raises the Go heap's soft limit by what the stage sample
// keeps live, so that a stage measured over it has the headroom it has in
// production, where nothing holds a sample: under the limit alone, the
// collector ran most of the time for the sample's sake.
func (r *run) roomForSample() {
	if r.goLimit == math.MaxInt64 {
		return
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	debug.SetMemoryLimit(r.goLimit + int64(ms.HeapAlloc))
}

func (r *run) add(name, value, note string) {
	r.rows = append(r.rows, row{name, value, note})
	r.log.Info().Str("measure", name).Str("value", value).Msg(note)
}

func (r *run) has(part string) bool {
	return len(r.cfg.Parts) == 0 || slices.Contains(r.cfg.Parts, part)
}

// Run measures and writes the table, then the Result as one JSON line,
// to out.
func Run(ctx context.Context, cfg Config, out io.Writer, log zerolog.Logger) (Result, error) {
	if cfg.Reps <= 0 {
		cfg.Reps = 3
	}
	if cfg.SeedDir == "" {
		cfg.SeedDir = "seeds"
	}
	if cfg.Size <= 0 {
		return Result{}, fmt.Errorf("bench: size must be positive")
	}
	if cfg.StageSize <= 0 {
		cfg.StageSize = min(cfg.Size, 64*MB)
	}
	if cfg.Chunk.Target <= 0 {
		cfg.Chunk = chunk.DefaultOptions()
	}
	r := &run{cfg: cfg, log: log, out: out}
	r.res.SizeBytes = cfg.Size
	r.res.Cores = runtime.GOMAXPROCS(0)
	dir := cfg.Dir
	if dir == "" {
		d, err := os.MkdirTemp("", "factflow-bench-")
		if err != nil {
			return r.res, err
		}
		defer os.RemoveAll(d)
		dir = d
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return r.res, err
	}

	corpus := filepath.Join(dir, "corpus")
	if err := os.RemoveAll(corpus); err != nil {
		return r.res, err
	}
	t0 := time.Now()
	paths, err := synth.Generate(corpus, cfg.SeedDir, cfg.Size, cfg.Seed)
	if err != nil {
		return r.res, fmt.Errorf("generate: %w", err)
	}
	r.res.GenerateS = time.Since(t0).Seconds()
	r.res.Files = len(paths)
	var total int64
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil {
			total += st.Size()
		}
	}
	r.res.SizeBytes = total
	r.add("corpus", fmt.Sprintf("%.1f MB, %d files", mb(total), len(paths)), fmt.Sprintf("generated in %.1f s (seed %d)", r.res.GenerateS, cfg.Seed))

	var e2eErr error
	if r.has(PartE2E) {
		// A failed run is reported with the rest, not instead of it.
		if e2eErr = r.endToEnd(ctx, dir, corpus, total); e2eErr != nil {
			r.add("end to end", "FAILED", e2eErr.Error())
			if ctx.Err() != nil {
				r.print()
				return r.res, e2eErr
			}
		}
	}
	if r.has(PartBaseline) || r.has(PartStages) {
		s, err := loadSample(paths, cfg.StageSize, cfg.Chunk)
		if err != nil {
			return r.res, err
		}
		r.res.StageBytes = s.bytes
		r.goLimit = debug.SetMemoryLimit(-1)
		defer debug.SetMemoryLimit(r.goLimit)
		r.roomForSample()
		r.add("stage sample", fmt.Sprintf("%.1f MB, %d files, %d chunks", mb(s.bytes), len(s.paths), len(s.chunks)),
			fmt.Sprintf("%.1f MB of chunk messages; medians of %d reps", mb(s.msgBytes), cfg.Reps))
		if r.has(PartBaseline) {
			if err := r.baselines(ctx, dir, s); err != nil {
				return r.res, err
			}
		}
		if r.has(PartStages) {
			if err := r.stages(ctx, dir, s); err != nil {
				return r.res, err
			}
		}
	}
	if r.res.RawPublishMBs > 0 && r.res.IngestMBs > 0 {
		r.res.IngestRatio = r.res.IngestMBs / r.res.RawPublishMBs
	}
	if r.res.RawAppendKeyRows > 0 && r.res.LoadRowsS > 0 {
		r.res.LoadRatio = r.res.LoadRowsS / r.res.RawAppendKeyRows
	}
	if cfg.Linearity && r.has(PartE2E) && e2eErr == nil {
		if err := r.linearity(ctx, dir, corpus); err != nil {
			return r.res, err
		}
	}
	r.print()
	return r.res, e2eErr
}

func (r *run) print() {
	tw := tabwriter.NewWriter(r.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "measure\tvalue\tnote")
	for _, x := range r.rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", x.name, x.value, x.note)
	}
	// A ratio is known only when the run measured both of its sides.
	if r.res.IngestRatio > 0 {
		fmt.Fprintf(tw, "ingest / raw publish\t%.2f\t\n", r.res.IngestRatio)
	}
	if r.res.LoadRatio > 0 {
		fmt.Fprintf(tw, "load / raw append (key)\t%.2f\t\n", r.res.LoadRatio)
	}
	tw.Flush()
	line, _ := json.Marshal(r.res)
	fmt.Fprintln(r.out, string(line))
}

// endToEnd runs the whole pipeline on the corpus into a fresh warehouse
// and store, then again on the same (a no-op refresh), measuring peak RSS.
func (r *run) endToEnd(ctx context.Context, dir, corpus string, total int64) error {
	work := filepath.Join(dir, "e2e")
	if err := os.RemoveAll(work); err != nil {
		return err
	}
	defer os.RemoveAll(work)
	debug.FreeOSMemory()
	resetPeakRSS()
	stopSampler := r.sampleHeap()
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		r.res.LoadAvg = strings.Join(strings.Fields(string(b))[:3], " ")
	}
	cpu0 := cpuSeconds()
	var sum runner.Summary
	var el time.Duration
	shares, err := profiled(func() (err error) {
		sum, el, err = r.pipeline(ctx, corpus, work, "end-to-end")
		return err
	})
	r.res.EndToEndCPUS = cpuSeconds() - cpu0
	if err != nil {
		stopSampler()
		return err
	}
	r.res.EndToEndS = el.Seconds()
	r.res.EndToEndMBs = mb(total) / el.Seconds()
	r.res.Chunks = sum.Chunks
	r.res.Facts = sum.Facts
	r.res.FactsPerS = float64(sum.Facts) / el.Seconds()
	r.add("end to end", fmt.Sprintf("%.1f MB/s", r.res.EndToEndMBs),
		fmt.Sprintf("%.1f s (%.1f CPU s, load average %s); %d documents, %d chunks, %d facts (%.0f facts/s); keep-open=%v, chunks-stream=%v, facts-stream=%v",
			el.Seconds(), r.res.EndToEndCPUS, r.res.LoadAvg, sum.Loaded, sum.Chunks, sum.Facts, r.res.FactsPerS, r.cfg.KeepOpen, r.cfg.ChunksStream, r.cfg.FactsStream))
	r.addShares(shares)
	r.res.LoaderBusyShare = sum.LoadBusy.Seconds() / el.Seconds()
	r.add("loader busy", fmt.Sprintf("%.0f %%", 100*r.res.LoaderBusyShare),
		fmt.Sprintf("%.1f s of the %.1f s the load worker had the warehouse in use; near 100 %%, loading bounds the run", sum.LoadBusy.Seconds(), el.Seconds()))
	sum2, el2, err := r.pipeline(ctx, corpus, work, "no-op refresh")
	stopSampler()
	if err != nil {
		return err
	}
	r.res.NoopRefreshS = el2.Seconds()
	r.add("no-op refresh", fmt.Sprintf("%.2f s", el2.Seconds()), fmt.Sprintf("%d skipped, %d loaded", sum2.Skipped, sum2.Loaded))
	r.res.PeakRSSMB = peakRSSMB()
	r.add("peak RSS", fmt.Sprintf("%.0f MB", r.res.PeakRSSMB), fmt.Sprintf("VmHWM over both runs; largest Go heap %.0f MB; Go runtime %.0f MB of the sampled peak (the rest is DuckDB's)", r.res.PeakGoHeapMB, r.res.PeakRSSGoMB))
	return nil
}

// addShares reports where the end-to-end run's CPU went (profiled).
func (r *run) addShares(shares []cpuShare) {
	var total float64
	for _, sh := range shares {
		total += sh.seconds
	}
	if total <= 0 {
		return
	}
	r.res.EndToEndCPUShare = map[string]float64{}
	notes := make([]string, len(shares))
	for i, sh := range shares {
		r.res.EndToEndCPUShare[sh.part] = sh.seconds / total
		notes[i] = fmt.Sprintf("%s %.0f %%", sh.part, 100*sh.seconds/total)
	}
	r.add("end-to-end CPU by part", fmt.Sprintf("%.1f CPU s sampled", total), strings.Join(notes, ", "))
}

// pipeline is one runner.Run, its Summary and how long it took.
func (r *run) pipeline(ctx context.Context, corpus, work, what string) (runner.Summary, time.Duration, error) {
	if err := os.MkdirAll(work, 0o755); err != nil {
		return runner.Summary{}, 0, err
	}
	start := time.Now()
	sum, err := runner.Run(ctx, runner.Config{
		Paths:        []string{corpus},
		DB:           filepath.Join(work, "warehouse.duckdb"),
		StoreDir:     filepath.Join(work, "nats"),
		Chunk:        r.cfg.Chunk,
		Workers:      r.cfg.Workers,
		KeepOpen:     r.cfg.KeepOpen,
		FactsStream:  r.cfg.FactsStream,
		ChunksStream: r.cfg.ChunksStream,
		DBMemory:     r.cfg.DBMemory,
		DBThreads:    r.cfg.DBThreads,
		Command:      "factflow bench",
		// A long run can leave a document's announcement staged for
		// longer than the loader's stall timeout before its first
		// chunk arrives; --stall-after raises it.
		StallAfter: r.cfg.StallAfter,
	}, r.log)
	el := time.Since(start)
	if err != nil {
		return sum, el, fmt.Errorf("%s: %w", what, err)
	}
	if len(sum.Failed) > 0 {
		return sum, el, fmt.Errorf("%s: %d inputs failed, first %s: %s", what, len(sum.Failed), sum.Failed[0].Input, sum.Failed[0].Error)
	}
	return sum, el, nil
}

// linearity runs end to end at 4× and 16× the size and compares the
// times with 4 and 16 times the 1× time. That is the median of the 1×
// run and two more (on the same corpus, without the profiler): a 1× run
// takes a few seconds, and one slow or fast run on this shared machine
// moved both ratios by 15 % (docs/performance.md, item 56).
func (r *run) linearity(ctx context.Context, dir, corpus string) error {
	times := []time.Duration{time.Duration(r.res.EndToEndS * float64(time.Second))}
	for i := range 2 {
		work := filepath.Join(dir, "e2e-1-"+strconv.Itoa(i))
		_, el, err := r.pipeline(ctx, corpus, work, "end to end 1×")
		os.RemoveAll(work)
		if err != nil {
			return err
		}
		times = append(times, el)
	}
	base := medianOf(times).Seconds()
	r.res.LinearityBaseS = base
	r.add("end to end 1×, again", fmt.Sprintf("%.1f s", base),
		fmt.Sprintf("median of %.1f, %.1f and %.1f s: the base of the ratios below",
			times[0].Seconds(), times[1].Seconds(), times[2].Seconds()))
	for _, m := range []int64{4, 16} {
		corpus := filepath.Join(dir, "corpus-"+strconv.FormatInt(m, 10))
		paths, err := synth.Generate(corpus, r.cfg.SeedDir, m*r.cfg.Size, r.cfg.Seed)
		if err != nil {
			return err
		}
		var total int64
		for _, p := range paths {
			if st, err := os.Stat(p); err == nil {
				total += st.Size()
			}
		}
		work := filepath.Join(dir, "e2e-"+strconv.FormatInt(m, 10))
		_, el, err := r.pipeline(ctx, corpus, work, fmt.Sprintf("end to end %d×", m))
		os.RemoveAll(work)
		os.RemoveAll(corpus)
		if err != nil {
			return err
		}
		// Compare per byte, since the corpora are only about m times as big.
		ratio := (el.Seconds() / float64(total)) / (base / float64(r.res.SizeBytes))
		if m == 4 {
			r.res.Linearity4x = ratio
		} else {
			r.res.Linearity16x = ratio
		}
		r.add(fmt.Sprintf("end to end %d×", m), fmt.Sprintf("%.1f MB/s", mb(total)/el.Seconds()),
			fmt.Sprintf("%.1f MB in %.1f s; time per byte %.2f× the 1× run's", mb(total), el.Seconds(), ratio))
	}
	return nil
}

// sampleHeap follows the Go heap every 100 ms, keeps its peak and, if
// asked, writes a heap profile each time the heap reaches a new peak (by
// 10 %). The returned function stops it.
func (r *run) sampleHeap() func() {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		var written uint64
		var peakRSS float64
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			runtime.ReadMemStats(&ms)
			if h := float64(ms.HeapInuse) / MB; h > r.res.PeakGoHeapMB {
				r.res.PeakGoHeapMB = h
			}
			if rss := rssMB(); rss > peakRSS {
				// What the Go runtime holds at the peak; the rest is
				// DuckDB's (C) memory.
				peakRSS = rss
				r.res.PeakRSSGoMB = float64(ms.Sys-ms.HeapReleased) / MB
			}
			if r.cfg.MemProfile != "" && ms.HeapInuse > written+written/10 {
				written = ms.HeapInuse
				if f, err := os.Create(r.cfg.MemProfile); err == nil {
					_ = pprof.Lookup("heap").WriteTo(f, 0)
					f.Close()
				}
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// resetPeakRSS resets the kernel's high-water mark of this process's RSS
// (VmHWM), so that the peak reported is the pipeline's, not generation's.
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSSMB is VmHWM from /proc/self/status.
func peakRSSMB() float64 { return statusMB("VmHWM:") }

// statusMB reads a kB field of /proc/self/status, in MB.
func statusMB(field string) float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, ln := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(ln, field); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				kb, _ := strconv.ParseFloat(f[0], 64)
				return kb / 1024
			}
		}
	}
	return 0
}

// cpuSeconds is the user and system CPU time this process has used.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// rssMB is the current resident set (VmRSS).
func rssMB() float64 { return statusMB("VmRSS:") }

func mb(n int64) float64 { return float64(n) / MB }

// median runs f reps times and returns the median duration.
func median(reps int, f func() (time.Duration, error)) (time.Duration, error) {
	ds := make([]time.Duration, 0, reps)
	for i := 0; i < reps; i++ {
		d, err := f()
		if err != nil {
			return 0, err
		}
		ds = append(ds, d)
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)/2], nil
}

// ParseSize reads "100MB", "1GB", "512KB", "2.5MB" or a byte count; units
// are powers of 2^10.
func ParseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suf string
		m   int64
	}{{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(t, u.suf) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suf)), u.m
			break
		}
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || f <= 0 {
		return 0, fmt.Errorf("size %q: want a positive number with an optional KB, MB or GB", s)
	}
	return int64(f * float64(mult)), nil
}
