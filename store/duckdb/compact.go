package duckdb

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
)

// Compaction of the dyad-day cube.
//
// Ingest appends partial cube rows file by file, so rows of one dyad are
// scattered across the whole table and every dyad query reads every row
// group. Compact rewrites the cube as one row per key, ordered by (source,
// target, day): DuckDB keeps min/max statistics per row group, so a query
// for a few pairs then reads only the row groups that hold them (P3 in
// bench/relations). Rows appended after a compaction form an unsorted tail
// that queries still scan in full; NeedsCompaction says when that tail has
// grown enough to be worth another rewrite.

// compactionMinTail and compactionShare bound the unsorted tail: compact
// when it exceeds both minTail rows and share of the compacted part.
const (
	compactionMinTail = 200_000
	compactionShare   = 0.25
)

// cubeTail returns the rows of the cube and how many were in it after the
// last compaction.
func (s *Store) cubeTail(ctx context.Context) (total, compacted int64, err error) {
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM cube`).Scan(&total); err != nil {
		return 0, 0, fmt.Errorf("cube size: %w", err)
	}
	var v string
	switch err := s.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'cube_compacted_rows'`).Scan(&v); err {
	case nil:
		compacted, _ = strconv.ParseInt(v, 10, 64)
	case sql.ErrNoRows:
	default:
		return 0, 0, fmt.Errorf("cube compaction state: %w", err)
	}
	return total, compacted, nil
}

// NeedsCompaction reports whether the cube's unsorted tail is large enough
// to compact: more than 200,000 rows and more than a quarter of the sorted
// part.
func (s *Store) NeedsCompaction(ctx context.Context) (bool, error) {
	total, compacted, err := s.cubeTail(ctx)
	if err != nil {
		return false, err
	}
	tail := total - compacted
	return tail > compactionMinTail && float64(tail) > compactionShare*float64(compacted), nil
}

// Compact rewrites the cube sorted by (source, target, day), one row per
// (dataset, day, source, target, code, quad) key, in one transaction: a
// crash leaves the old cube. Query answers are unchanged (the cube's sums
// are the same); only their speed changes.
func (s *Store) Compact(ctx context.Context) (err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("compact cube: %w", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	stmts := []string{
		`CREATE TEMP TABLE cube_sorted AS
			SELECT dataset, day, source, target, code, root, quad,
				sum(events)::BIGINT AS events, sum(goldstein) AS goldstein,
				sum(tone) AS tone, sum(tone_n)::BIGINT AS tone_n,
				sum(mentions)::BIGINT AS mentions, sum(goldstein_mentions) AS goldstein_mentions
			FROM cube
			GROUP BY dataset, day, source, target, code, root, quad`,
		`DROP TABLE cube`,
		schemaDDL[2], // the cube's CREATE TABLE
		`INSERT INTO cube SELECT * FROM cube_sorted ORDER BY source, target, day, dataset, code, quad`,
		`DROP TABLE cube_sorted`,
		`INSERT OR REPLACE INTO meta SELECT 'cube_compacted_rows', count(*)::VARCHAR FROM cube`,
	}
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("compact cube: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("compact cube: %w", err)
	}
	// Give the dropped table's blocks back to the file.
	if _, err := s.db.ExecContext(ctx, `CHECKPOINT`); err != nil {
		return fmt.Errorf("compact cube: checkpoint: %w", err)
	}
	return nil
}
