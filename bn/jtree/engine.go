package jtree

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Engine answers queries on a Model, compiling for each query only the
// relevant part (see the package comment) and caching compiled trees by
// their structure, so a sequence of queries with the same evidence
// variables (but different states) compiles once. An Engine is safe for
// concurrent use.
type Engine struct {
	m     *Model
	opts  Options
	bayes bool
	pa    [][]int
	ch    [][]int // children, for Bayes-ball (bayesball.go)
	known []bool  // roots whose prior is a point mass (do() leaves them), see requisite
	comp  []int   // connected component of each variable

	mu    sync.Mutex
	cache map[string]*Tree
}

// NewEngine checks m and returns an engine over it.
func NewEngine(m *Model, opts Options) (*Engine, error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	e := &Engine{m: m, opts: opts, bayes: m.IsBayesian(), cache: map[string]*Tree{}}
	if e.bayes {
		if _, err := m.topoOrder(); err != nil {
			return nil, err
		}
		e.pa = m.parents()
		e.ch = children(e.pa)
		e.known = pointMassRoots(m)
	}
	e.comp = components(m)
	return e, nil
}

// Model returns the engine's model.
func (e *Engine) Model() *Model { return e.m }

// components labels the connected components of the factor graph.
func components(m *Model) []int {
	n := m.NumVars()
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	var find func(int) int
	find = func(v int) int {
		for p[v] != v {
			p[v] = p[p[v]]
			v = p[v]
		}
		return v
	}
	for _, f := range m.Factors {
		for _, v := range f.Vars[min(1, len(f.Vars)):] {
			a, b := find(f.Vars[0]), find(v)
			if a != b {
				p[a] = b
			}
		}
	}
	for i := range p {
		p[i] = find(i)
	}
	return p
}

// relevant returns the variables and factors that a query on targets (nil:
// all variables) with evidence on evVars depends on: for a Bayesian network
// the ancestral set of targets ∪ evidence (every other node is barren: its
// CPT sums out to one), otherwise the connected components they touch.
func (e *Engine) relevant(targets, evVars []int) (vars, factors []int) {
	n := e.m.NumVars()
	if targets == nil {
		all := make([]int, n)
		for i := range all {
			all[i] = i
		}
		f := make([]int, len(e.m.Factors))
		for i := range f {
			f[i] = i
		}
		return all, f
	}
	in := make([]bool, n)
	if e.bayes {
		stack := append(slices.Clone(targets), evVars...)
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if in[v] {
				continue
			}
			in[v] = true
			stack = append(stack, e.pa[v]...)
		}
		for v := range in {
			if in[v] {
				vars = append(vars, v)
			}
		}
		for i, c := range e.m.Child {
			if in[c] {
				factors = append(factors, i)
			}
		}
		return vars, factors
	}
	comps := map[int]bool{}
	for _, v := range append(slices.Clone(targets), evVars...) {
		comps[e.comp[v]] = true
	}
	for v := 0; v < n; v++ {
		if comps[e.comp[v]] {
			vars = append(vars, v)
		}
	}
	for i, f := range e.m.Factors {
		if len(f.Vars) == 0 || comps[e.comp[f.Vars[0]]] {
			factors = append(factors, i)
		}
	}
	return vars, factors
}

// Tree returns the compiled tree for a query on targets (nil: all) with
// evidence ev whose variables in together must share a clique. Hard
// evidence on other variables is absorbed (see Spec.Observed). The tree
// keeps every evidence variable and its ancestors, so its Result.LogZ is
// ln P(ev); see Conditional for the smaller tree that suffices when it is
// not needed.
func (e *Engine) Tree(ev Evidence, targets, together []int) (*Tree, error) {
	if err := e.checkQuery(ev, targets, together); err != nil {
		return nil, err
	}
	vars, factors := e.relevant(targets, ev.Vars())
	return e.compile(ev, vars, factors, together)
}

// checkQuery validates the variable indices and the evidence of a query.
func (e *Engine) checkQuery(ev Evidence, targets, together []int) error {
	for _, v := range append(slices.Clone(targets), together...) {
		if v < 0 || v >= e.m.NumVars() {
			return fmt.Errorf("query: variable index %d out of range", v)
		}
	}
	return ev.check(e.m)
}

