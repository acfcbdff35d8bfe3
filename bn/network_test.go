package bn

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

// asia builds Lauritzen & Spiegelhalter's (1988) chest-clinic network as
// bnlearn publishes it (asia.bif): 8 nodes, 8 arcs.
func asia(t testing.TB) *Network {
	t.Helper()
	n := New("asia")
	yn := []string{"yes", "no"}
	for _, v := range []*Variable{
		{Name: "asia", States: yn, CPT: []float64{0.01, 0.99}},
		{Name: "tub", States: yn, Parents: []string{"asia"}, CPT: []float64{0.05, 0.95, 0.01, 0.99}},
		{Name: "smoke", States: yn, CPT: []float64{0.5, 0.5}},
		{Name: "lung", States: yn, Parents: []string{"smoke"}, CPT: []float64{0.1, 0.9, 0.01, 0.99}},
		{Name: "bronc", States: yn, Parents: []string{"smoke"}, CPT: []float64{0.6, 0.4, 0.3, 0.7}},
		{Name: "either", States: yn, Parents: []string{"lung", "tub"}, CPT: []float64{1, 0, 1, 0, 1, 0, 0, 1}},
		{Name: "xray", States: yn, Parents: []string{"either"}, CPT: []float64{0.98, 0.02, 0.05, 0.95}},
		{Name: "dysp", States: yn, Parents: []string{"bronc", "either"}, CPT: []float64{0.9, 0.1, 0.8, 0.2, 0.7, 0.3, 0.1, 0.9}},
	} {
		if err := n.Add(v); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

func TestAsiaValid(t *testing.T) {
	n := asia(t)
	if err := n.Validate(); err != nil {
		t.Fatal(err)
	}
	if n.Len() != 8 || n.Arcs() != 8 {
		t.Errorf("asia: %d nodes %d arcs, want 8 and 8 (bnlearn repository)", n.Len(), n.Arcs())
	}
	if i, ok := n.Index("either"); !ok || i != 5 {
		t.Errorf("Index(either) = %d, %v; want 5, true", i, ok)
	}
	if n.Var("nope") != nil {
		t.Error("Var(nope) should be nil")
	}
	order, err := n.TopoOrder()
	if err != nil {
		t.Fatal(err)
	}
	// DFS over parents in file order: asia, tub, smoke, lung, bronc, either, xray, dysp.
	if want := []int{0, 1, 2, 3, 4, 5, 6, 7}; !slices.Equal(order, want) {
		t.Errorf("TopoOrder = %v, want %v", order, want)
	}
}

func TestTopoOrderParentsFirst(t *testing.T) {
	n := New("rev")
	for _, v := range []*Variable{
		{Name: "C", States: []string{"a"}, Parents: []string{"B"}, CPT: []float64{1}},
		{Name: "B", States: []string{"a"}, Parents: []string{"A"}, CPT: []float64{1}},
		{Name: "A", States: []string{"a"}, CPT: []float64{1}},
	} {
		n.Add(v)
	}
	order, err := n.TopoOrder()
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{2, 1, 0}; !slices.Equal(order, want) {
		t.Errorf("TopoOrder = %v, want %v", order, want)
	}
}

func TestAddDuplicate(t *testing.T) {
	n := asia(t)
	err := n.Add(&Variable{Name: "asia", States: []string{"a"}})
	if !errors.Is(err, ErrDuplicateVariable) {
		t.Fatalf("Add duplicate: %v, want ErrDuplicateVariable", err)
	}
	if err := n.Add(nil); err == nil {
		t.Error("Add(nil) should fail")
	}
}

func TestIndexAfterDirectEdit(t *testing.T) {
	n := asia(t)
	n.Variables = n.Variables[1:] // callers may edit the slice directly
	if i, ok := n.Index("tub"); !ok || i != 0 {
		t.Errorf("Index(tub) after edit = %d, %v; want 0, true", i, ok)
	}
	if _, ok := n.Index("asia"); ok {
		t.Error("Index(asia) after removal should be false")
	}
}

func TestValidateErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(n *Network)
		kind error
		node string
		msg  string // substring of the message
	}{
		{"cycle", func(n *Network) {
			n.Var("asia").Parents = []string{"xray"}
			n.Var("asia").CPT = []float64{0.5, 0.5, 0.5, 0.5}
		},
			ErrCycle, "asia", "cycle asia -> tub -> either -> xray -> asia"},
		{"self loop", func(n *Network) {
			n.Var("smoke").Parents = []string{"smoke"}
			n.Var("smoke").CPT = []float64{0.5, 0.5, 0.5, 0.5}
		},
			ErrCycle, "smoke", "cycle smoke -> smoke"},
		{"row sum", func(n *Network) { n.Var("dysp").CPT[4] = 0.6 },
			ErrRowSum, "dysp", "row for bronc=no, either=yes sums to 0.9"},
		{"row sum within tolerance passes", func(n *Network) { n.Var("dysp").CPT[4] = 0.7 + 5e-7 },
			nil, "", ""},
		{"table size", func(n *Network) { n.Var("dysp").CPT = n.Var("dysp").CPT[:6] },
			ErrTableSize, "dysp", "CPT has 6 entries, expected 8 (2 states × 4 parent configurations)"},
		{"unknown parent", func(n *Network) { n.Var("xray").Parents = []string{"ether"} },
			ErrUnknownParent, "xray", `parent "ether" is not a variable`},
		{"duplicate parent", func(n *Network) { n.Var("xray").Parents = []string{"either", "either"} },
			ErrDuplicateParent, "xray", `parent "either" listed twice`},
		{"duplicate state", func(n *Network) { n.Var("smoke").States = []string{"yes", "yes"} },
			ErrDuplicateState, "smoke", `state "yes" listed twice`},
		{"duplicate variable", func(n *Network) { n.Variables = append(n.Variables, n.Var("smoke").Clone()) },
			ErrDuplicateVariable, "smoke", "defined twice"},
		{"negative probability", func(n *Network) { n.Var("asia").CPT = []float64{-0.5, 1.5} },
			ErrBadProbability, "asia", "P(asia=yes | no parents) = -0.5"},
		{"no states", func(n *Network) { n.Var("asia").States = nil },
			ErrNoStates, "asia", "no states"},
		{"previous with parents", func(n *Network) { n.Var("tub").Previous = "smoke" },
			ErrPrevious, "tub", "must have no parents"},
		{"previous unknown", func(n *Network) { n.Var("asia").Previous = "Asia" },
			ErrPrevious, "asia", `"Asia", which is not a variable`},
		{"previous ok", func(n *Network) { n.Var("asia").Previous = "smoke" },
			nil, "", ""},
		{"good state unknown", func(n *Network) { n.Var("dysp").Good = []string{"no", "maybe"} },
			ErrGoodState, "dysp", `good state "maybe" is not one of its states`},
		{"good state twice", func(n *Network) { n.Var("dysp").Good = []string{"no", "no"} },
			ErrGoodState, "dysp", `good state "no" listed twice`},
		{"good ok", func(n *Network) { n.Var("dysp").Good = []string{"no"} },
			nil, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := asia(t)
			tc.edit(n)
			err := n.Validate()
			if tc.kind == nil {
				if err != nil {
					t.Fatalf("Validate: %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, tc.kind) {
				t.Fatalf("Validate: %v, want kind %v", err, tc.kind)
			}
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.Node != tc.node {
				t.Fatalf("Validate: %v, want node %q", err, tc.node)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("Validate: %q, want it to contain %q", err, tc.msg)
			}
		})
	}
}

func TestTopoOrderCycle(t *testing.T) {
	n := asia(t)
	n.Var("asia").Parents = []string{"xray"}
	_, err := n.TopoOrder()
	if !errors.Is(err, ErrCycle) || !strings.Contains(err.Error(), "asia -> tub -> either -> xray -> asia") {
		t.Errorf("TopoOrder: %v, want the cycle named", err)
	}
}

func TestConfigs(t *testing.T) {
	cards := []int{2, 3}
	var got [][]int
	it := NewConfigs(cards)
	for it.Next() {
		if ConfigIndex(cards, it.At()) != it.Index() {
			t.Errorf("ConfigIndex(%v) = %d, iterator at %d", it.At(), ConfigIndex(cards, it.At()), it.Index())
		}
		if back := ConfigAt(cards, it.Index(), make([]int, 2)); !slices.Equal(back, it.At()) {
			t.Errorf("ConfigAt(%d) = %v, want %v", it.Index(), back, it.At())
		}
		got = append(got, slices.Clone(it.At()))
	}
	// Last parent fastest (bn.Variable layout comment).
	want := [][]int{{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("configs = %v, want %v", got, want)
	}
	n := 0
	for it := NewConfigs(nil); it.Next(); {
		n++
	}
	if n != 1 {
		t.Errorf("no parents: %d configurations, want 1", n)
	}
	if NumConfigs([]int{2, 3, 4}) != 24 || NumConfigs([]int{maxInt, 2}) != -1 {
		t.Error("NumConfigs wrong")
	}
}

func TestCloneIsDeep(t *testing.T) {
	n := asia(t)
	c := n.Clone()
	if d := Diff(n, c, 0, true); len(d) != 0 {
		t.Fatalf("clone differs: %v", d)
	}
	c.Var("asia").CPT[0] = 0.5
	c.Var("tub").Parents[0] = "x"
	c.Var("smoke").States[0] = "y"
	if n.Var("asia").CPT[0] != 0.01 || n.Var("tub").Parents[0] != "asia" || n.Var("smoke").States[0] != "yes" {
		t.Error("editing the clone changed the original")
	}
	if d := Diff(n, c, 0, false); len(d) != 3 {
		t.Errorf("Diff found %d differences, want 3: %v", len(d), d)
	}
}

func TestNormalizeRows(t *testing.T) {
	n := asia(t)
	n.Var("dysp").CPT[4] = 0.6 // row (bronc=no, either=yes) sums to 0.9
	n.Var("xray").CPT[0] = 0.5 // row (either=yes) sums to 0.52: beyond maxOff
	got := n.NormalizeRows(0.2)
	if len(got) != 1 || got[0] != "dysp: row for bronc=no, either=yes sums to 0.9, rescaled" {
		t.Fatalf("NormalizeRows = %q", got)
	}
	// 0.6/0.9 and 0.3/0.9 by hand.
	if row := n.Var("dysp").Row(2); math.Abs(row[0]-2.0/3) > 1e-15 || math.Abs(row[1]-1.0/3) > 1e-15 {
		t.Errorf("rescaled row = %v, want [2/3 1/3]", row)
	}
	if !errors.Is(n.Validate(), ErrRowSum) {
		t.Error("xray's row should still fail Validate")
	}
}
