package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"testing"

	"entente/cases"
	"entente/cases/sinorussian"
	"entente/relations"
	"entente/store"
)

// TestDyadCountsFromChronology checks /api/dyad against an independent
// count: every RUS–CHN row of the case chronology (cases/sinorussian/
// chronology.csv) tallied by year and quad class here, without the cube.
func TestDyadCountsFromChronology(t *testing.T) {
	s := newTestServer(t, Config{})
	es, err := sinorussian.Chronology()
	if err != nil {
		t.Fatal(err)
	}
	type tally struct {
		events float64
		quad   [4]float64
		gold   float64
	}
	want := map[string]*tally{}
	for _, e := range es {
		if !(e.Source == "RUS" && e.Target == "CHN" || e.Source == "CHN" && e.Target == "RUS") {
			continue
		}
		y := fmt.Sprint(e.Date.Year())
		if want[y] == nil {
			want[y] = &tally{}
		}
		want[y].events++
		want[y].quad[cameoQuad(e.Code)-1]++
		want[y].gold += e.Goldstein
	}
	code, body, _ := do(t, s, "GET", "/api/dyad?a=RUS&b=CHN&by=year&from=1960-01-01&to=2025-12-31&index=1", "")
	if code != 200 {
		t.Fatalf("status %d: %s", code, body)
	}
	var got struct {
		A, B string
		Rows []map[string]any `json:"rows"`
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Rows) != 66 {
		t.Fatalf("%d rows, want 66 (1960–2025, empty years included)", len(got.Rows))
	}
	seen := 0
	for _, r := range got.Rows {
		w := want[r["period"].(string)]
		if w == nil {
			if r["events"].(float64) != 0 {
				t.Errorf("%s: %v events, want 0", r["period"], r["events"])
			}
			continue
		}
		seen++
		if r["events"].(float64) != w.events || math.Abs(r["goldstein_sum"].(float64)-w.gold) > 1e-9 {
			t.Errorf("%s: events %v goldstein %v, want %v and %v", r["period"], r["events"], r["goldstein_sum"], w.events, w.gold)
		}
		for q := range 4 {
			if r[fmt.Sprintf("q%d", q+1)].(float64) != w.quad[q] {
				t.Errorf("%s: q%d = %v, want %v", r["period"], q+1, r[fmt.Sprintf("q%d", q+1)], w.quad[q])
			}
		}
		if _, ok := r["index"]; !ok {
			t.Fatalf("index=1 but no index column in %v", r)
		}
	}
	if seen < 20 {
		t.Errorf("only %d years of 1960–2025 have chronology events; the fixture looks wrong", seen)
	}
}

func cameoQuad(code string) int {
	n := int(code[0]-'0')*10 + int(code[1]-'0')
	switch {
	case n <= 5:
		return 1
	case n <= 9:
		return 2
	case n <= 14:
		return 3
	}
	return 4
}

