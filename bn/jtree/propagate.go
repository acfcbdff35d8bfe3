package jtree

import (
	"fmt"
	"math"
)

// Evidence on model variables. Hard evidence fixes a state; soft (virtual,
// likelihood) evidence multiplies the variable's distribution by a
// non-negative likelihood vector, as a virtual child observed with
// P(obs | X=x) ∝ Soft[X][x] would (Pearl 1988, §2.2.2). A variable may have
// both; they multiply.
type Evidence struct {
	Hard map[int]int
	Soft map[int][]float64
}

// Vars returns the variables carrying evidence.
func (e Evidence) Vars() []int {
	var vs []int
	for v := range e.Hard {
		vs = append(vs, v)
	}
	for v := range e.Soft {
		if _, ok := e.Hard[v]; !ok {
			vs = append(vs, v)
		}
	}
	return vs
}

// check validates the evidence against m.
func (e Evidence) check(m *Model) error {
	for v, s := range e.Hard {
		if v < 0 || v >= m.NumVars() {
			return fmt.Errorf("evidence: variable index %d out of range", v)
		}
		if s < 0 || s >= m.Card(v) {
			return fmt.Errorf("evidence: state %d of %s out of range (%d states)", s, m.Names[v], m.Card(v))
		}
	}
	for v, l := range e.Soft {
		if v < 0 || v >= m.NumVars() {
			return fmt.Errorf("evidence: variable index %d out of range", v)
		}
		if len(l) != m.Card(v) {
			return fmt.Errorf("evidence: soft evidence on %s has %d values, want %d", m.Names[v], len(l), m.Card(v))
		}
		pos := false
		for _, x := range l {
			if x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
				return fmt.Errorf("evidence: soft evidence on %s has invalid likelihood %v", m.Names[v], x)
			}
			pos = pos || x > 0
		}
		if !pos {
			return fmt.Errorf("evidence: soft evidence on %s: %w", m.Names[v], ErrImpossibleEvidence)
		}
	}
	return nil
}

// Result holds calibrated clique tables after one propagation.
type Result struct {
	t   *Tree
	pot [][]float64
	ev  Evidence
	// LogZ is the natural logarithm of P(evidence) (for a Markov model, of
	// the partition function with the evidence) after sum-propagation, or of
	// the largest joint probability after max-propagation.
	LogZ float64
	max  bool
	buf  []float64
}

// Release returns the result's tables to its tree for reuse by a later
// Propagate. The result must not be used afterwards. Calling it is
// optional; it saves allocating (and the kernel zeroing) tables of up to
// gigabytes on repeated queries.
func (r *Result) Release() {
	if r.buf != nil {
		r.t.putBuffer(r.buf)
		r.buf, r.pot = nil, nil
	}
}

// Propagate enters ev and calibrates the tree by sum-product propagation.
// Hard evidence must be given for every variable compiled as Observed.
// tables optionally replaces factor tables by model factor index (same
// scope and size); package dbn uses it to feed a new interface belief or an
// intervention into the same compiled tree. It returns an error wrapping
// ErrImpossibleEvidence when P(evidence) is zero.
func (t *Tree) Propagate(ev Evidence, tables map[int][]float64) (*Result, error) {
	return t.propagate(ev, tables, false)
}

// PropagateMax runs max-product collect propagation, for MPE.
func (t *Tree) PropagateMax(ev Evidence, tables map[int][]float64) (*Result, error) {
	return t.propagate(ev, tables, true)
}

