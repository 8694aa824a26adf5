package bench

import (
	"bytes"
	"fmt"
	"runtime/pprof"
	"slices"
	"strings"

	"github.com/google/pprof/profile"
)

// part is where a CPU sample was spent, told by the functions on its
// stack: the first part, in this order, one of whose markers names a
// function of the stack takes the sample. The order settles overlaps: the
// collector's assists run inside whatever allocates, extraction's
// allocations are extraction's, and DuckDB's calls run inside the loader.
type part struct {
	name    string
	markers []string
}

func cpuParts() []part {
	return []part{
		{"Go collector", []string{"runtime.gcBgMarkWorker", "runtime.gcAssistAlloc", "runtime.bgsweep", "runtime.bgscavenge"}},
		{"extraction", []string{"pipeline/facts.FromChunk"}},
		{"DuckDB", []string{"github.com/duckdb/duckdb-go"}},
		{"ingest preparing", []string{"pipeline/ingest.prepare"}},
		{"message JSON", []string{"pipeline/message.", "github.com/goccy/go-json"}},
		{"NATS server", []string{"github.com/nats-io/nats-server/"}},
		{"NATS client", []string{"github.com/nats-io/nats.go"}},
		{"loader, Go side", []string{"pipeline/load.", "pipeline/warehouse."}},
	}
}

// other is the part of the samples no marker names.
const other = "other"

// cpuShare is one part's share of the CPU samples.
type cpuShare struct {
	part    string
	seconds float64
}

// profiled runs fn under the CPU profiler and splits the CPU time sampled
// meanwhile by part, largest first. When the profiler is busy (a run with
// --cpu-profile) fn runs unprofiled and the split is nil: that profile
// says more.
func profiled(fn func() error) ([]cpuShare, error) {
	var buf bytes.Buffer
	if pprof.StartCPUProfile(&buf) != nil {
		return nil, fn()
	}
	err := fn()
	pprof.StopCPUProfile()
	if err != nil {
		return nil, err
	}
	p, err := profile.Parse(&buf)
	if err != nil {
		return nil, fmt.Errorf("read the CPU profile: %w", err)
	}
	return splitCPU(p), nil
}

// splitCPU sums p's CPU time by part.
func splitCPU(p *profile.Profile) []cpuShare {
	cpu := -1
	for i, st := range p.SampleType {
		if st.Type == "cpu" {
			cpu = i
		}
	}
	if cpu < 0 {
		return nil
	}
	parts := cpuParts()
	by := map[string]int64{}
	for _, s := range p.Sample {
		by[partOf(s, parts)] += s.Value[cpu]
	}
	out := make([]cpuShare, 0, len(by))
	for name, ns := range by {
		out = append(out, cpuShare{name, float64(ns) / 1e9})
	}
	slices.SortFunc(out, func(a, b cpuShare) int {
		switch {
		case a.seconds > b.seconds:
			return -1
		case a.seconds < b.seconds:
			return 1
		}
		return strings.Compare(a.part, b.part)
	})
	return out
}

func partOf(s *profile.Sample, parts []part) string {
	for _, pt := range parts {
		for _, loc := range s.Location {
			for _, line := range loc.Line {
				if line.Function == nil {
					continue
				}
				for _, m := range pt.markers {
					if strings.Contains(line.Function.Name, m) {
						return pt.name
					}
				}
			}
		}
	}
	return other
}