// TestSameBytesAsRelations: each series endpoint writes exactly what the
// relations encoder (the one the CLI's --format json uses) writes for the
// same query.
func TestSameBytesAsRelations(t *testing.T) {
	ctx := context.Background()
	st := chronologyFixture(t).store
	s := newTestServer(t, Config{})
	from, to := day("1990-01-01"), day("2025-12-31")
	dq := relations.DyadQuery{A: "RUS", B: "CHN", By: store.Quarter, From: from, To: to, Weight: "none", Dedupe: "none", Index: relations.IndexOptions{K: relations.DefaultIndexK}}
	ser, err := relations.Dyad(ctx, st, dq)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := relations.Changes(ctx, st, relations.DyadQuery{A: "RUS", B: "CHN", By: store.Year, From: from, To: to, Weight: "none", Dedupe: "none"}, relations.ChangeOptions{Penalty: "bic", MinSegment: 2})
	if err != nil {
		t.Fatal(err)
	}
	ts, err := relations.Triangle(ctx, st, relations.TriangleQuery{A: "USA", B: "RUS", C: "CHN", By: store.Year, From: from, To: to, Weight: "none", Dedupe: "none", Band: relations.DefaultBand, MinEvents: relations.DefaultMinEvents, Bootstrap: 200, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	evs, err := relations.Events(ctx, st, relations.EventsQuery{A: "RUS", B: "CHN", From: day("2022-01-01"), To: day("2022-12-31"), Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var want [4]bytes.Buffer
	must(t, ser.WriteJSON(&want[0], true))
	must(t, cs.WriteJSON(&want[1]))
	must(t, ts.WriteJSON(&want[2]))
	must(t, relations.WriteEventsJSON(&want[3], evs))
	for i, target := range []string{
		"/api/dyad?a=rus&b=CHN&by=quarter&from=1990-01-01&to=2025-12-31&index=1",
		"/api/changes?a=RUS&b=CHN&by=year&from=1990-01-01&to=2025-12-31",
		"/api/triangle?a=USA&b=RUS&c=CHN&by=year&from=1990-01-01&to=2025-12-31&bootstrap=200&seed=7",
		"/api/events?a=RUS&b=CHN&from=2022-01-01&to=2022-12-31",
	} {
		code, body, h := do(t, s, "GET", target, "")
		if code != 200 || h.Get("Content-Type") != "application/json; charset=utf-8" {
			t.Fatalf("%s: status %d, type %q: %s", target, code, h.Get("Content-Type"), body)
		}
		if !bytes.Equal(body, want[i].Bytes()) {
			t.Errorf("%s: body differs from the relations encoder:\n got %.300s\nwant %.300s", target, body, want[i].Bytes())
		}
	}
	if len(evs) == 0 || len(cs.Breaks) == 0 || len(ts.Rows) == 0 {
		t.Errorf("the comparison is vacuous: %d events, %d break lines, %d triangle rows", len(evs), len(cs.Breaks), len(ts.Rows))
	}
}

func TestStatsAndCase(t *testing.T) {
	s := newTestServer(t, Config{})
	code, body, _ := do(t, s, "GET", "/api/stats", "")
	if code != 200 {
		t.Fatalf("stats: %d %s", code, body)
	}
	var st statsJSON
	must(t, json.Unmarshal(body, &st))
	es, _ := sinorussian.Chronology()
	if len(st.Datasets) != 1 || st.Datasets[0].Events != int64(len(es)) || st.Datasets[0].First != "1685-01-01" {
		t.Errorf("stats %+v, want one data set of %d chronology events from 1685-01-01", st.Datasets, len(es))
	}
	code, body, _ = do(t, s, "GET", "/api/case/sino-russian", "")
	if code != 200 {
		t.Fatalf("case: %d %s", code, body)
	}
	var c caseJSON
	must(t, json.Unmarshal(body, &c))
	var shocks []string
	for _, n := range c.Nodes {
		if n.Shock {
			shocks = append(shocks, n.Name)
		}
		if n.Why == "" || n.Source == "" {
			t.Errorf("node %s lacks why or source", n.Name)
		}
	}
	if fmt.Sprint(shocks) != "[UkraineWar Taiwan USRussiaThaw WesternPressureOnChina SanctionsOnRussia]" {
		t.Errorf("shocks %v, want the five of cases/sinorussian/model.yaml", shocks)
	}
	if len(c.Chronology) != len(es) {
		t.Fatalf("chronology has %d entries, want %d", len(c.Chronology), len(es))
	}
	for i, e := range c.Chronology {
		if e.Citation != es[i].Citation || e.Description != es[i].Description || e.ID != es[i].ID {
			t.Fatalf("entry %d = %+v, want id %s with the chronology's description and citation", i, e, es[i].ID)
		}
	}
	if len(c.Scenarios) == 0 || c.Scenarios[0].Name != "baseline" || len(c.Corrections) == 0 {
		t.Errorf("scenarios %v corrections %d: want the case's named scenarios and date corrections", c.Scenarios, len(c.Corrections))
	}
}

// TestScenarioMatchesCase: POST /api/scenario returns what cases.Evaluate
// computes for the same request, and a shock moves P(holds).
func TestScenarioMatchesCase(t *testing.T) {
	s := newTestServer(t, Config{})
	c, err := cases.Load("sino-russian")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, body string
		req        cases.Request
	}{
		{"baseline", ``, cases.Request{Tornado: true}},
		{"taiwan war", `{"do":[{"node":"Taiwan","state":"war_with_us","from":2027}]}`,
			cases.Request{Tornado: true, Do: []cases.Intervention{{Node: "Taiwan", State: "war_with_us", From: 2027}}}},
		{"named scenario", `{"scenario":"us-russia-thaw","tornado":false,"horizon":2030}`,
			cases.Request{Horizon: 2030, Do: []cases.Intervention{{Node: "USRussiaThaw", State: "grand_bargain", From: 2026}}}},
		{"soft evidence", `{"soft":{"ObservedCloseness":[0.1,0.3,0.6]},"tornado_top":3}`,
			cases.Request{Tornado: true, TornadoTop: 3, Soft: map[string][]float64{"ObservedCloseness": {0.1, 0.3, 0.6}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, err := c.Evaluate(tc.req)
			if err != nil {
				t.Fatal(err)
			}
			for range 2 { // the second answer comes from the cache
				code, body, _ := do(t, s, "POST", "/api/scenario", tc.body)
				if code != 200 {
					t.Fatalf("status %d: %s", code, body)
				}
				var got cases.Result
				must(t, json.Unmarshal(body, &got))
				if math.Abs(got.Holds-want.Holds) > 1e-12 || len(got.Curve) != len(want.Curve) || len(got.Tornado) != len(want.Tornado) {
					t.Fatalf("holds %v curve %d tornado %d, want %v, %d, %d", got.Holds, len(got.Curve), len(got.Tornado), want.Holds, len(want.Curve), len(want.Tornado))
				}
				for i := range want.Curve {
					if got.Curve[i].Year != want.Curve[i].Year || math.Abs(got.Curve[i].P-want.Curve[i].P) > 1e-12 {
						t.Fatalf("curve[%d] = %+v, want %+v", i, got.Curve[i], want.Curve[i])
					}
				}
			}
		})
	}
	base, _ := c.Evaluate(cases.Request{})
	war, _ := c.Evaluate(cases.Request{Do: []cases.Intervention{{Node: "Taiwan", State: "war_with_us", From: 2027}}})
	if math.Abs(base.Holds-war.Holds) < 1e-3 {
		t.Errorf("a Taiwan war leaves P(holds) at %v (baseline %v): the test would not notice a dead control", war.Holds, base.Holds)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
