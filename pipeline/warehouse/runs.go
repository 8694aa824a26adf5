package warehouse

import (
	"context"
	"database/sql"
	"encoding/json"
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
			files_seen, documents_loaded, documents_skipped, documents_failed, chunks, facts, errors)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			r.ID, r.StartedAt, finished, r.Status, r.Command, r.FilesSeen, r.DocumentsLoaded,
			r.DocumentsSkipped, r.DocumentsFailed, r.Chunks, r.Facts, string(errs))
		return err
	})
}
