package main_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
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
)

// proc is a restartable child process.
type proc struct {
	t    *testing.T
	name string
	args []string
	log  *os.File
	cmd  *exec.Cmd
	done chan struct{}
}

func newProc(t *testing.T, dir, name string, args ...string) *proc {
	p := &proc{t: t, name: name, args: args, log: logFile(t, filepath.Join(dir, filepath.Base(name)+".log"))}
	t.Cleanup(func() { p.kill() })
	return p
}

func (p *proc) start() {
	p.t.Helper()
	p.cmd = exec.Command(p.name, p.args...)
	p.cmd.Env = append(os.Environ(), "FACTFLOW_LOG_FORMAT=json")
	p.cmd.Stdout, p.cmd.Stderr = p.log, p.log
	if err := p.cmd.Start(); err != nil {
		p.t.Fatal(err)
	}
	done := make(chan struct{})
	p.done = done
	go func(c *exec.Cmd) { _ = c.Wait(); close(done) }(p.cmd)
}

func (p *proc) running() bool {
	if p.cmd == nil {
		return false
	}
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

func (p *proc) kill() {
	if p.running() {
		_ = p.cmd.Process.Signal(syscall.SIGKILL)
		<-p.done
	}
}

func (p *proc) stop(t *testing.T) {
	t.Helper()
	if !p.running() {
		t.Fatalf("%s is not running at the end", filepath.Base(p.name))
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(60 * time.Second):
		t.Fatalf("%s did not stop within 60s of SIGTERM", filepath.Base(p.name))
	}
	if code := p.cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("%s exited %d after SIGTERM", filepath.Base(p.name), code)
	}
}

// makeCorpus writes n variants of each seed: the same reports under a
// different heading, so each is its own document.
func makeCorpus(t *testing.T, dir string, n int) int64 {
	t.Helper()
	seeds, _ := filepath.Glob("../../seeds/*.txt")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < n; i++ {
			body := fmt.Sprintf("Copy %d of %s\n\n%s", i, filepath.Base(s), data)
			name := filepath.Join(dir, fmt.Sprintf("%03d_%s", i, filepath.Base(s)))
			if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			total += int64(len(body))
		}
	}
	return total
}

// TestFaults runs the workers and a nats-server as separate processes over
// a corpus that takes several seconds, kills each of them with SIGKILL at
// random moments, restarts them (the server on the same store), and checks
// that once the pipeline settles every table holds exactly what a clean
// run makes of the same corpus.
func TestFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts processes for a minute or more")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	buildBinaries(t, bin)
	corpus := filepath.Join(dir, "corpus")
	size := makeCorpus(t, corpus, 40)

	ref := filepath.Join(dir, "ref.duckdb")
	if out, err := exec.Command(filepath.Join(bin, "factflow"), "run", "--db", ref, corpus).CombinedOutput(); err != nil {
		t.Fatalf("clean run: %v\n%s", err, out)
	}

	port := freePort(t)
	url := fmt.Sprintf("nats://127.0.0.1:%d", port)
	server := newProc(t, dir, natsServerBinary(t, dir), "-a", "127.0.0.1", "-p", fmt.Sprint(port), "-js", "-sd", filepath.Join(dir, "js"))
	server.start()
	waitNATS(t, url)

	db := filepath.Join(dir, "faults.duckdb")
	common := []string{"--nats-url", url, "--nats-ack-wait", "3s"}
	load := newProc(t, dir, filepath.Join(bin, "load"), append(common, "--db", db)...)
	transform := newProc(t, dir, filepath.Join(bin, "transform"), common...)
	ingest := newProc(t, dir, filepath.Join(bin, "ingest"), append(common, corpus)...)
	load.start()
	transform.start()
	ingest.start()

	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	victims := []*proc{transform, load, server, ingest, transform, load, server, transform, load, ingest}
	kills := 0
	for _, v := range victims {
		time.Sleep(time.Duration(200+rng.IntN(1200)) * time.Millisecond)
		if v == ingest && !ingest.running() {
			ingest.start() // re-running a finished ingest is a re-publish
			continue
		}
		v.kill()
		kills++
		time.Sleep(time.Duration(50+rng.IntN(400)) * time.Millisecond)
		v.start()
		if v == server {
			waitNATS(t, url)
		}
	}
	t.Logf("corpus %d bytes; %d processes killed with SIGKILL and restarted", size, kills)

	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	// Settled: ingest finished cleanly and no consumer has anything left.
	for {
		if !ingest.running() {
			if code := ingest.cmd.ProcessState.ExitCode(); code != 0 {
				ingest.start() // killed or failed while the server was down: run it again
			}
		}
		if !ingest.running() {
			if ok, err := settled(ctx, js, bus.NewNames("factflow")); err == nil && ok {
				break
			}
		}
		select {
		case <-ctx.Done():
			t.Fatal("pipeline did not settle after the faults")
		case <-time.After(300 * time.Millisecond):
		}
	}
	transform.stop(t)
	load.stop(t)

	want, got := checksums(t, ctx, ref), checksums(t, ctx, db)
	lost, doubled := 0, 0
	for table, w := range want {
		if got[table] != w {
			t.Errorf("%s after faults: %s; clean run: %s", table, got[table], w)
		}
		d := rows(got[table]) - rows(w)
		lost += max(0, -d)
		doubled += max(0, d)
	}
	t.Logf("kills survived: %d; messages redelivered: %d; rows lost: %d; rows doubled: %d; tables (checksum:rows) equal to the clean run's: %v",
		kills, countRedelivered(t, dir), lost, doubled, want)
}