// compile returns the cached tree over vars and factors with ev's hard
// evidence absorbed (except on variables that also carry soft evidence or
// must share a clique in together), compiling it on first use.
func (e *Engine) compile(ev Evidence, vars, factors, together []int) (*Tree, error) {
	inTogether := map[int]bool{}
	for _, v := range together {
		inTogether[v] = true
	}
	var observed []int
	for v := range ev.Hard {
		if _, soft := ev.Soft[v]; !soft && !inTogether[v] {
			observed = append(observed, v)
		}
	}
	slices.Sort(observed)
	spec := Spec{Vars: vars, Factors: factors, Observed: observed}
	if len(together) > 1 {
		spec.Together = [][]int{together}
	}
	key := treeKey(spec)
	e.mu.Lock()
	t, ok := e.cache[key]
	e.mu.Unlock()
	if ok {
		return t, nil
	}
	t, err := Compile(e.m, spec, e.opts)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	if len(e.cache) > 256 { // bound memory for long sensitivity sweeps
		clear(e.cache)
	}
	e.cache[key] = t
	e.mu.Unlock()
	return t, nil
}

func treeKey(s Spec) string {
	var b strings.Builder
	w := func(xs []int) {
		for _, x := range xs {
			b.WriteString(strconv.Itoa(x))
			b.WriteByte(',')
		}
		b.WriteByte('|')
	}
	w(s.Vars)
	w(s.Factors)
	w(s.Observed)
	for _, t := range s.Together {
		w(t)
	}
	return b.String()
}

// Posterior is the answer to Marginals.
type Posterior struct {
	// LogPE is ln P(evidence) (1 without evidence). For a Markov model it
	// is ln of the sum of the product of the factors of the components
	// involved, with the evidence: with targets nil, the log partition
	// function given the evidence.
	LogPE float64
	// Marginals[v] is P(v | evidence), nil for variables not asked for.
	Marginals [][]float64
	// Stats describe the tree that answered.
	Stats Stats
	// Ignored lists, sorted, the evidence variables that Conditional left
	// out as irrelevant to the targets (d-separated from them by the other
	// evidence, or in another component). Marginals leaves it nil.
	Ignored []int
}

// Marginals returns P(v | ev) for every v in targets (nil: all variables)
// and P(ev).
func (e *Engine) Marginals(ev Evidence, targets []int) (*Posterior, error) {
	t, err := e.Tree(ev, targets, nil)
	if err != nil {
		return nil, err
	}
	r, err := t.Propagate(ev, nil)
	if err != nil {
		return nil, err
	}
	defer r.Release()
	p := &Posterior{LogPE: r.LogZ, Marginals: make([][]float64, e.m.NumVars()), Stats: t.Stats()}
	if targets == nil {
		for v := range p.Marginals {
			if p.Marginals[v], err = r.Marginal(v); err != nil {
				return nil, err
			}
		}
		return p, nil
	}
	for _, v := range targets {
		if p.Marginals[v], err = r.Marginal(v); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// Joint returns P(vars | ev) over vars in the given order (last fastest) and
// ln P(ev).
func (e *Engine) Joint(ev Evidence, vars []int) ([]float64, float64, error) {
	if len(vars) == 0 {
		return nil, 0, fmt.Errorf("joint: no variables")
	}
	seen := map[int]bool{}
	for _, v := range vars {
		if seen[v] {
			return nil, 0, fmt.Errorf("joint: variable %s repeated", e.m.Names[v])
		}
		seen[v] = true
	}
	t, err := e.Tree(ev, vars, vars)
	if err != nil {
		return nil, 0, err
	}
	r, err := t.Propagate(ev, nil)
	if err != nil {
		return nil, 0, err
	}
	defer r.Release()
	j, err := r.Joint(vars)
	return j, r.LogZ, err
}

// MPE returns the most probable explanation: the configuration x of all
// variables maximising P(x, ev) (hard-evidence variables keep their
// states), and ln P(x, ev) (soft evidence weights included). All variables
// take part: barren nodes cannot be pruned from a maximisation.
func (e *Engine) MPE(ev Evidence) ([]int, float64, error) {
	t, err := e.Tree(ev, nil, nil)
	if err != nil {
		return nil, 0, err
	}
	r, err := t.PropagateMax(ev, nil)
	if err != nil {
		return nil, 0, err
	}
	defer r.Release()
	x, err := r.Assignment()
	if err != nil {
		return nil, 0, err
	}
	return x, r.LogZ, nil
}

// LogProb returns ln of the unnormalised product of all factors at the full
// configuration x (for a Bayesian network, ln P(x)); -Inf when it is zero.
// Tests and callers use it to check an MPE answer.
func (m *Model) LogProb(x []int) float64 {
	lp := 0.0
	for _, f := range m.Factors {
		idx := 0
		for _, v := range f.Vars {
			idx = idx*m.Card(v) + x[v]
		}
		lp += math.Log(f.Table[idx])
	}
	return lp
}
