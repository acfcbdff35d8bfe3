package relations

import (
	"context"
	"fmt"
	"testing"

	"entente/store"
)

func TestClassify(t *testing.T) {
	p := [3]string{"USA", "RUS", "CHN"}
	A, E, N, T := Amity, Enmity, Neutral, Thin
	tests := []struct {
		ab, ac, bc Sign
		want       Config
	}{
		{A, A, A, Config{Kind: MenageATrois}},
		{E, E, E, Config{Kind: UnitVeto}},
		// Romantic triangles: the pivot is the player opposite the hostile dyad.
		{E, A, A, Config{Kind: Romantic, Pivot: "CHN", Wings: [2]string{"USA", "RUS"}}},
		{A, E, A, Config{Kind: Romantic, Pivot: "RUS", Wings: [2]string{"USA", "CHN"}}},
		{A, A, E, Config{Kind: Romantic, Pivot: "USA", Wings: [2]string{"RUS", "CHN"}}}, // Kissinger's aim after 1972
		// Stable marriages: the outcast is the player opposite the friendly dyad.
		{E, E, A, Config{Kind: StableMarriage, Couple: [2]string{"RUS", "CHN"}, Outcast: "USA"}},
		{E, A, E, Config{Kind: StableMarriage, Couple: [2]string{"USA", "CHN"}, Outcast: "RUS"}},
		{A, E, E, Config{Kind: StableMarriage, Couple: [2]string{"USA", "RUS"}, Outcast: "CHN"}},
		{N, A, A, Config{Kind: Indeterminate}},
		{A, T, A, Config{Kind: Indeterminate}},
		{E, E, N, Config{Kind: Indeterminate}},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%v%v%v", tc.ab, tc.ac, tc.bc), func(t *testing.T) {
			if got := Classify(p, tc.ab, tc.ac, tc.bc); got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// triangleFixture builds one month per configuration for USA, RUS, CHN.
// Each dyad-month has 100 events of +4 (amity), −4 (enmity), alternating
// ±1 (neutral), or just 2 events (thin).
func triangleFixture() *fakeCube {
	f := &fakeCube{}
	add := func(month, a, b, kind string) {
		n := 100
		if kind == "thin" {
			n = 2
		}
		for i := 0; i < n; i++ {
			day := fmt.Sprintf("%s-%02d", month, 1+i%28)
			src, tgt := a, b
			if i%2 == 1 {
				src, tgt = b, a
			}
			e := ev{date: day, src: src, tgt: tgt, tone: 0, mentions: 1}
			switch {
			case kind == "+" || kind == "thin":
				e.code, e.quad, e.goldstein = "057", 1, 4
			case kind == "-":
				e.code, e.quad, e.goldstein = "173", 4, -4
			case i%2 == 0:
				e.code, e.quad, e.goldstein = "020", 1, 1
			default:
				e.code, e.quad, e.goldstein = "111", 3, -1
			}
			f.evs = append(f.evs, e)
		}
	}
	months := []struct{ m, ab, ac, bc string }{
		{"2020-01", "+", "+", "+"},
		{"2020-02", "-", "+", "+"},
		{"2020-03", "-", "-", "+"},
		{"2020-04", "-", "-", "-"},
		{"2020-05", "0", "+", "+"},
		{"2020-06", "thin", "+", "+"},
	}
	for _, m := range months {
		add(m.m, "USA", "RUS", m.ab)
		add(m.m, "USA", "CHN", m.ac)
		add(m.m, "RUS", "CHN", m.bc)
	}
	return f
}

func TestTriangle(t *testing.T) {
	q := TriangleQuery{A: "USA", B: "RUS", C: "CHN", By: store.Month, Bootstrap: 200, Seed: 1}
	ts, err := Triangle(context.Background(), triangleFixture(), q)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		label, signs string
		config       Config
		minConf      float64
	}{
		{"2020-01", "+++", Config{Kind: MenageATrois}, 0.99},
		{"2020-02", "-++", Config{Kind: Romantic, Pivot: "CHN", Wings: [2]string{"USA", "RUS"}}, 0.99},
		{"2020-03", "--+", Config{Kind: StableMarriage, Couple: [2]string{"RUS", "CHN"}, Outcast: "USA"}, 0.99},
		{"2020-04", "---", Config{Kind: UnitVeto}, 0.99},
		{"2020-05", "0++", Config{Kind: Indeterminate}, 0.8},
		{"2020-06", "?++", Config{Kind: Indeterminate}, 1},
	}
	if len(ts.Rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(ts.Rows), len(want))
	}
	for i, w := range want {
		r := ts.Rows[i]
		signs := r.Signs[0].String() + r.Signs[1].String() + r.Signs[2].String()
		if r.Label != w.label || signs != w.signs || r.Config != w.config || r.Confidence < w.minConf {
			t.Errorf("row %d: %s %s %v conf %.3f, want %s %s %v conf ≥ %.2f", i, r.Label, signs, r.Config, r.Confidence, w.label, w.signs, w.config, w.minConf)
		}
	}
	// The same seed gives the same confidences.
	again, err := Triangle(context.Background(), triangleFixture(), q)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ts.Rows {
		if ts.Rows[i].Confidence != again.Rows[i].Confidence {
			t.Errorf("row %d: confidence %v then %v with the same seed", i, ts.Rows[i].Confidence, again.Rows[i].Confidence)
		}
	}
}

// A dyad whose index sits at the edge of the band must get a confidence
// well below 1: the bootstrap has to see the uncertainty.
func TestTriangleConfidenceNearBand(t *testing.T) {
	f := &fakeCube{}
	for i := 0; i < 40; i++ {
		day := fmt.Sprintf("2020-01-%02d", 1+i%28)
		// USA–RUS: mean 0.55 over 40 events, just above the 0.5 band
		g, code, quad := 3.4, "043", 1
		if i%2 == 1 {
			g, code, quad = -2.3, "112", 3
		}
		f.evs = append(f.evs,
			ev{day, "USA", "RUS", code, quad, g, 0, 1},
			ev{day, "USA", "CHN", "057", 1, 4, 0, 1},
			ev{day, "RUS", "CHN", "057", 1, 4, 0, 1})
	}
	ts, err := Triangle(context.Background(), f, TriangleQuery{A: "USA", B: "RUS", C: "CHN", Bootstrap: 500, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	r := ts.Rows[0]
	if r.Config.Kind != MenageATrois || r.Confidence > 0.75 || r.Confidence < 0.25 {
		t.Errorf("config %v confidence %v: want ménage à trois with confidence in [0.25, 0.75]", r.Config, r.Confidence)
	}
}

func TestTriangleBadInput(t *testing.T) {
	for _, q := range []TriangleQuery{
		{A: "USA", B: "RUS", C: "usa"},
		{A: "USA", B: "RUS", C: "CHN", Band: -1},
		{A: "USA", B: "RUS", C: "XXX"},
	} {
		if _, err := Triangle(context.Background(), triangleFixture(), q); err == nil {
			t.Errorf("%+v accepted", q)
		}
	}
}
