package command

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"

	"github.com/factflow/factflow/pipeline/report"
	"github.com/factflow/factflow/pipeline/warehouse"
)

// Report is `factflow report`: the warehouse as one self-contained HTML
// page (charts, facts, and the documents' texts they link into).
type Report struct {
	DB        string `help:"DuckDB warehouse file." env:"FACTFLOW_DB" default:"factflow.duckdb"`
	Out       string `help:"HTML file to write." default:"report.html" type:"path"`
	MaxCharts int    `help:"Charts drawn at most, longest series first." default:"40"`
	From      int    `help:"First year charted." default:"2009"`
	To        int    `help:"Last year charted." default:"2023"`
}

// Run runs it. The page is written to a temporary file beside Out and
// renamed over it, so that a failed run never leaves half a report.
func (r *Report) Run(g *Globals) (err error) {
	if _, err := os.Stat(r.DB); err != nil {
		return fmt.Errorf("warehouse %s: %w (run `factflow run` first)", r.DB, err)
	}
	db, err := warehouse.OpenReadOnly(r.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, stop := SignalContext()
	defer stop()

	tmp, err := os.CreateTemp(filepath.Dir(r.Out), ".report-*.html")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	w := bufio.NewWriter(tmp)
	opt := report.DefaultOptions()
	opt.MaxCharts, opt.FromYear, opt.ToYear = r.MaxCharts, r.From, r.To
	sum, err := report.Write(ctx, db, w, opt)
	if err != nil {
		return err
	}
	if err = w.Flush(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err = os.Rename(tmp.Name(), r.Out); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	fmt.Fprintf(os.Stderr, "wrote %s: %d charts (of %d series with two years or more), %d documents, %d facts\n",
		r.Out, sum.Charts, sum.Chartable, sum.Documents, sum.Facts)
	return nil
}
