package clickhouse

import (
	"context"
	"fmt"
	"sort"
	"time"

	"entente/events"
	"entente/store"
)

// Stats implements store.Summarizer. CubeCells counts distinct cube keys
// (data set, day, source, target, code, quad), which does not depend on how
// many partial rows merges have folded yet.
func (s *Store) Stats(ctx context.Context) (store.Stats, error) {
	var st store.Stats
	by := map[events.Dataset]*store.DatasetStats{}
	get := func(ds string) *store.DatasetStats {
		d := by[events.Dataset(ds)]
		if d == nil {
			d = &store.DatasetStats{Dataset: events.Dataset(ds)}
			by[d.Dataset] = d
		}
		return d
	}
	rows, err := s.conn.Query(ctx, `SELECT dataset, toInt64(count()), min(day), max(day) FROM `+s.t.events+
		` WHERE `+s.visible()+` GROUP BY dataset`)
	if err != nil {
		return st, fmt.Errorf("stats: %w", s.diagnose(err))
	}
	for rows.Next() {
		var ds string
		var n int64
		var lo, hi time.Time
		if err := rows.Scan(&ds, &n, &lo, &hi); err != nil {
			rows.Close()
			return st, fmt.Errorf("stats: scan: %w", err)
		}
		d := get(ds)
		d.Events, d.First, d.Last = n, day(lo), day(hi)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	rows, err = s.conn.Query(ctx, `SELECT dataset, toInt64(count()) FROM `+s.t.mentions+
		` WHERE `+s.visible()+` GROUP BY dataset`)
	if err != nil {
		return st, fmt.Errorf("stats: mentions: %w", s.diagnose(err))
	}
	for rows.Next() {
		var ds string
		var n int64
		if err := rows.Scan(&ds, &n); err != nil {
			rows.Close()
			return st, fmt.Errorf("stats: mentions: scan: %w", err)
		}
		get(ds).Mentions = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("stats: mentions: %w", err)
	}
	for _, d := range by {
		st.Datasets = append(st.Datasets, *d)
	}
	sort.Slice(st.Datasets, func(i, j int) bool { return st.Datasets[i].Dataset < st.Datasets[j].Dataset })

	var files uint64
	if err := s.conn.QueryRow(ctx, `SELECT count() FROM `+s.t.log).Scan(&files); err != nil {
		return st, fmt.Errorf("stats: files: %w", s.diagnose(err))
	}
	st.Files = int(files)
	if err := s.conn.QueryRow(ctx, `SELECT toInt64(count()) FROM (SELECT 1 FROM `+s.t.cube+` WHERE `+s.visible()+
		` GROUP BY dataset, day, source, target, code, quad)`).Scan(&st.CubeCells); err != nil {
		return st, fmt.Errorf("stats: cube: %w", s.diagnose(err))
	}
	dy, err := s.conn.Query(ctx, `SELECT if(source < target, source, target) AS a, if(source < target, target, source) AS b, toInt64(sum(events)) AS n
		FROM `+s.t.cube+` WHERE source != target AND `+s.visible()+`
		GROUP BY a, b ORDER BY n DESC, a, b LIMIT 10`)
	if err != nil {
		return st, fmt.Errorf("stats: top dyads: %w", s.diagnose(err))
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
	rows, err := s.conn.Query(ctx, `SELECT file, size, sha256, format, dataset, stored, rejected,
		duplicates, mentions, started_ms, duration_ms FROM `+s.t.log+` WHERE sha256 = ? ORDER BY started_ms LIMIT 1`, sha256)
	if err != nil {
		return store.IngestRecord{}, false, fmt.Errorf("look up ingest log: %w", s.diagnose(err))
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return store.IngestRecord{}, false, fmt.Errorf("look up ingest log: %w", err)
		}
		return store.IngestRecord{}, false, nil
	}
	var (
		r      store.IngestRecord
		ds     string
		st, ms int64
	)
	if err := rows.Scan(&r.File, &r.Size, &r.SHA256, &r.Format, &ds, &r.Stored, &r.Rejected, &r.Duplicates,
		&r.Mentions, &st, &ms); err != nil {
		return store.IngestRecord{}, false, fmt.Errorf("look up ingest log: scan: %w", err)
	}
	r.Dataset = events.Dataset(ds)
	r.Started = time.UnixMilli(st).UTC()
	r.Duration = time.Duration(ms) * time.Millisecond
	return r, true, nil
}
