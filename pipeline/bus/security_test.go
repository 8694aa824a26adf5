package bus_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
	"github.com/rs/zerolog"

	"github.com/factflow/factflow/pipeline/bus"
	"github.com/factflow/factflow/pipeline/runner"
	"github.com/factflow/factflow/pipeline/warehouse"
)

// Distinctive secrets: any appearance of these outside the server's
// configuration is a leak.
const (
	secretPassword = "pw-Zq7mK2vX9-factflow-secret"
	secretToken    = "tok-Hy4nR8wL3-factflow-secret"
	secretUser     = "ffuser"
)

var natsBin struct {
	once sync.Once
	path string
	err  error
}

// natsServerBinary finds a nats-server as cmd/factflow's integration test
// does: Debian's (2.9.10, the oldest supported) where installed, else one
// built once from the module in go.mod.
func natsServerBinary(t *testing.T) string {
	t.Helper()
	natsBin.once.Do(func() {
		for _, p := range []string{"/usr/sbin/nats-server", "/usr/bin/nats-server"} {
			if _, err := os.Stat(p); err == nil {
				natsBin.path = p
				return
			}
		}
		dir, err := os.MkdirTemp("", "factflow-nats-server")
		if err != nil {
			natsBin.err = err
			return
		}
		bin := filepath.Join(dir, "nats-server")
		if out, err := exec.Command("go", "build", "-o", bin, "github.com/nats-io/nats-server/v2").CombinedOutput(); err != nil {
			natsBin.err = fmt.Errorf("build nats-server: %v\n%s", err, out)
			return
		}
		natsBin.path = bin
	})
	if natsBin.err != nil {
		t.Fatal(natsBin.err)
	}
	return natsBin.path
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

// startServer runs a nats-server process with JetStream on a random
// loopback port; conf is the rest of its configuration (authorization,
// tls). It returns the port once the server sends its INFO line.
func startServer(t *testing.T, conf string) int {
	t.Helper()
	dir := t.TempDir()
	port := freePort(t)
	full := fmt.Sprintf("listen: \"127.0.0.1:%d\"\njetstream {\n  store_dir: %q\n}\n%s\n", port, filepath.Join(dir, "js"), conf)
	cfgPath := filepath.Join(dir, "nats.conf")
	if err := os.WriteFile(cfgPath, []byte(full), 0o600); err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(dir, "nats-server.log")
	logF, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(natsServerBinary(t), "-c", cfgPath)
	cmd.Stdout, cmd.Stderr = logF, logF
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		logF.Close()
		if t.Failed() {
			if data, err := os.ReadFile(logPath); err == nil {
				t.Logf("nats-server log:\n%s", data)
			}
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		if c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second); err == nil {
			_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
			line, _ := bufio.NewReader(c).ReadString('\n')
			c.Close()
			if strings.HasPrefix(line, "INFO ") {
				return port
			}
		}
		if time.Now().After(deadline) {
			data, _ := os.ReadFile(logPath)
			t.Fatalf("nats-server on port %d did not start:\n%s", port, data)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// pki is a CA with a server certificate for 127.0.0.1/localhost and a
// client certificate, as PEM files.
type pki struct {
	CA, ServerCert, ServerKey, ClientCert, ClientKey string
	// RogueCert and RogueKey are a client certificate from another CA.
	RogueCert, RogueKey string
}

type authority struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

func newAuthority(t *testing.T, cn string) authority {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: cn},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return authority{cert: cert, key: key}
}

// issue signs a leaf certificate and writes it and its key to dir.
func (a authority) issue(t *testing.T, dir, name string, server bool) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: name},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	if server {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
		tmpl.DNSNames = []string{"localhost"}
		tmpl.IPAddresses = []net.IP{net.ParseIP("127.0.0.1")}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, a.cert, &key.PublicKey, a.key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, name+".pem"), filepath.Join(dir, name+"-key.pem")
	writePEM(t, certFile, "CERTIFICATE", der)
	writePEM(t, keyFile, "PRIVATE KEY", keyDER)
	return certFile, keyFile
}

func writePEM(t *testing.T, path, typ string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}

func newPKI(t *testing.T) pki {
	t.Helper()
	dir := t.TempDir()
	ca := newAuthority(t, "factflow test CA")
	var p pki
	p.CA = filepath.Join(dir, "ca.pem")
	writePEM(t, p.CA, "CERTIFICATE", ca.cert.Raw)
	p.ServerCert, p.ServerKey = ca.issue(t, dir, "server", true)
	p.ClientCert, p.ClientKey = ca.issue(t, dir, "client", false)
	p.RogueCert, p.RogueKey = newAuthority(t, "rogue CA").issue(t, dir, "rogue-client", false)
	return p
}

