package main_test

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"gopkg.in/yaml.v3"

	"github.com/factflow/factflow/pipeline/bus"
	"github.com/factflow/factflow/pipeline/warehouse"
)

// The deployment under test, relative to this package.
const (
	composePath  = "../../docker-compose.yml"
	repoRoot     = "../.."
	natsConfDir  = "../../deploy/nats"
	accountsConf = "../../deploy/nats/accounts.conf"
)

// composeService is one service of docker-compose.yml, merge keys resolved.
type composeService struct {
	Name string
	Raw  map[string]any
}

func (s composeService) str(key string) string {
	v, _ := s.Raw[key].(string)
	return v
}

// command is the service's command as a list (the string form is split on
// spaces).
func (s composeService) command(t *testing.T) []string {
	t.Helper()
	switch c := s.Raw["command"].(type) {
	case nil:
		return nil
	case string:
		return strings.Fields(c)
	case []any:
		out := make([]string, len(c))
		for i, a := range c {
			out[i] = fmt.Sprint(a)
		}
		return out
	default:
		t.Fatalf("service %s: command is a %T", s.Name, c)
		return nil
	}
}

// env is the service's environment, in either of compose's two forms,
// uninterpolated.
func (s composeService) env(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	switch e := s.Raw["environment"].(type) {
	case nil:
	case map[string]any:
		for k, v := range e {
			if v == nil {
				out[k] = ""
			} else {
				out[k] = fmt.Sprint(v)
			}
		}
	case []any:
		for _, kv := range e {
			k, v, _ := strings.Cut(fmt.Sprint(kv), "=")
			out[k] = v
		}
	default:
		t.Fatalf("service %s: environment is a %T", s.Name, e)
	}
	return out
}

func (s composeService) list(key string) []string {
	l, _ := s.Raw[key].([]any)
	out := make([]string, len(l))
	for i, a := range l {
		out[i] = fmt.Sprint(a)
	}
	return out
}

// replicas is deploy.replicas, 1 when unset.
func (s composeService) replicas(t *testing.T) int {
	t.Helper()
	d, _ := s.Raw["deploy"].(map[string]any)
	switch r := d["replicas"].(type) {
	case nil:
		return 1
	case int:
		return r
	default:
		t.Fatalf("service %s: deploy.replicas is %v (%T)", s.Name, r, r)
		return 0
	}
}

// mounts maps each container path of the service's volumes to its source:
// a host path (relative to the repository) or a named volume.
func (s composeService) mounts() map[string]string {
	out := map[string]string{}
	for _, v := range s.list("volumes") {
		parts := strings.Split(v, ":")
		if len(parts) >= 2 {
			out[parts[1]] = parts[0]
		}
	}
	return out
}

type composeFile struct {
	Services map[string]composeService
	Volumes  map[string]any
}

func loadCompose(t *testing.T) composeFile {
	t.Helper()
	data, err := os.ReadFile(composePath)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	svcs, ok := doc["services"].(map[string]any)
	if !ok || len(svcs) == 0 {
		t.Fatalf("docker-compose.yml has no services: %v", doc["services"])
	}
	cf := composeFile{Services: map[string]composeService{}}
	cf.Volumes, _ = doc["volumes"].(map[string]any)
	for name, raw := range svcs {
		m, ok := raw.(map[string]any)
		if !ok {
			t.Fatalf("service %s is a %T", name, raw)
		}
		if _, ok := m["<<"]; ok {
			t.Fatalf("service %s: merge key left unresolved", name)
		}
		cf.Services[name] = composeService{Name: name, Raw: m}
	}
	return cf
}

