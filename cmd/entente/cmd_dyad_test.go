package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"entente/chart"
	"entente/internal/shareddata"
	"entente/store/duckdb"
)

// The dyad tests ingest three real GDELT 1.0 re-exports (SOURCES.md:
// aug2011 RUS-USA 96 / RUS-CHN 4, june2012 56 / 11, nov2012 44 / 30) with
// the foundation's readers and ingest, then check `entente dyad` against
// counts computed here straight from the raw files with encoding/csv.
var dyadFiles = []string{
	"gdelt1/mpiccirilli-UNDP-BCPR-Project/individual_csvs/aug2011.csv",
	"gdelt1/mpiccirilli-UNDP-BCPR-Project/individual_csvs/june2012.csv",
	"gdelt1/mpiccirilli-UNDP-BCPR-Project/individual_csvs/nov2012.csv",
}

// realStore ingests dyadFiles into a temporary store.
func realStore(t *testing.T) (db string, paths []string) {
	t.Helper()
	for _, f := range dyadFiles {
		paths = append(paths, shareddata.Path(t, f))
	}
	db = filepath.Join(t.TempDir(), "real.duckdb")
	var out bytes.Buffer
	if err := runIngest(context.Background(), ingestOptions{DB: db, Paths: paths}, &out); err != nil {
		t.Fatalf("ingest: %v\n%s", err, out.String())
	}
	return db, paths
}

// rawAgg is the independent reference: per (period, source, target).
type rawAgg struct {
	events, q [5]float64 // events in q[0]; q[1..4] per quad class
	goldstein float64
	distinct  map[string]bool
	distinctG float64
}

// rawDyad aggregates the raw files' rows between a and b, keeping the first
// row of each GLOBALEVENTID as the store does (ids are unique per data set).
func rawDyad(t *testing.T, paths []string, a, b, by string, directed bool) map[string]*rawAgg {
	t.Helper()
	out := map[string]*rawAgg{}
	seen := map[string]bool{}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, h := range recs[0] {
			col[h] = i
		}
		for _, r := range recs[1:] {
			id, src, tgt := r[col["GLOBALEVENTID"]], r[col["Actor1CountryCode"]], r[col["Actor2CountryCode"]]
			if !(src == a && tgt == b || src == b && tgt == a) || seen[id] {
				continue
			}
			seen[id] = true
			date := r[col["SQLDATE"]]
			period := date[:4] + "-" + date[4:6]
			if by == "year" {
				period = date[:4]
			}
			key := period + "," + a + "," + b
			if directed {
				key = period + "," + src + "," + tgt
			}
			g, err := strconv.ParseFloat(r[col["GoldsteinScale"]], 64)
			if err != nil {
				t.Fatalf("%s: GoldsteinScale %q", p, r[col["GoldsteinScale"]])
			}
			quad, _ := strconv.Atoi(r[col["QuadClass"]])
			agg := out[key]
			if agg == nil {
				agg = &rawAgg{distinct: map[string]bool{}}
				out[key] = agg
			}
			agg.events[0]++
			agg.q[quad]++
			agg.goldstein += g
			if dk := date + src + tgt + r[col["EventCode"]]; !agg.distinct[dk] {
				agg.distinct[dk] = true
				agg.distinctG += g
			}
		}
	}
	return out
}

func parseCSVOut(t *testing.T, s string) (header []string, rows map[string][]string) {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, s)
	}
	rows = map[string][]string{}
	for _, r := range recs[1:] {
		rows[r[0]+","+r[1]+","+r[2]] = r
	}
	return recs[0], rows
}

// TestRelationsOnRealFiles runs the relations verbs on one store ingested
// from real files (one ingest for all subtests keeps the suite fast).
func TestRelationsOnRealFiles(t *testing.T) {
	db, paths := realStore(t)
	t.Run("dyad matches raw files", func(t *testing.T) { testDyadMatchesRawFiles(t, db, paths) })
	t.Run("dyad matches SOURCES.md", func(t *testing.T) { testDyadSourcesCounts(t, db) })
	t.Run("triangle changes events plots", func(t *testing.T) { testOtherVerbs(t, db) })
}

