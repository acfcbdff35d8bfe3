package dbn

import (
	"fmt"
	"slices"

	"entente/bn"
	"entente/bn/jtree"
)

// Model is a compiled 2-TBN. It is immutable and safe for concurrent Unroll
// calls.
type Model struct {
	net   *bn.Network
	m     *jtree.Model // slice model; factor belief is the joint over prev
	prev  []int        // previous-slice nodes (model indices)
	iface []int        // iface[i] is the node prev[i] stands for
	// belief is the index of the joint factor over prev; prior is its
	// slice-0 table (the product of the prev nodes' own CPTs).
	belief int
	prior  []float64
	cpt    []int // cpt[v] = factor index of v's CPT, -1 for prev nodes
	tree   *jtree.Tree
}

// New checks the Previous links of slice and compiles it.
func New(slice *bn.Network, opts jtree.Options) (*Model, error) {
	base, err := jtree.FromNetwork(slice)
	if err != nil {
		return nil, fmt.Errorf("dbn: %w", err)
	}
	d := &Model{net: slice, cpt: make([]int, base.NumVars())}
	seen := map[int]string{}
	for i, v := range slice.Variables {
		if v.Previous == "" {
			continue
		}
		x, err := base.Var(v.Previous)
		if err != nil {
			return nil, fmt.Errorf("dbn: %s: Previous: %w", v.Name, err)
		}
		if len(v.Parents) > 0 {
			return nil, fmt.Errorf("dbn: previous-slice node %s must have no parents (it has %d)", v.Name, len(v.Parents))
		}
		if slice.Variables[x].Previous != "" {
			return nil, fmt.Errorf("dbn: %s: Previous names %s, itself a previous-slice node", v.Name, v.Previous)
		}
		if !slices.Equal(v.States, slice.Variables[x].States) {
			return nil, fmt.Errorf("dbn: %s and %s must have the same states (%v vs %v)", v.Name, v.Previous, v.States, slice.Variables[x].States)
		}
		if other, dup := seen[x]; dup {
			return nil, fmt.Errorf("dbn: %s and %s both stand for the previous %s", other, v.Name, v.Previous)
		}
		seen[x] = v.Name
		d.prev = append(d.prev, i)
		d.iface = append(d.iface, x)
	}
	if len(d.prev) == 0 {
		return nil, fmt.Errorf("dbn: %s has no node with Previous set, so it is not a 2-time-slice model", slice.Name)
	}
	// Slice model: every CPT except the prev nodes', plus one joint belief
	// factor over the prev nodes.
	m := &jtree.Model{Names: base.Names, States: base.States}
	isPrev := map[int]bool{}
	for _, p := range d.prev {
		isPrev[p] = true
	}
	for i, f := range base.Factors {
		c := base.Child[i]
		if isPrev[c] {
			d.cpt[c] = -1
			continue
		}
		d.cpt[c] = len(m.Factors)
		m.Factors = append(m.Factors, f)
		m.Child = append(m.Child, c)
	}
	d.prior = []float64{1}
	for _, p := range d.prev {
		d.prior = outer(d.prior, base.Factors[p].Table)
	}
	d.belief = len(m.Factors)
	m.Factors = append(m.Factors, jtree.Factor{Vars: slices.Clone(d.prev), Table: d.prior})
	m.Child = append(m.Child, -1)
	d.m = m
	d.tree, err = jtree.Compile(m, jtree.Spec{Together: [][]int{d.iface}}, opts)
	if err != nil {
		return nil, fmt.Errorf("dbn: compile slice: %w", err)
	}
	return d, nil
}

// outer returns the outer product a ⊗ b, b fastest.
func outer(a, b []float64) []float64 {
	out := make([]float64, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x*y)
		}
	}
	return out
}

// Slice returns the slice network.
func (d *Model) Slice() *bn.Network { return d.net }

// Interface returns the names of the interface variables, in the order of
// the joint belief passed between slices.
func (d *Model) Interface() []string {
	out := make([]string, len(d.iface))
	for i, v := range d.iface {
		out[i] = d.m.Names[v]
	}
	return out
}

// Stats returns the slice junction tree's sizes.
func (d *Model) Stats() jtree.Stats { return d.tree.Stats() }

// Shock changes the model from slice From (0-based) on: Do sets nodes by
// intervention, Prior replaces nodes' CPTs (same size as the CPT, e.g. a
// new prior for a root node).
type Shock struct {
	From  int
	Do    map[string]string
	Prior map[string][]float64
}

// Step is the result of one slice: the marginal of every slice variable.
type Step struct {
	Slice     int
	Marginals map[string][]float64
}

// Unroll runs n slices from the slice-0 priors, applying shocks, and
// returns the marginals of every slice.
func (d *Model) Unroll(n int, shocks []Shock) ([]Step, error) {
	if n < 1 {
		return nil, fmt.Errorf("dbn: unroll: need at least one slice, got %d", n)
	}
	tables, err := d.shockTables(shocks, n)
	if err != nil {
		return nil, err
	}
	belief := d.prior
	out := make([]Step, 0, n)
	for s := 0; s < n; s++ {
		tb := map[int][]float64{d.belief: belief}
		for f, t := range tables[s] {
			tb[f] = t
		}
		r, err := d.tree.Propagate(jtree.Evidence{}, tb)
		if err != nil {
			return nil, fmt.Errorf("dbn: slice %d: %w", s, err)
		}
		st := Step{Slice: s, Marginals: make(map[string][]float64, d.m.NumVars())}
		for v := 0; v < d.m.NumVars(); v++ {
			if st.Marginals[d.m.Names[v]], err = r.Marginal(v); err != nil {
				return nil, fmt.Errorf("dbn: slice %d: %w", s, err)
			}
		}
		out = append(out, st)
		belief, err = r.Joint(d.iface)
		r.Release()
		if err != nil {
			return nil, fmt.Errorf("dbn: slice %d: interface belief: %w", s, err)
		}
	}
	return out, nil
}

// shockTables resolves shocks into per-slice replacement tables.
func (d *Model) shockTables(shocks []Shock, n int) ([]map[int][]float64, error) {
	out := make([]map[int][]float64, n)
	for s := range out {
		out[s] = map[int][]float64{}
	}
	for _, sh := range shocks {
		if sh.From < 0 {
			return nil, fmt.Errorf("dbn: shock starts at slice %d", sh.From)
		}
		set := map[int][]float64{}
		for name, state := range sh.Do {
			v, err := d.m.Var(name)
			if err != nil {
				return nil, fmt.Errorf("dbn: do: %w", err)
			}
			x, err := d.m.State(v, state)
			if err != nil {
				return nil, fmt.Errorf("dbn: do: %w", err)
			}
			f := d.cpt[v]
			if f < 0 {
				return nil, fmt.Errorf("dbn: do(%s): %s is a previous-slice node; intervene on %s instead", name, name, d.net.Variables[v].Previous)
			}
			// Point mass in every row: same joint as cutting X's parents.
			k := d.m.Card(v)
			tab := make([]float64, len(d.m.Factors[f].Table))
			for row := 0; row < len(tab); row += k {
				tab[row+x] = 1
			}
			set[f] = tab
		}
		for name, cpt := range sh.Prior {
			v, err := d.m.Var(name)
			if err != nil {
				return nil, fmt.Errorf("dbn: prior: %w", err)
			}
			f := d.cpt[v]
			if f < 0 {
				return nil, fmt.Errorf("dbn: prior for %s: a previous-slice node's prior only applies in slice 0; change the model instead", name)
			}
			if len(cpt) != len(d.m.Factors[f].Table) {
				return nil, fmt.Errorf("dbn: prior for %s has %d numbers, its CPT has %d", name, len(cpt), len(d.m.Factors[f].Table))
			}
			set[f] = cpt
		}
		for s := sh.From; s < n; s++ {
			for f, t := range set {
				out[s][f] = t
			}
		}
	}
	return out, nil
}

// Survival returns P(target ∈ good) per slice from Unroll's steps.
func Survival(steps []Step, target string, good []string, states []string) ([]float64, error) {
	idx := make([]int, len(good))
	for i, g := range good {
		idx[i] = slices.Index(states, g)
		if idx[i] < 0 {
			return nil, fmt.Errorf("dbn: survival: %s has no state %q (valid: %v)", target, g, states)
		}
	}
	out := make([]float64, len(steps))
	for i, st := range steps {
		m, ok := st.Marginals[target]
		if !ok {
			return nil, fmt.Errorf("dbn: survival: no variable %q", target)
		}
		for _, j := range idx {
			out[i] += m[j]
		}
	}
	return out, nil
}
