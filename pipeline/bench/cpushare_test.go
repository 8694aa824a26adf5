package bench

import (
	"testing"

	"github.com/google/pprof/profile"
)

// TestSplitCPU checks which part takes a sample when several of its
// stack's functions name parts, and that the shares add up.
func TestSplitCPU(t *testing.T) {
	fn := map[string]*profile.Function{}
	stack := func(names ...string) []*profile.Location { // leaf first
		locs := make([]*profile.Location, len(names))
		for i, n := range names {
			if fn[n] == nil {
				fn[n] = &profile.Function{Name: n}
			}
			locs[i] = &profile.Location{Line: []profile.Line{{Function: fn[n]}}}
		}
		return locs
	}
	for _, tc := range []struct {
		name  string
		stack []*profile.Location
		want  string
	}{
		{"a number scanned", stack("github.com/factflow/factflow/pipeline/quantity.appendQuantities",
			"github.com/factflow/factflow/pipeline/facts.FromChunk", "github.com/factflow/factflow/pipeline/transform.handle"), "extraction"},
		{"an assist while extracting", stack("runtime.scanobject", "runtime.gcAssistAlloc", "runtime.mallocgc",
			"github.com/factflow/factflow/pipeline/facts.FromChunk"), "Go collector"},
		{"a commit", stack("runtime.cgocall", "github.com/duckdb/duckdb-go-bindings._Cfunc_duckdb_execute_pending",
			"github.com/duckdb/duckdb-go/v2.(*Stmt).execute", "github.com/factflow/factflow/pipeline/warehouse.(*Session).tx"), "DuckDB"},
		{"a batch decoded", stack("github.com/factflow/factflow/pipeline/message.(*reader).str",
			"github.com/factflow/factflow/pipeline/load.(*Worker).handleFacts"), "message JSON"},
		{"the loader's own", stack("github.com/factflow/factflow/pipeline/load.(*Worker).publishHeld"), "loader, Go side"},
		{"a stored message", stack("github.com/nats-io/nats-server/v2/server.(*msgBlock).writeMsgRecordLocked"), "NATS server"},
		{"a syscall", stack("internal/runtime/syscall/linux.Syscall6", "syscall.pwrite"), other},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := partOf(&profile.Sample{Location: tc.stack}, cpuParts()); got != tc.want {
				t.Errorf("part = %q, want %q", got, tc.want)
			}
		})
	}

	p := &profile.Profile{
		SampleType: []*profile.ValueType{{Type: "samples", Unit: "count"}, {Type: "cpu", Unit: "nanoseconds"}},
		Sample: []*profile.Sample{
			{Location: stack("github.com/factflow/factflow/pipeline/facts.FromChunk"), Value: []int64{3, 3e9}},
			{Location: stack("github.com/nats-io/nats-server/v2/server.(*client).readLoop"), Value: []int64{1, 1e9}},
			{Location: stack("github.com/factflow/factflow/pipeline/facts.FromChunk"), Value: []int64{1, 1e9}},
		},
	}
	got := splitCPU(p)
	want := []cpuShare{{"extraction", 4}, {"NATS server", 1}}
	if len(got) != len(want) {
		t.Fatalf("splitCPU = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("splitCPU[%d] = %v, want %v", i, got[i], want[i])
		}
	}
}
