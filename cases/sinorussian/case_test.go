package sinorussian

import (
	"errors"
	"testing"

	"entente/cases"
)

func evaluate(t *testing.T, c *cases.Case, do []cases.Intervention) *cases.Result {
	t.Helper()
	r, err := c.Evaluate(cases.Request{Do: do, Tornado: true})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestScenarioDirections: every scenario moves P(holds) by 2035 the way its
// why says, relative to the baseline, in the durability model; and the static
// model agrees on the sign where the scenario's why states one.
func TestScenarioDirections(t *testing.T) {
	c, err := cases.Load(Name)
	if err != nil {
		t.Fatal(err)
	}
	base := evaluate(t, c, nil)
	if len(base.Curve) != 11 || base.Curve[0].Year != 2025 || base.Curve[10].Year != 2035 {
		t.Fatalf("baseline curve = %+v, want 2025..2035", base.Curve)
	}
	want := map[string]int{ // +1: raises P(holds), -1: lowers it
		"russia-prevails":     -1,
		"taiwan-crisis":       +1,
		"taiwan-war":          +1,
		"us-russia-thaw":      -1,
		"western-pressure":    +1,
		"sanctions-tightened": +1,
		"sanctions-eased":     -1,
	}
	for _, sc := range c.Scenarios {
		dir, ok := want[sc.Name]
		if !ok {
			continue
		}
		t.Run(sc.Name, func(t *testing.T) {
			r := evaluate(t, c, sc.Do)
			b, _ := base.HoldsIn(2035)
			p, _ := r.HoldsIn(2035)
			if (p-b)*float64(dir) <= 0 {
				t.Errorf("durability 2035: P(holds) %.4f vs baseline %.4f, want direction %+d", p, b, dir)
			}
			if (r.Holds-base.Holds)*float64(dir) <= 0 {
				t.Errorf("static: P(holds) %.4f vs baseline %.4f, want direction %+d", r.Holds, base.Holds, dir)
			}
		})
	}
	if len(base.Tornado) == 0 {
		t.Fatal("no tornado bars")
	}
	for i := 1; i < len(base.Tornado); i++ {
		a, b := base.Tornado[i-1], base.Tornado[i]
		if a.High-a.Low < b.High-b.Low-1e-12 {
			t.Errorf("tornado not ranked: %s (%.4f) before %s (%.4f)", a.Node, a.High-a.Low, b.Node, b.High-b.Low)
		}
	}
	for _, b := range base.Tornado {
		if b.Node == "Partnership" || b.Node == "ObservedCloseness" {
			t.Errorf("tornado sweeps %s, the outcome or one of its descendants", b.Node)
		}
	}
}

func TestEvaluateBadRequests(t *testing.T) {
	c, err := cases.Load(Name)
	if err != nil {
		t.Fatal(err)
	}
	bad := []cases.Request{
		{Do: []cases.Intervention{{Node: "Nope", State: "x"}}},
		{Do: []cases.Intervention{{Node: "Taiwan", State: "invasion"}}},
		{Evidence: map[string]string{"Taiwan": "nope"}},
		{Soft: map[string][]float64{"ObservedCloseness": {1, 2}}},
		{Soft: map[string][]float64{"ObservedCloseness": {0, 0, 0}}},
		{Horizon: 2020},
	}
	for i, req := range bad {
		if _, err := c.Evaluate(req); !errors.Is(err, cases.ErrScenario) {
			t.Errorf("request %d: err = %v, want ErrScenario", i, err)
		}
	}
}

// TestSoftEvidenceMoves: cold observed closeness lowers P(holds), warm raises it.
func TestSoftEvidenceMoves(t *testing.T) {
	c, err := cases.Load(Name)
	if err != nil {
		t.Fatal(err)
	}
	base := evaluate(t, c, nil)
	warm, err := c.Evaluate(cases.Request{Soft: map[string][]float64{"ObservedCloseness": {1, 0.3, 0.05}}})
	if err != nil {
		t.Fatal(err)
	}
	cold, err := c.Evaluate(cases.Request{Soft: map[string][]float64{"ObservedCloseness": {0.05, 0.3, 1}}})
	if err != nil {
		t.Fatal(err)
	}
	if !(cold.Holds < base.Holds && base.Holds < warm.Holds) {
		t.Errorf("P(holds): cold %.4f, base %.4f, warm %.4f; want increasing", cold.Holds, base.Holds, warm.Holds)
	}
	// The observation is of the partnership now: it moves the first years of
	// the durability curve most.
	for _, y := range []int{2025, 2035} {
		b, _ := base.HoldsIn(y)
		w, _ := warm.HoldsIn(y)
		cl, _ := cold.HoldsIn(y)
		if !(cl < b && b < w) {
			t.Errorf("%d: P(holds) cold %.4f, base %.4f, warm %.4f; want increasing", y, cl, b, w)
		}
	}
}

// TestDriverDirections: shocks move the drivers the way their why: says.
// P(driver = high) under do(shock) is compared with the baseline.
func TestDriverDirections(t *testing.T) {
	c, err := cases.Load(Name)
	if err != nil {
		t.Fatal(err)
	}
	high := func(r *cases.Result, node, state string) float64 {
		for _, m := range r.Marginals {
			if m.Node == node {
				for i, s := range m.States {
					if s == state {
						return m.Probs[i]
					}
				}
			}
		}
		t.Fatalf("no %s=%s in the marginals", node, state)
		return 0
	}
	base, err := c.Evaluate(cases.Request{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		shock, state, driver, driverState string
		dir                               int
	}{
		// "China becomes embroiled in war with the US ... both nations will lean more on the other"
		{"Taiwan", "war_with_us", "ChineseNeedForRussia", "high", +1},
		// "If Putin is at risk of losing the Ukraine War ... both nations will lean more on the other"
		{"UkraineWar", "russia_loses_regime_at_risk", "RussianDependence", "high", +1},
		// A thaw "would reduce Russia's support for China against the US"
		{"USRussiaThaw", "grand_bargain", "RussianDependence", "high", -1},
		{"USRussiaThaw", "grand_bargain", "AbandonmentFear", "high", +1},
		// Tighter sanctions push Russian trade toward China
		{"SanctionsOnRussia", "tightened", "RussianDependence", "high", +1},
		{"WesternPressureOnChina", "high", "MultipolarAim", "strong", +1},
	}
	for _, tc := range tests {
		r, err := c.Evaluate(cases.Request{Do: []cases.Intervention{{Node: tc.shock, State: tc.state}}})
		if err != nil {
			t.Fatal(err)
		}
		b, p := high(base, tc.driver, tc.driverState), high(r, tc.driver, tc.driverState)
		if (p-b)*float64(tc.dir) <= 0 {
			t.Errorf("do(%s=%s): P(%s=%s) %.4f vs baseline %.4f, want direction %+d", tc.shock, tc.state, tc.driver, tc.driverState, p, b, tc.dir)
		}
	}
}
