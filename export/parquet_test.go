package export

import (
	"context"
	"database/sql"
	"math"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2" // read the files back with DuckDB's read_parquet

	"entente/events"
	"entente/store"
	"entente/store/memstore"
	"entente/store/storetest"
)

// TestParquetReadBackByDuckDB exports storetest's synthetic events (three
// months, NaN Goldstein and tone every 7th/10th row, empty countries) from
// the in-memory store and reads them back with DuckDB's read_parquet and
// hive_partitioning: counts per partition and column sums must equal the
// store's (counts exactly, sums to 1e-9 relative), NULLs must stay NULL.
func TestParquetReadBackByDuckDB(t *testing.T) {
	ctx := context.Background()
	ms := memstore.New()
	evs := storetest.Synthetic(7, 5000, events.GDELT2, 1, "a.csv")
	if err := memstore.Load(ctx, ms, evs); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	res, err := Parquet(ctx, ms, out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Synthetic dates run 2021-12-20 .. 2022-03-20: four months.
	if res.Months != 4 || res.Events != 5000 || res.Files != 8 {
		t.Errorf("Result = %+v, want 4 months, 5000 events, 8 files", res)
	}

	var want struct {
		n, nullGold, nullTone int64
		gold, tone            float64
		mentions              int64
		perMonth              map[string]int64
	}
	want.perMonth = map[string]int64{}
	for _, e := range evs {
		want.n++
		if math.IsNaN(e.Goldstein) {
			want.nullGold++
		} else {
			want.gold += e.Goldstein
		}
		if math.IsNaN(e.Tone) {
			want.nullTone++
		} else {
			want.tone += e.Tone
		}
		want.mentions += int64(e.Mentions)
		want.perMonth[e.Date.Format("2006-01")]++
	}

	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	glob := filepath.Join(out, "events", "*", "*", "*.parquet")
	var got struct {
		n, nullGold, nullTone, mentions int64
		gold, tone                      float64
	}
	err = db.QueryRowContext(ctx, `SELECT count(*), count(*) - count(goldstein), count(*) - count(tone),
		sum(mentions)::BIGINT, sum(goldstein), sum(tone)
		FROM read_parquet(?, hive_partitioning = true)`, glob).
		Scan(&got.n, &got.nullGold, &got.nullTone, &got.mentions, &got.gold, &got.tone)
	if err != nil {
		t.Fatal(err)
	}
	if got.n != want.n || got.nullGold != want.nullGold || got.nullTone != want.nullTone || got.mentions != want.mentions ||
		!near(got.gold, want.gold) || !near(got.tone, want.tone) {
		t.Errorf("read back %+v, want %+v", got, want)
	}
	rows, err := db.QueryContext(ctx, `SELECT year, month, count(*), min(day), max(day)
		FROM read_parquet(?, hive_partitioning = true) GROUP BY year, month ORDER BY year, month`, glob)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	months := 0
	for rows.Next() {
		var y, m, n int64
		var lo, hi time.Time
		if err := rows.Scan(&y, &m, &n, &lo, &hi); err != nil {
			t.Fatal(err)
		}
		key := time.Date(int(y), time.Month(m), 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
		if n != want.perMonth[key] || lo.Format("2006-01") != key || hi.Format("2006-01") != key {
			t.Errorf("partition %s: %d rows from %s to %s, want %d rows inside the month", key, n, lo, hi, want.perMonth[key])
		}
		months++
	}
	if months != len(want.perMonth) {
		t.Errorf("%d partitions, want %d", months, len(want.perMonth))
	}

	// The cube: its sums equal the store's cube by day.
	cells, err := ms.CubeCells(ctx, store.CubeQuery{By: store.Day})
	if err != nil {
		t.Fatal(err)
	}
	var wantEvents, wantDistinct int64
	var wantGM float64
	for _, c := range cells {
		wantEvents += c.Events
		wantDistinct += c.Distinct
		wantGM += c.GoldsteinMentions
	}
	var n, ev, dist int64
	var gm float64
	err = db.QueryRowContext(ctx, `SELECT count(*), sum(events)::BIGINT, sum(distinct_events)::BIGINT, sum(goldstein_mentions)
		FROM read_parquet(?, hive_partitioning = true)`, filepath.Join(out, "cube", "*", "*", "*.parquet")).Scan(&n, &ev, &dist, &gm)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(len(cells)) || n != res.CubeCells || ev != wantEvents || dist != wantDistinct || !near(gm, wantGM) {
		t.Errorf("cube read back: %d rows, %d events, %d distinct, gm %v; want %d, %d, %d, %v",
			n, ev, dist, gm, len(cells), wantEvents, wantDistinct, wantGM)
	}
}

// TestParquetWindowAndErrors: --from/--to select whole days across
// partitions; an empty store and a reversed window are errors.
func TestParquetWindowAndErrors(t *testing.T) {
	ctx := context.Background()
	ms := memstore.New()
	evs := storetest.Synthetic(7, 2000, events.ICEWS, 1, "i.tab")
	if err := memstore.Load(ctx, ms, evs); err != nil {
		t.Fatal(err)
	}
	from, to := time.Date(2022, 1, 15, 0, 0, 0, 0, time.UTC), time.Date(2022, 2, 10, 0, 0, 0, 0, time.UTC)
	var want int64
	for _, e := range evs {
		if !e.Date.Before(from) && !e.Date.After(to) {
			want++
		}
	}
	res, err := Parquet(ctx, ms, t.TempDir(), Options{From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	if res.Events != want || res.Months != 2 || want == 0 {
		t.Errorf("window export: %+v, want %d events in 2 months", res, want)
	}
	if _, err := Parquet(ctx, ms, t.TempDir(), Options{From: to, To: from}); err == nil {
		t.Error("reversed window: want an error")
	}
	if _, err := Parquet(ctx, memstore.New(), t.TempDir(), Options{}); err == nil {
		t.Error("empty store: want an error")
	}
}

func near(a, b float64) bool {
	d := math.Abs(a - b)
	return d <= 1e-9 || d <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}
