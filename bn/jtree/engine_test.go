package jtree

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"entente/bn"
)

// TestAsia checks the chest clinic against bn-reference/computed/asia.json
// (independent exact variable elimination; values printed to 10 significant
// digits) for the evidence dysp=yes.
func TestAsia(t *testing.T) {
	m := mustModel(t, asiaNet())
	e, err := NewEngine(m, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	dysp, _ := m.Var("dysp")
	p, err := e.Marginals(Evidence{Hard: map[int]int{dysp: 0}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := math.Exp(p.LogPE), 0.4359706; !closeTo(got, want, 1e-9) {
		t.Errorf("P(dysp=yes) = %.10f, want %.10f", got, want)
	}
	want := map[string]float64{ // P(name=yes | dysp=yes), asia.json case 1
		"asia": 0.01032495081, "tub": 0.01884530746, "smoke": 0.6339968796,
		"lung": 0.1027592228, "bronc": 0.8339673363, "either": 0.1205358343,
		"xray": 0.1620983259, "dysp": 1,
	}
	for name, w := range want {
		v, _ := m.Var(name)
		if got := p.Marginals[v][0]; !closeTo(got, w, 1e-9) {
			t.Errorf("P(%s=yes | dysp=yes) = %.10f, want %.10f", name, got, w)
		}
	}
}

// TestRandomAgainstEnumeration compares every query kind with brute-force
// enumeration on random networks with random hard and soft evidence.
func TestRandomAgainstEnumeration(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 60; trial++ {
		net := randomNet(r, 4+r.IntN(7), 1+r.IntN(4))
		m := mustModel(t, net)
		e, err := NewEngine(m, DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		ev := Evidence{Hard: map[int]int{}, Soft: map[int][]float64{}}
		for _, v := range r.Perm(m.NumVars())[:r.IntN(3)] {
			ev.Hard[v] = r.IntN(m.Card(v))
		}
		if r.IntN(2) == 0 {
			v := r.IntN(m.NumVars())
			l := make([]float64, m.Card(v))
			for i := range l {
				l[i] = 0.1 + r.Float64()
			}
			ev.Soft[v] = l
		}
		z, marg, best, bestLog := bruteForce(m, ev)
		p, err := e.Marginals(ev, nil)
		if z == 0 {
			if !errors.Is(err, ErrImpossibleEvidence) {
				t.Fatalf("trial %d: zero-probability evidence gave err=%v", trial, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		if !closeTo(p.LogPE, math.Log(z), 1e-10) {
			t.Errorf("trial %d: ln P(e) = %v, enumeration %v", trial, p.LogPE, math.Log(z))
		}
		for v := range marg {
			for s := range marg[v] {
				if !closeTo(p.Marginals[v][s], marg[v][s], 1e-10) {
					t.Errorf("trial %d: P(%s=%d|e) = %v, enumeration %v", trial, m.Names[v], s, p.Marginals[v][s], marg[v][s])
				}
			}
		}
		// Targeted query (pruned to ancestors) agrees with the full one.
		tv := r.IntN(m.NumVars())
		q, err := e.Marginals(ev, []int{tv})
		if err != nil {
			t.Fatal(err)
		}
		for s := range marg[tv] {
			if !closeTo(q.Marginals[tv][s], marg[tv][s], 1e-10) {
				t.Errorf("trial %d: pruned P(%s=%d|e) = %v, enumeration %v", trial, m.Names[tv], s, q.Marginals[tv][s], marg[tv][s])
			}
		}
		if !closeTo(q.LogPE, math.Log(z), 1e-10) {
			t.Errorf("trial %d: pruned ln P(e) = %v, enumeration %v", trial, q.LogPE, math.Log(z))
		}
		// MPE: same weight as the enumerated optimum.
		x, lp, err := e.MPE(ev)
		if err != nil {
			t.Fatal(err)
		}
		if !closeTo(lp, bestLog, 1e-9) {
			t.Errorf("trial %d: MPE ln weight %v, enumeration %v (%v vs %v)", trial, lp, bestLog, x, best)
		}
		w := m.LogProb(x)
		for v, l := range ev.Soft {
			w += math.Log(l[x[v]])
		}
		if !closeTo(w, bestLog, 1e-9) {
			t.Errorf("trial %d: MPE configuration %v has ln weight %v, want %v", trial, x, w, bestLog)
		}
		// Joint of two variables against enumeration.
		if m.NumVars() >= 2 {
			perm := r.Perm(m.NumVars())
			a, b := perm[0], perm[1]
			j, _, err := e.Joint(ev, []int{a, b})
			if err != nil {
				t.Fatal(err)
			}
			want := jointBrute(m, ev, a, b)
			for i := range want {
				if !closeTo(j[i], want[i], 1e-10) {
					t.Errorf("trial %d: joint(%s,%s)[%d] = %v, enumeration %v", trial, m.Names[a], m.Names[b], i, j[i], want[i])
				}
			}
		}
	}
}

// jointBrute is P(a, b | e) by enumeration, b fastest.
func jointBrute(m *Model, ev Evidence, a, b int) []float64 {
	out := make([]float64, m.Card(a)*m.Card(b))
	for s := 0; s < m.Card(a); s++ {
		h := Evidence{Hard: map[int]int{}, Soft: ev.Soft}
		for v, x := range ev.Hard {
			h.Hard[v] = x
		}
		if x, ok := h.Hard[a]; ok && x != s {
			continue
		}
		h.Hard[a] = s
		z, marg, _, _ := bruteForce(m, h)
		if z == 0 {
			continue
		}
		for u := 0; u < m.Card(b); u++ {
			out[s*m.Card(b)+u] = z * marg[b][u]
		}
	}
	normalise(out)
	return out
}

// TestMarkovAgainstEnumeration runs random pairwise-and-triple Markov
// models (factors not normalised, two components) against enumeration.
func TestMarkovAgainstEnumeration(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 30; trial++ {
		n := 4 + r.IntN(6)
		m := &Model{}
		for i := 0; i < n; i++ {
			m.Names = append(m.Names, string(rune('A'+i)))
			m.States = append(m.States, []string{"0", "1", "2"}[:2+r.IntN(2)])
		}
		for f := 0; f < n; f++ {
			k := 1 + r.IntN(3)
			scope := r.Perm(n)[:k]
			size := 1
			for _, v := range scope {
				size *= m.Card(v)
			}
			tab := make([]float64, size)
			for i := range tab {
				tab[i] = 50 * r.Float64()
			}
			m.Factors = append(m.Factors, Factor{Vars: scope, Table: tab})
		}
		e, err := NewEngine(m, DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		ev := Evidence{Hard: map[int]int{r.IntN(n): 0}}
		z, marg, _, bestLog := bruteForce(m, ev)
		p, err := e.Marginals(ev, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !closeTo(p.LogPE, math.Log(z), 1e-9) {
			t.Errorf("trial %d: ln Z = %v, enumeration %v", trial, p.LogPE, math.Log(z))
		}
		for v := range marg {
			for s := range marg[v] {
				if !closeTo(p.Marginals[v][s], marg[v][s], 1e-10) {
					t.Errorf("trial %d: P(%d=%d) = %v, want %v", trial, v, s, p.Marginals[v][s], marg[v][s])
				}
			}
		}
		if _, lp, err := e.MPE(ev); err != nil || !closeTo(lp, bestLog, 1e-9) {
			t.Errorf("trial %d: MPE ln weight %v (err %v), want %v", trial, lp, err, bestLog)
		}
	}
}

// TestTooLarge: the memory bound refuses before allocating and names the
// sizes.
func TestTooLarge(t *testing.T) {
	m := mustModel(t, asiaNet())
	_, err := Compile(m, Spec{}, Options{MaxEntries: 10})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	st, err := Plan(m, Spec{}, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	// Asia's optimal triangulation has cliques of 3 binary variables.
	if st.Treewidth != 2 || st.LargestClique != 8 {
		t.Errorf("asia: treewidth %d, largest clique %d entries; want 2 and 8", st.Treewidth, st.LargestClique)
	}
}

// TestImpossibleEvidence: contradictory evidence is an error, not NaN.
func TestImpossibleEvidence(t *testing.T) {
	m := mustModel(t, asiaNet())
	e, _ := NewEngine(m, DefaultOptions())
	either, _ := m.Var("either")
	lung, _ := m.Var("lung")
	_, err := e.Marginals(Evidence{Hard: map[int]int{either: 1, lung: 0}}, nil)
	if !errors.Is(err, ErrImpossibleEvidence) {
		t.Fatalf("err = %v, want ErrImpossibleEvidence", err)
	}
}

// TestMarkovWideFactors: 12–16 binary variables, 4-ary factors with zeros,
// up to 5 observed variables (so whole scopes are absorbed into constants),
// against enumeration.
func TestMarkovWideFactors(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	for trial := 0; trial < 20; trial++ {
		n := 12 + r.IntN(5)
		m := &Model{}
		for i := 0; i < n; i++ {
			m.Names = append(m.Names, string(rune('A'+i)))
			m.States = append(m.States, []string{"0", "1"})
		}
		for f := 0; f < 2*n; f++ {
			k := 1 + r.IntN(4)
			scope := r.Perm(n)[:k]
			tab := make([]float64, 1<<k)
			for i := range tab {
				tab[i] = 0.1 + r.Float64()
				if r.IntN(8) == 0 {
					tab[i] = 0
				}
			}
			m.Factors = append(m.Factors, Factor{Vars: scope, Table: tab})
		}
		ev := Evidence{Hard: map[int]int{}}
		for _, v := range r.Perm(n)[:r.IntN(6)] {
			ev.Hard[v] = r.IntN(2)
		}
		z, marg, _, _ := bruteForce(m, ev)
		e, _ := NewEngine(m, DefaultOptions())
		p, err := e.Marginals(ev, nil)
		if z == 0 {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(p.LogPE-math.Log(z)) > 1e-9 {
			t.Errorf("trial %d: %v vs %v", trial, p.LogPE, math.Log(z))
		}
		for v := range marg {
			if math.Abs(p.Marginals[v][0]-marg[v][0]) > 1e-9 {
				t.Errorf("trial %d marg %d", trial, v)
			}
		}
	}
}

// TestJointStoredCliques: after propagation without evidence some cliques'
// tables are not stored (the distribute pass builds them in scratch tiles).
// Result.Joint must then give the right joint for a Together set, and for
// any other pair either the right joint or an error, never a table read
// from an unstored clique.
func TestJointStoredCliques(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	refused := 0
	for trial := 0; trial < 60; trial++ {
		m := mustModel(t, randomNet(r, 5+r.IntN(6), 1+r.IntN(3)))
		a, b := r.IntN(m.NumVars()), r.IntN(m.NumVars())
		if a == b {
			continue
		}
		want := jointBrute(m, Evidence{}, a, b)
		for _, together := range []bool{true, false} {
			spec := Spec{}
			if together {
				spec.Together = [][]int{{a, b}}
			}
			tr, err := Compile(m, spec, DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			res, err := tr.Propagate(Evidence{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			j, err := res.Joint([]int{a, b})
			if err != nil {
				if together {
					t.Fatalf("trial %d: Together joint: %v", trial, err)
				}
				refused++
				continue
			}
			for i := range want {
				if !closeTo(j[i], want[i], 1e-10) {
					t.Fatalf("trial %d (together %v): joint[%d] = %v, enumeration %v", trial, together, i, j[i], want[i])
				}
			}
		}
	}
	t.Logf("%d pairs outside a Together set refused", refused)
}

// TestUnsafeUnitCliques: a clique whose factors could underflow is
// normalised before its messages come in; when such a clique sends a unit
// message and so is built in the distribute pass, and has no child
// message to multiply in, that leaves nothing to sweep after the
// normalisation. Chains with CPT entries of 1e-300 build such cliques;
// every marginal is P(X0) = (0.4, 0.6) to within 1e-300.
func TestUnsafeUnitCliques(t *testing.T) {
	tiny := 1e-300
	for n := 2; n <= 5; n++ {
		net := &bn.Network{Name: "chain"}
		for i := 0; i < n; i++ {
			v := &bn.Variable{Name: fmt.Sprintf("X%d", i), States: []string{"a", "b"}, CPT: []float64{0.4, 0.6}}
			if i > 0 {
				v.Parents = []string{fmt.Sprintf("X%d", i-1)}
				v.CPT = []float64{1 - tiny, tiny, tiny, 1 - tiny}
			}
			net.Variables = append(net.Variables, v)
		}
		m := mustModel(t, net)
		tr, err := Compile(m, Spec{}, DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		res, err := tr.Propagate(Evidence{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for v := 0; v < m.NumVars(); v++ {
			got, err := res.Marginal(v)
			if err != nil {
				t.Fatal(err)
			}
			want := []float64{0.4, 0.6}
			for s := range got {
				if !closeTo(got[s], want[s], 1e-12) {
					t.Errorf("chain of %d, X%d: P(%d) = %v, want %v", n, v, s, got[s], want[s])
				}
			}
		}
	}
}