// rows is the row count at the end of a checksum "md5:count".
func rows(sum string) int {
	n := 0
	if i := strings.LastIndexByte(sum, ':'); i >= 0 {
		fmt.Sscan(sum[i+1:], &n)
	}
	return n
}

func waitNATS(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		nc, err := nats.Connect(url)
		if err == nil {
			nc.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("nats-server at %s did not come back: %v", url, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// countRedelivered sums the redeliveries the workers logged.
func countRedelivered(t *testing.T, dir string) int {
	total := 0
	for _, name := range []string{"transform.log", "load.log"} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			if !strings.Contains(sc.Text(), `"redelivered"`) {
				continue
			}
			var line struct {
				Redelivered int `json:"redelivered"`
			}
			if json.Unmarshal(sc.Bytes(), &line) == nil {
				total += line.Redelivered
			}
		}
		f.Close()
	}
	return total
}

// TestRunKilled kills `factflow run` with SIGKILL at random moments while
// it loads a corpus, runs it again on the same warehouse and store until
// one run finishes, and checks that every table holds exactly what a
// clean run makes of the corpus. The killed runs hand chunks to the
// transform loops and fact batches to the loader in process, settling
// chunks only once their facts are loaded, so a kill loses the chunks in
// hand and the next run reads their documents again; the clean run sends
// both through their streams, so the check also says that both ways load
// the same.
func TestRunKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts factflow run")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	buildBinaries(t, bin)
	corpus := filepath.Join(dir, "corpus")
	size := makeCorpus(t, corpus, 40)
	factflow := filepath.Join(bin, "factflow")
	// A short AckWait, so that what a killed run held comes back to the
	// next one within seconds.
	common := []string{"run", "--nats-ack-wait", "3s"}

	ref, db := filepath.Join(dir, "ref", "w.duckdb"), filepath.Join(dir, "killed", "w.duckdb")
	for _, p := range []string{ref, db} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := exec.CommandContext(ctx, factflow, append(common, "--facts-stream", "--chunks-stream", "--db", ref, corpus)...).CombinedOutput(); err != nil {
		t.Fatalf("clean run: %v\n%s", err, out)
	}

	run := newProc(t, dir, factflow, append(common, "--db", db, corpus)...)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 11))
	kills := 0
	for range 3 {
		run.start()
		time.Sleep(time.Duration(300+rng.IntN(1500)) * time.Millisecond)
		if !run.running() {
			break // finished before the kill
		}
		run.kill()
		kills++
	}
	for attempt := 1; ; attempt++ {
		if !run.running() {
			run.start()
		}
		select {
		case <-run.done:
		case <-ctx.Done():
			t.Fatal("the last run did not finish")
		}
		code := run.cmd.ProcessState.ExitCode()
		if code == 0 {
			break
		}
		if attempt >= 3 {
			t.Fatalf("factflow run exited %d after the kills", code)
		}
	}
	t.Logf("corpus %d bytes; factflow run killed %d times with SIGKILL", size, kills)

	want, got := checksums(t, ctx, ref), checksums(t, ctx, db)
	for table, w := range want {
		if got[table] != w {
			t.Errorf("%s after %d kills: %s; clean run: %s", table, kills, got[table], w)
		}
	}
	t.Logf("tables (checksum:rows) equal to the clean run's: %v", want)
}
