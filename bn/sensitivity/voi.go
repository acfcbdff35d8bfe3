package sensitivity

import (
	"fmt"
	"math"
	"sort"

	"entente/bn/jtree"
)

// Info is the value of information of one node for the target variable.
type Info struct {
	Var int
	// MI is the mutual information I(node; target | evidence) in bits. It
	// equals the expected entropy reduction H(T|e) − Σ_x P(x|e) H(T|x,e)
	// from observing the node.
	MI float64
	// Share is MI / H(T|e): the fraction of the target's uncertainty that
	// observing the node removes on average (0 when H(T|e) = 0).
	Share float64
}

// VOI ranks candidate nodes (nil: every variable without hard evidence,
// other than the target) by mutual information with the target variable
// given ev. It needs card(target)+1 propagations in all: P(node, t | e) =
// P(t | e)·P(node | t, e), for every node at once.
func VOI(m *jtree.Model, ev jtree.Evidence, target int, nodes []int, opts jtree.Options) (entropy float64, infos []Info, err error) {
	if target < 0 || target >= m.NumVars() {
		return 0, nil, fmt.Errorf("voi: target index %d out of range", target)
	}
	e, err := jtree.NewEngine(m, opts)
	if err != nil {
		return 0, nil, fmt.Errorf("voi: %w", err)
	}
	if nodes == nil {
		for v := 0; v < m.NumVars(); v++ {
			if _, h := ev.Hard[v]; !h && v != target {
				nodes = append(nodes, v)
			}
		}
	}
	base, err := e.Marginals(ev, nil)
	if err != nil {
		return 0, nil, fmt.Errorf("voi: %w", err)
	}
	pt := base.Marginals[target]
	for _, p := range pt {
		if p > 0 {
			entropy -= p * math.Log2(p)
		}
	}
	// cond[t][v] = P(v | T=t, e)
	cond := make([][][]float64, len(pt))
	for t, p := range pt {
		if p == 0 {
			continue
		}
		r, err := e.Marginals(withHard(ev, target, t), nil)
		if err != nil {
			return 0, nil, fmt.Errorf("voi: given %s=%s: %w", m.Names[target], m.States[target][t], err)
		}
		cond[t] = r.Marginals
	}
	for _, v := range nodes {
		if v < 0 || v >= m.NumVars() || v == target {
			return 0, nil, fmt.Errorf("voi: bad node index %d", v)
		}
		mi := 0.0
		for t, p := range pt {
			if p == 0 {
				continue
			}
			for x, px := range base.Marginals[v] {
				joint := p * cond[t][v][x]
				if joint > 0 && px > 0 {
					mi += joint * math.Log2(joint/(p*px))
				}
			}
		}
		mi = math.Max(mi, 0) // rounding can leave -1e-17
		in := Info{Var: v, MI: mi}
		if entropy > 0 {
			in.Share = mi / entropy
		}
		infos = append(infos, in)
	}
	sort.SliceStable(infos, func(i, j int) bool { return infos[i].MI > infos[j].MI })
	return entropy, infos, nil
}
