package relations

import (
	"context"
	"errors"
	"math"
	"testing"

	"entente/store"
)

// dyadFixture: hand-made RUS–CHN events, with a USA→RUS event that belongs
// to no RUS–CHN series. Expected figures below are worked out by hand from
// these rows.
func dyadFixture() *fakeCube {
	nan := math.NaN()
	return &fakeCube{evs: []ev{
		{"2012-01-05", "RUS", "CHN", "042", 1, 1.9, 2, 4},
		{"2012-01-05", "RUS", "CHN", "042", 1, 1.9, 4, 2}, // a second report of the same event
		{"2012-01-20", "CHN", "RUS", "190", 4, -10, -6, 1},
		{"2012-02-01", "USA", "RUS", "111", 3, -2, -1, 3},
		{"2012-03-02", "CHN", "RUS", "057", 1, 8, nan, 10},
	}}
}

const tol = 1e-9

func near(a, b float64) bool { return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b)) }

type wantRow struct {
	label                string
	events, q1, q4, gsum float64
	gmean, coop, tone    float64
	mentions             int64
}

func checkRows(t *testing.T, l Line, want []wantRow) {
	t.Helper()
	if len(l.Rows) != len(want) {
		t.Fatalf("%s→%s: %d rows, want %d", l.Source, l.Target, len(l.Rows), len(want))
	}
	for i, w := range want {
		r := l.Rows[i]
		if r.Label != w.label || !near(r.Events, w.events) || !near(r.Quad[0], w.q1) || !near(r.Quad[3], w.q4) ||
			!near(r.Goldstein, w.gsum) || !near(r.GoldsteinMean, w.gmean) || !near(r.CoopShare, w.coop) ||
			!near(r.ToneMean, w.tone) || r.Mentions != w.mentions {
			t.Errorf("%s→%s row %d = %s events %v q1 %v q4 %v gsum %v gmean %v coop %v tone %v mentions %d, want %+v",
				l.Source, l.Target, i, r.Label, r.Events, r.Quad[0], r.Quad[3], r.Goldstein, r.GoldsteinMean, r.CoopShare, r.ToneMean, r.Mentions, w)
		}
	}
}

func TestDyad(t *testing.T) {
	zeroFeb := wantRow{label: "2012-02"}
	tests := []struct {
		name  string
		q     DyadQuery
		lines [][]wantRow
	}{
		{
			name: "undirected by month, empty February kept",
			q:    DyadQuery{A: "RUS", B: "CHN", By: store.Month},
			lines: [][]wantRow{{
				{"2012-01", 3, 2, 1, -6.2, -6.2 / 3, 2.0 / 3, 0, 7},
				zeroFeb,
				{"2012-03", 1, 1, 0, 8, 8, 1, 0, 10},
			}},
		},
		{
			name: "directed gives both directions",
			q:    DyadQuery{A: "rus", B: "chn", By: store.Month, Directed: true},
			lines: [][]wantRow{
				{{"2012-01", 2, 2, 0, 3.8, 1.9, 1, 3, 6}, zeroFeb, {label: "2012-03"}},
				{{"2012-01", 1, 0, 1, -10, -10, 0, -6, 1}, zeroFeb, {"2012-03", 1, 1, 0, 8, 8, 1, 0, 10}},
			},
		},
		{
			name: "weight by mentions",
			q:    DyadQuery{A: "RUS", B: "CHN", By: store.Quarter, Weight: WeightMentions},
			lines: [][]wantRow{{
				{"2012-Q1", 17, 16, 1, 1.9*4 + 1.9*2 - 10 + 80, (1.9*4 + 1.9*2 - 10 + 80) / 17, 16.0 / 17, 0, 17},
			}},
		},
		{
			name: "daily de-duplication keeps one report per day, pair and code",
			q:    DyadQuery{A: "RUS", B: "CHN", By: store.Year, Dedupe: DedupeDaily},
			lines: [][]wantRow{{
				{"2012", 3, 2, 1, 1.9 - 10 + 8, (1.9 - 10 + 8) / 3, 2.0 / 3, 0, 17},
			}},
		},
		{
			name: "explicit range pads with empty periods",
			q:    DyadQuery{A: "RUS", B: "CHN", By: store.Month, From: d("2011-12-15"), To: d("2012-02-10")},
			lines: [][]wantRow{{
				{label: "2011-12"},
				{"2012-01", 3, 2, 1, -6.2, -6.2 / 3, 2.0 / 3, 0, 7},
				zeroFeb,
			}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Dyad(context.Background(), dyadFixture(), tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Lines) != len(tc.lines) {
				t.Fatalf("%d lines, want %d", len(s.Lines), len(tc.lines))
			}
			for i, want := range tc.lines {
				checkRows(t, s.Lines[i], want)
			}
		})
	}
}

