// Package storetest is the conformance suite every store backend runs, as
// restic's backend/test suite is for its backends: the DuckDB backend now, a
// ClickHouse cluster later, and the in-memory store used by other packages'
// tests. A backend's test calls
//
//	storetest.Run(t, func(t *testing.T) store.Store { return openFresh(t) })
//
// where the function returns a new, empty store closed by t.Cleanup.
//
// The suite checks exact counts and sums: de-duplication by (data set, id)
// within and across transactions, atomic rollback, every filter of the cube
// and events queries, and that every CubeCells answer equals a GROUP BY over
// the backend's own raw events for each period width. RunFiles adds the same
// checks on real GDELT and ICEWS files against counts published in
// /work/shared/data/SOURCES.md.
package storetest

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"entente/events"
	"entente/store"
)

// Open returns a new, empty store that the test owns.
type Open func(t *testing.T) store.Store

// Run runs the synthetic-data conformance tests.
func Run(t *testing.T, open Open) {
	t.Run("Empty", func(t *testing.T) { testEmpty(t, open(t)) })
	t.Run("DedupeWithinAndAcrossFiles", func(t *testing.T) { testDedupe(t, open(t)) })
	t.Run("Rollback", func(t *testing.T) { testRollback(t, open(t)) })
	t.Run("CubeEqualsRaw", func(t *testing.T) { testCubeEqualsRaw(t, open(t)) })
	t.Run("Events", func(t *testing.T) { testEvents(t, open(t)) })
	t.Run("Stats", func(t *testing.T) { testStats(t, open(t)) })
}

// ingest stores evs as one file in one Tx and returns its counts.
func ingest(t *testing.T, s store.Store, sha string, evs ...[]events.Event) store.TxCounts {
	t.Helper()
	ctx := context.Background()
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatalf("Begin: %v", err)
	}
	for _, b := range evs {
		if err := tx.AppendEvents(ctx, b); err != nil {
			t.Fatalf("AppendEvents: %v", errors.Join(err, tx.Rollback()))
		}
	}
	c, err := tx.Counts(ctx)
	if err != nil {
		t.Fatalf("Counts: %v", errors.Join(err, tx.Rollback()))
	}
	rec := store.IngestRecord{File: sha + ".csv", Size: 1234, SHA256: sha, Format: "gdelt2", Dataset: events.GDELT2,
		Rejected: 3, Started: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC), Duration: 1500 * time.Millisecond}
	if err := tx.Commit(ctx, rec); err != nil {
		t.Fatalf("Commit: %v", err)
	}
	return c
}

func allEvents(t *testing.T, s store.Store) []events.Event {
	t.Helper()
	evs, err := s.Events(context.Background(), store.EventQuery{})
	if err != nil {
		t.Fatalf("Events: %v", err)
	}
	return evs
}

func testEmpty(t *testing.T, s store.Store) {
	ctx := context.Background()
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	if len(st.Datasets) != 0 || st.Files != 0 || len(st.TopDyads) != 0 || st.CubeCells != 0 {
		t.Errorf("Stats of an empty store = %+v, want zero", st)
	}
	cells, err := s.CubeCells(ctx, store.CubeQuery{By: store.Month})
	if err != nil || len(cells) != 0 {
		t.Errorf("CubeCells of an empty store = %d cells, %v; want 0, nil", len(cells), err)
	}
	if _, ok, err := s.Ingested(ctx, "feed"); ok || err != nil {
		t.Errorf("Ingested of an empty store = %v, %v; want false, nil", ok, err)
	}
	if _, err := s.CubeCells(ctx, store.CubeQuery{By: "fortnight"}); err == nil {
		t.Error("CubeCells By fortnight: want an error")
	}
}

