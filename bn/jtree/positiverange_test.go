package jtree

import (
	"math"
	"math/rand/v2"
	"testing"

	"entente/bn"
)

func TestPositiveRange(t *testing.T) {
	inf := math.Inf(1)
	cases := []struct {
		name   string
		tab    []float64
		mn, mx float64
	}{
		{"empty", nil, inf, 0},
		{"all zero", []float64{0, 0, 0}, inf, 0},
		{"one entry", []float64{0.25}, 0.25, 0.25},
		{"odd length, minimum last", []float64{0.5, 0, 0.9, 0.1, 0.05}, 0.05, 0.9},
		{"negative and NaN ignored", []float64{-1, math.NaN(), 0.3, 0.2}, 0.2, 0.3},
		{"denormal", []float64{5e-324, 1}, 5e-324, 1},
		{"negative ignored", []float64{-1, 0.3, -0.0, 0.4}, 0.3, 0.4},
		{"infinite", []float64{0.5, inf, 0}, 0.5, inf},
		{"only infinite", []float64{inf}, inf, inf},
	}
	for _, c := range cases {
		mn, mx := positiveRange(c.tab)
		if mn != c.mn || mx != c.mx {
			t.Errorf("%s: got (%g, %g), want (%g, %g)", c.name, mn, mx, c.mn, c.mx)
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 0; n < 200; n++ {
		tab := make([]float64, rng.IntN(40))
		for i := range tab {
			if rng.IntN(3) > 0 {
				tab[i] = rng.Float64()
			}
		}
		mn, mx := positiveRange(tab)
		wmn, wmx := positiveRangeNaN(tab)
		if mn != wmn || mx != wmx {
			t.Fatalf("%v: got (%g, %g), want (%g, %g)", tab, mn, mx, wmn, wmx)
		}
	}
}

// BenchmarkPositiveRange compares the scan with the plain loop
// (positiveRangeNaN, also the tests' reference) on a
// CPT-like table with a third of its entries zero: 8× faster.
func BenchmarkPositiveRange(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	tab := make([]float64, 1<<16)
	for i := range tab {
		if rng.IntN(3) > 0 {
			tab[i] = rng.Float64()
		}
	}
	b.Run("positiveRange", func(b *testing.B) {
		for b.Loop() {
			positiveRange(tab)
		}
	})
	b.Run("plain loop", func(b *testing.B) {
		for b.Loop() {
			positiveRangeNaN(tab)
		}
	})
}

// TestFactorRangeNotes checks that the ranges noted when a model is built
// serve its own tables only: a copy whose factor is replaced (as Intervene
// does) gets that factor scanned, not the original's note.
func TestFactorRangeNotes(t *testing.T) {
	net := &bn.Network{Name: "two", Variables: []*bn.Variable{
		{Name: "A", States: []string{"a0", "a1"}, CPT: []float64{0.25, 0.75}},
		{Name: "B", States: []string{"b0", "b1"}, Parents: []string{"A"}, CPT: []float64{0.5, 0.5, 1e-200, 1}},
	}}
	m, err := FromNetwork(net)
	if err != nil {
		t.Fatal(err)
	}
	check := func(m *Model, f int, wmn, wmx float64) {
		t.Helper()
		if mn, mx := m.factorRange(f); mn != wmn || mx != wmx {
			t.Errorf("factor %d: got (%g, %g), want (%g, %g)", f, mn, mx, wmn, wmx)
		}
	}
	check(m, 0, 0.25, 0.75)
	check(m, 1, 1e-200, 1)
	do, err := m.Intervene(map[int]int{1: 0})
	if err != nil {
		t.Fatal(err)
	}
	check(do, 0, 0.25, 0.75) // shared with m: the note holds
	check(do, 1, 1, 1)       // replaced by a point mass: scanned afresh
	cp := *m
	cp.Factors = []Factor{m.Factors[0], {Vars: m.Factors[1].Vars, Table: []float64{0.5, 0.5, 0.1, 0.9}}}
	check(&cp, 1, 0.1, 0.9)
	lit := &Model{Names: m.Names, States: m.States, Factors: m.Factors} // built without notes
	check(lit, 1, 1e-200, 1)
}