func testDyadMatchesRawFiles(t *testing.T, db string, paths []string) {
	for _, dyad := range [][2]string{{"RUS", "USA"}, {"RUS", "CHN"}} {
		for _, by := range []string{"month", "year"} {
			for _, directed := range []bool{false, true} {
				for _, dedupe := range []string{"none", "daily"} {
					name := fmt.Sprintf("%s-%s/%s/directed=%v/dedupe=%s", dyad[0], dyad[1], by, directed, dedupe)
					t.Run(name, func(t *testing.T) {
						var out, errb bytes.Buffer
						opts := dyadOptions{A: dyad[0], B: dyad[1], Directed: directed, K: 10,
							seriesFlags: seriesFlags{DB: db, By: by, Format: "csv", Weight: "none", Dedupe: dedupe}}
						if err := runDyad(context.Background(), opts, &out, &errb); err != nil {
							t.Fatal(err)
						}
						header, rows := parseCSVOut(t, out.String())
						if strings.Join(header, ",") != "period,source,target,events,q1,q2,q3,q4,goldstein_sum,goldstein_mean,coop_share,tone_mean,mentions" {
							t.Fatalf("header %v", header)
						}
						want := rawDyad(t, paths, dyad[0], dyad[1], by, directed)
						var total float64
						for key, w := range want {
							r, ok := rows[key]
							if !ok {
								t.Errorf("no row %s", key)
								continue
							}
							events, g := w.events[0], w.goldstein
							q := w.q
							if dedupe == "daily" {
								events, g = float64(len(w.distinct)), w.distinctG
								q = [5]float64{} // per-quad distinct counts are not recomputed here
							}
							total += events
							if got := mustFloat(t, r[3]); got != events {
								t.Errorf("%s: events %v, raw file %v", key, got, events)
							}
							if got := mustFloat(t, r[8]); math.Abs(got-g) > 1e-6 {
								t.Errorf("%s: goldstein_sum %v, raw file %v", key, got, g)
							}
							if dedupe == "none" {
								for k := 1; k <= 4; k++ {
									if got := mustFloat(t, r[3+k]); got != q[k] {
										t.Errorf("%s: q%d %v, raw file %v", key, k, got, q[k])
									}
								}
							}
						}
						// Rows the raw files do not have must be empty periods.
						var extra []string
						for key, r := range rows {
							if _, ok := want[key]; !ok && r[3] != "0" {
								extra = append(extra, key)
							}
						}
						sort.Strings(extra)
						if len(extra) > 0 {
							t.Errorf("rows with events the raw files lack: %v", extra)
						}
						if total == 0 {
							t.Error("no events at all: the test would pass vacuously")
						}
					})
				}
			}
		}
	}
}

// SOURCES.md counts, per file, for the undirected dyads.
func testDyadSourcesCounts(t *testing.T, db string) {
	var out bytes.Buffer
	opts := dyadOptions{A: "RUS", B: "CHN", K: 10, seriesFlags: seriesFlags{DB: db, By: "month", Format: "csv", Weight: "none", Dedupe: "none"}}
	if err := runDyad(context.Background(), opts, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	_, rows := parseCSVOut(t, out.String())
	for period, want := range map[string]string{"2011-08": "4", "2012-06": "11", "2012-11": "30", "2012-01": "0"} {
		if got := rows[period+",RUS,CHN"][3]; got != want {
			t.Errorf("RUS-CHN %s: %s events, SOURCES.md says %s", period, got, want)
		}
	}
}

func mustFloat(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return v
}

func TestDyadUsageErrors(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "empty.duckdb")
	st, err := duckdb.Open(empty, duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"dyad", "RUSS", "CHN", "--db", empty}, "closest known codes: RUS"},
		{[]string{"dyad", "RUS", "CHN", "--from", "2013-01-01", "--to", "2012-01-01", "--db", empty}, "is after"},
		{[]string{"dyad", "RUS", "CHN", "--by", "fortnight", "--db", empty}, "unknown period"},
		{[]string{"dyad", "RUS", "CHN", "--from", "2013/01/01", "--db", empty}, "YYYY-MM-DD"},
		{[]string{"dyad", "RUS", "CHN", "--db", empty}, "entente ingest"},
		{[]string{"dyad", "RUS", "CHN", "--weight", "mentions", "--dedupe", "daily", "--db", empty}, "cannot be combined"},
		{[]string{"dyad", "RUS", "CHN", "--plot", "x.gif", "--db", empty}, ".png or .svg"},
		{[]string{"triangle", "USA", "RUS", "CHINA", "--db", empty}, "closest known codes: CHN"},
		{[]string{"triangle", "USA", "RUS", "CHN", "--db", empty}, "entente ingest"},
		{[]string{"changes", "RUS", "CHN", "--penalty", "lots", "--db", empty}, "penalty"},
		{[]string{"changes", "RUS", "CHN", "--db", empty}, "entente ingest"},
		{[]string{"events", "RUS", "CHN", "--root", "4", "--db", empty}, "root code"},
		{[]string{"events", "RUS", "CHN", "--db", empty}, "entente ingest"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(tc.args, &out, &errb); code != exitUsage {
				t.Errorf("exit %d, want %d; stderr %s", code, exitUsage, errb.String())
			}
			if !strings.Contains(errb.String(), tc.want) {
				t.Errorf("stderr %q lacks %q", errb.String(), tc.want)
			}
		})
	}
}