func testDedupe(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := Synthetic(1, 3000, events.GDELT2, 1, "a.csv")
	// The first 100 rows again in the same file: duplicates within a Tx.
	c := ingest(t, s, "sha-a", a, a[:100])
	if c != (store.TxCounts{Stored: 3000, Duplicates: 100}) {
		t.Errorf("file a: counts %+v, want 3000 stored, 100 duplicates", c)
	}
	rec, ok, err := s.Ingested(ctx, "sha-a")
	if err != nil || !ok {
		t.Fatalf("Ingested(sha-a) = %v, %v", ok, err)
	}
	if rec.Stored != 3000 || rec.Duplicates != 100 || rec.Rejected != 3 || rec.File != "sha-a.csv" ||
		rec.Size != 1234 || rec.Dataset != events.GDELT2 || rec.Duration != 1500*time.Millisecond ||
		!rec.Started.Equal(time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("ingest log record = %+v", rec)
	}
	// A different file overlapping ids 2001..3000: duplicates across files.
	b := Synthetic(2, 2000, events.GDELT2, 2001, "b.csv")
	if c := ingest(t, s, "sha-b", b); c != (store.TxCounts{Stored: 1000, Duplicates: 1000}) {
		t.Errorf("file b: counts %+v, want 1000 stored, 1000 duplicates", c)
	}
	// The same ids in another data set are different events.
	i := Synthetic(3, 500, events.ICEWS, 1, "i.tab")
	if c := ingest(t, s, "sha-i", i); c != (store.TxCounts{Stored: 500}) {
		t.Errorf("file i: counts %+v, want 500 stored", c)
	}
	evs := allEvents(t, s)
	if len(evs) != 4500 {
		t.Fatalf("stored %d events, want 4500", len(evs))
	}
	// The first copy of an id wins: ids 2001..3000 keep file a's rows.
	for _, e := range evs {
		if e.Dataset == events.GDELT2 && e.ID == "2500" && e.File != "a.csv" {
			t.Errorf("id 2500 stored from %s, want a.csv (first seen)", e.File)
		}
	}
	// Duplicates must not reach the cube.
	cells, err := s.CubeCells(ctx, store.CubeQuery{By: store.Year})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := referenceCells(evs, store.CubeQuery{By: store.Year})
	equalCells(t, "cube after duplicates", cells, want)
}

