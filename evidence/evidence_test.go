package evidence

import (
	"errors"
	"math"
	"testing"
)

func TestSoft(t *testing.T) {
	states := []string{"warm", "mixed", "cold"}
	bands := []Band{
		{State: "cold", Lo: math.Inf(-1), Hi: 0},
		{State: "mixed", Lo: 0, Hi: 2},
		{State: "warm", Lo: 2, Hi: math.Inf(1)},
	}
	cases := []struct {
		name string
		est  Estimate
		want []float64 // max-normalised; hand-computed from Φ
	}{
		// I=3, se=0.5: warm Φ(∞)−Φ(−2)=0.97725, mixed Φ(−2)−Φ(−6)=0.02275, cold floored.
		{"sharp warm", Estimate{Value: 3, Lo: 3 - 0.98, Hi: 3 + 0.98}, []float64{1, 0.02275 / 0.97725, Floor / 0.97725}},
		// I=1, se=1: mixed Φ(1)−Φ(−1)=0.68269, warm and cold 0.15866 each.
		{"wide mixed", Estimate{Value: 1, Lo: 1 - 1.96, Hi: 1 + 1.96}, []float64{0.15866 / 0.68269, 1, 0.15866 / 0.68269}},
		// A degenerate band (no uncertainty) is a hard finding, floored.
		{"exact cold", Estimate{Value: -1, Lo: -1, Hi: -1}, []float64{Floor, Floor, 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := Soft("ObservedCloseness", states, bands, c.est)
			if err != nil {
				t.Fatal(err)
			}
			for i := range c.want {
				if math.Abs(f.Likelihood[i]-c.want[i]) > 1e-4 {
					t.Errorf("λ(%s) = %.5f, want %.5f", states[i], f.Likelihood[i], c.want[i])
				}
			}
			if f.Summary == "" {
				t.Error("no summary")
			}
		})
	}
}

func TestSoftBadBands(t *testing.T) {
	states := []string{"a", "b"}
	cases := map[string][]Band{
		"missing state": {{State: "a", Lo: 0, Hi: 1}},
		"overlap":       {{State: "a", Lo: 0, Hi: 2}, {State: "b", Lo: 1, Hi: 3}},
		"empty band":    {{State: "a", Lo: 1, Hi: 1}, {State: "b", Lo: 1, Hi: 3}},
		"twice":         {{State: "a", Lo: 0, Hi: 1}, {State: "a", Lo: 1, Hi: 2}, {State: "b", Lo: 2, Hi: 3}},
	}
	for name, bands := range cases {
		if _, err := Soft("X", states, bands, Estimate{Value: 1}); !errors.Is(err, ErrBands) {
			t.Errorf("%s: err = %v, want ErrBands", name, err)
		}
	}
}

func TestTerciles(t *testing.T) {
	// R: quantile(1:10, c(1/3, 2/3)) = 4, 7
	b, err := Terciles([]float64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1, math.NaN()}, "cold", "mixed", "warm")
	if err != nil {
		t.Fatal(err)
	}
	if b[0].Hi != 4 || b[1].Lo != 4 || b[1].Hi != 7 || b[2].Lo != 7 {
		t.Errorf("terciles = %+v, want cuts at 4 and 7", b)
	}
	if _, err := Terciles([]float64{1, 1, 1, 1}, "l", "m", "h"); !errors.Is(err, ErrBands) {
		t.Errorf("constant values: err = %v", err)
	}
	if _, err := Terciles([]float64{1, 2}, "l", "m", "h"); !errors.Is(err, ErrBands) {
		t.Errorf("two values: err = %v", err)
	}
}
