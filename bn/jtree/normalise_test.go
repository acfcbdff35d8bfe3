package jtree

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestUnsafeCliquesLogZ: cliques whose product of factors could underflow
// are rescaled before their children's messages come in, and the scale must
// add to what the children passed up, not replace it. Random Markov models
// whose factors each hold one entry of 1e-120 (so a clique of three or more
// factors is "unsafe", see clique.safe) give ln Z and every marginal equal
// to enumeration; an earlier version lost the children's scales in ln Z
// (UAI 2014 PR CSP_11: log10 Z 7.86 instead of 13.56) while the marginals
// stayed right.
func TestUnsafeCliquesLogZ(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	interior := 0
	for trial := 0; trial < 40; trial++ {
		n := 6 + r.IntN(3)
		m := &Model{}
		for v := 0; v < n; v++ {
			k := 2 + r.IntN(2)
			states := make([]string, k)
			for s := range states {
				states[s] = string(rune('a' + s))
			}
			m.Names = append(m.Names, string(rune('A'+v)))
			m.States = append(m.States, states)
		}
		addFactor := func(vars ...int) {
			size := 1
			for _, v := range vars {
				size *= m.Card(v)
			}
			tab := make([]float64, size)
			for i := range tab {
				tab[i] = 0.5 + r.Float64()
			}
			tab[r.IntN(size)] = 1e-120
			m.Factors = append(m.Factors, Factor{Vars: vars, Table: tab})
		}
		for v := 0; v+1 < n; v++ {
			addFactor(v, v+1)
			addFactor(v)
		}
		for i := 0; i < 3; i++ {
			p := r.Perm(n)
			addFactor(p[0], p[1], p[2])
		}
		tr, err := Compile(m, Spec{}, DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range tr.cliques {
			if !c.safe && len(c.kids) > 0 {
				interior++
			}
		}
		z, marg, _, _ := bruteForce(m, Evidence{})
		res, err := tr.Propagate(Evidence{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !closeTo(res.LogZ, math.Log(z), 1e-9) {
			t.Errorf("trial %d: ln Z = %v, enumeration %v", trial, res.LogZ, math.Log(z))
		}
		for v := range marg {
			got, _ := res.Marginal(v)
			for s := range got {
				if !closeTo(got[s], marg[v][s], 1e-9) {
					t.Errorf("trial %d: P(%s=%d) = %v, enumeration %v", trial, m.Names[v], s, got[s], marg[v][s])
				}
			}
		}
	}
	if interior == 0 {
		t.Fatal("no unsafe clique with children in any trial: the test checks nothing")
	}
}

// TestReplacementTablesLogZ: Propagate with replacement tables (package dbn
// feeds beliefs this way, and every clique is then rescaled) gives the same
// P(evidence) as without when the replacements equal the model's tables.
func TestReplacementTablesLogZ(t *testing.T) {
	m := mustModel(t, asiaNet())
	dysp, _ := m.Var("dysp")
	ev := Evidence{Hard: map[int]int{dysp: 0}}
	tr, err := Compile(m, Spec{Observed: []int{dysp}}, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	tables := map[int][]float64{}
	for i, f := range m.Factors {
		tables[i] = f.Table
	}
	a, err := tr.Propagate(ev, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := tr.Propagate(ev, tables)
	if err != nil {
		t.Fatal(err)
	}
	if !closeTo(math.Exp(b.LogZ), 0.4359706, 1e-7) || !closeTo(a.LogZ, b.LogZ, 1e-12) {
		t.Errorf("P(dysp=yes) = %v with replacement tables, %v without; want 0.4359706", math.Exp(b.LogZ), math.Exp(a.LogZ))
	}
}
