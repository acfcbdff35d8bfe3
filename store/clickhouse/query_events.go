package clickhouse

import (
	"context"
	"fmt"
	"math"
	"time"

	"entente/events"
	"entente/store"
)

// Events implements store.EventSource: raw events of committed batches,
// ordered by day, then data set and id. Pairs match the event's source and
// target countries in that direction.
func (s *Store) Events(ctx context.Context, q store.EventQuery) ([]events.Event, error) {
	f := buildFilter(eventCols, q.Pairs, q.From, q.To, q.Roots, q.Datasets)
	query := `SELECT dataset, id, day,
		source_code, source_name, source_country, source_type,
		target_code, target_name, target_country, target_type,
		code, base, root, quad, goldstein, tone, mentions, sources, articles,
		geo_country, lat, lon, url, added, file, line
		FROM ` + s.t.events + ` WHERE ` + f.sql() + ` AND ` + s.visible() + `
		ORDER BY day, dataset, id`
	if q.Limit > 0 {
		query += fmt.Sprintf(` LIMIT %d`, q.Limit)
	}
	rows, err := s.conn.Query(ctx, query, f.args...)
	if err != nil {
		return nil, fmt.Errorf("events query: %w", s.diagnose(err))
	}
	defer rows.Close()
	var out []events.Event
	for rows.Next() {
		var (
			e                    events.Event
			ds                   string
			quad                 int8
			gold, tone, lat, lon *float64
			added                *time.Time
		)
		if err := rows.Scan(&ds, &e.ID, &e.Date,
			&e.Source.Code, &e.Source.Name, &e.Source.Country, &e.Source.Type,
			&e.Target.Code, &e.Target.Name, &e.Target.Country, &e.Target.Type,
			&e.Code, &e.Base, &e.Root, &quad, &gold, &tone, &e.Mentions, &e.Sources, &e.Articles,
			&e.GeoCountry, &lat, &lon, &e.URL, &added, &e.File, &e.Line); err != nil {
			return nil, fmt.Errorf("events query: scan: %w", err)
		}
		e.Dataset = events.Dataset(ds)
		e.Date = day(e.Date)
		e.Quad = int(quad)
		e.Goldstein, e.Tone, e.Lat, e.Lon = nanIfNull(gold), nanIfNull(tone), nanIfNull(lat), nanIfNull(lon)
		if added != nil {
			e.Added = added.UTC()
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("events query: %w", err)
	}
	return out, nil
}

func nanIfNull(f *float64) float64 {
	if f == nil {
		return math.NaN()
	}
	return *f
}
