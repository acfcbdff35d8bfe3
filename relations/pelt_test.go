package relations

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// steps builds a piecewise-constant series with N(0, sd²) noise from a
// seeded RNG.
func steps(seed uint64, sd float64, segs ...[2]float64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 1))
	var x []float64
	for _, s := range segs {
		for i := 0; i < int(s[0]); i++ {
			x = append(x, s[1]+sd*rng.NormFloat64())
		}
	}
	return x
}

func TestPELTRecoversKnownBreaks(t *testing.T) {
	tests := []struct {
		name  string
		x     []float64
		want  []int
		slack int // allowed distance of each found break from the true one
	}{
		{"two breaks, noise 0.5", steps(1, 0.5, [2]float64{30, 0}, [2]float64{30, 3}, [2]float64{40, -1}), []int{30, 60}, 1},
		{"one break, noise 1", steps(2, 1, [2]float64{50, 2}, [2]float64{50, -2}), []int{50}, 2},
		{"noiseless steps", steps(3, 0, [2]float64{10, 1}, [2]float64{5, 4}, [2]float64{10, 1}), []int{10, 15}, 0},
		{"no change", steps(4, 1, [2]float64{120, 1.5}), nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := PELT(tc.x, ChangeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("breaks %v, want %v", got, tc.want)
			}
			for i := range got {
				if d := got[i] - tc.want[i]; d < -tc.slack || d > tc.slack {
					t.Errorf("break %d at %d, want %d±%d", i, got[i], tc.want[i], tc.slack)
				}
			}
		})
	}
}

// optimalPartitioning is the O(n²) dynamic programme PELT prunes (Jackson
// et al. 2005; Killick et al. 2012, algorithm 1), used as the reference.
func optimalPartitioning(x []float64, beta, sd float64, minSeg int) []int {
	n := len(x)
	cost := func(a, b int) float64 {
		var s, ss float64
		for _, v := range x[a:b] {
			s += v
			ss += v * v
		}
		return (ss - s*s/float64(b-a)) / (sd * sd)
	}
	f := make([]float64, n+1)
	last := make([]int, n+1)
	f[0] = -beta
	for t := 1; t <= n; t++ {
		f[t] = math.Inf(1)
		for tau := 0; tau <= t-minSeg; tau++ {
			if tau > 0 && tau < minSeg {
				continue
			}
			if v := f[tau] + cost(tau, t) + beta; v < f[t] {
				f[t], last[t] = v, tau
			}
		}
	}
	var cps []int
	for t := last[n]; t > 0; t = last[t] {
		cps = append(cps, t)
	}
	slices.Sort(cps)
	return cps
}

// PELT is exact: it must return the optimal-partitioning answer.
func TestPELTMatchesOptimalPartitioning(t *testing.T) {
	rng := rand.New(rand.NewPCG(42, 7))
	for trial := 0; trial < 200; trial++ {
		n := 5 + rng.IntN(60)
		x := make([]float64, n)
		level := 0.0
		for i := range x {
			if rng.Float64() < 0.08 {
				level = rng.NormFloat64() * 3
			}
			x[i] = level + rng.NormFloat64()
		}
		minSeg := 1 + rng.IntN(3)
		o := ChangeOptions{Penalty: "6", SD: 1, MinSegment: minSeg}
		got, err := PELT(x, o)
		if err != nil {
			t.Fatal(err)
		}
		want := optimalPartitioning(x, 6, 1, minSeg)
		if n < 2*minSeg {
			want = nil
		}
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d (n=%d, minSeg=%d): PELT %v, optimal partitioning %v", trial, n, minSeg, got, want)
		}
	}
}

func TestPELTBadInput(t *testing.T) {
	if _, err := PELT([]float64{1, math.NaN(), 2, 3}, ChangeOptions{}); err == nil {
		t.Error("NaN accepted")
	}
	for _, p := range []string{"-1", "zero", "0"} {
		if _, err := PELT([]float64{1, 2, 3, 4}, ChangeOptions{Penalty: p}); err == nil {
			t.Errorf("penalty %q accepted", p)
		}
	}
}

func TestLineChanges(t *testing.T) {
	x := steps(5, 0.3, [2]float64{12, 2}, [2]float64{12, -1})
	l := Line{}
	start := d("2010-01-01")
	for i, v := range x {
		p := start.AddDate(0, i, 0)
		l.Rows = append(l.Rows, Row{Period: p, Label: PeriodLabel("month", p), Index: v})
	}
	ch, err := LineChanges(l, ChangeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ch) != 1 || ch[0].Label != "2011-01" {
		t.Fatalf("changes %+v, want one at 2011-01", ch)
	}
	var before, after float64
	for _, v := range x[:12] {
		before += v / 12
	}
	for _, v := range x[12:] {
		after += v / 12
	}
	if !near(ch[0].Before, before) || !near(ch[0].After, after) {
		t.Errorf("means %v → %v, want %v → %v", ch[0].Before, ch[0].After, before, after)
	}
}