func (cf composeFile) natsServices() []composeService {
	var out []composeService
	for _, s := range cf.Services {
		if strings.HasPrefix(s.str("image"), "nats:") || strings.HasPrefix(s.str("image"), "nats@") {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func (cf composeFile) factflowServices() []composeService {
	var out []composeService
	for _, s := range cf.Services {
		if s.Raw["build"] != nil || strings.HasPrefix(s.str("image"), "factflow") {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

var composeVarRE = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)`)

// composeVars lists the variables s refers to and those it requires
// (${X:?msg} or ${X?msg}).
func composeVars(s string) (used, required []string) {
	for _, m := range composeVarRE.FindAllStringSubmatch(s, -1) {
		name := m[1] + m[4]
		used = append(used, name)
		if strings.HasSuffix(m[2], "?") {
			required = append(required, name)
		}
	}
	return used, required
}

// interpolate does compose's ${X}, ${X:?msg}, ${X:-default} and $X.
func interpolate(s string, vars map[string]string) string {
	return composeVarRE.ReplaceAllStringFunc(s, func(ref string) string {
		m := composeVarRE.FindStringSubmatch(ref)
		name := m[1] + m[4]
		if v, ok := vars[name]; ok && v != "" {
			return v
		}
		if strings.HasSuffix(m[2], "-") {
			return m[3]
		}
		return ""
	})
}

// natsRole is a user of accounts.conf and the variable holding its
// password.
type natsRole struct{ User, PasswordVar string }

func accountsRoles(t *testing.T) map[string]natsRole {
	t.Helper()
	data, err := os.ReadFile(accountsConf)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`user:\s*"?([A-Za-z0-9_-]+)"?\s*,\s*password:\s*\$([A-Za-z_][A-Za-z0-9_]*)`)
	out := map[string]natsRole{}
	for _, m := range re.FindAllStringSubmatch(string(data), -1) {
		out[m[1]] = natsRole{User: m[1], PasswordVar: m[2]}
	}
	if len(out) == 0 {
		t.Fatal("accounts.conf defines no user with a password from the environment")
	}
	return out
}

// helpOf runs `bin --help` once per binary.
type helpCache map[string]string

func (h helpCache) get(t *testing.T, bin string) string {
	t.Helper()
	if s, ok := h[bin]; ok {
		return s
	}
	out, err := exec.Command(bin, "--help").CombinedOutput()
	if err != nil {
		t.Fatalf("%s --help: %v\n%s", bin, err, out)
	}
	h[bin] = string(out)
	return string(out)
}

func hasFlag(help, flag string) bool {
	return regexp.MustCompile(`(?m)^\s*(?:-\w, )?` + regexp.QuoteMeta(flag) + `(?:[=\s]|$)`).MatchString(help)
}

// TestCompose checks docker-compose.yml and deploy/nats against the real
// binaries, and then runs the three workers as processes, each as its own
// NATS user from deploy/nats/accounts.conf, on every nats-server version at
// hand, proving the permissions are enough and no more than needed.
func TestCompose(t *testing.T) {
	if testing.Short() {
		t.Skip("builds binaries and runs processes")
	}
	cf := loadCompose(t)
	bin := filepath.Join(t.TempDir(), "bin")
	buildBinaries(t, bin)
	servers := composeNATSServers(t)
	t.Run("File", func(t *testing.T) { testComposeFile(t, cf, bin, servers) })
	for _, srv := range servers {
		t.Run("Roles/"+srv.name, func(t *testing.T) { testComposeRoles(t, cf, bin, srv.path) })
	}
}

type natsServerBin struct{ name, path string }

// composeNATSServers is Debian's nats-server where installed (the oldest
// factflow supports) and the one in go.mod, built here.
func composeNATSServers(t *testing.T) []natsServerBin {
	t.Helper()
	var out []natsServerBin
	for _, p := range []string{"/usr/sbin/nats-server", "/usr/bin/nats-server"} {
		if _, err := os.Stat(p); err == nil {
			out = append(out, natsServerBin{"system", p})
			break
		}
	}
	p := filepath.Join(t.TempDir(), "nats-server")
	if out2, err := exec.Command("go", "build", "-o", p, "github.com/nats-io/nats-server/v2").CombinedOutput(); err != nil {
		t.Fatalf("build nats-server: %v\n%s", err, out2)
	}
	out = append(out, natsServerBin{"module", p})
	for i, s := range out {
		v, err := exec.Command(s.path, "--version").CombinedOutput()
		if err != nil {
			t.Fatalf("%s --version: %v", s.path, err)
		}
		out[i].name += "-" + strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(string(v), "nats-server:")), "v")
	}
	return out
}

func testComposeFile(t *testing.T, cf composeFile, bin string, servers []natsServerBin) {
	raw, err := os.ReadFile(composePath)
	if err != nil {
		t.Fatal(err)
	}
	_, required := composeVars(string(raw))
	roles := accountsRoles(t)
	help := helpCache{}

	natsSvcs := cf.natsServices()
	natsNames := map[string]bool{}
	for _, s := range natsSvcs {
		natsNames[s.Name] = true
	}
	t.Run("nats services", func(t *testing.T) {
		if len(natsSvcs) != 3 {
			t.Fatalf("%d NATS services, want a 3-node cluster", len(natsSvcs))
		}
		var accountVars []string
		for _, r := range roles {
			accountVars = append(accountVars, r.PasswordVar)
		}
		for _, s := range natsSvcs {
			// Merge keys resolved: restart and environment come from x-nats.
			if s.str("restart") == "" {
				t.Errorf("%s: no restart policy (x-nats merge not resolved?)", s.Name)
			}
			env := s.env(t)
			for _, v := range accountVars {
				if _, ok := env[v]; !ok {
					t.Errorf("%s: accounts.conf needs $%s but the service's environment lacks it", s.Name, v)
				}
			}
			cmd := s.command(t)
			i := slices.Index(cmd, "-c")
			if i < 0 || i+1 >= len(cmd) {
				t.Errorf("%s: command %v names no config file", s.Name, cmd)
				continue
			}
			host := composeHostPath(s, cmd[i+1])
			if host == "" {
				t.Errorf("%s: config %s is not on a bind mount", s.Name, cmd[i+1])
				continue
			}
			abs, _ := filepath.Abs(host)
			confDir, _ := filepath.Abs(natsConfDir)
			if filepath.Dir(abs) != confDir {
				t.Errorf("%s: config %s is not under deploy/nats", s.Name, host)
			}
			data, err := os.ReadFile(host)
			if err != nil {
				t.Errorf("%s: %v", s.Name, err)
				continue
			}
			conf := string(data)
			if !regexp.MustCompile(`(?m)^server_name:\s*` + regexp.QuoteMeta(s.Name) + `\s*$`).MatchString(conf) {
				t.Errorf("%s: %s does not set server_name: %s", s.Name, filepath.Base(host), s.Name)
			}
			for _, other := range natsSvcs {
				if !strings.Contains(conf, "nats-route://"+other.Name+":6222") {
					t.Errorf("%s: %s has no route to %s", s.Name, filepath.Base(host), other.Name)
				}
			}
			for _, m := range regexp.MustCompile(`(?m)^include\s+(\S+)`).FindAllStringSubmatch(conf, -1) {
				if _, err := os.Stat(filepath.Join(filepath.Dir(host), m[1])); err != nil {
					t.Errorf("%s: include %s: %v", s.Name, m[1], err)
				}
			}
			// Every server version at hand accepts the file with the
			// passwords set, and refuses it without them.
			for _, srv := range servers {
				cmd := exec.Command(srv.path, "-c", filepath.Base(host), "-t")
				cmd.Dir = filepath.Dir(host)
				cmd.Env = composeServerEnv(roles, nil)
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("nats-server %s rejects %s: %v\n%s", srv.name, filepath.Base(host), err, out)
				}
				cmd = exec.Command(srv.path, "-c", filepath.Base(host), "-t")
				cmd.Dir = filepath.Dir(host)
				cmd.Env = composeCleanEnv()
				if out, err := cmd.CombinedOutput(); err == nil {
					t.Errorf("nats-server %s accepts %s with no passwords set:\n%s", srv.name, filepath.Base(host), out)
				}
			}
		}
	})

	ff := cf.factflowServices()
	byName := map[string]composeService{}
	for _, s := range ff {
		byName[s.Name] = s
	}
	t.Run("factflow services", func(t *testing.T) {
		for _, want := range []struct {
			name     string
			replicas int
			restart  string
		}{{"ingest", 1, "no"}, {"transform", 2, "unless-stopped"}, {"load", 1, "unless-stopped"}} {
			s, ok := byName[want.name]
			if !ok {
				t.Errorf("no %s service", want.name)
				continue
			}
			if r := s.replicas(t); r != want.replicas {
				t.Errorf("%s: %d replicas, want %d", s.Name, r, want.replicas)
			}
			if r := s.str("restart"); r != want.restart {
				t.Errorf("%s: restart %q, want %q", s.Name, r, want.restart)
			}
		}
		if len(ff) != 3 {
			names := make([]string, 0, len(ff))
			for _, s := range ff {
				names = append(names, s.Name)
			}
			t.Errorf("factflow services %v, want ingest, transform and load", names)
		}
	})

	t.Run("prometheus scrapes the workers", func(t *testing.T) {
		prom, ok := cf.Services["prometheus"]
		if !ok {
			t.Fatal("no prometheus service")
		}
		conf, err := os.ReadFile("../../deploy/prometheus.yml")
		if err != nil {
			t.Fatal(err)
		}
		mounted := false
		for _, v := range prom.Raw["volumes"].([]any) {
			mounted = mounted || strings.HasPrefix(fmt.Sprint(v), "./deploy/prometheus.yml:")
		}
		if !mounted {
			t.Error("prometheus does not mount deploy/prometheus.yml")
		}
		var pc struct {
			ScrapeConfigs []map[string]any `yaml:"scrape_configs"`
		}
		if err := yaml.Unmarshal(conf, &pc); err != nil {
			t.Fatal(err)
		}
		text := string(conf)
		for _, name := range []string{"transform", "load"} {
			args := strings.Join(byName[name].command(t), " ")
			if !strings.Contains(args, "--metrics-addr :9090") {
				t.Errorf("%s does not serve metrics on :9090: %s", name, args)
			}
			if !strings.Contains(text, name) || !strings.Contains(text, "9090") {
				t.Errorf("deploy/prometheus.yml does not scrape %s:9090", name)
			}
		}
		if len(pc.ScrapeConfigs) < 2 {
			t.Errorf("prometheus.yml has %d scrape configs", len(pc.ScrapeConfigs))
		}
	})

	t.Run("images and builds", func(t *testing.T) {
		for _, s := range cf.Services {
			img, build := s.str("image"), s.Raw["build"]
			if img == "" && build == nil {
				t.Errorf("%s: neither image nor build", s.Name)
			}
			if build == nil {
				continue
			}
			ctxDir, dockerfile := "", "Dockerfile"
			switch b := build.(type) {
			case string:
				ctxDir = b
			case map[string]any:
				ctxDir, _ = b["context"].(string)
				if d, ok := b["dockerfile"].(string); ok {
					dockerfile = d
				}
			}
			if ctxDir == "" {
				t.Errorf("%s: build has no context", s.Name)
				continue
			}
			if _, err := os.Stat(filepath.Join(repoRoot, ctxDir, dockerfile)); err != nil {
				t.Errorf("%s: build context %s: %v", s.Name, ctxDir, err)
			}
		}
	})

	t.Run("references", func(t *testing.T) {
		for _, s := range cf.Services {
			for _, d := range composeDependsOn(s) {
				if _, ok := cf.Services[d]; !ok {
					t.Errorf("%s depends on unknown service %s", s.Name, d)
				}
			}
			for target, src := range s.mounts() {
				if strings.HasPrefix(src, ".") || strings.HasPrefix(src, "/") {
					if _, err := os.Stat(filepath.Join(repoRoot, src)); err != nil {
						t.Errorf("%s: bind mount %s → %s: %v", s.Name, src, target, err)
					}
				} else if _, ok := cf.Volumes[src]; !ok {
					t.Errorf("%s: volume %s is not declared", s.Name, src)
				}
			}
		}
	})

	dockerfile, err := os.ReadFile(filepath.Join(repoRoot, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("commands and environment", func(t *testing.T) {
		for _, s := range ff {
			cmd := s.command(t)
			if len(cmd) == 0 {
				t.Errorf("%s: no command", s.Name)
				continue
			}
			exe := filepath.Join(bin, cmd[0])
			if _, err := os.Stat(exe); err != nil {
				t.Errorf("%s: command %q names no factflow binary", s.Name, cmd[0])
				continue
			}
			h := help.get(t, exe)
			for i := 1; i < len(cmd); i++ {
				a := cmd[i]
				switch {
				case strings.HasPrefix(a, "--"):
					flag, _, _ := strings.Cut(a, "=")
					if !hasFlag(h, flag) {
						t.Errorf("%s: %s does not accept %s", s.Name, cmd[0], flag)
					}
				case strings.HasPrefix(a, "/"):
					// A path in the image: copied in by the Dockerfile or on
					// a volume of the service.
					if !composePathProvided(s, a, string(dockerfile)) {
						t.Errorf("%s: path %s is neither copied into the image nor on a volume", s.Name, a)
					}
				}
			}
			env := s.env(t)
			for k, v := range env {
				if strings.HasPrefix(k, "FACTFLOW_") && !strings.Contains(h, "($"+k+")") {
					t.Errorf("%s: %s --help does not list $%s", s.Name, cmd[0], k)
				}
				used, _ := composeVars(v)
				for _, u := range used {
					if !slices.Contains(required, u) {
						t.Errorf("%s: %s uses ${%s}, which the file never requires with ${%s:?…}: an unset variable would pass silently", s.Name, k, u, u)
					}
				}
			}
			// Its NATS user exists, with the password variable the servers
			// hold for it.
			user := env["FACTFLOW_NATS_USER"]
			role, ok := roles[user]
			if !ok {
				t.Errorf("%s: NATS user %q is not in accounts.conf", s.Name, user)
			} else if pw := env["FACTFLOW_NATS_PASSWORD"]; pw != "${"+role.PasswordVar+"}" {
				t.Errorf("%s: password %q, want ${%s} as accounts.conf has it", s.Name, pw, role.PasswordVar)
			}
			if user != "" && user != s.Name {
				t.Errorf("%s runs as NATS user %s", s.Name, user)
			}
			// It reaches every NATS node on its client port, with as many
			// replicas as there are nodes.
			urls := strings.Split(env["FACTFLOW_NATS_URL"], ",")
			var hosts []string
			for _, u := range urls {
				h, port, err := net.SplitHostPort(strings.TrimPrefix(strings.TrimSpace(u), "nats://"))
				if err != nil || !natsNames[h] || port != "4222" {
					t.Errorf("%s: NATS URL %q is not a NATS service's client port", s.Name, u)
				}
				hosts = append(hosts, h)
			}
			if len(hosts) != len(natsSvcs) {
				t.Errorf("%s: NATS URLs %v, want every node", s.Name, urls)
			}
			if r, err := strconv.Atoi(env["FACTFLOW_REPLICAS"]); err != nil || r < 1 || r > len(natsSvcs) {
				t.Errorf("%s: FACTFLOW_REPLICAS %q, want 1..%d", s.Name, env["FACTFLOW_REPLICAS"], len(natsSvcs))
			}
			deps := composeDependsOn(s)
			for _, n := range natsSvcs {
				if !slices.Contains(deps, n.Name) {
					t.Errorf("%s does not depend on %s", s.Name, n.Name)
				}
			}
		}
	})
}

// composeHostPath maps a path in a service's container to the host path
// bind-mounted there, relative to this package, or "".
func composeHostPath(s composeService, p string) string {
	best := ""
	for target, src := range s.mounts() {
		if (p == target || strings.HasPrefix(p, strings.TrimSuffix(target, "/")+"/")) && len(target) > len(best) &&
			(strings.HasPrefix(src, ".") || strings.HasPrefix(src, "/")) {
			best = target
		}
	}
	if best == "" {
		return ""
	}
	return filepath.Join(repoRoot, s.mounts()[best], strings.TrimPrefix(p, best))
}

func composePathProvided(s composeService, p, dockerfile string) bool {
	for target := range s.mounts() {
		if p == target || strings.HasPrefix(p, strings.TrimSuffix(target, "/")+"/") {
			return true
		}
	}
	for _, m := range regexp.MustCompile(`(?m)^COPY\s+(?:--\S+\s+)*(\S+)\s+(\S+)\s*$`).FindAllStringSubmatch(dockerfile, -1) {
		if strings.HasPrefix(m[1], "--from") {
			continue
		}
		if dst := strings.TrimSuffix(m[2], "/"); p == dst || strings.HasPrefix(p, dst+"/") {
			if _, err := os.Stat(filepath.Join(repoRoot, m[1])); err == nil {
				return true
			}
		}
	}
	return false
}

func composeDependsOn(s composeService) []string {
	switch d := s.Raw["depends_on"].(type) {
	case []any:
		out := make([]string, len(d))
		for i, a := range d {
			out[i] = fmt.Sprint(a)
		}
		return out
	case map[string]any:
		var out []string
		for k := range d {
			out = append(out, k)
		}
		return out
	}
	return nil
}

// composeCleanEnv is this process's environment without factflow's or
// the NATS passwords' variables.
func composeCleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "FACTFLOW_") || strings.HasSuffix(k, "_PASSWORD") {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// composeServerEnv sets each role's password variable (to pw[user], or a
// placeholder).
func composeServerEnv(roles map[string]natsRole, pw map[string]string) []string {
	env := composeCleanEnv()
	for _, r := range roles {
		p := pw[r.User]
		if p == "" {
			p = "placeholder"
		}
		env = append(env, r.PasswordVar+"="+p)
	}
	return env
}

func randomSecret(t *testing.T, role string) string {
	t.Helper()
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return role + "-pw-" + hex.EncodeToString(b)
}

// singleNodeConf turns a cluster node's config into a single node on
// 127.0.0.1:port with its store in storeDir: the cluster block and the
// monitoring port go, the rest (limits, JetStream, the include of
// accounts.conf) stays.
func singleNodeConf(t *testing.T, conf string, port int, storeDir string) string {
	t.Helper()
	for _, r := range []struct{ re, repl string }{
		{`(?ms)^cluster\s*\{.*?^\}\s*$`, ""},
		{`(?m)^http:.*$`, ""},
		{`(?m)^listen:.*$`, fmt.Sprintf("listen: \"127.0.0.1:%d\"", port)},
		{`(?m)^(\s*)store_dir:.*$`, fmt.Sprintf("${1}store_dir: %q", storeDir)},
	} {
		re := regexp.MustCompile(r.re)
		if !re.MatchString(conf) {
			t.Fatalf("node config lacks %s:\n%s", r.re, conf)
		}
		conf = re.ReplaceAllString(conf, r.repl)
	}
	if strings.Contains(conf, "0.0.0.0") || strings.Contains(conf, "nats-route") {
		t.Fatalf("single-node config still has public listeners or routes:\n%s", conf)
	}
	return conf
}

func testComposeRoles(t *testing.T, cf composeFile, bin, natsBin string) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dir := t.TempDir()
	roles := accountsRoles(t)
	pw := map[string]string{}
	for u := range roles {
		pw[u] = randomSecret(t, u)
	}

	// One node from deploy/nats/nats-1.conf, including a copy of the real
	// accounts.conf.
	node, err := os.ReadFile(filepath.Join(natsConfDir, "nats-1.conf"))
	if err != nil {
		t.Fatal(err)
	}
	accounts, err := os.ReadFile(accountsConf)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "accounts.conf"), accounts, 0o600); err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	confPath := filepath.Join(dir, "nats.conf")
	if err := os.WriteFile(confPath, []byte(singleNodeConf(t, string(node), port, filepath.Join(dir, "js"))), 0o600); err != nil {
		t.Fatal(err)
	}
	serverLog := filepath.Join(dir, "nats-server.log")
	srv := exec.Command(natsBin, "-c", confPath)
	srv.Dir = dir
	srv.Env = composeServerEnv(roles, pw)
	lf := logFile(t, serverLog)
	srv.Stdout, srv.Stderr = lf, lf
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Process.Kill(); _ = srv.Wait() })
	url := fmt.Sprintf("nats://127.0.0.1:%d", port)
	composeWaitINFO(t, port, serverLog)

	seeds, err := filepath.Abs("../../seeds")
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "warehouse", "factflow.duckdb")
	if err := os.MkdirAll(filepath.Dir(db), 0o755); err != nil {
		t.Fatal(err)
	}

	// Each worker as compose runs it: its command, with the image's paths
	// mapped here, and its own user and password; the URL is this node's
	// and streams have one replica.
	workerCmd := func(name string, replica int) (*exec.Cmd, string) {
		s, ok := cf.Services[name]
		if !ok {
			t.Fatalf("no %s service", name)
		}
		env := s.env(t)
		user := env["FACTFLOW_NATS_USER"]
		password := interpolate(env["FACTFLOW_NATS_PASSWORD"], composePasswordVars(roles, pw))
		if user == "" || password == "" || password != pw[user] {
			t.Fatalf("%s: user %q and its password are not set as accounts.conf expects", name, user)
		}
		args := s.command(t)
		for i, a := range args[1:] {
			switch {
			case i > 0 && args[i] == "--metrics-addr":
				// Each container has its own :9090; here they share a host.
				args[i+1] = "127.0.0.1:0"
			case a == "/data/seeds":
				args[i+1] = seeds
			case strings.HasPrefix(a, "/warehouse/"):
				args[i+1] = filepath.Join(filepath.Dir(db), strings.TrimPrefix(a, "/warehouse/"))
			}
		}
		args = append(args, "--nats-url", url, "--nats-user", user, "--nats-password", password, "--nats-replicas", "1")
		cmd := exec.CommandContext(ctx, filepath.Join(bin, args[0]), args[1:]...)
		cmd.Env = append(composeCleanEnv(), "FACTFLOW_LOG_FORMAT=json", "FACTFLOW_LOG_LEVEL=debug")
		for k, v := range env {
			if strings.HasPrefix(k, "FACTFLOW_") && (!strings.HasPrefix(k, "FACTFLOW_NATS_") || k == "FACTFLOW_NATS_INBOX_PREFIX") && k != "FACTFLOW_REPLICAS" {
				cmd.Env = append(cmd.Env, k+"="+interpolate(v, nil))
			}
		}
		logPath := filepath.Join(dir, fmt.Sprintf("%s-%d.log", name, replica))
		f := logFile(t, logPath)
		cmd.Stdout, cmd.Stderr = f, f
		return cmd, logPath
	}
	var logs []string
	type proc struct {
		cmd  *exec.Cmd
		done chan struct{} // closed when it has exited; then err is set
		err  error
	}
	var running []*proc
	// As many of each long-running worker as compose runs (two transform
	// workers share their durable consumer).
	for _, name := range []string{"load", "transform"} {
		for i := range cf.Services[name].replicas(t) {
			cmd, logPath := workerCmd(name, i)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			p := &proc{cmd: cmd, done: make(chan struct{})}
			go func() { p.err = cmd.Wait(); close(p.done) }()
			t.Cleanup(func() {
				select {
				case <-p.done:
				default:
					_ = cmd.Process.Kill()
					<-p.done
				}
			})
			running = append(running, p)
			logs = append(logs, logPath)
		}
	}
	if len(running) < 3 {
		t.Fatalf("%d long-running workers, want a loader and two transform workers", len(running))
	}
	ingest, ingestLog := workerCmd("ingest", 0)
	logs = append(logs, ingestLog)
	if err := ingest.Run(); err != nil {
		t.Fatalf("ingest as user ingest: %v", err)
	}

	// Watch the consumers as the roles that own them.
	conns := map[string]*nats.Conn{}
	for u := range roles {
		nc, err := nats.Connect(url, nats.UserInfo(u, pw[u]), nats.CustomInboxPrefix("_INBOX_"+u), nats.ErrorHandler(func(*nats.Conn, *nats.Subscription, error) {}))
		if err != nil {
			t.Fatalf("connect as %s: %v", u, err)
		}
		t.Cleanup(nc.Close)
		conns[u] = nc
	}
	ns := bus.NewNames("factflow")
	owners := []struct{ user, stream, consumer string }{
		{"transform", ns.ChunksStream(), bus.ConsumerTransform},
		{"load", ns.DocsStream(), bus.ConsumerLoadDocs},
		{"load", ns.FactsStream(), bus.ConsumerLoadFacts},
		{"load", ns.DeadStream(), bus.ConsumerLoadDead},
	}
	pending := func(user, stream, consumer string) (uint64, int) {
		js, err := jetstream.New(conns[user])
		if err != nil {
			t.Fatal(err)
		}
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		c, err := js.Consumer(cctx, stream, consumer)
		if err != nil {
			t.Fatalf("consumer %s as %s: %v", consumer, user, err)
		}
		info, err := c.Info(cctx)
		if err != nil {
			t.Fatalf("consumer %s as %s: %v", consumer, user, err)
		}
		return info.NumPending, info.NumAckPending
	}
	for {
		busy := false
		for _, o := range owners {
			if n, a := pending(o.user, o.stream, o.consumer); n > 0 || a > 0 {
				busy = true
			}
		}
		if !busy {
			break
		}
		for _, p := range running {
			select {
			case <-p.done:
				t.Fatalf("%s exited early: %v", filepath.Base(p.cmd.Path), p.err)
			default:
			}
		}
		select {
		case <-ctx.Done():
			t.Fatal("pipeline did not settle")
		case <-time.After(200 * time.Millisecond):
		}
	}
	// Stop them as compose does; each must exit cleanly.
	for _, p := range running {
		if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range running {
		select {
		case <-p.done:
			if p.err != nil {
				t.Fatalf("%s after SIGTERM: %v", filepath.Base(p.cmd.Path), p.err)
			}
		case <-time.After(45 * time.Second):
			t.Fatalf("%s did not stop within 45s of SIGTERM", filepath.Base(p.cmd.Path))
		}
	}

	ro, err := warehouse.OpenReadOnly(db)
	if err != nil {
		t.Fatal(err)
	}
	var docs, obs int
	err = ro.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM observations)`).Scan(&docs, &obs)
	ro.Close()
	if err != nil {
		t.Fatal(err)
	}
	if docs != 5 || obs == 0 {
		t.Fatalf("warehouse holds %d documents and %d observations, want the 5 seeds and their facts", docs, obs)
	}

	// The workers needed nothing they were denied, and never logged a
	// password.
	srvLog, _ := os.ReadFile(serverLog)
	if strings.Contains(string(srvLog), "Violation") {
		t.Errorf("the workers were denied something:\n%s", srvLog)
	}
	for _, l := range logs {
		data, _ := os.ReadFile(l)
		for u, p := range pw {
			if strings.Contains(string(data), p) {
				t.Errorf("%s logs %s's password", filepath.Base(l), u)
			}
		}
		if strings.Contains(string(data), "iolation") {
			t.Errorf("%s: %s", filepath.Base(l), data)
		}
	}

	// Least privilege, with nats.go directly, now that no worker runs.
	streamOwner := map[string]struct{ user, stream, consumer string }{}
	for _, o := range owners {
		streamOwner[o.stream] = o
	}
	stored := func(stream string) uint64 {
		o := streamOwner[stream]
		n, _ := pending(o.user, o.stream, o.consumer)
		return n
	}
	// Setup's configuration of the transform consumer (default ack wait), so that creating
	// it again changes nothing.
	consumerCfg := fmt.Sprintf(`{"stream_name":"FACTFLOW_CHUNKS","config":{"durable_name":"transform","deliver_policy":"all","ack_policy":"explicit","ack_wait":%d,"max_deliver":%d,"max_ack_pending":%d,"replay_policy":"instant"}}`,
		(60 * time.Second).Nanoseconds(), bus.MaxDeliver, bus.MaxAckPending)
	cases := []struct {
		name    string
		user    string
		op      string // pub, jspub, req, sub
		subject string
		body    string
		allowed bool
		stream  string // for publishes: where a stored message would land
	}{
		{"transform cannot announce documents", "transform", "pub", "factflow.docs.x", "{}", false, ns.DocsStream()},
		{"ingest cannot publish facts", "ingest", "pub", "factflow.facts.x", "{}", false, ns.FactsStream()},
		{"load cannot publish chunks", "load", "pub", "factflow.chunks.x", "{}", false, ns.ChunksStream()},
		{"transform cannot forge ingest's dead letters", "transform", "pub", "factflow.dead.ingest", "{}", false, ns.DeadStream()},
		{"ingest cannot publish outside factflow", "ingest", "pub", "other.subject", "{}", false, ""},
		{"ingest may announce documents", "ingest", "jspub", "factflow.docs.probe", "{}", true, ns.DocsStream()},
		{"transform may publish facts", "transform", "jspub", "factflow.facts.probe", "{}", true, ns.FactsStream()},
		{"load may dead-letter", "load", "jspub", "factflow.dead.load", "{}", true, ns.DeadStream()},
		{"ingest cannot delete a stream", "ingest", "req", "$JS.API.STREAM.DELETE.FACTFLOW_DOCS", "", false, ""},
		{"load cannot purge a stream", "load", "req", "$JS.API.STREAM.PURGE.FACTFLOW_FACTS", "", false, ""},
		{"transform cannot delete a consumer", "transform", "req", "$JS.API.CONSUMER.DELETE.FACTFLOW_DOCS.load-docs", "", false, ""},
		{"transform cannot take load's work", "transform", "req", "$JS.API.CONSUMER.MSG.NEXT.FACTFLOW_DOCS.load-docs", `{"batch":1,"no_wait":true}`, false, ""},
		{"load cannot take transform's work", "load", "req", "$JS.API.CONSUMER.MSG.NEXT.FACTFLOW_CHUNKS.transform", `{"batch":1,"no_wait":true}`, false, ""},
		{"ingest cannot read stream messages", "ingest", "req", "$JS.API.STREAM.MSG.GET.FACTFLOW_DOCS", `{"seq":1}`, false, ""},
		{"ingest cannot create an ad-hoc consumer", "ingest", "req", "$JS.API.CONSUMER.CREATE.FACTFLOW_DOCS.spy", `{"stream_name":"FACTFLOW_DOCS","config":{"durable_name":"spy"}}`, false, ""},
		{"transform cannot list streams", "transform", "req", "$JS.API.STREAM.NAMES", "", false, ""},
		{"ingest cannot subscribe to documents", "ingest", "sub", "factflow.docs.>", "", false, ""},
		{"load cannot subscribe to chunks", "load", "sub", "factflow.chunks.>", "", false, ""},
		{"transform cannot read chunks directly", "transform", "req", "$JS.API.STREAM.MSG.GET.FACTFLOW_CHUNKS", `{"seq":1}`, false, ""},
		{"transform cannot watch advisories", "transform", "sub", "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>", "", false, ""},
		{"transform cannot read the loader's replies", "transform", "sub", "_INBOX_load.>", "", false, ""},
		{"ingest cannot read the default inbox", "ingest", "sub", "_INBOX.>", "", false, ""},
		{"load cannot read the dead letters directly", "load", "req", "$JS.API.STREAM.MSG.GET.FACTFLOW_DEAD", `{"seq":1}`, false, ""},
		{"load cannot delete a dead letter", "load", "req", "$JS.API.STREAM.MSG.DELETE.FACTFLOW_DEAD", `{"seq":1}`, false, ""},
		{"transform may read its consumer", "transform", "req", "$JS.API.CONSUMER.INFO.FACTFLOW_CHUNKS.transform", "", true, ""},
		{"load may watch max-delivery advisories", "load", "sub", "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>", "", true, ""},
		{"load may look up an abandoned chunk", "load", "req", "$JS.API.STREAM.INFO.FACTFLOW_CHUNKS", "", true, ""},
		{"load may dead-letter for transform", "load", "jspub", "factflow.dead.transform", "{}", true, ns.DeadStream()},
		{"load may create its consumer the pre-2.9 way", "load", "req", "$JS.API.CONSUMER.DURABLE.CREATE.FACTFLOW_CHUNKS.transform", consumerCfg, true, ""},
		{"ingest may create a consumer the 2.9+ way", "ingest", "req", "$JS.API.CONSUMER.CREATE.FACTFLOW_CHUNKS.transform", consumerCfg, true, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			errs := make(chan error, 8)
			nc, err := nats.Connect(url, nats.UserInfo(tc.user, pw[tc.user]), nats.CustomInboxPrefix("_INBOX_"+tc.user),
				nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
					select {
					case errs <- err:
					default:
					}
				}))
			if err != nil {
				t.Fatal(err)
			}
			defer nc.Close()
			var before uint64
			if tc.stream != "" {
				before = stored(tc.stream)
			}
			var opErr error
			switch tc.op {
			case "pub":
				opErr = nc.Publish(tc.subject, []byte(tc.body))
				if opErr == nil {
					opErr = nc.Flush()
				}
			case "jspub":
				js, err := jetstream.New(nc)
				if err != nil {
					t.Fatal(err)
				}
				cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
				_, opErr = js.Publish(cctx, tc.subject, []byte(tc.body))
				cancel()
			case "req":
				var reply *nats.Msg
				timeout := 500 * time.Millisecond // a denied request's violation comes at once
				if tc.allowed {
					timeout = 2 * time.Second
				}
				reply, opErr = nc.Request(tc.subject, []byte(tc.body), timeout)
				if opErr == nil && tc.allowed && strings.Contains(string(reply.Data), `"code":403`) {
					opErr = fmt.Errorf("reply %s", reply.Data)
				}
			case "sub":
				sub, err := nc.SubscribeSync(tc.subject)
				if err != nil {
					opErr = err
				} else {
					defer sub.Unsubscribe()
					opErr = nc.Flush()
				}
			}
			wait := 2 * time.Second
			if tc.allowed {
				wait = 200 * time.Millisecond
			}
			var violation error
			select {
			case violation = <-errs:
			case <-time.After(wait):
			}
			if violation == nil {
				violation = nc.LastError()
			}
			denied := violation != nil && (errors.Is(violation, nats.ErrPermissionViolation) || strings.Contains(strings.ToLower(violation.Error()), "permissions violation"))
			if tc.allowed {
				if opErr != nil || denied {
					t.Fatalf("%s %s as %s: %v %v; want it allowed", tc.op, tc.subject, tc.user, opErr, violation)
				}
			} else {
				if !denied {
					t.Errorf("%s %s as %s: no permissions violation (op error %v)", tc.op, tc.subject, tc.user, opErr)
				} else if !strings.Contains(violation.Error(), tc.subject) {
					t.Errorf("violation %q does not name %s", violation, tc.subject)
				}
				if tc.op == "req" && opErr == nil {
					t.Errorf("%s as %s got a reply", tc.subject, tc.user)
				}
			}
			if tc.stream != "" {
				time.Sleep(100 * time.Millisecond)
				after := stored(tc.stream)
				switch {
				case tc.allowed && after != before+1:
					t.Errorf("%s holds %d messages after an allowed publish, had %d", tc.stream, after, before)
				case !tc.allowed && after != before:
					t.Errorf("%s holds %d messages after a denied publish, had %d: it was stored", tc.stream, after, before)
				}
			}
		})
	}
}

// composePasswordVars maps each role's password variable to its password.
func composePasswordVars(roles map[string]natsRole, pw map[string]string) map[string]string {
	out := map[string]string{}
	for u, r := range roles {
		out[r.PasswordVar] = pw[u]
	}
	return out
}

// composeWaitINFO waits until the server on port greets with INFO.
func composeWaitINFO(t *testing.T, port int, logPath string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second); err == nil {
			_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
			line, _ := bufio.NewReader(c).ReadString('\n')
			c.Close()
			if strings.HasPrefix(line, "INFO ") {
				return
			}
		}
		if time.Now().After(deadline) {
			data, _ := os.ReadFile(logPath)
			t.Fatalf("nats-server on port %d did not start:\n%s", port, data)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
