package warehouse

import (
	"context"
	"fmt"
)

// volatile lists, per table, the columns that differ between two runs
// over the same input (times, run ids); a content checksum leaves them out.
func volatile(table string) string {
	switch table {
	case "documents":
		return " EXCLUDE (ingested_at, loaded_at, run_id)"
	case "dead_letters":
		return " EXCLUDE (failed_at, loaded_at, dead_id)"
	}
	return ""
}

// Checksums returns a checksum of each analysts' table's content (runs
// excepted, and the volatile columns of the rest), equal for two
// warehouses that hold the same facts, whatever order they were loaded in.
func Checksums(ctx context.Context, q queryer) (map[string]string, error) {
	out := map[string]string{}
	for _, t := range Tables() {
		if t == "runs" {
			continue
		}
		var sum string
		err := q.QueryRowContext(ctx, fmt.Sprintf(
			`SELECT coalesce(md5(string_agg(r::VARCHAR, chr(10) ORDER BY r::VARCHAR)), '') || ':' || count(*)
			 FROM (SELECT *%s FROM %s) r`, volatile(t), t)).Scan(&sum)
		if err != nil {
			return nil, fmt.Errorf("checksum %s: %w", t, err)
		}
		out[t] = sum
	}
	return out, nil
}
