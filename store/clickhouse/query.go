package clickhouse

import (
	"context"
	"fmt"
	"strings"
	"time"

	"entente/events"
	"entente/store"
)

// visible is the condition every read adds: the row's batch is named by
// the ingest log, i.e. its Tx committed. GLOBAL IN evaluates the subquery
// once on the entry server and ships the set to the shards; on one server
// it is a plain IN.
func (s *Store) visible() string {
	return "batch GLOBAL IN (SELECT batch FROM " + s.t.log + ")"
}

// filter accumulates WHERE clauses and their arguments shared by the cube
// and the events queries.
type filter struct {
	where []string
	args  []any
}

func (f *filter) add(clause string, args ...any) {
	f.where = append(f.where, clause)
	f.args = append(f.args, args...)
}

func (f *filter) sql() string {
	if len(f.where) == 0 {
		return "1"
	}
	return strings.Join(f.where, " AND ")
}

// cols names a table's columns for the shared filters.
type cols struct{ day, source, target, root string }

var (
	cubeCols  = cols{"day", "source", "target", "root"}
	eventCols = cols{"day", "source_country", "target_country", "root"}
)

// buildFilter turns the common query fields into SQL. Pairs without a
// validity window become one tuple IN (a pair listed twice counts once by
// construction); windowed pairs become OR terms. ClickHouse 18.16 has no
// EXISTS or VALUES table, which the DuckDB backend uses instead.
func buildFilter(c cols, pairs []store.Pair, from, to time.Time, roots []string, datasets []events.Dataset) filter {
	var f filter
	if !from.IsZero() {
		f.add(c.day+" >= toDate(?)", dayString(from))
	}
	if !to.IsZero() {
		f.add(c.day+" <= toDate(?)", dayString(to))
	}
	if len(roots) > 0 {
		f.add(c.root+" IN ("+placeholders(len(roots))+")", anys(roots)...)
	}
	if len(datasets) > 0 {
		ds := make([]any, len(datasets))
		for i, d := range datasets {
			ds[i] = string(d)
		}
		f.add("dataset IN ("+placeholders(len(ds))+")", ds...)
	}
	if len(pairs) > 0 {
		var terms, plain []string
		var args, plainArgs []any
		for _, p := range pairs {
			if p.From.IsZero() && p.To.IsZero() {
				plain = append(plain, "(?, ?)")
				plainArgs = append(plainArgs, p.Source, p.Target)
				continue
			}
			t := fmt.Sprintf("(%s = ? AND %s = ?", c.source, c.target)
			args = append(args, p.Source, p.Target)
			if !p.From.IsZero() {
				t += " AND " + c.day + " >= toDate(?)"
				args = append(args, dayString(p.From))
			}
			if !p.To.IsZero() {
				t += " AND " + c.day + " <= toDate(?)"
				args = append(args, dayString(p.To))
			}
			terms = append(terms, t+")")
		}
		if len(plain) > 0 {
			terms = append([]string{fmt.Sprintf("(%s, %s) IN (%s)", c.source, c.target, strings.Join(plain, ", "))}, terms...)
			args = append(plainArgs, args...)
		}
		f.add("("+strings.Join(terms, " OR ")+")", args...)
	}
	return f
}

// periodSQL maps a Period to the ClickHouse function giving its first day;
// toMonday starts ISO weeks on Monday, as store.Period.Start does.
func periodSQL(p store.Period) (string, error) {
	switch p {
	case "", store.Day:
		return "", nil
	case store.Week:
		return "toMonday", nil
	case store.Month:
		return "toStartOfMonth", nil
	case store.Quarter:
		return "toStartOfQuarter", nil
	case store.Year:
		return "toStartOfYear", nil
	}
	return "", fmt.Errorf("unknown period %q (want day, week, month, quarter or year)", p)
}

// CubeCells implements store.Cube. The inner GROUP BY sums every cube row
// of a (day, source, target, code, quad) key: partial rows of several
// chunks, batches, data sets and shards, merged by SummingMergeTree or not.
// Nothing depends on merges having happened. The outer level groups by
// period and gives Distinct and GoldsteinDistinct as the DuckDB backend does.
func (s *Store) CubeCells(ctx context.Context, q store.CubeQuery) ([]store.CubeCell, error) {
	fn, err := periodSQL(q.By)
	if err != nil {
		return nil, fmt.Errorf("cube query: %w", err)
	}
	f := buildFilter(cubeCols, q.Pairs, q.From, q.To, q.Roots, q.Datasets)
	query := `
		SELECT ` + fn + `(d) AS period, s, t, qd,
			toInt64(sum(n)), sum(g), sum(tn), toInt64(sum(tc)), toInt64(sum(m)), sum(gm),
			toInt64(count()), sum(g / n)
		FROM (
			SELECT day AS d, source AS s, target AS t, code AS c, quad AS qd,
				sum(events) AS n, sum(goldstein) AS g, sum(tone) AS tn, sum(tone_n) AS tc,
				sum(mentions) AS m, sum(goldstein_mentions) AS gm
			FROM ` + s.t.cube + `
			WHERE ` + f.sql() + ` AND ` + s.visible() + `
			GROUP BY d, s, t, c, qd)
		GROUP BY period, s, t, qd
		ORDER BY period, s, t, qd`
	rows, err := s.conn.Query(ctx, query, f.args...)
	if err != nil {
		return nil, fmt.Errorf("cube query: %w", s.diagnose(err))
	}
	defer rows.Close()
	var out []store.CubeCell
	for rows.Next() {
		var c store.CubeCell
		var quad int8
		if err := rows.Scan(&c.Period, &c.Source, &c.Target, &quad, &c.Events, &c.Goldstein, &c.Tone, &c.ToneN,
			&c.Mentions, &c.GoldsteinMentions, &c.Distinct, &c.GoldsteinDistinct); err != nil {
			return nil, fmt.Errorf("cube query: scan: %w", err)
		}
		c.Quad = int(quad)
		c.Period = day(c.Period)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cube query: %w", err)
	}
	return out, nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func anys[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

func dayString(t time.Time) string { return t.UTC().Format("2006-01-02") }
