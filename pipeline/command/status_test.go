package command

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/factflow/factflow/pipeline/runner"
)

func TestStatus(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	if _, err := runner.Run(ctx, runner.Config{Paths: []string{"../../seeds"}, DB: db}, zerolog.Nop()); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	c := Status{DB: db, Embedded: true, Runs: 5}
	if err := c.write(ctx, &out, zerolog.Nop()); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"FACTFLOW_CHUNKS", "transform", "documents            5", "ok", "(1 rows)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("status lacks %q:\n%s", want, out.String())
		}
	}
}
