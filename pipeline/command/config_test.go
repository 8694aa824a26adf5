package command

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/alecthomas/kong"
)

// TestPrecedence pins the one rule the docs state: flag, then config
// file, then environment, then default.
func TestPrecedence(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "c.json")
	if err := os.WriteFile(cfg, []byte(`{"db": "config.duckdb"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		env  string
		args []string
		want string
	}{
		{"default", "", []string{"query", "select 1"}, "factflow.duckdb"},
		{"environment", "env.duckdb", []string{"query", "select 1"}, "env.duckdb"},
		{"config over environment", "env.duckdb", []string{"--config", cfg, "query", "select 1"}, "config.duckdb"},
		{"flag over all", "env.duckdb", []string{"--config", cfg, "query", "--db", "flag.duckdb", "select 1"}, "flag.duckdb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("FACTFLOW_DB", tt.env)
			if tt.env == "" {
				os.Unsetenv("FACTFLOW_DB")
			}
			var cli struct {
				Globals
				Query Query `cmd:""`
			}
			p, err := kong.New(&cli, Options("factflow", "test")...)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			if cli.Query.DB != tt.want {
				t.Fatalf("db = %q, want %q", cli.Query.DB, tt.want)
			}
		})
	}
}