func testRollback(t *testing.T, s store.Store) {
	ctx := context.Background()
	ingest(t, s, "sha-a", Synthetic(1, 1000, events.GDELT2, 1, "a.csv"))
	before, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cellsBefore, err := s.CubeCells(ctx, store.CubeQuery{})
	if err != nil {
		t.Fatal(err)
	}
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.AppendEvents(ctx, Synthetic(2, 5000, events.GDELT2, 1001, "b.csv")); err != nil {
		t.Fatal(err)
	}
	if c, err := tx.Counts(ctx); err != nil || c.Stored != 5000 {
		t.Fatalf("Counts before rollback = %+v, %v; want 5000 stored", c, err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatalf("Rollback: %v", err)
	}
	if err := tx.Rollback(); err != nil {
		t.Errorf("second Rollback: %v, want nil", err)
	}
	after, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after.Files != before.Files || after.CubeCells != before.CubeCells || len(after.Datasets) != 1 ||
		after.Datasets[0].Events != 1000 {
		t.Errorf("after rollback Stats = %+v, want as before %+v", after, before)
	}
	cellsAfter, err := s.CubeCells(ctx, store.CubeQuery{})
	if err != nil {
		t.Fatal(err)
	}
	equalCells(t, "cube after rollback", cellsAfter, cellsBefore)
	if _, ok, _ := s.Ingested(ctx, "sha-b"); ok {
		t.Error("rolled-back file is in the ingest log")
	}
	// The writer is free again after a rollback.
	if c := ingest(t, s, "sha-b", Synthetic(2, 5000, events.GDELT2, 1001, "b.csv")); c.Stored != 5000 {
		t.Errorf("re-ingest after rollback stored %d, want 5000", c.Stored)
	}
}

func testCubeEqualsRaw(t *testing.T, s store.Store) {
	ctx := context.Background()
	ingest(t, s, "sha-a", Synthetic(1, 4000, events.GDELT2, 1, "a.csv"))
	ingest(t, s, "sha-b", Synthetic(2, 4000, events.GDELT2, 2001, "b.csv")) // half duplicates
	ingest(t, s, "sha-i", Synthetic(3, 2000, events.ICEWS, 1, "i.tab"))
	evs := allEvents(t, s)
	d := func(y int, m time.Month, dd int) time.Time { return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC) }
	queries := map[string]store.CubeQuery{
		"all":      {},
		"window":   {From: d(2022, 1, 3), To: d(2022, 2, 27)},
		"roots":    {Roots: []string{"04", "19"}},
		"datasets": {Datasets: []events.Dataset{events.ICEWS}},
		"pairs": {Pairs: []store.Pair{
			{Source: "RUS", Target: "CHN"},
			{Source: "RUS", Target: "CHN"}, // listed twice, counted once
			{Source: "USA", Target: "RUS", From: d(2022, 2, 24)},
			{Source: "UKR", Target: "RUS", To: d(2022, 1, 31)},
			{Source: "CHN", Target: "USA", From: d(2022, 1, 1), To: d(2022, 1, 31)},
		}},
		"everything": {Pairs: []store.Pair{{Source: "RUS", Target: "USA"}}, From: d(2022, 1, 1),
			Roots: []string{"01", "04", "05", "17"}, Datasets: []events.Dataset{events.GDELT2}},
	}
	for name, q := range queries {
		for _, p := range []store.Period{store.Day, store.Week, store.Month, store.Quarter, store.Year} {
			q.By = p
			got, err := s.CubeCells(ctx, q)
			if err != nil {
				t.Fatalf("%s by %s: %v", name, p, err)
			}
			want, err := referenceCells(evs, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 {
				t.Fatalf("%s by %s: the reference is empty; the test would prove nothing", name, p)
			}
			equalCells(t, name+" by "+string(p), got, want)
		}
	}
}

func testEvents(t *testing.T, s store.Store) {
	ctx := context.Background()
	in := Synthetic(4, 500, events.GDELT2, 1, "a.csv")
	ingest(t, s, "sha-a", in)
	byID := map[string]events.Event{}
	for _, e := range in {
		byID[e.ID] = e
	}
	got := allEvents(t, s)
	if len(got) != 500 {
		t.Fatalf("Events returned %d, want 500", len(got))
	}
	for i, e := range got {
		if i > 0 && e.Date.Before(got[i-1].Date) {
			t.Fatalf("Events not ordered by date at %d", i)
		}
		w := byID[e.ID]
		sameFloat := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
		if !e.Date.Equal(w.Date) || e.Source != w.Source || e.Target != w.Target || e.Code != w.Code ||
			e.Base != w.Base || e.Root != w.Root || e.Quad != w.Quad || !sameFloat(e.Goldstein, w.Goldstein) ||
			!sameFloat(e.Tone, w.Tone) || e.Mentions != w.Mentions || e.Sources != w.Sources ||
			e.Articles != w.Articles || e.GeoCountry != w.GeoCountry || e.Lat != w.Lat || e.Lon != w.Lon ||
			e.URL != w.URL || !e.Added.Equal(w.Added) || e.Dataset != w.Dataset || e.File != w.File || e.Line != w.Line {
			t.Fatalf("event %s does not round-trip:\n got %+v\nwant %+v", e.ID, e, w)
		}
	}
	q := store.EventQuery{Pairs: []store.Pair{{Source: "RUS", Target: "CHN"}}, Roots: []string{"19"}, Limit: 3}
	sel, err := s.Events(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	var want int
	for _, e := range in {
		if e.Source.Country == "RUS" && e.Target.Country == "CHN" && e.Root == "19" {
			want++
		}
	}
	if want > 3 {
		want = 3
	}
	if len(sel) != want || want == 0 {
		t.Errorf("RUS→CHN root 19, limit 3: %d events, want %d (>0)", len(sel), want)
	}
	for _, e := range sel {
		if e.Source.Country != "RUS" || e.Target.Country != "CHN" || e.Root != "19" {
			t.Errorf("filtered query returned %+v", e)
		}
	}
}

func testStats(t *testing.T, s store.Store) {
	ctx := context.Background()
	ingest(t, s, "sha-a", Synthetic(1, 2000, events.GDELT2, 1, "a.csv"))
	ingest(t, s, "sha-i", Synthetic(3, 700, events.ICEWS, 1, "i.tab"))
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Files != 2 || len(st.Datasets) != 2 {
		t.Fatalf("Stats = %+v, want 2 files, 2 data sets", st)
	}
	evs := allEvents(t, s)
	first, last := evs[0].Date, evs[len(evs)-1].Date
	for i, want := range []store.DatasetStats{
		{Dataset: events.GDELT2, Events: 2000},
		{Dataset: events.ICEWS, Events: 700},
	} {
		g := st.Datasets[i]
		if g.Dataset != want.Dataset || g.Events != want.Events || g.Mentions != 0 {
			t.Errorf("data set %d = %+v, want %+v", i, g, want)
		}
		if g.First.Before(first) || g.Last.After(last) || g.First.After(g.Last) {
			t.Errorf("data set %s range %v..%v outside %v..%v", g.Dataset, g.First, g.Last, first, last)
		}
	}
	dyads := map[[2]string]int64{}
	for _, e := range evs {
		a, b := e.Source.Country, e.Target.Country
		if a == "" || b == "" || a == b {
			continue
		}
		if b < a {
			a, b = b, a
		}
		dyads[[2]string{a, b}]++
	}
	if len(st.TopDyads) == 0 {
		t.Fatal("no top dyads")
	}
	for i, d := range st.TopDyads {
		if n := dyads[[2]string{d.Source, d.Target}]; n != d.Events || d.Source >= d.Target {
			t.Errorf("top dyad %d %+v: raw count %d", i, d, n)
		}
		if i > 0 && d.Events > st.TopDyads[i-1].Events {
			t.Errorf("top dyads not in descending order at %d", i)
		}
	}
}
