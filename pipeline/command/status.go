package command

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/rs/zerolog"

	"github.com/factflow/factflow/pipeline/bus"
	"github.com/factflow/factflow/pipeline/warehouse"
)

// Status is `factflow status`: streams, consumer lag, last runs and
// warehouse counts on one screen.
type Status struct {
	DB       string     `help:"DuckDB warehouse file." env:"FACTFLOW_DB" default:"factflow.duckdb"`
	NATS     bus.Config `embed:"" prefix:"nats-"`
	Embedded bool       `help:"Inspect the embedded server's store rather than --nats-url." env:"FACTFLOW_EMBEDDED" default:"true" negatable:""`
	Store    string     `help:"Embedded server store to inspect (default: .factflow/nats beside the warehouse)." env:"FACTFLOW_STORE"`
	Runs     int        `help:"How many recent runs to show." default:"5"`
}

// Run runs it.
func (c *Status) Run(g *Globals) error {
	ctx, stop := SignalContext()
	defer stop()
	return c.write(ctx, os.Stdout, g.Logger())
}

func (c *Status) write(ctx context.Context, w io.Writer, log zerolog.Logger) error {
	cfg := c.NATS
	where := cfg.Redacted()
	if c.Embedded {
		store := c.Store
		if store == "" {
			store = filepath.Join(filepath.Dir(c.DB), ".factflow", "nats")
		}
		if _, err := os.Stat(store); err != nil {
			fmt.Fprintf(w, "NATS: no --nats-url and no embedded store at %s\n\n", store)
			return c.warehouse(ctx, w)
		}
		srv, err := bus.StartEmbedded(store)
		if err != nil {
			return err
		}
		defer srv.Shutdown()
		cfg.URL = srv.URL()
		where = "embedded store " + store
	}
	b, err := bus.Connect(ctx, cfg, "factflow-status", zerolog.Nop())
	if err != nil {
		return err
	}
	defer b.Close()
	fmt.Fprintf(w, "NATS: %s (server %s)\n", where, b.NC.ConnectedServerVersion())
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STREAM\tMESSAGES\tBYTES\tCONSUMER\tPENDING\tUNACKED\tREDELIVERED")
	ns := b.Names
	for _, sc := range []struct{ stream, consumer string }{
		{ns.DocsStream(), bus.ConsumerLoadDocs},
		{ns.ChunksStream(), bus.ConsumerTransform},
		{ns.FactsStream(), bus.ConsumerLoadFacts},
		{ns.DeadStream(), bus.ConsumerLoadDead},
	} {
		s, err := b.JS.Stream(ctx, sc.stream)
		if err != nil {
			fmt.Fprintf(tw, "%s\t-\t-\t%s\t-\t-\t- (%v)\n", sc.stream, sc.consumer, err)
			continue
		}
		si, err := s.Info(ctx)
		if err != nil {
			return err
		}
		row := fmt.Sprintf("%s\t%d\t%d\t%s", sc.stream, si.State.Msgs, si.State.Bytes, sc.consumer)
		if cons, err := s.Consumer(ctx, sc.consumer); err == nil {
			if ci, err := cons.Info(ctx); err == nil {
				row += fmt.Sprintf("\t%d\t%d\t%d", ci.NumPending, ci.NumAckPending, ci.NumRedelivered)
			}
		} else {
			row += "\t-\t-\t-"
		}
		fmt.Fprintln(tw, row)
	}
	tw.Flush()
	fmt.Fprintln(w)
	return c.warehouse(ctx, w)
}

func (c *Status) warehouse(ctx context.Context, w io.Writer) error {
	if _, err := os.Stat(c.DB); err != nil {
		fmt.Fprintf(w, "warehouse: %s does not exist yet\n", c.DB)
		return nil
	}
	db, err := warehouse.OpenReadOnlyWait(ctx, c.DB, 30*time.Second)
	if err != nil {
		return err
	}
	defer db.Close()
	counts, err := warehouse.Counts(ctx, db)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "warehouse: %s\n", c.DB)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, t := range warehouse.Tables() {
		fmt.Fprintf(tw, "  %s\t%d\n", t, counts[t])
	}
	tw.Flush()
	fmt.Fprintf(w, "\nlast %d runs:\n", c.Runs)
	return RunQuery(ctx, db, fmt.Sprintf(`SELECT run_id, status, started_at,
		round(epoch(finished_at) - epoch(started_at), 1) AS seconds, files_seen AS files,
		documents_loaded AS loaded, documents_skipped AS unchanged, documents_failed AS failed,
		documents_removed AS removed, facts
		FROM runs ORDER BY started_at DESC LIMIT %d`, c.Runs), "table", w)
}
