package jtree

import (
	"testing"

	"entente/bn"
)

// sprinklerNet is the confounded sprinkler network (Russell & Norvig,
// AIMA 3rd ed., Fig. 14.12): Cloudy causes both Sprinkler and Rain, which
// both wet the grass. States are true, false.
func sprinklerNet() *bn.Network {
	tf := []string{"true", "false"}
	v := func(name string, parents []string, cpt ...float64) *bn.Variable {
		return &bn.Variable{Name: name, States: tf, Parents: parents, CPT: cpt}
	}
	return &bn.Network{Name: "sprinkler", Variables: []*bn.Variable{
		v("Cloudy", nil, 0.5, 0.5),
		v("Sprinkler", []string{"Cloudy"}, 0.1, 0.9, 0.5, 0.5),
		v("Rain", []string{"Cloudy"}, 0.8, 0.2, 0.2, 0.8),
		v("WetGrass", []string{"Sprinkler", "Rain"}, 0.99, 0.01, 0.9, 0.1, 0.9, 0.1, 0, 1),
	}}
}

// TestDoDiffersFromObserve pins seeing versus doing on the sprinkler.
// By hand: observing Sprinkler=true, P(C|S) = 0.5·0.1/(0.5·0.1+0.5·0.5) = 1/6,
// P(R|S) = (0.5·0.1·0.8 + 0.5·0.5·0.2)/0.3 = 0.3, P(W|S) = 0.3·0.99 + 0.7·0.9
// = 0.927. Setting do(Sprinkler=true) leaves Cloudy at 0.5 and Rain at
// 0.5·0.8 + 0.5·0.2 = 0.5, so P(W|do(S)) = 0.5·0.99 + 0.5·0.9 = 0.945.
func TestDoDiffersFromObserve(t *testing.T) {
	m := mustModel(t, sprinklerNet())
	s, _ := m.Var("Sprinkler")
	tests := []struct {
		name         string
		do           bool
		cloudy, rain float64
		wet          float64
	}{
		{"observe", false, 1.0 / 6, 0.3, 0.927},
		{"do", true, 0.5, 0.5, 0.945},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mm, ev := m, Evidence{Hard: map[int]int{s: 0}}
			if tc.do {
				var err error
				if mm, err = m.Intervene(map[int]int{s: 0}); err != nil {
					t.Fatal(err)
				}
				ev = Evidence{}
			}
			e, err := NewEngine(mm, DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			p, err := e.Marginals(ev, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				name string
				want float64
			}{{"Cloudy", tc.cloudy}, {"Rain", tc.rain}, {"WetGrass", tc.wet}, {"Sprinkler", 1}} {
				v, _ := m.Var(c.name)
				if got := p.Marginals[v][0]; !closeTo(got, c.want, 1e-12) {
					t.Errorf("P(%s=true) = %.15g, want %.15g", c.name, got, c.want)
				}
			}
		})
	}
}
