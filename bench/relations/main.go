// Command relations-bench measures P3: a monthly dyad series answered from
// the dyad-day cube (relations.Dyad over store/duckdb) against the
// equivalent DuckDB GROUP BY over the raw events table, side by side on the
// same store of at least 100 M events.
//
// The store is built by resampling real rows: the GDELT 1.0 re-exports in
// /work/shared/data/gdelt1/mpiccirilli-UNDP-BCPR-Project (105,438 events,
// 2011-06 to 2013-05) are ingested with `entente ingest`'s pipeline, then
// copied -copies times inside DuckDB with SQL, copy k shifted by (37·k mod
// 3650) days, so the series spans about twelve years. The cube is built the
// same way from the ingested cube (copy k of the cube is the cube of copy k
// of the events), then compacted to one row per key, ordered by day as an
// append-only ingest leaves it; then, as `entente ingest` does after a large
// load, the store compacts the cube sorted by pair (store/duckdb/compact.go).
// Generating inside DuckDB is what the issue allows; it keeps the build to
// minutes.
//
// Usage:
//
//	go run ./bench/relations -db /tmp/p3.duckdb [-copies 1000] [-runs 15] [-a RUS -b CHN]
//
// An existing -db is reused (delete it to rebuild). The machine is shared:
// compare the ratio of one run, not absolute times across runs.
package main

import (
	"bytes"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"time"

	"entente/events"
	"entente/ingest"
	"entente/relations"
	"entente/store"
	"entente/store/duckdb"
)

func main() {
	db := flag.String("db", "/tmp/entente-p3.duckdb", "store to build or reuse")
	copies := flag.Int("copies", 1000, "resampled copies of the real rows")
	runs := flag.Int("runs", 15, "timed runs of each query (after one warm-up)")
	data := flag.String("data", "/work/shared/data/gdelt1/mpiccirilli-UNDP-BCPR-Project/individual_csvs", "directory of the real files")
	a := flag.String("a", "RUS", "dyad side A")
	b := flag.String("b", "CHN", "dyad side B")
	flag.Parse()
	ctx := context.Background()
	if _, err := os.Stat(*db); err != nil {
		if err := build(ctx, *db, *data, *copies); err != nil {
			log.Fatal(err)
		}
	}
	if err := compact(ctx, *db); err != nil {
		log.Fatal(err)
	}
	if err := measure(ctx, *db, *runs, *a, *b); err != nil {
		log.Fatal(err)
	}
}

// build ingests the real files and resamples them into a large store.
func build(ctx context.Context, path, data string, copies int) error {
	paths, err := filepath.Glob(filepath.Join(data, "*.csv"))
	if err != nil || len(paths) == 0 {
		return fmt.Errorf("no real files in %s: %v", data, err)
	}
	st, err := duckdb.Open(path, duckdb.Options{MemoryLimit: "8GB"})
	if err != nil {
		return err
	}
	defer st.Close()
	inputs, err := events.Inputs(paths)
	if err != nil {
		return err
	}
	t0 := time.Now()
	sum, err := ingest.Run(ctx, st, inputs, ingest.Options{})
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	log.Printf("ingested %d real events from %d files in %v", sum.Stored, sum.Ingested, time.Since(t0).Round(time.Millisecond))
	sqlDB := st.DB()
	steps := []struct{ what, sql string }{
		{"copy base rows", `CREATE TEMP TABLE base_events AS SELECT * FROM events`},
		{"copy base cube", `CREATE TEMP TABLE base_cube AS SELECT * FROM cube`},
		{"clear", `DELETE FROM events; DELETE FROM cube`},
		{"resample events", fmt.Sprintf(`INSERT INTO events
			SELECT e.dataset, e.id || '-' || k.range::VARCHAR, e.day + ((37 * k.range) %% 3650)::INTEGER,
				e.source_code, e.source_name, e.source_country, e.source_type,
				e.target_code, e.target_name, e.target_country, e.target_type,
				e.code, e.base, e.root, e.quad, e.goldstein, e.tone,
				e.mentions, e.sources, e.articles, e.geo_country, e.lat, e.lon, e.url,
				e.added, e.file, e.line
			FROM range(%d) k, base_events e`, copies)},
		{"resample and compact cube", fmt.Sprintf(`INSERT INTO cube
			SELECT dataset, day, source, target, code, root, quad,
				sum(events), sum(goldstein), sum(tone), sum(tone_n), sum(mentions), sum(goldstein_mentions)
			FROM (SELECT c.dataset, c.day + ((37 * k.range) %% 3650)::INTEGER AS day, c.source, c.target, c.code, c.root, c.quad,
					c.events, c.goldstein, c.tone, c.tone_n, c.mentions, c.goldstein_mentions
				FROM range(%d) k, base_cube c)
			GROUP BY ALL ORDER BY day`, copies)},
		{"checkpoint", `CHECKPOINT`},
	}
	for _, s := range steps {
		t := time.Now()
		if _, err := sqlDB.ExecContext(ctx, s.sql); err != nil {
			return fmt.Errorf("%s: %w", s.what, err)
		}
		log.Printf("%s: %v", s.what, time.Since(t).Round(time.Millisecond))
	}
	return nil
}

