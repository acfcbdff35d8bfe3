package storetest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"entente/events"
	"entente/internal/shareddata"
	"entente/store"
)

// realFile is one real data file with the counts published for it in
// /work/shared/data/SOURCES.md ("Rows" and "Dyads": rows whose actor
// countries are the two states in either order). Every file below parses
// with no rejected rows, so stored = Rows.
type realFile struct {
	rel      string
	format   string
	dataset  events.Dataset
	rows     int64 // event rows (or mention rows for mentions files)
	mentions bool
	// Dyads from SOURCES.md, either direction.
	rusCHN, rusUSA, chnUSA int64
}

const undp = "gdelt1/mpiccirilli-UNDP-BCPR-Project/individual_csvs/"

var realFiles = []realFile{
	{rel: "gdelt1/spark-gdelt/events1.csv", format: "gdelt1", dataset: events.GDELT1, rows: 100, rusUSA: 1},
	{rel: "gdelt1/reed9999-gdelt-demo/events.csv", format: "gdelt1", dataset: events.GDELT1, rows: 710, rusCHN: 1, rusUSA: 3, chnUSA: 3},
	{rel: undp + "aug2011.csv", format: "csv", dataset: events.CSV, rows: 5894, rusCHN: 4, rusUSA: 96, chnUSA: 1},
	{rel: undp + "december12.csv", format: "csv", dataset: events.CSV, rows: 2575, rusCHN: 1, rusUSA: 113},
	{rel: undp + "june2011.csv", format: "csv", dataset: events.CSV, rows: 5274, rusCHN: 3, rusUSA: 31, chnUSA: 2},
	{rel: undp + "nov2012.csv", format: "csv", dataset: events.CSV, rows: 5230, rusCHN: 30, rusUSA: 44, chnUSA: 4},
	{rel: "gdelt2/arekziobrowski-gdelt-big-data/20191024143000.export.CSV", format: "gdelt2", dataset: events.GDELT2, rows: 2111, rusCHN: 2, rusUSA: 2, chnUSA: 8},
	{rel: "gdelt2/narayave-Insight-GDELT-Feed/20190121220000.export.CSV.zip", format: "gdelt2", dataset: events.GDELT2, rows: 1629, chnUSA: 4},
	{rel: "gdelt2/narayave-Insight-GDELT-Feed/events.csv", format: "gdelt2", dataset: events.GDELT2, rows: 2116, rusUSA: 8, chnUSA: 3},
	{rel: "gdelt2/spark-gdelt/events.csv", format: "gdelt2", dataset: events.GDELT2, rows: 100},
	{rel: "gdelt2/spark-gdelt/eventsT.csv", format: "gdelt2", dataset: events.GDELT2, rows: 100, rusUSA: 1, chnUSA: 2},
	{rel: "gdelt2/spark-gdelt/mentions.csv", format: "gdelt2-mentions", dataset: events.GDELT2, rows: 100, mentions: true},
	{rel: "icews/andybega-icews/events.2018.sample.tab", format: "icews", dataset: events.ICEWS, rows: 3705, rusCHN: 8, rusUSA: 20, chnUSA: 101},
}

// ingestFile reads one file with the events readers into one Tx and commits
// it under sha; it returns the Tx counts and the rejects seen.
func ingestFile(t *testing.T, s store.Store, path, sha string) (store.TxCounts, int64) {
	t.Helper()
	ctx := context.Background()
	ins, err := events.Inputs([]string{path})
	if err != nil || len(ins) != 1 {
		t.Fatalf("Inputs(%s) = %d inputs, %v; want 1", path, len(ins), err)
	}
	r, err := events.NewReader(ins[0], "auto", events.Options{})
	if err != nil {
		t.Fatalf("NewReader(%s): %v", path, err)
	}
	defer r.Close()
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var rejected int64
	for {
		b, err := r.Next()
		if err == io.EOF {
			break
		}
		if err == nil {
			err = tx.AppendEvents(ctx, b.Events)
		}
		if err == nil {
			err = tx.AppendMentions(ctx, b.Mentions)
		}
		if err != nil {
			t.Fatalf("%s: %v", path, errors.Join(err, tx.Rollback()))
		}
		rejected += int64(len(b.Rejects))
	}
	c, err := tx.Counts(ctx)
	if err != nil {
		t.Fatalf("%s: %v", path, errors.Join(err, tx.Rollback()))
	}
	if err := tx.Commit(ctx, store.IngestRecord{File: path, SHA256: sha, Format: r.Format(), Rejected: rejected}); err != nil {
		t.Fatalf("%s: commit: %v", path, err)
	}
	return c, rejected
}

