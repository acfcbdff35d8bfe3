package jtree

import "fmt"

// Assignment returns the most probable configuration of all tree and
// observed variables after PropagateMax, indexed by model variable (-1 for
// variables not in the tree). It decodes top-down: the root's best entry,
// then in each clique the best entry consistent with the states already
// chosen for its separator; the collect pass guarantees that this extends to
// a global maximum (Dawid 1992).
func (r *Result) Assignment() ([]int, error) {
	if !r.max {
		return nil, fmt.Errorf("assignment: result is from sum-propagation; use PropagateMax")
	}
	t := r.t
	x := make([]int, t.m.NumVars())
	for i := range x {
		x[i] = -1
	}
	for v, s := range r.ev.Hard {
		x[v] = s
	}
	decode := func(c *clique, j int) {
		for k := len(c.vars) - 1; k >= 0; k-- {
			card := t.m.Card(c.vars[k])
			x[c.vars[k]] = j % card
			j /= card
		}
	}
	for k, i := range t.order {
		c := &t.cliques[i]
		target := 0
		if k > 0 {
			for _, v := range c.sep {
				target = target*t.m.Card(v) + x[v]
			}
		}
		j := c.toSep.argmaxWhere(r.pot[i], target)
		if k == 0 {
			j = argmax(r.pot[i])
		}
		if j < 0 {
			return nil, fmt.Errorf("assignment: clique %d has no entry consistent with its separator", i)
		}
		decode(c, j)
	}
	return x, nil
}

func argmax(t []float64) int {
	best := -1
	for j, v := range t {
		if best < 0 || v > t[best] {
			best = j
		}
	}
	return best
}