// compact does what `entente ingest` does after a large load: rewrite the
// cube sorted by (source, target, day) when its unsorted tail is large, so
// that a dyad query reads only the row groups holding its pairs.
func compact(ctx context.Context, path string) error {
	st, err := duckdb.Open(path, duckdb.Options{MemoryLimit: "8GB"})
	if err != nil {
		return err
	}
	defer st.Close()
	need, err := st.NeedsCompaction(ctx)
	if err != nil || !need {
		return err
	}
	t := time.Now()
	if err := st.Compact(ctx); err != nil {
		return err
	}
	log.Printf("cube compacted and sorted by pair in %v", time.Since(t).Round(time.Millisecond))
	return nil
}

// measure times the cube path and the raw GROUP BY, alternating them run by
// run so that both see the same machine load, and checks they agree.
func measure(ctx context.Context, path string, runs int, a, b string) error {
	st, err := duckdb.Open(path, duckdb.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer st.Close()
	var nEvents, nCube int64
	if err := st.DB().QueryRowContext(ctx, `SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM cube)`).Scan(&nEvents, &nCube); err != nil {
		return err
	}
	fmt.Printf("store %s: %d events, %d cube rows\n", path, nEvents, nCube)
	q := relations.DyadQuery{A: a, B: b, By: store.Month}
	raw := `SELECT date_trunc('month', day)::DATE AS period, quad, count(*), sum(goldstein), sum(tone), count(tone), sum(mentions)
		FROM events
		WHERE (source_country = ? AND target_country = ?) OR (source_country = ? AND target_country = ?)
		GROUP BY ALL ORDER BY period, quad`
	var cubeT, rawT []time.Duration
	var cubeEvents, rawEvents float64
	for i := 0; i <= runs; i++ {
		t := time.Now()
		s, err := relations.Dyad(ctx, st, q)
		if err != nil {
			return err
		}
		d1 := time.Since(t)
		cubeEvents = 0
		for _, r := range s.Lines[0].Rows {
			cubeEvents += r.Events
		}
		t = time.Now()
		n, err := rawGroupBy(ctx, st.DB(), raw, a, b)
		if err != nil {
			return err
		}
		d2 := time.Since(t)
		rawEvents = n
		if i > 0 { // the first run warms caches
			cubeT, rawT = append(cubeT, d1), append(rawT, d2)
		}
	}
	if cubeEvents != rawEvents {
		return fmt.Errorf("cube and raw disagree: %v vs %v events", cubeEvents, rawEvents)
	}
	mc, mr := median(cubeT), median(rawT)
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "monthly %s-%s series, %v events in the dyad, %d runs each (medians):\n", a, b, cubeEvents, runs)
	fmt.Fprintf(&buf, "  relations.Dyad from the cube:  %8.2f ms (min %.2f)\n", ms(mc), ms(minD(cubeT)))
	fmt.Fprintf(&buf, "  DuckDB GROUP BY raw events:    %8.2f ms (min %.2f)\n", ms(mr), ms(minD(rawT)))
	fmt.Fprintf(&buf, "  speed-up of relations.Dyad over raw: %.1fx (medians), %.1fx (best runs)\n",
		float64(mr)/float64(mc), float64(minD(rawT))/float64(minD(cubeT)))
	fmt.Print(buf.String())
	return nil
}

func rawGroupBy(ctx context.Context, db *sql.DB, q, a, b string) (float64, error) {
	rows, err := db.QueryContext(ctx, q, a, b, b, a)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var total float64
	for rows.Next() {
		var p time.Time
		var quad int
		var n, toneN, mentions int64
		var g, tone sql.NullFloat64
		if err := rows.Scan(&p, &quad, &n, &g, &tone, &toneN, &mentions); err != nil {
			return 0, err
		}
		total += float64(n)
	}
	return total, rows.Err()
}

func median(d []time.Duration) time.Duration {
	c := append([]time.Duration(nil), d...)
	sort.Slice(c, func(i, j int) bool { return c[i] < c[j] })
	return c[len(c)/2]
}

func minD(d []time.Duration) time.Duration {
	m := d[0]
	for _, x := range d {
		m = min(m, x)
	}
	return m
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
