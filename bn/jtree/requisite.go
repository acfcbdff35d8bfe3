package jtree

import (
	"fmt"
	"math"
	"slices"
)

// requisite is the part of a model that a conditional query P(targets |
// ev) needs: the variables and factors to compile and the evidence to
// enter. ignored lists the evidence variables left out, sorted.
type requisite struct {
	vars, factors []int
	ev            Evidence
	ignored       []int
}

// requisite returns what P(targets | ev) depends on. For a Bayesian network
// that is Bayes-ball's requisite CPTs and observations (bayesball.go): an
// evidence variable d-separated from the targets by the rest of the
// evidence drops out along with every CPT that only it needed. For a Markov
// network it is the connected components of the targets, and evidence in
// other components drops out. With targets nil every variable is a target
// and nothing is dropped. targets and ev must have been checked.
//
// A root whose prior is a point mass, as Model.Intervene leaves every
// intervened variable, has a known state, so the ball treats it as observed
// (it blocks chains and forks through it: do(X) cuts X's causes off its
// effects); when visited, its point-mass CPT enters the tree in place of an
// observation. Conditioning on an event of probability one changes no
// posterior, so this gives the same answer and often a smaller tree.
//
// The dropped evidence does not change P(targets | ev) when P(ev) > 0, but
// it does change P(ev), and zero-probability evidence in the dropped part
// goes unnoticed. Callers that need P(ev) use relevant instead.
func (e *Engine) requisite(targets []int, ev Evidence) requisite {
	if targets == nil {
		vars, factors := e.relevant(nil, nil)
		return requisite{vars: vars, factors: factors, ev: ev}
	}
	n := e.m.NumVars()
	keepHard := make([]bool, n)
	keepSoft := make([]bool, n)
	// Non-nil even when empty: nil would mean "all" to Compile.
	r := requisite{vars: []int{}, factors: []int{}}
	if e.bayes {
		hard := make([]bool, n)
		soft := make([]bool, n)
		blocks := make([]bool, n) // hard evidence or a point-mass root
		for v := range ev.Hard {
			hard[v] = true
		}
		for v := range blocks {
			blocks[v] = hard[v] || e.known[v]
		}
		for v := range ev.Soft {
			soft[v] = !blocks[v] // soft evidence on a variable of known state is a constant factor
		}
		mk := bayesBall(e.pa, e.ch, targets, blocks, soft)
		isTarget := make([]bool, n)
		for _, v := range targets {
			isTarget[v] = true
		}
		for v := 0; v < n; v++ {
			keepHard[v] = hard[v] && mk.visited[v]
			keepSoft[v] = soft[v] && mk.bottom[v]
			if mk.top[v] || keepHard[v] || isTarget[v] || (e.known[v] && mk.visited[v]) {
				r.vars = append(r.vars, v)
			}
		}
		for i, c := range e.m.Child {
			if mk.top[c] || (e.known[c] && !hard[c] && mk.visited[c]) {
				r.factors = append(r.factors, i)
			}
		}
	} else {
		comps := map[int]bool{}
		for _, v := range targets {
			comps[e.comp[v]] = true
		}
		for v := 0; v < n; v++ {
			if comps[e.comp[v]] {
				r.vars = append(r.vars, v)
				_, keepHard[v] = ev.Hard[v]
				_, keepSoft[v] = ev.Soft[v]
			}
		}
		for i, f := range e.m.Factors {
			if len(f.Vars) > 0 && comps[e.comp[f.Vars[0]]] {
				r.factors = append(r.factors, i)
			}
		}
	}
	r.ev = Evidence{Hard: map[int]int{}, Soft: map[int][]float64{}}
	for v, s := range ev.Hard {
		if keepHard[v] {
			r.ev.Hard[v] = s
		}
	}
	for v, l := range ev.Soft {
		if keepSoft[v] {
			r.ev.Soft[v] = l
		}
	}
	for _, v := range ev.Vars() {
		if !keepHard[v] && !keepSoft[v] {
			r.ignored = append(r.ignored, v)
		}
	}
	slices.Sort(r.ignored)
	return r
}

// Conditional returns P(v | ev) for every v in targets (nil: all
// variables), like Marginals, but compiles only the requisite part of the
// model: for a Bayesian network the CPTs and observations that Bayes-ball
// (Shachter 1998) finds requisite for the targets, so evidence d-separated
// from them by the other evidence is not entered and the barren and
// irrelevant ancestors it would pull in are not compiled; for a Markov
// network the components of the targets. This is the relevance reasoning
// of aGrUM's LazyPropagation, and it makes a query on a corner of a large
// network cost what the corner costs.
//
// P(ev) is not computed, since the dropped evidence and CPTs are exactly
// what it would need: with targets given the Posterior's LogPE is NaN
// (with targets nil nothing is dropped and it is ln P(ev)), and its Ignored field
// lists the evidence variables found irrelevant. For the same reason
// zero-probability evidence is reported (ErrImpossibleEvidence) only when
// the contradiction lies in the requisite part; use Marginals to check it.
func (e *Engine) Conditional(ev Evidence, targets []int) (*Posterior, error) {
	if err := e.checkQuery(ev, targets, nil); err != nil {
		return nil, err
	}
	req := e.requisite(targets, ev)
	t, err := e.compile(req.ev, req.vars, req.factors, nil)
	if err != nil {
		return nil, err
	}
	r, err := t.Propagate(req.ev, nil)
	if err != nil {
		return nil, err
	}
	defer r.Release()
	p := &Posterior{LogPE: math.NaN(), Marginals: make([][]float64, e.m.NumVars()), Stats: t.Stats(), Ignored: req.ignored}
	if targets == nil {
		p.LogPE = r.LogZ // nothing was dropped
		targets = req.vars
	}
	for _, v := range targets {
		if p.Marginals[v], err = r.Marginal(v); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// pointMassRoots marks the variables of a Bayesian model without parents
// whose prior puts all its mass on one state.
func pointMassRoots(m *Model) []bool {
	known := make([]bool, m.NumVars())
	for i, c := range m.Child {
		f := m.Factors[i]
		if len(f.Vars) != 1 {
			continue
		}
		pos := 0
		for _, x := range f.Table {
			if x > 0 {
				pos++
			}
		}
		known[c] = pos == 1
	}
	return known
}

// ConditionalJoint returns P(vars | ev) over vars in the given order (last
// fastest), like Joint, compiled on the requisite part of the model for
// vars taken together (see Conditional), and the evidence variables left
// out as irrelevant, sorted. P(ev) is not computed.
func (e *Engine) ConditionalJoint(ev Evidence, vars []int) (joint []float64, ignored []int, err error) {
	if len(vars) == 0 {
		return nil, nil, fmt.Errorf("joint: no variables")
	}
	if err := e.checkQuery(ev, vars, nil); err != nil {
		return nil, nil, err
	}
	seen := make(map[int]bool, len(vars))
	for _, v := range vars {
		if seen[v] {
			return nil, nil, fmt.Errorf("joint: variable %s repeated", e.m.Names[v])
		}
		seen[v] = true
	}
	req := e.requisite(vars, ev)
	t, err := e.compile(req.ev, req.vars, req.factors, vars)
	if err != nil {
		return nil, nil, err
	}
	r, err := t.Propagate(req.ev, nil)
	if err != nil {
		return nil, nil, err
	}
	defer r.Release()
	joint, err = r.Joint(vars)
	if err != nil {
		return nil, nil, err
	}
	return joint, req.ignored, nil
}
