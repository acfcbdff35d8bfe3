package jtree

import (
	"math/rand/v2"
	"testing"
)

// TestPlanMarginals: a shared plan gives the same separator tables as one
// direct pass per target, and reads the number of entries worked out by hand.
func TestPlanMarginals(t *testing.T) {
	cards := map[int]int{0: 2, 1: 2, 2: 2, 3: 2, 4: 3, 5: 5}
	card := func(v int) int { return cards[v] }
	cases := []struct {
		name    string
		vars    []int
		targets [][]int
		cost    int // 0: no plan (direct passes as cheap)
	}{
		// Sum out d (read 16), then split on a: {b,c} from abc (8); {a,b}
		// and {a,c} split on b, each from abc (8 + 8). Direct: 3·16 = 48.
		{"three pairs", []int{0, 1, 2, 3}, [][]int{{0, 1}, {0, 2}, {1, 2}}, 16 + 8 + 8 + 8},
		// One target: no sharing possible.
		{"single", []int{0, 1, 2}, [][]int{{0, 1}}, 0},
		// Two targets needing every variable, differing in one: split on
		// a (read 8 for {b,c}), then {a,b} from the clique (read 8) = 16,
		// the same as direct, so no plan.
		{"no gain", []int{0, 1, 2}, [][]int{{1, 2}, {0, 1}}, 0},
		// Identical separators share one pass; one equal to the table is
		// copied out of it (3·2·2·5 = 60 entries per pass).
		{"duplicates", []int{4, 0, 1, 5}, [][]int{{4, 0}, {4, 0}, {4, 0}, {4, 0, 1, 5}}, 60 + 60},
		// Singletons (direct: 4·30): split on the 5-state variable; {4}
		// and both {0} come from the 6-entry table over (4, 0) (read 30),
		// then split on 4: {0} (read 6, shared), {4} (read 6); {5} is read
		// from the clique (30).
		{"singletons", []int{4, 0, 5}, [][]int{{4}, {0}, {5}, {0}}, 30 + 6 + 6 + 30},
	}
	rng := rand.New(rand.NewPCG(7, 7))
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := planMarginals(c.vars, c.targets, card)
			if c.cost == 0 {
				if p != nil {
					t.Fatalf("planned (cost %d), want direct passes", p.cost)
				}
				return
			}
			if p == nil {
				t.Fatalf("no plan, want cost %d", c.cost)
			}
			if p.cost != c.cost {
				t.Errorf("cost %d, want %d", p.cost, c.cost)
			}
			n := 1
			for _, v := range c.vars {
				n *= card(v)
			}
			big := make([]float64, n)
			for i := range big {
				big[i] = rng.Float64()
			}
			got := p.run(big, make([]float64, p.total))
			for k, tg := range c.targets {
				w := newWalk(c.vars, tg, card)
				m := 1
				for _, v := range tg {
					m *= card(v)
				}
				want := make([]float64, m)
				w.sumInto(big, want, 0)
				if len(got[k]) != m {
					t.Fatalf("target %d: %d entries, want %d", k, len(got[k]), m)
				}
				for i := range want {
					if !closeTo(got[k][i], want[i], 1e-12) {
						t.Errorf("target %d entry %d: %v, want %v", k, i, got[k][i], want[i])
					}
				}
			}
		})
	}
}

// TestPlanSole: targets with the same scope share one buffer, and only a
// target alone in its buffer may be summed into a table of its own
// (propagate sums a skipped kid's marginal into its separator).
func TestPlanSole(t *testing.T) {
	card := func(int) int { return 3 }
	p := planMarginals([]int{0, 1, 2, 3}, [][]int{{0, 1}, {2, 3}, {0, 1}, {1}}, card)
	if p == nil {
		t.Fatal("no plan")
	}
	if p.out[0] != p.out[2] {
		t.Errorf("identical targets 0 and 2 in buffers %d and %d", p.out[0], p.out[2])
	}
	for k, want := range []bool{false, true, false, true} {
		if got := p.sole(k); got != want {
			t.Errorf("sole(%d) = %v, want %v (out %v)", k, got, want, p.out)
		}
	}
}
