package yamlmodel

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"

	"entente/bn"
)

const example = `name: sino-russian
why: "test model"
source: "hand written"
nodes:
  - name: UkraineWar
    states: [russia_prevails, stalemate, russia_loses]
    why: "the war drives dependence"
    source: "essay"
    table:
      why: "even odds"
      source: "guess"
      probs: [0.25, 0.5, 0.25]
  - name: Sanctions
    states: [eased, tightened]
    good: [eased]
    table:
      probs: [0.3, 0.7]
  - name: RussianDependence
    states: [low, medium, high]
    parents: [UkraineWar, Sanctions]
    table:
      rows:
        - when: {UkraineWar: russia_prevails, Sanctions: eased}
          probs: [0.5, 0.3, 0.2]
          why: "victory frees Russia"
        - when: {Sanctions: tightened, UkraineWar: russia_loses}
          probs: [0.1, 0.2, 0.7]
      default: [0.2, 0.5, 0.3]
  - name: Dependence
    states: [low, medium, high]
    parents: [RussianDependence, Sanctions]
    table:
      ranked:
        function: wmean
        variance: 0.05
        parents:
          - {name: Sanctions, reverse: true}
          - {name: RussianDependence, weight: 2}
  - name: Rupture
    states: [none, strain, break]
    parents: [Dependence, Sanctions]
    table:
      noisymax:
        leak: [0.9, 0.1, 0]
        parents:
          - name: Dependence
            base: high
            states:
              low: [0.2, 0.5, 0.3]
              medium: [0.6, 0.4, 0]
          - name: Sanctions
            states:
              tightened: [0.5, 0.3, 0.2]
  - name: WarBefore
    states: [russia_prevails, stalemate, russia_loses]
    previous: UkraineWar
    table:
      probs: [0.2, 0.6, 0.2]
`