// TestDyadIndex checks the shrunken mean against the formula worked by hand
// (doc.go): μ = (−6.2 + 8)/4 = 0.45, K = 10.
func TestDyadIndex(t *testing.T) {
	s, err := Dyad(context.Background(), dyadFixture(), DyadQuery{A: "RUS", B: "CHN", By: store.Month})
	if err != nil {
		t.Fatal(err)
	}
	l := s.Lines[0]
	if !near(l.Mean, 0.45) {
		t.Errorf("long-run mean %v, want 0.45", l.Mean)
	}
	want := []float64{(-6.2 + 10*0.45) / 13, 0.45, (8 + 10*0.45) / 11}
	for i, w := range want {
		r := l.Rows[i]
		if !near(r.Index, w) {
			t.Errorf("%s index %v, want %v", r.Label, r.Index, w)
		}
		if !near(r.Index-r.IndexLo, r.IndexHi-r.Index) || r.IndexHi <= r.Index {
			t.Errorf("%s band [%v, %v] not symmetric around %v", r.Label, r.IndexLo, r.IndexHi, r.Index)
		}
	}
	// January: quad means 1.9 (2 events) and −10 (1 event) around −6.2/3,
	// plus the within-class variance of code weights.
	m := -6.2 / 3
	vJan := (2*((1.9-m)*(1.9-m)+withinQuadVar[1]) + ((-10-m)*(-10-m) + withinQuadVar[4])) / 3
	vMar := withinQuadVar[1]
	if r := l.Rows[0]; !near(r.SD*r.SD, vJan) {
		t.Errorf("January variance %v, want %v", r.SD*r.SD, vJan)
	}
	pooled := (3*vJan + vMar) / 4
	if !near(l.SD*l.SD, pooled) {
		t.Errorf("pooled variance %v, want %v", l.SD*l.SD, pooled)
	}
	// An empty month's band is the prior's: 1.96·σ/√K.
	if r := l.Rows[1]; !near(r.IndexHi-r.Index, 1.96*math.Sqrt(pooled/10)) {
		t.Errorf("February half-band %v, want %v", r.IndexHi-r.Index, 1.96*math.Sqrt(pooled/10))
	}
	// More events narrow the band: January (3 events) vs February (none)
	// cannot be compared directly since their variances differ, but the
	// half-band must equal 1.96·√(s²/(n+K)).
	sJan := (3*vJan + 10*pooled) / 13
	if r := l.Rows[0]; !near(r.IndexHi-r.Index, 1.96*math.Sqrt(sJan/13)) {
		t.Errorf("January half-band %v, want %v", r.IndexHi-r.Index, 1.96*math.Sqrt(sJan/13))
	}
}

func TestDyadGroups(t *testing.T) {
	f := &fakeCube{evs: []ev{
		{"2023-03-01", "FIN", "RUS", "111", 3, -2, -1, 1}, // Finland not yet in NATO
		{"2023-05-01", "FIN", "RUS", "111", 3, -2, -1, 1},
		{"2023-05-02", "USA", "RUS", "172", 4, -5, -3, 1},
		{"2023-05-03", "USA", "FRA", "042", 1, 1.9, 2, 1},
		{"2023-05-04", "RUS", "CHN", "042", 1, 1.9, 2, 1},
	}}
	tests := []struct {
		a, b   string
		events float64
		gsum   float64
	}{
		{"NATO", "RUS", 2, -7},
		{"RUS", "NATO", 2, -7},
		{"NATO", "USA", 1, 1.9}, // the United States with its allies
		{"NATO", "NATO", 1, 1.9},
		{"SCO", "NATO", 2, -7},
	}
	for _, tc := range tests {
		t.Run(tc.a+"-"+tc.b, func(t *testing.T) {
			s, err := Dyad(context.Background(), f, DyadQuery{A: tc.a, B: tc.b, By: store.Year, From: d("2023-01-01"), To: d("2023-12-31")})
			if err != nil {
				t.Fatal(err)
			}
			r := s.Lines[0].Rows[0]
			if r.Events != tc.events || !near(r.Goldstein, tc.gsum) {
				t.Errorf("events %v goldstein %v, want %v %v", r.Events, r.Goldstein, tc.events, tc.gsum)
			}
		})
	}
}

func TestDyadBadInput(t *testing.T) {
	tests := []struct {
		name string
		q    DyadQuery
		bad  bool // ErrBadQuery; otherwise *UnknownActorError
	}{
		{"unknown actor", DyadQuery{A: "RUSS", B: "CHN"}, false},
		{"from after to", DyadQuery{A: "RUS", B: "CHN", From: d("2013-01-01"), To: d("2012-01-01")}, true},
		{"unknown period", DyadQuery{A: "RUS", B: "CHN", By: "fortnight"}, true},
		{"same actor twice", DyadQuery{A: "RUS", B: "rus"}, true},
		{"mentions with dedupe", DyadQuery{A: "RUS", B: "CHN", Weight: WeightMentions, Dedupe: DedupeDaily}, true},
		{"negative prior", DyadQuery{A: "RUS", B: "CHN", Index: IndexOptions{K: -1}}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Dyad(context.Background(), dyadFixture(), tc.q)
			var ua *UnknownActorError
			switch {
			case err == nil:
				t.Fatal("no error")
			case tc.bad && !errors.Is(err, ErrBadQuery):
				t.Errorf("error %v does not wrap ErrBadQuery", err)
			case !tc.bad && !errors.As(err, &ua):
				t.Errorf("error %v is not an UnknownActorError", err)
			}
		})
	}
}

func TestDyadEmpty(t *testing.T) {
	s, err := Dyad(context.Background(), &fakeCube{}, DyadQuery{A: "RUS", B: "CHN"})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Lines) != 1 || len(s.Lines[0].Rows) != 0 {
		t.Errorf("empty cube gave %+v", s.Lines)
	}
}
