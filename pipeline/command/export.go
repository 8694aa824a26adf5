package command

import (
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/factflow/factflow/pipeline/export"
	"github.com/factflow/factflow/pipeline/warehouse"
)

// Export is `factflow export`: every analysts' table as files for other
// engines (Spark, Trino, pandas), read-only on the warehouse.
type Export struct {
	Dir    string `arg:"" help:"Directory to write into (created if needed; an earlier export there is replaced)."`
	DB     string `help:"DuckDB warehouse file." env:"FACTFLOW_DB" default:"factflow.duckdb"`
	Format string `help:"File format." enum:"parquet" default:"parquet"`
}

// Run runs it.
func (e *Export) Run(g *Globals) error {
	if _, err := os.Stat(e.DB); err != nil {
		return fmt.Errorf("warehouse %s: %w (run `factflow run` first)", e.DB, err)
	}
	db, err := warehouse.OpenReadOnly(e.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, stop := SignalContext()
	defer stop()
	written, err := export.Parquet(ctx, db, e.Dir)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "table\trows\tpath")
	for _, w := range written {
		fmt.Fprintf(tw, "%s\t%d\t%s\n", w.Table.Name, w.Rows, w.Glob())
	}
	return tw.Flush()
}
