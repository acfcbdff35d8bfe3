package clickhouse

import (
	"context"
	"fmt"
)

// Vacuum deletes the rows of batches that never committed: Tx rolled back
// while a shard was down, or a process killed mid-file. Such rows are
// invisible to every query already; Vacuum only reclaims their space. It
// returns how many batches it asked the shards to delete (asynchronous
// mutations on 18.16).
//
// Vacuum must not run while another process ingests into the store: that
// writer's open batch is not in the ingest log yet and would be deleted.
// Within one process it waits for the open Tx.
func (s *Store) Vacuum(ctx context.Context) (int, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	q := ""
	for i, tbl := range []string{s.t.events, s.t.cube, s.t.mentions, s.t.ids} {
		if i > 0 {
			q += " UNION ALL "
		}
		q += "SELECT DISTINCT batch FROM " + tbl + " WHERE NOT (" + s.visible() + ")"
	}
	rows, err := s.conn.Query(ctx, "SELECT DISTINCT batch FROM ("+q+")")
	if err != nil {
		return 0, fmt.Errorf("vacuum: %w", s.diagnose(err))
	}
	defer rows.Close()
	var batches []uint64
	for rows.Next() {
		var b uint64
		if err := rows.Scan(&b); err != nil {
			return 0, fmt.Errorf("vacuum: scan: %w", err)
		}
		batches = append(batches, b)
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("vacuum: %w", err)
	}
	s.deleteBatches(ctx, batches)
	return len(batches), nil
}