func read(t *testing.T, src string) *bn.Network {
	t.Helper()
	n, err := Read(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func near(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s = %v, want %v", what, got, want)
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > tol {
			t.Errorf("%s = %v, want %v (±%g)", what, got, want, tol)
			return
		}
	}
}

func TestRowsAndDefault(t *testing.T) {
	n := read(t, example)
	d := n.Var("RussianDependence")
	cards := []int{3, 2}
	near(t, "row (russia_prevails, eased)", d.Row(bn.ConfigIndex(cards, []int{0, 0})), []float64{0.5, 0.3, 0.2}, 0)
	near(t, "row (russia_loses, tightened)", d.Row(bn.ConfigIndex(cards, []int{2, 1})), []float64{0.1, 0.2, 0.7}, 0)
	near(t, "row (stalemate, eased) from default", d.Row(bn.ConfigIndex(cards, []int{1, 0})), []float64{0.2, 0.5, 0.3}, 0)
	if n.Var("UkraineWar").TableWhy != "even odds" || n.Var("UkraineWar").Why != "the war drives dependence" {
		t.Error("why texts lost")
	}
	if n.Var("WarBefore").Previous != "UkraineWar" {
		t.Error("previous lost")
	}
	if g := n.Var("Sanctions").Good; len(g) != 1 || g[0] != "eased" {
		t.Errorf("good states %v, want [eased]", g)
	}
}

// TestRankedWorked checks the doc.go example against a hand computation
// (Python math.erf): μ = (2·5/6 + 1/4)/3 = 0.638889, σ² = 0.05.
func TestRankedWorked(t *testing.T) {
	n := read(t, example)
	v := n.Var("Dependence")
	row := v.Row(bn.ConfigIndex([]int{3, 2}, []int{2, 1})) // RussianDependence=high, Sanctions=tightened
	near(t, "wmean row", row, []float64{0.08865900168784004, 0.4906723097916551, 0.42066868852050476}, 1e-12)

	spec := &Ranked{Variance: 0.05, Parents: []RankedParent{{Name: "A", Weight: 2}, {Name: "B", Reverse: true}}}
	for _, tc := range []struct {
		fn   string
		want []float64
	}{
		// A=low (1/6), B=eased (1/4 → 3/4): wmin = (2/6 + 3/4)/3 = 0.361111,
		// wmax = (3/4 + 1/6)/2 = 0.458333.
		{"wmin", []float64{0.4206686885205046, 0.4906723097916552, 0.08865900168784022}},
		{"wmax", []float64{0.2755692342164671, 0.551569099341245, 0.17286166644228787}},
	} {
		spec.Function = tc.fn
		cpt, err := spec.expand(3, []int{3, 2})
		if err != nil {
			t.Fatal(err)
		}
		near(t, tc.fn, cpt[:3], tc.want, 1e-12)
	}
	// One parent in its lowest state, σ² = 0.01: μ = 1/6.
	one := &Ranked{Variance: 0.01, Parents: []RankedParent{{Name: "A"}}}
	cpt, _ := one.expand(3, []int{3})
	near(t, "single parent", cpt[:3], []float64{0.9498111026422755, 0.05018859631942636, 3.010382981276415e-07}, 1e-12)
}

// TestNoisyMaxWorked checks noisy-MAX against hand computation.
func TestNoisyMaxWorked(t *testing.T) {
	// Henrion's leaky noisy-OR: leak 0.1, p_A = 0.8, p_B = 0.6.
	// P(absent | A, B) = 0.9·0.2·0.4 = 0.072; (A only) 0.18; (B only) 0.36; (none) 0.9.
	or := &NoisyMax{Leak: []float64{0.9, 0.1}, Parents: []NoisyMaxParent{
		{Name: "A", States: map[string][]float64{"t": {0.2, 0.8}}},
		{Name: "B", States: map[string][]float64{"t": {0.4, 0.6}}},
	}}
	cpt, err := or.expand(2, [][]string{{"f", "t"}, {"f", "t"}})
	if err != nil {
		t.Fatal(err)
	}
	near(t, "noisy-OR", cpt, []float64{0.9, 0.1, 0.36, 0.64, 0.18, 0.82, 0.072, 0.928}, 1e-15)

	// doc.go example without leak: Energy=yes and Military=strong.
	max := &NoisyMax{Parents: []NoisyMaxParent{
		{Name: "Military", States: map[string][]float64{"some": {0.6, 0.4, 0}, "strong": {0.2, 0.5, 0.3}}},
		{Name: "Energy", States: map[string][]float64{"yes": {0.5, 0.3, 0.2}}},
	}}
	cpt, err = max.expand(3, [][]string{{"none", "some", "strong"}, {"no", "yes"}})
	if err != nil {
		t.Fatal(err)
	}
	near(t, "strong, yes", cpt[15:18], []float64{0.1, 0.46, 0.44}, 1e-15)
	near(t, "some, yes", cpt[9:12], []float64{0.3, 0.5, 0.2}, 1e-15)
	near(t, "none, no", cpt[0:3], []float64{1, 0, 0}, 0)

	// In the example model Dependence's base is "high" (its last state):
	// Dependence=high, Sanctions=eased is the leak alone.
	n := read(t, example)
	near(t, "leak row", n.Var("Rupture").Row(bn.ConfigIndex([]int{3, 2}, []int{2, 0})), []float64{0.9, 0.1, 0}, 1e-15)
}

func TestRoundTrip(t *testing.T) {
	n := read(t, example)
	var buf bytes.Buffer
	if err := Write(&buf, n); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"ranked:", "noisymax:", "default: [0.2, 0.5, 0.3]", "why: victory frees Russia", "previous: UkraineWar", "source: guess", "good: [eased]"} {
		if !strings.Contains(out, want) {
			t.Errorf("written model lacks %q:\n%s", want, out)
		}
	}
	back := read(t, out)
	if d := bn.Diff(n, back, 0, true); len(d) != 0 {
		t.Errorf("round trip differs: %v\n%s", d, out)
	}
	// An edited CPT wins over the stale spec: full rows are written.
	n.Var("Dependence").CPT[0] = 0.5
	n.Var("Dependence").CPT[1] = 0.5 - n.Var("Dependence").CPT[2]
	buf.Reset()
	if err := Write(&buf, n); err != nil {
		t.Fatal(err)
	}
	back = read(t, buf.String())
	if back.Var("Dependence").Elicitation != nil {
		if _, ok := back.Var("Dependence").Elicitation.(*Rows); !ok {
			t.Errorf("edited table written as %T, want rows", back.Var("Dependence").Elicitation)
		}
	}
	if d := bn.Diff(n, back, 0, false); len(d) != 0 {
		t.Errorf("after edit, round trip differs: %v", d)
	}
}