func (t *Tree) propagate(ev Evidence, tables map[int][]float64, isMax bool) (*Result, error) {
	m := t.m
	if err := ev.check(m); err != nil {
		return nil, err
	}
	for v := range t.observed {
		if t.observed[v] {
			if _, ok := ev.Hard[v]; !ok {
				return nil, fmt.Errorf("propagate: variable %s was compiled as observed but has no hard evidence", m.Names[v])
			}
		}
	}
	for v := range ev.Hard {
		if !t.observed[v] && !t.Has(v) {
			return nil, fmt.Errorf("propagate: evidence on %s, which is not in the compiled tree", m.Names[v])
		}
	}
	for v := range ev.Soft {
		if !t.Has(v) {
			return nil, fmt.Errorf("propagate: soft evidence on %s, which is not in the compiled tree", m.Names[v])
		}
	}
	r := &Result{t: t, ev: ev, max: isMax}
	total, sepBack := 0, 0
	for _, c := range t.cliques {
		total += c.size
		sepBack += c.sepSize
	}
	// One buffer holds the cliques and then the separators.
	backing := t.getBuffer(total + sepBack)
	r.buf = backing
	r.pot = make([][]float64, len(t.cliques))
	off := 0
	for i, c := range t.cliques {
		r.pot[i] = backing[off : off+c.size : off+c.size]
		off += c.size
		if len(c.facs) == 0 {
			for j := range r.pot[i] {
				r.pot[i][j] = 1
			}
		}
	}
	impossible := func(where string) error {
		return fmt.Errorf("propagate (%s): %w", where, ErrImpossibleEvidence)
	}
	// Factors, sliced at observed states.
	for i := range t.cliques {
		c := &t.cliques[i]
		for k, a := range c.facs {
			tab := m.Factors[a.factor].Table
			if tb, ok := tables[a.factor]; ok {
				if len(tb) != len(tab) {
					return nil, fmt.Errorf("propagate: replacement table for factor %d has %d entries, want %d", a.factor, len(tb), len(tab))
				}
				tab = tb
			}
			base := 0
			for _, o := range a.obs {
				base += o.stride * ev.Hard[o.v]
			}
			if k == 0 {
				a.w.copyFrom(r.pot[i], tab, base) // saves a pass filling ones
			} else {
				a.w.mulBy(r.pot[i], tab, base)
			}
		}
	}
	for _, a := range t.consts {
		tab := m.Factors[a.factor].Table
		if tb, ok := tables[a.factor]; ok {
			tab = tb
		}
		base := 0
		for _, o := range a.obs {
			base += o.stride * ev.Hard[o.v]
		}
		if base >= len(tab) || tab[base] == 0 {
			return nil, impossible(fmt.Sprintf("factor %d is zero at the evidence", a.factor))
		}
		r.LogZ += math.Log(tab[base])
	}
	// Evidence on tree variables.
	vec := func(v int) []float64 {
		l := make([]float64, m.Card(v))
		for j := range l {
			l[j] = 1
		}
		if s, ok := ev.Hard[v]; ok {
			clear(l)
			l[s] = 1
		}
		if s, ok := ev.Soft[v]; ok {
			for j := range l {
				l[j] *= s[j]
			}
		}
		return l
	}
	for _, v := range ev.Vars() {
		if !t.Has(v) {
			continue
		}
		h := t.home[v]
		t.homeWalk[v].mulBy(r.pot[h], vec(v), 0)
	}
	// Normalise every clique whose product of factors could leave the
	// floating-point range (see clique.safe) so that it stays in range.
	// acc[c] is the log of the scale removed from c's subtree so far; a
	// skipped unit message carries none of its subtree's scales, since the
	// true message is exactly 1.
	acc := make([]float64, len(r.pot))
	for i := range r.pot {
		if t.cliques[i].safe && len(tables) == 0 {
			continue
		}
		s := maxOf(r.pot[i])
		if s == 0 {
			return nil, impossible(fmt.Sprintf("clique %d is zero", i))
		}
		scale(r.pot[i], 1/s)
		acc[i] = math.Log(s)
	}
	// Separator tables hold the collect messages.
	sb := backing[total : total+sepBack]
	clear(sb)
	sep := make([][]float64, len(t.cliques))
	off = 0
	for i, c := range t.cliques {
		if c.parent >= 0 {
			sep[i] = sb[off : off+c.sepSize : off+c.sepSize]
			off += c.sepSize
		}
	}
	// Evidence below each clique decides whether its unit message may be
	// skipped.
	evBelow := make([]bool, len(t.cliques))
	for _, v := range ev.Vars() {
		if t.Has(v) {
			evBelow[t.home[v]] = true
		}
	}
	for k := len(t.order) - 1; k >= 1; k-- {
		i := t.order[k]
		if evBelow[i] {
			evBelow[t.cliques[i].parent] = true
		}
	}
	// Collect: leaves to root.
	for k := len(t.order) - 1; k >= 1; k-- {
		i := t.order[k]
		c := &t.cliques[i]
		if c.unit && !isMax && !evBelow[i] && len(tables) == 0 {
			for j := range sep[i] {
				sep[i][j] = 1
			}
			continue
		}
		if isMax {
			c.toSep.maxInto(r.pot[i], sep[i], 0)
		} else {
			c.toSep.sumInto(r.pot[i], sep[i], 0)
		}
		s := maxOf(sep[i])
		if s == 0 {
			return nil, impossible(fmt.Sprintf("message from clique %d is zero", i))
		}
		scale(sep[i], 1/s)
		acc[c.parent] += acc[i] + math.Log(s)
		c.upSep.mulBy(r.pot[c.parent], sep[i], 0)
	}
	if len(t.order) == 0 {
		return r, nil
	}
	root := t.order[0]
	var z float64
	if isMax {
		z = maxOf(r.pot[root])
	} else {
		z = sum(r.pot[root])
	}
	if z == 0 {
		return nil, impossible("root is zero")
	}
	r.LogZ += acc[root] + math.Log(z)
	if isMax {
		return r, nil // decoding needs the collect-pass tables only
	}
	// Clique tables are left unnormalised after distribution: readers
	// (Marginal, Joint) normalise what they extract, which saves two passes
	// over every table. Each distributed message is normalised to sum 1, so
	// a clique's total stays at most its size and cannot drift with depth.
	// Distribute: root to leaves, Hugin update pot[c] *= new/old.
	// Each clique, once updated, sends to all its children; their
	// separator marginals come from one shared plan when that is cheaper
	// (margplan.go).
	var scratch, planBuf []float64
	var margs [][]float64
	for _, p := range t.order {
		pc := &t.cliques[p]
		if len(pc.kids) == 0 {
			continue
		}
		if pc.dplan != nil {
			if cap(planBuf) < pc.dplan.total {
				planBuf = make([]float64, pc.dplan.total)
			}
			margs = pc.dplan.run(r.pot[p], planBuf[:pc.dplan.total])
		}
		for k, i := range pc.kids {
			c := &t.cliques[i]
			if cap(scratch) < c.sepSize {
				scratch = make([]float64, c.sepSize)
			}
			nw := scratch[:c.sepSize]
			if pc.dplan != nil {
				copy(nw, margs[k])
			} else {
				clear(nw)
				c.upSep.sumInto(r.pot[p], nw, 0)
			}
			inv := 1.0
			if s := sum(nw); s > 0 {
				inv = 1 / s
			}
			old := sep[i]
			for j := range nw {
				if old[j] == 0 {
					nw[j] = 0
				} else {
					nw[j] *= inv / old[j]
				}
			}
			c.toSep.mulBy(r.pot[i], nw, 0)
		}
	}
	return r, nil
}

