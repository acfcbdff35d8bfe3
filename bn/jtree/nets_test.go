package jtree

import (
	"math"
	"math/rand/v2"
	"testing"

	"entente/bn"
)

// asiaNet is the chest-clinic network of Lauritzen & Spiegelhalter (1988),
// with the parameters of the bnlearn repository's asia.bif (yes before no).
func asiaNet() *bn.Network {
	yn := []string{"yes", "no"}
	v := func(name string, parents []string, cpt ...float64) *bn.Variable {
		return &bn.Variable{Name: name, States: yn, Parents: parents, CPT: cpt}
	}
	return &bn.Network{Name: "asia", Variables: []*bn.Variable{
		v("asia", nil, 0.01, 0.99),
		v("tub", []string{"asia"}, 0.05, 0.95, 0.01, 0.99),
		v("smoke", nil, 0.5, 0.5),
		v("lung", []string{"smoke"}, 0.1, 0.9, 0.01, 0.99),
		v("bronc", []string{"smoke"}, 0.6, 0.4, 0.3, 0.7),
		v("either", []string{"lung", "tub"}, 1, 0, 1, 0, 1, 0, 0, 1),
		v("xray", []string{"either"}, 0.98, 0.02, 0.05, 0.95),
		v("dysp", []string{"bronc", "either"}, 0.9, 0.1, 0.8, 0.2, 0.7, 0.3, 0.1, 0.9),
	}}
}

// mustModel converts a network or fails the test.
func mustModel(t testing.TB, net *bn.Network) *Model {
	t.Helper()
	m, err := FromNetwork(net)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// randomNet builds a random Bayesian network of n variables with 2–3
// states and up to maxPa parents drawn from earlier variables.
func randomNet(r *rand.Rand, n, maxPa int) *bn.Network {
	net := &bn.Network{Name: "random"}
	for i := 0; i < n; i++ {
		v := &bn.Variable{Name: string(rune('A' + i))}
		k := 2 + r.IntN(2)
		for s := 0; s < k; s++ {
			v.States = append(v.States, string(rune('a'+s)))
		}
		np := 0
		if i > 0 {
			np = r.IntN(min(maxPa, i) + 1)
		}
		rows := 1
		for _, p := range r.Perm(i)[:np] {
			v.Parents = append(v.Parents, net.Variables[p].Name)
			rows *= len(net.Variables[p].States)
		}
		for j := 0; j < rows; j++ {
			row := make([]float64, k)
			s := 0.0
			for x := range row {
				row[x] = r.Float64()
				if r.IntN(6) == 0 {
					row[x] = 0 // some zeros, as deterministic CPTs have
				}
				s += row[x]
			}
			if s == 0 {
				row[0], s = 1, 1
			}
			for x := range row {
				v.CPT = append(v.CPT, row[x]/s)
			}
		}
		net.Variables = append(net.Variables, v)
	}
	return net
}

// bruteForce enumerates every configuration of m: it returns the weighted
// sum Z (with evidence), all marginals and the best configuration with its
// log weight. It is the oracle for small models.
func bruteForce(m *Model, ev Evidence) (z float64, marg [][]float64, best []int, bestLog float64) {
	n := m.NumVars()
	marg = make([][]float64, n)
	for v := range marg {
		marg[v] = make([]float64, m.Card(v))
	}
	x := make([]int, n)
	bestLog = math.Inf(-1)
	for {
		w := 1.0
		for _, f := range m.Factors {
			idx := 0
			for _, v := range f.Vars {
				idx = idx*m.Card(v) + x[v]
			}
			w *= f.Table[idx]
		}
		for v, s := range ev.Hard {
			if x[v] != s {
				w = 0
			}
		}
		for v, l := range ev.Soft {
			w *= l[x[v]]
		}
		z += w
		for v := range marg {
			marg[v][x[v]] += w
		}
		if w > 0 && math.Log(w) > bestLog+1e-12 {
			bestLog = math.Log(w)
			best = append(best[:0], x...)
		}
		k := n - 1
		for ; k >= 0; k-- {
			x[k]++
			if x[k] < m.Card(k) {
				break
			}
			x[k] = 0
		}
		if k < 0 {
			break
		}
	}
	for v := range marg {
		for s := range marg[v] {
			marg[v][s] /= z
		}
	}
	return z, marg, best, bestLog
}

func closeTo(a, b, tol float64) bool { return math.Abs(a-b) <= tol }