func TestReadErrors(t *testing.T) {
	head := "name: m\nnodes:\n  - name: A\n    states: [a0, a1]\n    table: {probs: [0.5, 0.5]}\n"
	tests := []struct{ name, src, want string }{
		{"missing row", head + "  - name: B\n    states: [b0, b1]\n    parents: [A]\n    table:\n      rows:\n        - when: {A: a0}\n          probs: [1, 0]\n",
			`line 6: node "B": no row for A=a1`},
		{"unknown key", head + "  - name: B\n    states: [b0]\n    parnets: [A]\n    table: {probs: [1]}\n", `field parnets not found`},
		{"row sum", "name: m\nnodes:\n  - name: A\n    states: [a0, a1]\n    table: {probs: [0.5, 0.6]}\n", `line 3: node "A": row for no parents sums to 1.1`},
		{"cycle", "name: m\nnodes:\n  - name: A\n    states: [a]\n    parents: [B]\n    table: {rows: [{when: {B: b}, probs: [1]}]}\n  - name: B\n    states: [b]\n    parents: [A]\n    table: {rows: [{when: {A: a}, probs: [1]}]}\n", `cycle A -> B -> A`},
		{"bad state", head + "  - name: B\n    states: [b0]\n    parents: [A]\n    table:\n      rows: [{when: {A: a9}, probs: [1]}]\n", `"a9" is not a state of "A"`},
		{"two forms", "name: m\nnodes:\n  - name: A\n    states: [a]\n    table: {probs: [1], rows: []}\n", `exactly one of probs, rows, ranked, noisymax`},
		{"probs with parents", head + "  - name: B\n    states: [b0]\n    parents: [A]\n    table: {probs: [1]}\n", `table.probs is for nodes without parents`},
		{"ranked missing parent", head + "  - name: B\n    states: [b0]\n    parents: [A]\n    table: {ranked: {variance: 0.1, parents: []}}\n", `ranked: parent "A" is missing`},
		{"ranked variance", head + "  - name: B\n    states: [b0]\n    parents: [A]\n    table: {ranked: {variance: 0, parents: [{name: A}]}}\n", `variance must be a positive number`},
		{"noisymax missing state", head + "  - name: B\n    states: [b0, b1]\n    parents: [A]\n    table: {noisymax: {parents: [{name: A, states: {}}]}}\n", `no distribution for its state "a1"`},
		{"duplicate node", head + "  - name: A\n    states: [a]\n    table: {probs: [1]}\n", `line 6: node "A": defined twice`},
		{"no table", "name: m\nnodes:\n  - name: A\n    states: [a]\n", `line 3: node "A": no table`},
		{"empty", "", "empty file"},
		{"not yaml", "name: [", "did not find expected node content"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Read: %v, want %q", err, tc.want)
			}
		})
	}
	_, err := Read(strings.NewReader("name: m\nnodes:\n  - name: A\n    states: [a, a]\n    table: {probs: [0.5, 0.5]}\n"))
	var ye *Error
	if !errors.As(err, &ye) || ye.Node != "A" || ye.Line != 3 {
		t.Errorf("duplicate state: %v, want *Error at line 3 for A", err)
	}
}

func FuzzRead(f *testing.F) {
	f.Add(example)
	f.Add("name: m\nnodes:\n  - name: A\n    states: [a0, a1]\n    table: {probs: [0.5, 0.5]}\n")
	f.Add("nodes: [{name: A, states: [a], table: {noisymax: {parents: []}}}]")
	f.Fuzz(func(t *testing.T, src string) {
		n, err := Read(strings.NewReader(src))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := Write(&buf, n); err != nil {
			t.Fatal(err)
		}
		back, err := Read(&buf)
		if err != nil {
			t.Fatalf("read back: %v\n%s", err, buf.String())
		}
		if d := bn.Diff(n, back, 0, true); len(d) != 0 {
			t.Fatalf("round trip differs: %v\n%s", d, buf.String())
		}
	})
}
