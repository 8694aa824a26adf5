package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"
)

// Run is one run's record in the runs table.
type Run struct {
	ID               string
	StartedAt        time.Time
	FinishedAt       time.Time
	Status           string // running | ok | failed | interrupted
	Command          string
	FilesSeen        int
	DocumentsLoaded  int
	DocumentsSkipped int
	DocumentsFailed  int
	DocumentsRemoved int
	Duplicates       int
	Chunks           int64
	Facts            int64
	Errors           []RunError
}

// RunError is one input that failed in a run.
type RunError struct {
	Input string `json:"input"`
	Error string `json:"error"`
}

// SaveRun inserts or updates a run's record.
func (w *Warehouse) SaveRun(ctx context.Context, r Run) error {
	return w.Do(ctx, func(s *Session) error { return s.SaveRun(ctx, r) })
}

// SaveRun inserts or updates a run's record.
func (s *Session) SaveRun(ctx context.Context, r Run) error {
	errs := []byte("[]")
	if len(r.Errors) > 0 {
		var err error
		if errs, err = json.Marshal(r.Errors); err != nil {
			return err
		}
	}
	var finished any
	if !r.FinishedAt.IsZero() {
		finished = r.FinishedAt
	}
	return s.tx(ctx, func(c *sql.Conn) error {
		_, err := c.ExecContext(ctx, `INSERT OR REPLACE INTO runs (run_id, started_at, finished_at, status, command,
			files_seen, documents_loaded, documents_skipped, documents_failed, documents_removed, documents_duplicate,
			chunks, facts, errors)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
			r.ID, r.StartedAt, finished, r.Status, r.Command, r.FilesSeen, r.DocumentsLoaded,
			r.DocumentsSkipped, r.DocumentsFailed, r.DocumentsRemoved, r.Duplicates, r.Chunks, r.Facts, string(errs))
		return err
	})
}

// Reconcile brings documents' status in line with what a run found under
// its directory roots: documents it skipped as unchanged are current again,
// and current documents read from under a root whose file is gone are
// marked removed, or deleted with their facts if drop is set. It returns
// how many were removed.
func (w *Warehouse) Reconcile(ctx context.Context, roots, seen, unchanged []string, drop bool) (int, error) {
	var n int
	err := w.Do(ctx, func(s *Session) error {
		return s.tx(ctx, func(c *sql.Conn) error {
			if _, err := c.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE seen (uri VARCHAR)`); err != nil {
				return err
			}
			if err := appendRowsTo(c, "temp", "main", "seen", len(seen), func(i int) []driver.Value { return []driver.Value{seen[i]} }); err != nil {
				return err
			}
			// Set-wise, not a statement per document: a refresh of an
			// unchanged corpus lists every document as unchanged.
			if err := idTable(ctx, c, "unchanged", unchanged); err != nil {
				return err
			}
			if _, err := c.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE back AS SELECT doc_id FROM document_meta
				WHERE doc_id IN (SELECT doc_id FROM unchanged) AND status <> 'current'`); err != nil {
				return fmt.Errorf("find documents back in the corpus: %w", err)
			}
			if _, err := c.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE gone AS SELECT doc_id FROM document_meta d
				WHERE d.status = 'current'
				AND EXISTS (SELECT 1 FROM unnest($1::VARCHAR[]) r(root) WHERE d.source_uri LIKE r.root || '/%')
				AND d.source_uri NOT IN (SELECT uri FROM seen)`, roots); err != nil {
				return fmt.Errorf("find removed documents: %w", err)
			}
			var back int
			if err := c.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM gone), (SELECT count(*) FROM back)`).Scan(&n, &back); err != nil {
				return err
			}
			if n == 0 && back == 0 {
				return nil // the usual refresh
			}
			q := []string{`UPDATE document_meta SET status = 'current' WHERE doc_id IN (SELECT doc_id FROM back)`}
			if drop {
				q = append(q, deleteGone()...)
			} else {
				q = append(q, `UPDATE document_meta SET status = 'removed' WHERE doc_id IN (SELECT doc_id FROM gone)`)
			}
			for _, stmt := range q {
				if _, err := c.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("reconcile documents: %w (in %s)", err, firstLine(stmt))
				}
			}
			return nil
		})
	})
	return n, err
}
