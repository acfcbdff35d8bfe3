package duckdb

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"

	"entente/events"
	"entente/store"
)

// Events implements store.EventSource: raw events for drill-down, ordered by
// day, then data set and id. Pairs, when given, match the event's source and
// target countries in that direction.
func (s *Store) Events(ctx context.Context, q store.EventQuery) ([]events.Event, error) {
	f := buildFilter(eventCols, q.Pairs, q.From, q.To, q.Roots, q.Datasets)
	query := `SELECT dataset, id, day,
		source_code, source_name, source_country, source_type,
		target_code, target_name, target_country, target_type,
		code, base, root, quad, goldstein, tone, mentions, sources, articles,
		geo_country, lat, lon, url, added, file, line
		FROM events WHERE ` + f.sql() + ` ORDER BY day, dataset, id`
	args := f.args
	if q.Limit > 0 {
		query += ` LIMIT ?`
		args = append(args, q.Limit)
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("events query: %w", err)
	}
	defer rows.Close()
	var out []events.Event
	for rows.Next() {
		var (
			e                    events.Event
			ds                   string
			quad                 int8
			gold, tone, lat, lon sql.NullFloat64
			added                sql.NullTime
		)
		if err := rows.Scan(&ds, &e.ID, &e.Date,
			&e.Source.Code, &e.Source.Name, &e.Source.Country, &e.Source.Type,
			&e.Target.Code, &e.Target.Name, &e.Target.Country, &e.Target.Type,
			&e.Code, &e.Base, &e.Root, &quad, &gold, &tone, &e.Mentions, &e.Sources, &e.Articles,
			&e.GeoCountry, &lat, &lon, &e.URL, &added, &e.File, &e.Line); err != nil {
			return nil, fmt.Errorf("events query: scan: %w", err)
		}
		e.Dataset = events.Dataset(ds)
		e.Date = e.Date.UTC()
		e.Quad = int(quad)
		e.Goldstein, e.Tone, e.Lat, e.Lon = nanIfNull(gold), nanIfNull(tone), nanIfNull(lat), nanIfNull(lon)
		if added.Valid {
			e.Added = added.Time.UTC()
		} else {
			e.Added = time.Time{}
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("events query: %w", err)
	}
	return out, nil
}

func nanIfNull(f sql.NullFloat64) float64 {
	if !f.Valid {
		return math.NaN()
	}
	return f.Float64
}
