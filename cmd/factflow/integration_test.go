package main_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/factflow/factflow/pipeline/bus"
	"github.com/factflow/factflow/pipeline/warehouse"
)

// buildBinaries builds the four binaries once into dir.
func buildBinaries(t *testing.T, dir string) {
	t.Helper()
	cmd := exec.Command("go", "build", "-o", dir+string(filepath.Separator), "../../cmd/...")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
}

// natsServerBinary finds a nats-server: Debian's where installed (the
// oldest server factflow supports), else one built from the module in
// go.mod.
func natsServerBinary(t *testing.T, dir string) string {
	t.Helper()
	for _, p := range []string{"/usr/sbin/nats-server", "/usr/bin/nats-server"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	bin := filepath.Join(dir, "nats-server")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/nats-io/nats-server/v2").CombinedOutput(); err != nil {
		t.Fatalf("build nats-server: %v\n%s", err, out)
	}
	return bin
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startNATS runs a separate nats-server process with JetStream on a random
// port and returns its URL.
func startNATS(t *testing.T, bin, dir string) string {
	t.Helper()
	port := freePort(t)
	cmd := exec.Command(bin, "-a", "127.0.0.1", "-p", fmt.Sprint(port), "-js", "-sd", filepath.Join(dir, "js"))
	cmd.Stdout, cmd.Stderr = logFile(t, filepath.Join(dir, "nats-server.log")), logFile(t, filepath.Join(dir, "nats-server.log"))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	url := fmt.Sprintf("nats://127.0.0.1:%d", port)
	deadline := time.Now().Add(20 * time.Second)
	for {
		nc, err := nats.Connect(url)
		if err == nil {
			nc.Close()
			return url
		}
		if time.Now().After(deadline) {
			t.Fatalf("nats-server at %s did not start: %v", url, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// logFile collects a process's output, shown only if the test fails.
func logFile(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		f.Close()
		if t.Failed() {
			if data, err := os.ReadFile(path); err == nil {
				t.Logf("%s:\n%s", filepath.Base(path), data)
			}
		}
	})
	return f
}

func start(t *testing.T, name string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "FACTFLOW_LOG_FORMAT=json")
	log := logFile(t, filepath.Join(t.TempDir(), filepath.Base(name)+".log"))
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	return cmd
}

// checksums is warehouse.Checksums of the warehouse file at path, opened
// read-only.
func checksums(t *testing.T, ctx context.Context, path string) map[string]string {
	t.Helper()
	d, err := warehouse.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	s, err := warehouse.Checksums(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// settled reports whether every factflow consumer has nothing pending and
// nothing unacknowledged.
func settled(ctx context.Context, js jetstream.JetStream, ns bus.Names) (bool, error) {
	for _, c := range []struct{ stream, name string }{
		{ns.ChunksStream(), bus.ConsumerTransform},
		{ns.DocsStream(), bus.ConsumerLoadDocs},
		{ns.FactsStream(), bus.ConsumerLoadFacts},
		{ns.DeadStream(), bus.ConsumerLoadDead},
	} {
		cons, err := js.Consumer(ctx, c.stream, c.name)
		if err != nil {
			return false, err
		}
		info, err := cons.Info(ctx)
		if err != nil {
			return false, err
		}
		if info.NumPending > 0 || info.NumAckPending > 0 {
			return false, nil
		}
	}
	return true, nil
}

// TestWorkersAsProcesses runs ingest, transform and load as separate
// processes against a separate nats-server process and checks that the
// warehouse holds exactly what `factflow run` makes of the same corpus.
func TestWorkersAsProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds binaries and runs processes")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	buildBinaries(t, bin)
	url := startNATS(t, natsServerBinary(t, dir), dir)
	seeds, err := filepath.Abs("../../seeds")
	if err != nil {
		t.Fatal(err)
	}

	// The reference: one process, embedded server.
	ref := filepath.Join(dir, "ref.duckdb")
	if out, err := exec.Command(filepath.Join(bin, "factflow"), "run", "--db", ref, seeds).CombinedOutput(); err != nil {
		t.Fatalf("factflow run: %v\n%s", err, out)
	}

	db := filepath.Join(dir, "split.duckdb")
	ns := "it" + strings.ReplaceAll(t.Name(), "/", "")
	load := start(t, filepath.Join(bin, "load"), "--nats-url", url, "--nats-namespace", ns, "--db", db)
	metricsAddr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	transform := start(t, filepath.Join(bin, "transform"), "--nats-url", url, "--nats-namespace", ns, "--metrics-addr", metricsAddr)
	ingest := exec.Command(filepath.Join(bin, "ingest"), "--nats-url", url, "--nats-namespace", ns, seeds)
	if out, err := ingest.CombinedOutput(); err != nil {
		t.Fatalf("ingest: %v\n%s", err, out)
	}

	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	// While the workers run, an analyst's read-only query gets its turn and
	// never sees a document without all its chunks and facts.
	consistent := `SELECT count(*) FROM documents d
		WHERE d.chunks <> (SELECT count(*) FROM chunks c WHERE c.doc_id = d.doc_id)`
	queries := 0
	for {
		if _, err := os.Stat(db); err == nil {
			out, err := exec.Command(filepath.Join(bin, "factflow"), "query", "--db", db, "--format", "csv", consistent).CombinedOutput()
			if err != nil {
				t.Fatalf("query while loading: %v\n%s", err, out)
			}
			if strings.TrimSpace(string(out)) != "count_star()\n0" {
				t.Fatalf("a reader saw half-loaded documents: %s", out)
			}
			queries++
		}
		ok, err := settled(ctx, js, bus.NewNames(ns))
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatal("pipeline did not settle")
		case <-time.After(200 * time.Millisecond):
		}
	}
	t.Logf("%d read-only queries ran while the workers loaded", queries)
	// The transform worker tells Prometheus what it did.
	for path, want := range map[string]string{
		"/metrics": `factflow_messages_acked_total{stage="transform"}`,
		"/healthz": "ok",
		"/readyz":  "ready",
	} {
		resp, err := http.Get("http://" + metricsAddr + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("GET %s: %d, want 200 with %q", path, resp.StatusCode, want)
		}
		if path == "/metrics" && strings.Contains(string(body), `factflow_messages_acked_total{stage="transform"} 0`) {
			t.Error("transform acked nothing, says /metrics")
		}
	}
	// Stop the workers the way an operator does; both must exit cleanly.
	for _, p := range []*exec.Cmd{transform, load} {
		if err := p.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		if err := p.Wait(); err != nil {
			t.Fatalf("%s after SIGTERM: %v", p.Path, err)
		}
	}

	want, got := checksums(t, ctx, ref), checksums(t, ctx, db)
	for table, w := range want {
		if got[table] != w {
			t.Errorf("%s: three processes give %s, factflow run gives %s", table, got[table], w)
		}
	}
	if !strings.HasSuffix(want["documents"], ":5") || strings.HasSuffix(want["observations"], ":0") {
		t.Fatalf("reference warehouse lacks the seeds: %v", want)
	}
}