// RunFiles ingests the real files of /work/shared/data listed above (skipping
// when the data is absent) and checks exact counts against SOURCES.md, the
// dyad counts through the cube, re-ingest of a file under another name (all
// duplicates), and cube = GROUP BY over raw events on real data.
func RunFiles(t *testing.T, open Open) {
	s := open(t)
	ctx := context.Background()
	perDataset := map[events.Dataset]int64{}
	var mentions int64
	dyads := map[string]int64{}
	for _, f := range realFiles {
		path := shareddata.Path(t, f.rel)
		c, rej := ingestFile(t, s, path, "sha-"+f.rel)
		got, want := c.Stored, f.rows
		if f.mentions {
			got = c.Mentions
			mentions += f.rows
		} else {
			perDataset[f.dataset] += f.rows
		}
		if got != want || rej != 0 || c.Duplicates != 0 {
			t.Errorf("%s: stored %d, rejected %d, duplicates %d; want %d, 0, 0 (SOURCES.md)", f.rel, got, rej, c.Duplicates, want)
		}
		if f.mentions {
			continue
		}
		// The cube has no file column, so the expected dyad counts are the
		// running totals of the files of this data set ingested so far.
		q := store.CubeQuery{By: store.Year, Datasets: []events.Dataset{f.dataset}}
		for _, d := range []struct {
			a, b string
			n    int64
		}{{"RUS", "CHN", f.rusCHN}, {"RUS", "USA", f.rusUSA}, {"CHN", "USA", f.chnUSA}} {
			k := string(f.dataset) + " " + d.a + "-" + d.b
			dyads[k] += d.n
			q.Pairs = []store.Pair{{Source: d.a, Target: d.b}, {Source: d.b, Target: d.a}}
			if n := dyadEvents(t, s, q, f.rel); n != dyads[k] {
				t.Errorf("after %s: %s %d events in the cube, want %d (SOURCES.md)", f.rel, k, n, dyads[k])
			}
		}
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range st.Datasets {
		if d.Dataset == events.GDELT2 && d.Mentions != mentions {
			t.Errorf("gdelt2 mentions %d, want %d", d.Mentions, mentions)
		}
		if d.Events != perDataset[d.Dataset] {
			t.Errorf("data set %s: %d events, want %d", d.Dataset, d.Events, perDataset[d.Dataset])
		}
	}
	if st.Files != len(realFiles) {
		t.Errorf("Stats.Files = %d, want %d", st.Files, len(realFiles))
	}

	// The same file under another name and hash: every row is a duplicate
	// by GLOBALEVENTID.
	c, _ := ingestFile(t, s, shareddata.Path(t, undp+"aug2011.csv"), "sha-again")
	if c.Stored != 0 || c.Duplicates != 5894 {
		t.Errorf("aug2011.csv again: stored %d, duplicates %d; want 0, 5894", c.Stored, c.Duplicates)
	}

	evs := allEvents(t, s)
	for _, q := range []store.CubeQuery{
		{By: store.Month},
		{By: store.Week, Pairs: []store.Pair{{Source: "RUS", Target: "USA"}, {Source: "USA", Target: "RUS"}}},
		{By: store.Day, Datasets: []events.Dataset{events.ICEWS}, Roots: []string{"01", "04", "05"}},
	} {
		got, err := s.CubeCells(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := referenceCells(evs, q)
		equalCells(t, fmt.Sprintf("real files %+v", q), got, want)
	}
}

// dyadEvents sums the events of the cube cells q selects.
func dyadEvents(t *testing.T, s store.Store, q store.CubeQuery, what string) int64 {
	t.Helper()
	cells, err := s.CubeCells(context.Background(), q)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	var n int64
	for _, c := range cells {
		n += c.Events
	}
	return n
}
