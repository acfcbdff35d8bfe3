package jtree

import (
	"fmt"
	"math"
	"runtime"
	"slices"
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

// Vars returns the variables carrying evidence, in increasing order (so
// that evidence vectors sharing a clique multiply in the same order on
// every run, and results repeat to the last bit).
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
	slices.Sort(vs)
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
	// marg holds the unnormalised marginal of every tree variable, summed
	// in the distribute pass (at Tree.margOff); nil after max-propagation.
	marg []float64
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
	impossible := func(where string) error {
		return fmt.Errorf("propagate (%s): %w", where, ErrImpossibleEvidence)
	}
	// factorTable returns a factor's table (or its replacement) and the
	// offset of the observed variables' states in it.
	factorTable := func(a *assigned) ([]float64, int, error) {
		tab := m.Factors[a.factor].Table
		if tb, ok := tables[a.factor]; ok {
			if len(tb) != len(tab) {
				return nil, 0, fmt.Errorf("propagate: replacement table for factor %d has %d entries, want %d", a.factor, len(tb), len(tab))
			}
			tab = tb
		}
		base := 0
		for _, o := range a.obs {
			base += o.stride * ev.Hard[o.v]
		}
		return tab, base, nil
	}
	for j := range t.consts {
		tab, base, err := factorTable(&t.consts[j])
		if err != nil {
			return nil, err
		}
		if base >= len(tab) || tab[base] == 0 {
			return nil, impossible(fmt.Sprintf("factor %d is zero at the evidence", t.consts[j].factor))
		}
		r.LogZ += math.Log(tab[base])
	}
	// Evidence on tree variables: a likelihood vector per variable,
	// multiplied into its home clique.
	evHere := make(map[int][]int) // clique → variables with evidence at home there
	evVec := make(map[int][]float64)
	evBelow := make([]bool, len(t.cliques))
	for _, v := range ev.Vars() {
		if !t.Has(v) {
			continue
		}
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
		h := t.home[v]
		evHere[h] = append(evHere[h], v)
		evVec[v] = l
		evBelow[h] = true
	}
	// Evidence below a clique decides whether its unit message may be
	// skipped.
	for k := len(t.order) - 1; k >= 1; k-- {
		i := t.order[k]
		if evBelow[i] {
			evBelow[t.cliques[i].parent] = true
		}
	}
	skip := func(i int) bool {
		return t.cliques[i].unit && !isMax && !evBelow[i] && len(tables) == 0
	}
	// A clique needs a table in the buffer unless the distribute pass
	// builds it and sweeps it through scratch tiles (see transient below):
	// a skipped clique whose product needs no normalisation, and which no
	// Together set keeps. On munin that is 3.4M of 13.9M clique entries,
	// so a propagation's buffer is a third of the tree's total size.
	stored := func(i int) bool {
		return !skip(i) || t.keep[i] || !t.cliques[i].safe
	}
	total, sepBack := 0, 0
	for i, c := range t.cliques {
		if stored(i) {
			total += c.size
		}
		sepBack += c.sepSize
	}
	// One buffer holds the cliques, the separators and the scratch tables
	// of the hosts and of the distribute pass (their largest needs are
	// known from compile), so a repeated query allocates nothing large.
	// Independent subtrees propagate concurrently on trees whose work is
	// spread over many branches (Tree.bushy); each worker has its own
	// scratch for hosts and for the distribute pass's marginals.
	workers := 1
	if t.bushy {
		workers = min(runtime.GOMAXPROCS(0), maxWorkers)
	}
	// Rounded to 8 entries so that every worker's scratch has the same
	// alignment: the vector sums take unaligned leading entries apart,
	// and results would otherwise change in the last bits with the
	// worker that computed them.
	perWorker := (t.hostMax + t.scratchMax + 7) &^ 7
	backing := t.getBuffer(total + sepBack + workers*perWorker)
	r.buf = backing
	r.pot = make([][]float64, len(t.cliques))
	off := 0
	for i, c := range t.cliques {
		if stored(i) {
			r.pot[i] = backing[off : off+c.size : off+c.size]
			off += c.size
		}
	}
	// Separator tables hold the collect messages, and then the distribute
	// pass's update ratios.
	sep := make([][]float64, len(t.cliques))
	for i, c := range t.cliques {
		if c.parent >= 0 {
			sep[i] = backing[off : off+c.sepSize : off+c.sepSize]
			off += c.sepSize
		}
	}
	// acc[c] is the log of the scale removed from c's subtree so far; a
	// skipped unit message carries none of its subtree's scales, since the
	// true message is exactly 1.
	acc := make([]float64, len(r.pot))
	// kidLog[i] is the log of the scale removed from clique i's collect
	// message and its subtree; the parent adds its kids' in kid order,
	// so the sum does not depend on which worker finished first.
	kidLog := make([]float64, len(r.pot))
	var z [1]float64
	ws := make([]*propWorker, workers)
	for k := range ws {
		b := backing[total+sepBack+k*perWorker : total+sepBack+(k+1)*perWorker]
		ws[k] = &propWorker{
			ops:     make([]tileOp, 0, 16),
			hostBuf: b[:t.hostMax:t.hostMax],
			scratch: b[t.hostMax:],
		}
		// Workers sweep their cliques alone: splitting each sweep too
		// would have them wait on each other.
		ws[k].sw.serial = workers > 1
	}
	// hosted: clique c's pieces go through its hosts (host.go). Hosts
	// change the order in which factors and messages multiply, so they are
	// used only where no normalisation has to come between the two.
	usesHosts := func(c *clique) bool { return len(c.hosts) > 0 && c.safe && len(tables) == 0 }
	// local appends the operations multiplying clique i's own pieces into
	// its table: its factors (or the hosts holding them and its children's
	// messages), and its evidence.
	local := func(i int, ops []tileOp, hostBuf []float64) ([]tileOp, error) {
		c := &t.cliques[i]
		hosted := usesHosts(c)
		for j := range c.facs {
			if hosted && c.facRole[j] != roleDirect {
				continue
			}
			a := &c.facs[j]
			tab, base, err := factorTable(a)
			if err != nil {
				return nil, err
			}
			ops = append(ops, tileOp{kind: opMul, tw: &a.tw, small: tab, base: base})
		}
		if hosted {
			free := hostBuf // t.hostMax holds every clique's hosts
			for h := range c.hosts {
				hs := &c.hosts[h]
				tmp := free[:hs.size:hs.size]
				free = free[hs.size:]
				if err := t.fillHost(hs, tmp, c, factorTable, sep, skip); err != nil {
					return nil, err
				}
				ops = append(ops, tileOp{kind: opMul, tw: &hs.tw, small: tmp})
			}
		}
		for _, v := range evHere[i] {
			ops = append(ops, tileOp{kind: opMul, tw: &t.homeT[v], small: evVec[v]})
		}
		return ops, nil
	}
	// messages appends the operations multiplying in the children's
	// collect messages that are neither skipped nor hosted.
	messages := func(i int, ops []tileOp) []tileOp {
		c := &t.cliques[i]
		hosted := usesHosts(c)
		for k, kid := range c.kids {
			if !skip(kid) && !(hosted && c.kidRole[k] != roleDirect) {
				ops = append(ops, tileOp{kind: opMul, tw: &t.cliques[kid].upSepT, small: sep[kid]})
			}
		}
		return ops
	}
	// build fills clique i's table with the product of its pieces and the
	// children's messages in one sweep, normalising an unsafe clique (see
	// clique.safe) between the two, and returns the operations still to
	// run (the messages of a safe clique), to which the caller adds its
	// own before sweeping. The log of any scale removed is added to acc[i].
	build := func(i int, w *propWorker) ([]tileOp, error) {
		c := &t.cliques[i]
		ops, err := local(i, w.ops[:0], w.hostBuf)
		if err != nil {
			return nil, err
		}
		// A clique whose product of factors could leave the floating-point
		// range is normalised before the messages come in.
		if !c.safe || len(tables) > 0 {
			if len(ops) == 0 {
				ops = append(ops, tileOp{kind: opOnes})
			}
			if ops[0].kind == opMul {
				ops[0].kind = opCopy // a fresh table: the first product overwrites it
			}
			w.sw.sweep(r.pot[i], &c.tl, ops)
			s := maxOf(r.pot[i])
			if s == 0 {
				return nil, impossible(fmt.Sprintf("clique %d is zero", i))
			}
			scale(r.pot[i], 1/s)
			acc[i] += math.Log(s) // its children have added theirs already
			ops = ops[:0]
		} else if len(ops) == 0 {
			ops = append(ops, tileOp{kind: opOnes})
		}
		ops = messages(i, ops)
		if c.safe && len(tables) == 0 && ops[0].kind == opMul {
			ops[0].kind = opCopy // the first product overwrites: no pass filling ones
		}
		ops = copyFirst(ops)
		return ops, nil
	}
	// Collect, leaves to root. Each clique is built from its factors, its
	// evidence and its children's messages and sends its own message in one
	// sweep over its table (tile.go). A clique whose message is skipped is
	// not built until the distribute pass, which then builds and
	// distributes it in one sweep: on pathfinder every clique is such a
	// one, on munin three quarters of the table entries. Saving the
	// separate build pass made propagation 1.2× faster on pigs and munin
	// and 1.1× on diabetes (alternated in one process); pathfinder, whose
	// tables stay in the caches, did not change.
	collectOne := func(i int, w *propWorker) error {
		c := &t.cliques[i]
		for _, k := range c.kids {
			if !skip(k) {
				acc[i] += kidLog[k]
			}
		}
		ops, err := build(i, w)
		if err != nil {
			return err
		}
		sum := opSum
		if isMax {
			sum = opMax
		}
		switch {
		case c.parent < 0:
			z[0] = 0
			ops = append(ops, tileOp{kind: sum, tw: &t.rootT, small: z[:]})
		default:
			clear(sep[i])
			ops = append(ops, tileOp{kind: sum, tw: &c.toSepT, small: sep[i]})
		}
		w.ops = ops
		if len(ops) > 0 {
			w.sw.sweep(r.pot[i], &c.tl, ops)
		}
		if c.parent < 0 {
			return nil
		}
		s := maxOf(sep[i])
		if s == 0 {
			return impossible(fmt.Sprintf("message from clique %d is zero", i))
		}
		scale(sep[i], 1/s)
		kidLog[i] = acc[i] + math.Log(s)
		return nil
	}
	if workers == 1 {
		for k := len(t.order) - 1; k >= 0; k-- {
			if i := t.order[k]; !skip(i) { // a skipped clique is built in the distribute pass
				if err := collectOne(i, ws[0]); err != nil {
					return nil, err
				}
			}
		}
	} else {
		// A clique is ready once its children that send a message are done.
		waiting := make([]int, len(t.cliques))
		var ready []int
		tasks := 0
		for i, c := range t.cliques {
			if skip(i) {
				continue
			}
			tasks++
			for _, k := range c.kids {
				if !skip(k) {
					waiting[i]++
				}
			}
			if waiting[i] == 0 {
				ready = append(ready, i)
			}
		}
		next := func(i int, push func(int)) {
			if p := t.cliques[i].parent; p >= 0 && !skip(p) {
				if waiting[p]--; waiting[p] == 0 {
					push(p)
				}
			}
		}
		if err := runTasks(ws, ready, tasks, collectOne, next); err != nil {
			return nil, err
		}
	}
	if len(t.order) == 0 {
		return r, nil
	}
	root := t.order[0]
	if z[0] == 0 {
		return nil, impossible("root is zero")
	}
	r.LogZ += acc[root] + math.Log(z[0])
	if isMax {
		return r, nil // decoding needs the collect-pass tables only
	}
	// Distribute, root to leaves: Hugin's update pot[c] *= new/old. Each
	// clique is updated by its parent's ratio and marginalised onto its
	// children's separators in one sweep; the marginals come from one
	// shared plan when that is cheaper (margplan.go).
	// Clique tables are left unnormalised after distribution: readers
	// (Marginal, Joint) normalise what they extract, which saves two passes
	// over every table. Each distributed message is normalised to sum 1, so
	// a clique's total stays at most its size and cannot drift with depth.
	r.marg = make([]float64, t.margTotal)
	distributeOne := func(p int, w *propWorker) error {
		pc := &t.cliques[p]
		ops := w.ops[:0]
		scratch, margs := w.scratch, w.margs[:0]
		defer func() { w.ops, w.margs = ops[:0], margs[:0] }()
		// transient: a clique built here whose table nobody reads later
		// is swept through a scratch tile and not stored (Result.Joint
		// reads stored tables only; Together cliques are kept). Not
		// writing the tables back to memory made propagation 1.02–1.05×
		// faster on munin and pigs, 1.04–1.07× on pathfinder, 1.07–1.14×
		// on andes and 1.08–1.12× on diabetes (alternated in one process,
		// one and two processors).
		// An unsafe clique was built and normalised in place by build,
		// which may leave no operation at all (no child message): it is
		// stored (see stored above), and so is a kept one. A transient
		// clique's build opens with a copy or ones.
		transient := !stored(p)
		if skip(p) {
			// Built here, as its parent's update is multiplied in.
			var err error
			if ops, err = build(p, w); err != nil {
				return err
			}
		}
		if pc.parent >= 0 {
			// The parent's update is read in runs of the whole
			// separator block (it is laid out last), so it usually
			// becomes the copy that opens a clique built here.
			ops = copyFirst(append(ops, tileOp{kind: opMul, tw: &pc.toSepT, small: sep[p]}))
		}
		if len(pc.kids)+len(pc.homes) == 0 {
			if len(ops) > 0 && !transient {
				w.sw.sweep(r.pot[p], &pc.tl, ops)
			}
			return nil
		}
		// scratch (t.scratchMax) holds any clique's plan or direct targets.
		var bufs [][]float64
		if pc.dplan != nil {
			bufs = pc.dplan.buffers(scratch[:pc.dplan.total])
			// A skipped kid's separator was never written: its new
			// marginal is summed there directly rather than into scratch
			// and copied (munin 1.02×, mean of 16 alternations).
			for k, i := range pc.kids {
				if skip(i) && pc.dplan.sole(k) {
					bufs[pc.dplan.out[k]] = sep[i]
				}
			}
			for _, st := range pc.dplan.steps {
				if st.src < 0 {
					clear(bufs[st.dst])
					ops = append(ops, tileOp{kind: opSum, tw: st.tw, small: bufs[st.dst]})
				}
			}
		} else {
			margs = margs[:0]
			o := 0
			target := func(b []float64, tw *tiledWalk) {
				clear(b)
				margs = append(margs, b)
				ops = append(ops, tileOp{kind: opSum, tw: tw, small: b})
			}
			for _, i := range pc.kids {
				if skip(i) { // as above
					target(sep[i], &t.cliques[i].upSepT)
					continue
				}
				n := t.cliques[i].sepSize
				target(scratch[o:o+n], &t.cliques[i].upSepT)
				o += n
			}
			for _, v := range pc.homes {
				n := m.Card(v)
				target(scratch[o:o+n], &t.homeT[v])
				o += n
			}
		}
		if transient {
			w.sw.sweepScratch(&pc.tl, ops)
		} else {
			w.sw.sweep(r.pot[p], &pc.tl, ops)
		}
		if pc.dplan != nil {
			margs = pc.dplan.finish(bufs)
		}
		for j, v := range pc.homes {
			copy(r.marg[t.margOff[v]:], margs[len(pc.kids)+j])
		}
		// The kids' separators become their update ratios new/old.
		for k, i := range pc.kids {
			nw, old := margs[k], sep[i]
			inv := 1.0
			if s := sum(nw); s > 0 {
				inv = 1 / s
			}
			if skip(i) {
				// The old message is identically one and was never
				// written (the collect pass skipped it).
				if &nw[0] == &old[0] {
					scale(old, inv) // summed into the separator itself
					continue
				}
				for j := range old {
					old[j] = nw[j] * inv
				}
				continue
			}
			for j := range old {
				if old[j] == 0 {
					old[j] = 0
				} else {
					old[j] = nw[j] * inv / old[j]
				}
			}
		}
		return nil
	}
	if workers == 1 {
		for _, p := range t.order {
			if err := distributeOne(p, ws[0]); err != nil {
				return nil, err
			}
		}
	} else {
		// A clique is ready once its parent has written its update.
		next := func(p int, push func(int)) {
			for _, k := range t.cliques[p].kids {
				push(k)
			}
		}
		if err := runTasks(ws, t.order[:1], len(t.order), distributeOne, next); err != nil {
			return nil, err
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
	if t.home[v] < 0 {
		return nil, fmt.Errorf("marginal: %s is not in the compiled tree", t.m.Names[v])
	}
	copy(out, r.marg[t.margOff[v]:]) // summed in the distribute pass
	normalise(out)
	return out, nil
}

// Joint returns P(vars | evidence) as a table over vars in the given order
// (last fastest). The variables must have been compiled as a Together set:
// other cliques may have been swept without storing their tables, and
// Joint reads stored tables only. Observed variables are not allowed.
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
		if r.pot[i] != nil && containsAll(c.vars, vars) && (best < 0 || c.size < t.cliques[best].size) {
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

// copyFirst reorders the products that open a sweep (an opCopy or opOnes,
// then opMul operations) so that the piece read in the longest contiguous
// runs is the one copied, and the others multiply into it: a contiguous
// copy is a memmove, and a piece broadcast along runs then multiplies as a
// scalar (vec.Scale) instead of being filled in and multiplied by the
// contiguous piece. An opOnes followed by products is replaced by a copy
// of the best of them. Products commute, so only rounding changes. Putting
// the parent's update first in the cliques the distribute pass builds made
// propagation 1.06–1.12× faster on munin; reordering the collect pass's
// builds too, 1.13× on munin, 1.05× on diabetes and 1.02× on pigs (mean of
// 16 alternations in one process, GOMAXPROCS=1).
func copyFirst(ops []tileOp) []tileOp {
	if len(ops) < 2 || (ops[0].kind != opCopy && ops[0].kind != opOnes) {
		return ops
	}
	best, bestRun := -1, 0
	if ops[0].kind == opCopy {
		best, bestRun = 0, ops[0].tw.w.contiguousRun()
	}
	n := 1
	for ; n < len(ops) && ops[n].kind == opMul; n++ {
		if r := ops[n].tw.w.contiguousRun(); best < 0 || r > bestRun {
			best, bestRun = n, r
		}
	}
	switch {
	case best <= 0:
	case ops[0].kind == opOnes:
		// Ones times the best piece is a copy of it.
		ops[0] = ops[best]
		ops[0].kind = opCopy
		ops = append(ops[:best], ops[best+1:]...)
	default:
		ops[0].kind, ops[best].kind = opMul, opCopy
		ops[0], ops[best] = ops[best], ops[0]
	}
	return ops
}

// contiguousRun returns the length of w's runs over which the small table
// is read contiguously (0 when its fastest dimension is broadcast, strided
// or gathered).
func (w *walk) contiguousRun() int {
	d := len(w.card) - 1
	if w.off != nil || w.stride[d] != 1 {
		return 0
	}
	return w.card[d]
}