func testOtherVerbs(t *testing.T, db string) {
	dir := t.TempDir()
	ctx := context.Background()
	var out bytes.Buffer

	// Triangle: every row has a configuration and a confidence in [0, 1].
	png := filepath.Join(dir, "triangle.png")
	topts := triangleOptions{A: "USA", B: "RUS", C: "CHN", Band: 0.5, MinEvents: 5, Bootstrap: 200, Seed: 1,
		seriesFlags: seriesFlags{DB: db, By: "quarter", Format: "csv", Weight: "none", Dedupe: "none", Plot: png}}
	if err := runTriangle(ctx, topts, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(out.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != "period,USA-RUS_index,USA-CHN_index,RUS-CHN_index,USA-RUS_events,USA-CHN_events,RUS-CHN_events,signs,config,pivot,outcast,confidence" {
		t.Errorf("triangle header %s", got)
	}
	// 2011-Q3 (aug2011) to 2012-Q4 (nov2012): six quarters.
	if len(recs) != 7 || recs[1][0] != "2011-Q3" || recs[6][0] != "2012-Q4" {
		t.Errorf("triangle periods: %v", recs)
	}
	for _, r := range recs[1:] {
		if c := mustFloat(t, r[11]); c < 0 || c > 1 || r[8] == "" {
			t.Errorf("triangle row %v", r)
		}
	}
	checkPNG(t, png, "USA–RUS–CHN strategic triangle, quarterly")

	// Changes: runs on the real series and draws its chart.
	out.Reset()
	svg := filepath.Join(dir, "changes.svg")
	copts := changesOptions{A: "RUS", B: "USA", Penalty: "bic", MinSegment: 2,
		seriesFlags: seriesFlags{DB: db, By: "week", Format: "csv", Weight: "none", Dedupe: "none", Plot: svg}}
	if err := runChanges(ctx, copts, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "source,target,period,before,after,shift\n") {
		t.Errorf("changes output %q", out.String())
	}
	b, err := os.ReadFile(svg)
	if err != nil || !strings.Contains(string(b), "RUS–USA relations, weekly") {
		t.Errorf("changes chart: %v", err)
	}

	// Events: the drill-down of RUS-CHN in November 2012 holds the 30
	// events of SOURCES.md, with provenance.
	out.Reset()
	eopts := eventsOptions{DB: db, A: "CHN", B: "RUS", From: "2012-11-01", To: "2012-11-30", Format: "csv"}
	if err := runEvents(ctx, eopts, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	recs, err = csv.NewReader(strings.NewReader(out.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 31 {
		t.Fatalf("%d events, want 30", len(recs)-1)
	}
	// The first: nov2012.csv line 2321 (GLOBALEVENTID 223882045), CHN→RUS
	// 010 "Make statement, not specified below".
	first := strings.Join(recs[1], "|")
	for _, want := range []string{"2012-11-22", "CHN", "RUS", "010", "Make statement", "nov2012.csv", "2321", "223882045"} {
		if !strings.Contains(first, want) {
			t.Errorf("first event %s lacks %q", first, want)
		}
	}
}

func checkPNG(t *testing.T, path, title string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	txt, err := chart.PNGText(b)
	if err != nil {
		t.Fatal(err)
	}
	if txt["Title"] != title {
		t.Errorf("%s: title %q, want %q", path, txt["Title"], title)
	}
}
