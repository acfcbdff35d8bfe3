package duckdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"entente/events"
	"entente/store"
)

// Stats implements store.Summarizer. Top dyads come from the cube, so Stats
// never scans the events table beyond its per-data-set min/max/count, which
// DuckDB answers from row-group statistics.
func (s *Store) Stats(ctx context.Context) (store.Stats, error) {
	var st store.Stats
	rows, err := s.db.QueryContext(ctx, `
		WITH e AS (SELECT dataset, count(*) AS n, min(day) AS lo, max(day) AS hi FROM events GROUP BY dataset),
		     m AS (SELECT dataset, count(*) AS n FROM mentions GROUP BY dataset)
		SELECT coalesce(e.dataset, m.dataset), coalesce(e.n, 0), coalesce(m.n, 0), e.lo, e.hi
		FROM e FULL OUTER JOIN m ON e.dataset = m.dataset
		ORDER BY 1`)
	if err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var d store.DatasetStats
		var ds string
		var lo, hi sql.NullTime
		if err := rows.Scan(&ds, &d.Events, &d.Mentions, &lo, &hi); err != nil {
			return st, fmt.Errorf("stats: scan: %w", err)
		}
		d.Dataset = events.Dataset(ds)
		if lo.Valid {
			d.First, d.Last = lo.Time.UTC(), hi.Time.UTC()
		}
		st.Datasets = append(st.Datasets, d)
	}
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM ingest_log`).Scan(&st.Files); err != nil {
		return st, fmt.Errorf("stats: files: %w", err)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM cube`).Scan(&st.CubeCells); err != nil {
		return st, fmt.Errorf("stats: cube: %w", err)
	}
	dy, err := s.db.QueryContext(ctx, `
		SELECT least(source, target) AS a, greatest(source, target) AS b, sum(events)::BIGINT AS n
		FROM cube WHERE source <> target
		GROUP BY a, b ORDER BY n DESC, a, b LIMIT 10`)
	if err != nil {
		return st, fmt.Errorf("stats: top dyads: %w", err)
	}
	defer dy.Close()
	for dy.Next() {
		var d store.DyadCount
		if err := dy.Scan(&d.Source, &d.Target, &d.Events); err != nil {
			return st, fmt.Errorf("stats: top dyads: scan: %w", err)
		}
		st.TopDyads = append(st.TopDyads, d)
	}
	if err := dy.Err(); err != nil {
		return st, fmt.Errorf("stats: top dyads: %w", err)
	}
	return st, nil
}

// Ingested implements store.Writer.
func (s *Store) Ingested(ctx context.Context, sha256 string) (store.IngestRecord, bool, error) {
	var (
		r       store.IngestRecord
		ds      string
		started time.Time
		ms      int64
	)
	err := s.db.QueryRowContext(ctx, `SELECT file, size, sha256, format, dataset, stored, rejected,
		duplicates, mentions, started, duration_ms FROM ingest_log WHERE sha256 = ?`, sha256).
		Scan(&r.File, &r.Size, &r.SHA256, &r.Format, &ds, &r.Stored, &r.Rejected, &r.Duplicates,
			&r.Mentions, &started, &ms)
	if errors.Is(err, sql.ErrNoRows) {
		return store.IngestRecord{}, false, nil
	}
	if err != nil {
		return store.IngestRecord{}, false, fmt.Errorf("look up ingest log: %w", err)
	}
	r.Dataset = events.Dataset(ds)
	r.Started = started.UTC()
	r.Duration = time.Duration(ms) * time.Millisecond
	return r, true, nil
}
