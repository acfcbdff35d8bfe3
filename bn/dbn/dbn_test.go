package dbn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"entente/bn"
	"entente/bn/jtree"
)

// chain is a one-variable 2-TBN: Stable_prev → Stable.
func chain() *bn.Network {
	gb := []string{"good", "bad"}
	return &bn.Network{Name: "chain", Variables: []*bn.Variable{
		{Name: "Stable_prev", States: gb, CPT: []float64{0.9, 0.1}, Previous: "Stable"},
		{Name: "Stable", States: gb, Parents: []string{"Stable_prev"}, CPT: []float64{0.95, 0.05, 0.2, 0.8}},
	}}
}

// TestChainByHand: P(good) = 0.9·0.95 + 0.1·0.2 = 0.875 in slice 0, then
// 0.875·0.95 + 0.125·0.2 = 0.85625; with do(Stable=bad) from slice 1 on, 0.
func TestChainByHand(t *testing.T) {
	d, err := New(chain(), jtree.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	steps, err := d.Unroll(3, nil)
	if err != nil {
		t.Fatal(err)
	}
	surv, err := Survival(steps, "Stable", []string{"good"}, []string{"good", "bad"})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0.875, 0.85625, 0.85625*0.95 + (1-0.85625)*0.2}
	for i := range want {
		if math.Abs(surv[i]-want[i]) > 1e-12 {
			t.Errorf("slice %d: %v, want %v", i, surv[i], want[i])
		}
	}
	steps, err = d.Unroll(3, []Shock{{From: 1, Do: map[string]string{"Stable": "bad"}}})
	if err != nil {
		t.Fatal(err)
	}
	if g := steps[1].Marginals["Stable"][0]; g != 0 {
		t.Errorf("do(bad) from slice 1: P(good) = %v in slice 1", g)
	}
	if g := steps[1].Marginals["Stable_prev"][0]; math.Abs(g-0.875) > 1e-12 {
		t.Errorf("slice 1 previous = %v, want 0.875", g)
	}
}

// randomTBN builds a 2-TBN with k interface variables whose next-slice
// values depend on several previous ones (so their joint matters) and
// extra observation-like nodes.
func randomTBN(r *rand.Rand, k, extra int) *bn.Network {
	st := []string{"a", "b", "c"}
	net := &bn.Network{Name: "random-2tbn"}
	row := func(n int) []float64 {
		out := make([]float64, n)
		s := 0.0
		for i := range out {
			out[i] = 0.05 + r.Float64()
			s += out[i]
		}
		for i := range out {
			out[i] /= s
		}
		return out
	}
	cpt := func(rows, n int) []float64 {
		var out []float64
		for i := 0; i < rows; i++ {
			out = append(out, row(n)...)
		}
		return out
	}
	for i := 0; i < k; i++ {
		net.Variables = append(net.Variables, &bn.Variable{Name: fmt.Sprintf("X%d_prev", i), States: st[:2], CPT: row(2), Previous: fmt.Sprintf("X%d", i)})
	}
	for i := 0; i < k; i++ {
		pa := []string{fmt.Sprintf("X%d_prev", i), fmt.Sprintf("X%d_prev", (i+1)%k)}
		if i > 0 {
			pa = append(pa, fmt.Sprintf("X%d", i-1))
		}
		net.Variables = append(net.Variables, &bn.Variable{Name: fmt.Sprintf("X%d", i), States: st[:2], Parents: pa, CPT: cpt(1<<len(pa), 2)})
	}
	for i := 0; i < extra; i++ {
		pa := []string{fmt.Sprintf("X%d", r.IntN(k)), fmt.Sprintf("X%d", r.IntN(k))}
		if pa[0] == pa[1] {
			pa = pa[:1]
		}
		net.Variables = append(net.Variables, &bn.Variable{Name: fmt.Sprintf("Y%d", i), States: st, Parents: pa, CPT: cpt(1<<len(pa), 3)})
	}
	return net
}

// unrolled builds the explicit n-slice network: node V of slice t is
// "V@t"; a previous-slice node of slice t ≥ 1 is replaced by its target in
// slice t-1.
func unrolled(slice *bn.Network, n int) *bn.Network {
	prevOf := map[string]string{}
	for _, v := range slice.Variables {
		if v.Previous != "" {
			prevOf[v.Name] = v.Previous
		}
	}
	name := func(v string, t int) string {
		if p, ok := prevOf[v]; ok && t > 0 {
			return fmt.Sprintf("%s@%d", p, t-1)
		}
		return fmt.Sprintf("%s@%d", v, t)
	}
	out := &bn.Network{Name: "unrolled"}
	for t := 0; t < n; t++ {
		for _, v := range slice.Variables {
			if v.Previous != "" && t > 0 {
				continue
			}
			nv := &bn.Variable{Name: name(v.Name, t), States: v.States, CPT: v.CPT}
			for _, p := range v.Parents {
				nv.Parents = append(nv.Parents, name(p, t))
			}
			out.Variables = append(out.Variables, nv)
		}
	}
	return out
}

// TestUnrollMatchesExplicitNetwork: forward filtering with the joint
// interface belief equals exact inference on the explicitly unrolled
// network, with and without a do() shock.
func TestUnrollMatchesExplicitNetwork(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	slice := randomTBN(r, 3, 3)
	const n = 6
	d, err := New(slice, jtree.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	for _, shocked := range []bool{false, true} {
		var shocks []Shock
		full, err := jtree.FromNetwork(unrolled(slice, n))
		if err != nil {
			t.Fatal(err)
		}
		if shocked {
			shocks = []Shock{{From: 2, Do: map[string]string{"X1": "b"}}}
			set := map[int]int{}
			for s := 2; s < n; s++ {
				v, _ := full.Var(fmt.Sprintf("X1@%d", s))
				set[v] = 1
			}
			if full, err = full.Intervene(set); err != nil {
				t.Fatal(err)
			}
		}
		steps, err := d.Unroll(n, shocks)
		if err != nil {
			t.Fatal(err)
		}
		e, err := jtree.NewEngine(full, jtree.DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		p, err := e.Marginals(jtree.Evidence{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for s := 0; s < n; s++ {
			for _, v := range slice.Variables {
				if v.Previous != "" {
					continue
				}
				fv, _ := full.Var(fmt.Sprintf("%s@%d", v.Name, s))
				got := steps[s].Marginals[v.Name]
				for x := range got {
					if math.Abs(got[x]-p.Marginals[fv][x]) > 1e-12 {
						t.Errorf("shock=%v slice %d %s[%d] = %v, unrolled %v", shocked, s, v.Name, x, got[x], p.Marginals[fv][x])
					}
				}
			}
		}
	}
}

func TestNewErrors(t *testing.T) {
	bad := chain()
	bad.Variables[0].Previous = "Nope"
	if _, err := New(bad, jtree.DefaultOptions()); err == nil {
		t.Error("unknown Previous accepted")
	}
	none := chain()
	none.Variables[0].Previous = ""
	if _, err := New(none, jtree.DefaultOptions()); err == nil {
		t.Error("model without Previous accepted")
	}
}

// BenchmarkUnroll: 10 yearly slices of a 20-node slice model (6 binary
// interface variables, 8 three-state indicators).
func BenchmarkUnroll(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	d, err := New(randomTBN(r, 6, 8), jtree.DefaultOptions())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.Unroll(10, []Shock{{From: 3, Do: map[string]string{"X2": "a"}}}); err != nil {
			b.Fatal(err)
		}
	}
}