// startTLSServer runs a server that requires TLS with a client certificate
// signed by p.CA and the user secretUser with password secretPassword.
func startTLSServer(t *testing.T, p pki) int {
	t.Helper()
	return startServer(t, fmt.Sprintf(`
tls {
  cert_file: %q
  key_file: %q
  ca_file: %q
  verify: true
  timeout: 5
}
authorization {
  user: %q
  password: %q
}
`, p.ServerCert, p.ServerKey, p.CA, secretUser, secretPassword))
}

func copySeeds(t *testing.T, dir string) {
	t.Helper()
	files, err := filepath.Glob("../../seeds/*.txt")
	if err != nil || len(files) != 5 {
		t.Fatalf("seeds: %v, %d files", err, len(files))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSecuredRunTLSNoSecretLeaks runs the whole pipeline over the seeds
// against a separate nats-server that requires mutual TLS and a password,
// with a token set too, capturing every log line. The seeds must load, a
// bad file and a poison message must be recorded, and neither the password
// nor the token may appear in the logs, the run summary, Config.Redacted,
// or any column of the runs and dead_letters tables.
func TestSecuredRunTLSNoSecretLeaks(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	p := newPKI(t)
	port := startTLSServer(t, p)
	cfg := bus.Config{
		URL:  fmt.Sprintf("tls://127.0.0.1:%d", port),
		User: secretUser, Password: secretPassword, Token: secretToken,
		TLSCA: p.CA, TLSCert: p.ClientCert, TLSKey: p.ClientKey,
		Namespace: "factflow", Timeout: 10 * time.Second,
	}

	var logs bytes.Buffer
	log := zerolog.New(zerolog.SyncWriter(&logs)).Level(zerolog.TraceLevel).With().Timestamp().Logger()

	// A poison message on the wire, published over the secured connection,
	// so that the run writes a dead letter.
	b, err := bus.Connect(ctx, cfg, "security-test", log)
	if err != nil {
		t.Fatalf("connect over mutual TLS with user and password: %v", err)
	}
	if err := b.Setup(ctx, 1<<20); err != nil {
		t.Fatal(err)
	}
	poison := `{"schema":"factflow.chunk/v9","chunk_id":"x-00000","doc_id":"x","text":"In 2022, 5 cases."}`
	if _, err := b.JS.Publish(ctx, b.Names.ChunkSubject("poison"), []byte(poison), jetstream.WithMsgID("poison-1")); err != nil {
		t.Fatal(err)
	}
	b.Close()

	dir := t.TempDir()
	corpus := filepath.Join(dir, "seeds")
	copySeeds(t, corpus)
	if err := os.WriteFile(filepath.Join(corpus, "empty.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "w.duckdb")
	start := time.Now()
	sum, err := runner.Run(ctx, runner.Config{Paths: []string{corpus}, DB: db, NATS: cfg, Workers: 2,
		Command: "factflow run " + corpus}, log)
	if err != nil {
		t.Fatalf("run over TLS: %v", err)
	}
	t.Logf("secured run took %s", time.Since(start).Round(time.Millisecond))
	if sum.Loaded != 5 || sum.Facts == 0 {
		t.Errorf("secured run loaded %d documents (%d facts), want the 5 seeds: %+v", sum.Loaded, sum.Facts, sum)
	}
	if len(sum.Failed) != 1 || filepath.Base(sum.Failed[0].Input) != "empty.txt" {
		t.Errorf("failures = %v, want only empty.txt", sum.Failed)
	}
	if !strings.Contains(sum.NATS, fmt.Sprint(port)) {
		t.Errorf("summary names the server as %q", sum.NATS)
	}

	ro, err := warehouse.OpenReadOnly(db)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	var docs int
	if err := ro.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&docs); err != nil {
		t.Fatal(err)
	}
	if docs != 5 {
		t.Errorf("warehouse holds %d documents, want 5", docs)
	}
	tableText := func(table string) (string, int) {
		rows, err := ro.QueryContext(ctx, `SELECT * FROM `+table)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		var sb strings.Builder
		n := 0
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				fmt.Fprintf(&sb, "%s=%v\t", cols[i], v)
			}
			sb.WriteString("\n")
			n++
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return sb.String(), n
	}
	runs, nRuns := tableText("runs")
	dead, nDead := tableText("dead_letters")
	if nRuns != 1 || !strings.Contains(runs, "empty.txt") {
		t.Errorf("runs table: %d rows, want 1 naming empty.txt:\n%s", nRuns, runs)
	}
	if nDead < 2 || !strings.Contains(dead, "unknown schema") {
		t.Errorf("dead_letters: %d rows, want the empty file and the poison message:\n%s", nDead, dead)
	}
	if logs.Len() == 0 {
		t.Fatal("the run logged nothing: the capture proves nothing")
	}

	places := []struct{ name, text string }{
		{"logs", logs.String()},
		{"Config.Redacted()", cfg.Redacted()},
		{"run summary", fmt.Sprintf("%+v", sum)},
		{"runs table", runs},
		{"dead_letters table", dead},
	}
	for _, pl := range places {
		for _, secret := range []string{secretPassword, secretToken} {
			if strings.Contains(pl.text, secret) {
				t.Errorf("%s contains the secret %q", pl.name, secret)
			}
		}
	}
	if r := cfg.Redacted(); !strings.Contains(r, "user") || !strings.Contains(r, "token") || !strings.Contains(r, "tls") {
		t.Errorf("Redacted() = %q, want it to name the kinds of credential", r)
	}
}

// TestSecuredTLSRejects checks that the secured server turns away every
// client that lacks one of its requirements, and that the error says so
// without quoting the password.
func TestSecuredTLSRejects(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	p := newPKI(t)
	port := startTLSServer(t, p)
	good := bus.Config{
		URL:  fmt.Sprintf("tls://127.0.0.1:%d", port),
		User: secretUser, Password: secretPassword,
		TLSCA: p.CA, TLSCert: p.ClientCert, TLSKey: p.ClientKey,
		Timeout: 5 * time.Second,
	}
	cases := []struct {
		name   string
		change func(*bus.Config)
		ok     bool
		want   string // in the error, case-insensitive; "" for any
	}{
		{"everything right", func(*bus.Config) {}, true, ""},
		{"localhost name", func(c *bus.Config) { c.URL = fmt.Sprintf("tls://localhost:%d", port) }, true, ""},
		{"no client certificate", func(c *bus.Config) { c.TLSCert, c.TLSKey = "", "" }, false, ""},
		{"client certificate from another CA", func(c *bus.Config) { c.TLSCert, c.TLSKey = p.RogueCert, p.RogueKey }, false, ""},
		{"wrong password", func(c *bus.Config) { c.Password = secretPassword + "x" }, false, "authorization"},
		{"no password", func(c *bus.Config) { c.User, c.Password = "", "" }, false, "authorization"},
		{"unknown user", func(c *bus.Config) { c.User = "mallory" }, false, "authorization"},
		{"no CA (server unverifiable)", func(c *bus.Config) { c.TLSCA = "" }, false, "certificate"},
		{"plain nats:// without TLS options", func(c *bus.Config) {
			c.URL = fmt.Sprintf("nats://127.0.0.1:%d", port)
			c.TLSCA, c.TLSCert, c.TLSKey = "", "", ""
		}, false, ""},
		{"missing key file", func(c *bus.Config) { c.TLSKey = filepath.Join(t.TempDir(), "nope.pem") }, false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := good
			tc.change(&cfg)
			b, err := bus.Connect(ctx, cfg, "security-test", zerolog.Nop())
			if tc.ok {
				if err != nil {
					t.Fatalf("connect: %v", err)
				}
				defer b.Close()
				if err := b.Setup(ctx, 1<<20); err != nil {
					t.Fatalf("setup over TLS: %v", err)
				}
				return
			}
			if err == nil {
				b.Close()
				t.Fatal("connected; want a rejection")
			}
			t.Logf("rejected: %v", err)
			if tc.want != "" && !strings.Contains(strings.ToLower(err.Error()), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
			if strings.Contains(err.Error(), secretPassword) {
				t.Errorf("error quotes the password: %v", err)
			}
		})
	}
}

// TestSecuredTokenAndNKey runs a token-authenticated and an
// NKey-authenticated server: the right credential connects and can set up
// the streams; a wrong one or none is turned away.
func TestSecuredTokenAndNKey(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dir := t.TempDir()
	nkeyFile := func(name string) (file, public string) {
		kp, err := nkeys.CreateUser()
		if err != nil {
			t.Fatal(err)
		}
		seed, err := kp.Seed()
		if err != nil {
			t.Fatal(err)
		}
		pub, err := kp.PublicKey()
		if err != nil {
			t.Fatal(err)
		}
		file = filepath.Join(dir, name+".nk")
		if err := os.WriteFile(file, append(seed, '\n'), 0o600); err != nil {
			t.Fatal(err)
		}
		return file, pub
	}
	seedFile, pub := nkeyFile("user")
	otherSeed, _ := nkeyFile("other")
	garbage := filepath.Join(dir, "garbage.nk")
	if err := os.WriteFile(garbage, []byte("not a seed\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	servers := []struct {
		name  string
		auth  string
		good  bus.Config
		wrong []bus.Config
	}{
		{
			name:  "Token",
			auth:  fmt.Sprintf("authorization {\n  token: %q\n}", secretToken),
			good:  bus.Config{Token: secretToken},
			wrong: []bus.Config{{Token: secretToken + "x"}, {}, {User: "ffuser", Password: secretToken}},
		},
		{
			name:  "NKey",
			auth:  fmt.Sprintf("authorization {\n  users: [{nkey: %q}]\n}", pub),
			good:  bus.Config{NKeyFile: seedFile},
			wrong: []bus.Config{{NKeyFile: otherSeed}, {}, {NKeyFile: garbage}, {NKeyFile: filepath.Join(dir, "missing.nk")}},
		},
	}
	for _, srv := range servers {
		t.Run(srv.name, func(t *testing.T) {
			port := startServer(t, srv.auth)
			url := fmt.Sprintf("nats://127.0.0.1:%d", port)
			cfg := srv.good
			cfg.URL, cfg.Timeout = url, 5*time.Second
			b, err := bus.Connect(ctx, cfg, "security-test", zerolog.Nop())
			if err != nil {
				t.Fatalf("connect with %s: %v", cfg.Redacted(), err)
			}
			defer b.Close()
			if err := b.Setup(ctx, 1<<20); err != nil {
				t.Fatalf("setup: %v", err)
			}
			if _, err := b.JS.Publish(ctx, b.Names.DocSubject("probe"), []byte("{}")); err != nil {
				t.Fatalf("publish: %v", err)
			}
			for i, w := range srv.wrong {
				w.URL, w.Timeout = url, 5*time.Second
				if b, err := bus.Connect(ctx, w, "security-test", zerolog.Nop()); err == nil {
					b.Close()
					t.Errorf("wrong credential %d (%s) connected", i, w.Redacted())
				} else if strings.Contains(err.Error(), secretToken) {
					t.Errorf("error quotes the token: %v", err)
				}
			}
		})
	}
}

// TestSecuredRedacted checks that Redacted never shows a secret, even one
// written into the URL, and still says which credentials are in use.
func TestSecuredRedacted(t *testing.T) {
	cases := []struct {
		cfg  bus.Config
		want string
	}{
		{bus.Config{URL: "nats://127.0.0.1:4222"}, "nats://127.0.0.1:4222 (auth: none)"},
		{bus.Config{URL: "nats://u:" + secretPassword + "@h:4222"}, "nats://***@h:4222 (auth: none)"},
		{bus.Config{URL: "nats://" + secretToken + "@h:4222"}, "nats://***@h:4222 (auth: none)"},
		{bus.Config{URL: "nats://a:" + secretPassword + "@h1:4222,nats://b:" + secretPassword + "@h2:4222"}, "nats://***@h1:4222,nats://***@h2:4222 (auth: none)"},
		{bus.Config{URL: "u:" + secretPassword + "@h:4222"}, "***@h:4222 (auth: none)"},
		{bus.Config{URL: "tls://h:4222", User: "u", Password: secretPassword, TLSCA: "ca.pem", TLSCert: "c.pem", TLSKey: "k.pem"}, "tls://h:4222 (auth: user+tls)"},
		{bus.Config{URL: "nats://h:4222", Token: secretToken}, "nats://h:4222 (auth: token)"},
		{bus.Config{URL: "nats://h:4222", NKeyFile: "/s/user.nk"}, "nats://h:4222 (auth: nkey)"},
		{bus.Config{URL: "nats://h:4222", CredsFile: "/s/user.creds"}, "nats://h:4222 (auth: creds)"},
		{bus.Config{URL: "nats://h:4222", User: "u", Password: secretPassword, Token: secretToken}, "nats://h:4222 (auth: user+token)"},
	}
	for _, tc := range cases {
		got := tc.cfg.Redacted()
		if got != tc.want {
			t.Errorf("Redacted(%+v) = %q, want %q", tc.cfg.URL, got, tc.want)
		}
		if strings.Contains(got, secretPassword) || strings.Contains(got, secretToken) {
			t.Errorf("Redacted() = %q shows a secret", got)
		}
	}
}
