package sensitivity

import (
	"math"
	"testing"

	"entente/bn"
	"entente/bn/jtree"
)

// sprinkler is the confounded sprinkler network of Russell & Norvig (AIMA
// 3rd ed., Fig. 14.12); states true, false.
func sprinkler(t *testing.T) *jtree.Model {
	tf := []string{"true", "false"}
	v := func(name string, parents []string, cpt ...float64) *bn.Variable {
		return &bn.Variable{Name: name, States: tf, Parents: parents, CPT: cpt}
	}
	m, err := jtree.FromNetwork(&bn.Network{Name: "sprinkler", Variables: []*bn.Variable{
		v("Cloudy", nil, 0.5, 0.5),
		v("Sprinkler", []string{"Cloudy"}, 0.1, 0.9, 0.5, 0.5),
		v("Rain", []string{"Cloudy"}, 0.8, 0.2, 0.2, 0.8),
		v("WetGrass", []string{"Sprinkler", "Rain"}, 0.99, 0.01, 0.9, 0.1, 0.9, 0.1, 0, 1),
	}})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestTornado: P(WetGrass=true) with each node set, computed by hand.
// do(Rain=t): P(S)=0.3, 0.3·0.99+0.7·0.9 = 0.927; do(Rain=f): 0.3·0.9 = 0.27.
// do(Sprinkler=t): P(R)=0.5, 0.5·0.99+0.5·0.9 = 0.945; do(S=f): 0.45.
// do(Cloudy=t): 0.1·0.8·0.99 + 0.1·0.2·0.9 + 0.9·0.8·0.9 = 0.7452;
// do(Cloudy=f): 0.5·0.2·0.99 + 0.5·0.8·0.9 + 0.5·0.2·0.9 = 0.549.
// Observing Sprinkler=false instead: P(R|¬S) = 0.41/0.7, P(W|¬S) = 0.9·0.41/0.7.
func TestTornado(t *testing.T) {
	m := sprinkler(t)
	w, _ := m.Var("WetGrass")
	c, _ := m.Var("Cloudy")
	s, _ := m.Var("Sprinkler")
	r, _ := m.Var("Rain")
	target := Target{Var: w, States: []int{0}}
	tor, err := TornadoOf(m, jtree.Evidence{}, target, []int{c, s, r}, Do, jtree.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if !near(tor.Base, 0.6471) {
		t.Errorf("base = %v, want 0.6471", tor.Base)
	}
	want := []struct {
		v         int
		low, high float64
	}{{r, 0.27, 0.927}, {s, 0.45, 0.945}, {c, 0.549, 0.7452}}
	for i, wb := range want {
		b := tor.Bars[i]
		if b.Var != wb.v || !near(b.Low, wb.low) || !near(b.High, wb.high) {
			t.Errorf("bar %d: %s [%v, %v], want %s [%v, %v]", i, m.Names[b.Var], b.Low, b.High, m.Names[wb.v], wb.low, wb.high)
		}
	}
	obs, err := TornadoOf(m, jtree.Evidence{}, target, []int{s}, Observe, jtree.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if b := obs.Bars[0]; !near(b.Probs[0], 0.927) || !near(b.Probs[1], 0.9*0.41/0.7) {
		t.Errorf("observe Sprinkler: %v, want [0.927 %v]", b.Probs, 0.9*0.41/0.7)
	}
	if got := DefaultNodes(m, w, jtree.Evidence{}); len(got) != 1 || got[0] != c {
		t.Errorf("default nodes = %v, want [Cloudy]", got)
	}
}

// TestVOI: I(Rain; WetGrass) by hand. P(S=t|R=t) = 0.09/0.5 = 0.18 so
// P(W|R=t) = 0.18·0.99 + 0.82·0.9 = 0.9162; P(S=t|R=f) = 0.21/0.5 = 0.42 so
// P(W|R=f) = 0.378; P(R=t) = 0.5 and P(W) = 0.6471.
func TestVOI(t *testing.T) {
	m := sprinkler(t)
	w, _ := m.Var("WetGrass")
	r, _ := m.Var("Rain")
	h, infos, err := VOI(m, jtree.Evidence{}, w, nil, jtree.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if !near(h, hb(0.6471)) {
		t.Errorf("H(W) = %v, want %v", h, hb(0.6471))
	}
	wantMI := hb(0.6471) - 0.5*hb(0.9162) - 0.5*hb(0.378)
	var got *Info
	for i := range infos {
		if infos[i].Var == r {
			got = &infos[i]
		}
	}
	if got == nil || !near(got.MI, wantMI) || !near(got.Share, wantMI/hb(0.6471)) {
		t.Fatalf("I(Rain;W) = %+v, want MI %v", got, wantMI)
	}
	for i := 1; i < len(infos); i++ {
		if infos[i].MI > infos[i-1].MI {
			t.Errorf("not ranked: %+v", infos)
		}
	}
}

func hb(p float64) float64 { return -p*math.Log2(p) - (1-p)*math.Log2(1-p) }

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }
