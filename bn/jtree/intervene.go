package jtree

import (
	"fmt"
	"slices"
)

// Intervene returns the model of the intervention do(X=x) for every pair in
// set (Pearl 2009, Causality, §3.2, "graph surgery"): the CPT of each X is
// replaced by a point mass on x over X alone, cutting its incoming arcs.
// Conditioning on X=x instead (Evidence.Hard) also updates belief in X's
// causes and, through them, in everything else they influence; do() does
// not. The result shares every other factor with m. The model must be a
// Bayesian network (IsBayesian).
func (m *Model) Intervene(set map[int]int) (*Model, error) {
	if !m.IsBayesian() {
		return nil, fmt.Errorf("intervene: do() needs a Bayesian network (one CPT per variable); this model has %d factors over %d variables", len(m.Factors), m.NumVars())
	}
	out := &Model{
		Names:   m.Names,
		States:  m.States,
		Factors: slices.Clone(m.Factors),
		Child:   m.Child,
		index:   m.index,
		ranges:  m.ranges, // the replaced factors fail its check and are scanned
	}
	for v, s := range set {
		if v < 0 || v >= m.NumVars() {
			return nil, fmt.Errorf("intervene: variable index %d out of range", v)
		}
		if s < 0 || s >= m.Card(v) {
			return nil, fmt.Errorf("intervene: state %d of %s out of range (%d states)", s, m.Names[v], m.Card(v))
		}
		tab := make([]float64, m.Card(v))
		tab[s] = 1
		for i, c := range m.Child {
			if c == v {
				out.Factors[i] = Factor{Vars: []int{v}, Table: tab}
			}
		}
	}
	return out, nil
}