// Marginal returns P(v | evidence) for model variable v. For an observed
// variable it is the indicator of its state.
func (r *Result) Marginal(v int) ([]float64, error) {
	t := r.t
	if v < 0 || v >= t.m.NumVars() {
		return nil, fmt.Errorf("marginal: variable index %d out of range", v)
	}
	out := make([]float64, t.m.Card(v))
	if t.observed[v] {
		out[r.ev.Hard[v]] = 1
		return out, nil
	}
	if r.max {
		return nil, fmt.Errorf("marginal of %s: result is from max-propagation", t.m.Names[v])
	}
	h := t.home[v]
	if h < 0 {
		return nil, fmt.Errorf("marginal: %s is not in the compiled tree", t.m.Names[v])
	}
	t.homeWalk[v].sumInto(r.pot[h], out, 0)
	normalise(out)
	return out, nil
}

// Joint returns P(vars | evidence) as a table over vars in the given order
// (last fastest). The variables must share a clique (compile them as a
// Together set); observed variables are not allowed.
func (r *Result) Joint(vars []int) ([]float64, error) {
	t := r.t
	if r.max {
		return nil, fmt.Errorf("joint: result is from max-propagation")
	}
	for _, v := range vars {
		if v < 0 || v >= t.m.NumVars() || !t.Has(v) {
			return nil, fmt.Errorf("joint: variable %d is not a tree variable", v)
		}
	}
	best := -1
	for i, c := range t.cliques {
		if containsAll(c.vars, vars) && (best < 0 || c.size < t.cliques[best].size) {
			best = i
		}
	}
	if best < 0 {
		return nil, fmt.Errorf("joint: %s do not share a clique (compile them as a Together set)", t.m.scopeString(vars))
	}
	n := 1
	for _, v := range vars {
		n *= t.m.Card(v)
	}
	out := make([]float64, n)
	w := newWalk(t.cliques[best].vars, vars, t.m.Card)
	w.sumInto(r.pot[best], out, 0)
	normalise(out)
	return out, nil
}

func containsAll(set, sub []int) bool {
	for _, v := range sub {
		found := false
		for _, u := range set {
			if u == v {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func normalise(t []float64) {
	if s := sum(t); s > 0 {
		scale(t, 1/s)
	}
}
