package jtree

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
)

// Options configure compilation. Start from DefaultOptions.
type Options struct {
	// MaxEntries bounds the total number of float64 entries of all clique
	// and separator tables (8 bytes each). Compile refuses larger trees
	// with ErrTooLarge instead of exhausting memory.
	MaxEntries int64
	// Heuristics are the elimination rules tried; the ordering with the
	// smallest total clique size wins. Empty means all of them.
	Heuristics []Heuristic
	// Restarts is the number of extra rounds of every heuristic with
	// random tie-breaking (a fixed seed, so compilation stays
	// deterministic) tried when the best tree exceeds RestartAbove
	// entries. Greedy rules meet many ties and the choice among them
	// matters: on munin1 restarts find trees about 5% smaller. Cheap
	// models skip them, where triangulation would cost more than it saves.
	Restarts     int
	RestartAbove int64
	// SettleBelow: with the default heuristics, a min-fill tree below this
	// many entries is kept without trying the others (0: always try them).
	// Such a tree propagates in a few milliseconds, about the cost of one
	// more greedy run, and min-fill's tree was the smallest or tied on
	// pathfinder, pigs and andes; on munin (31M against 16M) and diabetes
	// the others matter.
	SettleBelow int64
}

// DefaultOptions returns the defaults: 2^28 entries (2 GiB of tables),
// every heuristic unless min-fill's tree is under 2^20 entries, and 24 restarts for trees above 2^25 entries (256 MiB),
// where one propagation costs tens of milliseconds and a greedy run on a
// bnlearn network about one.
func DefaultOptions() Options {
	return Options{MaxEntries: 1 << 28, Restarts: 24, RestartAbove: 1 << 25, SettleBelow: 1 << 20}
}

// Spec chooses what to compile from a Model.
type Spec struct {
	// Vars are the variables of the tree; nil means all. Variables of a
	// factor outside Vars are an error unless they are Observed.
	Vars []int
	// Factors are the model factors to include; nil means all.
	Factors []int
	// Observed are variables that will always carry hard evidence. They are
	// left out of the tree: their factors are sliced at the observed state
	// when propagating, which keeps cliques small (evidence absorption).
	Observed []int
	// Together lists variable sets that must share a clique, so that their
	// joint distribution can be read off after propagation.
	Together [][]int
}

// Stats describe a compiled (or planned) junction tree.
type Stats struct {
	Variables      int // variables in the tree (observed ones excluded)
	Factors        int
	Cliques        int
	Treewidth      int   // largest clique size in variables, minus one
	LargestClique  int64 // entries of the largest clique table
	TotalEntries   int64 // entries of all clique and separator tables
	Heuristic      Heuristic
	LargestMembers []int // model variables of the largest clique
}

// MiB returns the memory the tables need, in mebibytes.
func (s Stats) MiB() float64 { return float64(s.TotalEntries) * 8 / (1 << 20) }

// Tree is a compiled junction tree: structure and index maps only. It is
// immutable and safe for concurrent Propagate calls; each Propagate
// allocates its own tables.
type Tree struct {
	m        *Model
	factors  []int   // model factor indices included
	local    []int32 // model var → position in tree vars, -1 if absent
	keep     []bool  // clique i's table is always stored (it holds a Together set)
	observed []bool  // by model var
	cliques  []clique
	order    []int       // preorder (root first)
	home     []int       // by model var: smallest clique holding it, -1 if none
	homeT    []tiledWalk // by model var: home clique → the variable, by tiles
	rootT    tiledWalk   // root clique → its total (empty scope)
	// margOff[v] is the offset of v's marginal in Result.marg (-1: v is
	// not in the tree); margTotal the length of Result.marg.
	margOff   []int
	margTotal int
	// hostMax and scratchMax are the most scratch entries one clique needs
	// for its hosts (collect) and for its children's and home variables'
	// marginals (distribute).
	hostMax, scratchMax int
	// bushy: propagate independent subtrees concurrently (subtrees.go).
	bushy   bool
	consts  []assigned // factors whose whole scope is observed
	stats   Stats
	pool    sync.Pool // *[]float64 table buffers, see Result.Release
	spareMu sync.Mutex
	spare   []float64 // one small buffer kept out of the pool (keepEntries)
}

// keepEntries bounds the buffer a tree keeps for itself between
// propagations (8 MiB). sync.Pool drops its contents at every other garbage
// collection, and a propagation over a few megabytes of tables triggers
// collections often enough that pigs allocated (and the kernel zeroed) its
// tables afresh on almost every query; a small buffer held by the tree
// avoids that, while large ones stay in the pool so that an Engine's cache
// of trees does not pin gigabytes.
const keepEntries = 1 << 20

// getBuffer returns a table buffer of n entries, reused when possible.
// Contents are arbitrary; propagate overwrites them.
func (t *Tree) getBuffer(n int) []float64 {
	t.spareMu.Lock()
	if cap(t.spare) >= n {
		b := t.spare[:n]
		t.spare = nil
		t.spareMu.Unlock()
		return b
	}
	t.spareMu.Unlock()
	if p, ok := t.pool.Get().(*[]float64); ok && cap(*p) >= n {
		return (*p)[:n]
	}
	return make([]float64, n)
}

// putBuffer takes back a buffer from getBuffer.
func (t *Tree) putBuffer(b []float64) {
	if cap(b) <= keepEntries {
		t.spareMu.Lock()
		if t.spare == nil {
			t.spare = b
			t.spareMu.Unlock()
			return
		}
		t.spareMu.Unlock()
	}
	t.pool.Put(&b)
}

type clique struct {
	vars    []int // model variables; table layout, last fastest
	size    int
	parent  int // -1 for the root
	sep     []int
	sepSize int
	toSep   walk      // this clique → separator
	tl      tiling    // tiles of this clique's table (tile.go)
	toSepT  tiledWalk // toSep by tiles of this clique
	upSepT  tiledWalk // parent clique → separator, by tiles of the parent
	kids    []int     // child cliques
	homes   []int     // variables whose home clique this is
	// dplan shares the distribute pass's marginalisation onto the kids'
	// separators and then the home variables (targets in that order); nil:
	// one pass each.
	dplan *margPlan
	facs  []assigned
	// hosts pre-multiply small pieces (factors, kid messages) into a
	// larger piece whose scope holds theirs before the collect sweep
	// (host.go); used when the clique needs no normalisation.
	hosts []host
	// facRole[j] / kidRole[k] say how factor c.facs[j] / child c.kids[k]
	// enters the clique when hosts are used: directly, as a guest or as a
	// host.
	facRole []pieceRole
	kidRole []pieceRole
	// unit: with no evidence entered below this clique, its collect
	// message is identically 1 and is skipped (see markUnit).
	unit bool
	// safe: the product of the assigned factors cannot underflow or
	// overflow (bounded by the factors' extreme entries), so the initial
	// normalisation pass is skipped.
	safe bool
}

type assigned struct {
	factor int
	tw     tiledWalk   // clique → factor table, by tiles of the clique
	obs    []obsStride // observed scope variables and their strides
}

type obsStride struct{ v, stride int }

// Model returns the model the tree was compiled from.
func (t *Tree) Model() *Model { return t.m }

// Stats returns the tree's sizes.
func (t *Tree) Stats() Stats { return t.stats }

// Has reports whether model variable v is a (non-observed) tree variable.
func (t *Tree) Has(v int) bool { return v < len(t.local) && t.local[v] >= 0 }

// Compile builds the junction tree of spec over m. It returns an error
// wrapping ErrTooLarge, with the sizes, when the tables would exceed
// opts.MaxEntries.
func Compile(m *Model, spec Spec, opts Options) (*Tree, error) {
	t, err := structure(m, spec, opts)
	if err != nil {
		return nil, err
	}
	if opts.MaxEntries > 0 && t.stats.TotalEntries > opts.MaxEntries {
		return nil, fmt.Errorf("compile: %w", &SizeError{LargestClique: t.stats.LargestClique, Treewidth: t.stats.Treewidth,
			TotalEntries: t.stats.TotalEntries, Limit: opts.MaxEntries})
	}
	t.index()
	// Cliques holding a Together set keep their tables after propagation
	// for Result.Joint; the distribute pass may leave others unstored.
	t.keep = make([]bool, len(t.cliques))
	for _, set := range spec.Together {
		for i, c := range t.cliques {
			if containsAll(c.vars, set) {
				t.keep[i] = true
			}
		}
	}
	return t, nil
}

// Plan triangulates spec over m and reports the sizes without building the
// index maps, so callers can print what Compile would refuse. It fails with
// ErrTooLarge only when no elimination order stays under opts.MaxEntries
// (set it to 0 for no bound).
func Plan(m *Model, spec Spec, opts Options) (Stats, error) {
	t, err := structure(m, spec, opts)
	if err != nil {
		return Stats{}, err
	}
	return t.stats, nil
}

// structure triangulates and builds the clique tree with factor assignment.
func structure(m *Model, spec Spec, opts Options) (*Tree, error) {
	n := m.NumVars()
	t := &Tree{m: m, local: make([]int32, n), observed: make([]bool, n)}
	for _, v := range spec.Observed {
		if v < 0 || v >= n {
			return nil, fmt.Errorf("compile: observed variable %d out of range", v)
		}
		t.observed[v] = true
	}
	for i := range t.local {
		t.local[i] = -1
	}
	var vars []int
	if spec.Vars == nil {
		for v := 0; v < n; v++ {
			if !t.observed[v] {
				vars = append(vars, v)
			}
		}
	} else {
		for _, v := range spec.Vars {
			if v < 0 || v >= n {
				return nil, fmt.Errorf("compile: variable %d out of range", v)
			}
			if !t.observed[v] && t.local[v] < 0 {
				t.local[v] = 0 // mark; numbered below
				vars = append(vars, v)
			}
		}
	}
	for i, v := range vars {
		t.local[v] = int32(i)
	}
	if spec.Factors == nil {
		t.factors = make([]int, len(m.Factors))
		for i := range t.factors {
			t.factors[i] = i
		}
	} else {
		t.factors = slices.Clone(spec.Factors)
	}

	cards := make([]int, len(vars))
	for i, v := range vars {
		cards[i] = m.Card(v)
	}
	g := newGraph(cards)
	// Among equally good eliminations, take children before their parents.
	// A CPT then tends to sit in the clique where its child is eliminated,
	// so the child is not in that clique's separator and, with no evidence
	// below, the clique's collect message is identically one and skipped
	// (markUnit): on munin this removed a tenth of propagation's work and
	// on pathfinder a quarter, at the same total table size.
	if m.Child != nil {
		if topo, err := m.topoOrder(); err == nil {
			rank := make([]int, n)
			for i, v := range topo {
				rank[v] = i
			}
			g.tie = make([]int, len(vars))
			for i, v := range vars {
				g.tie[i] = n - rank[v]
			}
		}
	}
	scope := func(vs []int) ([]int, error) {
		out := make([]int, 0, len(vs))
		for _, v := range vs {
			if t.observed[v] {
				continue
			}
			if v < 0 || v >= n || t.local[v] < 0 {
				return nil, fmt.Errorf("compile: variable %s is used but not in the tree", m.Names[v])
			}
			out = append(out, int(t.local[v]))
		}
		return out, nil
	}
	for _, f := range t.factors {
		if f < 0 || f >= len(m.Factors) {
			return nil, fmt.Errorf("compile: factor %d out of range", f)
		}
		s, err := scope(m.Factors[f].Vars)
		if err != nil {
			return nil, err
		}
		g.clique(s)
	}
	for _, set := range spec.Together {
		s, err := scope(set)
		if err != nil {
			return nil, err
		}
		g.clique(s)
	}

	g.freeze()
	heur := opts.Heuristics
	if len(heur) == 0 {
		heur = []Heuristic{MinFill, WeightedMinFill, MinWeight}
	}
	// A heuristic stops as soon as its cliques exceed the memory bound or a
	// quarter more than the best total so far, so hopeless models fail fast
	// instead of spending minutes filling in a dense graph. Candidates are
	// compared by the total of the junction tree they build (maximal cliques
	// plus separators), which is what propagation walks; the elimination
	// total also counts subsumed cliques and ranked munin1's orderings
	// wrongly (219M-entry tree chosen over a 205M one).
	limit := math.Inf(1)
	if opts.MaxEntries > 0 {
		limit = float64(opts.MaxEntries)
	}
	bestElim := math.Inf(1)
	// The best candidate so far: its tree's shape and total. Only the
	// winner is built.
	var best *elimTree
	bestTotal := math.Inf(1)
	var bestHeur Heuristic
	maxSeen := 0.0
	// keep weighs one finished elimination against the best so far.
	keep := func(h Heuristic, r elimResult) {
		maxSeen = max(maxSeen, r.biggest)
		if !r.ok {
			return
		}
		bestElim = min(bestElim, r.total)
		e := newElimTree(r.order, r.cliques)
		if tot := e.total(vars, m.Card); tot < bestTotal {
			best, bestTotal, bestHeur = e, tot, h
		}
	}
	try := func(h Heuristic, rng *rand.Rand) {
		keep(h, runElimination(g, h, min(limit, 1.25*bestElim), rng))
	}
	settled := func() bool {
		return len(opts.Heuristics) == 0 && best != nil && bestTotal < float64(opts.SettleBelow)
	}
	try(heur[0], nil)
	if rest := heur[1:]; !settled() && len(rest) > 0 {
		// The other heuristics run at once, one goroutine each, when
		// there is more than one processor: munin's compile was
		// 1.09–1.22× faster with two (best of 30, alternated in one
		// process; the means varied more, as the second core here is
		// often busy with other work). Run one after another, each would
		// stop as soon as it passed 1.25 times the best elimination total
		// before it; applying that rule to the finished runs, in order,
		// picks the same tree whatever the number of processors.
		results := make([]elimResult, len(rest))
		bound := min(limit, 1.25*bestElim)
		run := func(i int) { results[i] = runElimination(g, rest[i], bound, nil) }
		if runtime.GOMAXPROCS(0) > 1 {
			var wg sync.WaitGroup
			for i := range rest {
				wg.Go(func() { run(i) })
			}
			wg.Wait()
		} else {
			for i := range rest {
				run(i)
			}
		}
		for i, h := range rest {
			r := results[i]
			if r.ok && r.total > 1.25*bestElim {
				r.ok = false // it would have stopped early
			}
			keep(h, r)
			if settled() {
				break
			}
		}
	}
	if best != nil && opts.Restarts > 0 && bestTotal > float64(opts.RestartAbove) {
		// Each greedy run costs about n² score comparisons; allow restarts
		// in proportion to the tree size they may shrink, and stop after
		// eight rounds without a smaller tree (link: 39M entries with a
		// 16.8M clique down to 28M with a 2.1M one).
		n := float64(len(vars))
		rounds := min(opts.Restarts, int(bestTotal/(2*n*n)))
		rng := rand.New(rand.NewPCG(1, uint64(len(vars))))
		for r, last := 0, 0; r < rounds && r-last < 8; r++ {
			prev := best
			for _, h := range heur {
				try(h, rng)
			}
			if best != prev {
				last = r
			}
		}
	}
	if best == nil && len(vars) > 0 {
		return nil, fmt.Errorf("compile: %w", &SizeError{LargestClique: int64(math.Min(maxSeen, math.MaxInt64/2)), Limit: opts.MaxEntries, Partial: true})
	}
	if best == nil { // no variables: an empty tree
		t.build(vars, nil, nil)
	} else {
		t.buildFrom(vars, best)
		t.stats.Heuristic = bestHeur
	}
	t.stats.Variables = len(vars)
	t.stats.Factors = len(t.factors)
	return t, nil
}

// build turns an elimination order and its cliques (see eliminate) into a
// junction tree: the elimination clique of v is {v} ∪ its neighbours when
// eliminated, elim[v]; its separator is that
// set minus v, which lies inside the clique of the first-eliminated of those
// neighbours, its parent. A clique equal to its child's separator is
// subsumed by the child and merged into it.
func (t *Tree) build(vars, order []int, elim [][]int) {
	t.buildFrom(vars, newElimTree(order, elim))
}

// elimTree is the shape of the junction tree an elimination order makes,
// before any clique is laid out: enough to compare candidate orders by
// their tree's total size without building each (build allocates a large
// clique struct per clique; building only the winner made munin's compile
// 1.26× faster, median of five alternated runs).
type elimTree struct {
	order    []int
	elim     [][]int
	pos      []int  // pos[v]: v's place in order
	parentOf []int  // first-eliminated variable of elim[v] \ {v}, or -1
	absorbed []bool // v's clique is subsumed by a child's
	rep      []int  // the variable whose elimination clique stands for v's
}

func newElimTree(order []int, elim [][]int) *elimTree {
	n := len(order)
	e := &elimTree{order: order, elim: elim, pos: make([]int, n), parentOf: make([]int, n), absorbed: make([]bool, n), rep: make([]int, n)}
	for i, v := range order {
		e.pos[v] = i
	}
	for v := range e.parentOf {
		e.parentOf[v] = -1
		for _, u := range elim[v][1:] {
			if e.parentOf[v] < 0 || e.pos[u] < e.pos[e.parentOf[v]] {
				e.parentOf[v] = u
			}
		}
	}
	for v := range e.rep {
		e.rep[v] = v
	}
	for _, v := range order {
		p := e.parentOf[v]
		if p >= 0 && !e.absorbed[p] && len(elim[p]) == len(elim[v])-1 {
			// elim[p] ⊆ elim[v] \ {v} and same size: equal, so p's clique
			// is subsumed by v's.
			e.absorbed[p] = true
			e.rep[p] = v
		}
	}
	return e
}

// find returns the variable whose clique holds v's elimination clique.
func (e *elimTree) find(v int) int {
	for e.rep[v] != v {
		e.rep[v] = e.rep[e.rep[v]]
		v = e.rep[v]
	}
	return v
}

// total returns the entries of the tree's cliques and separators, as
// build's Stats.TotalEntries counts them (a clique without a separator,
// a root, counts one for it).
func (e *elimTree) total(vars []int, card func(int) int) float64 {
	size := func(scope []int) float64 {
		s := 1.0
		for _, u := range scope {
			s *= float64(card(vars[u]))
		}
		return s
	}
	total := 0.0
	for _, v := range e.order {
		if !e.absorbed[v] {
			total += size(e.elim[v]) + 1 // + 1: a root's empty separator
		}
		if p := e.parentOf[v]; p >= 0 && e.find(v) != e.find(p) {
			total += size(e.elim[v][1:]) - 1
		}
	}
	return total
}

// buildFrom lays out the junction tree e describes.
func (t *Tree) buildFrom(vars []int, e *elimTree) {
	n := len(vars)
	order, elim := e.order, e.elim
	pos, parentOf, absorbed, find := e.pos, e.parentOf, e.absorbed, e.find
	cliqueOf := make([]int, n) // local var → clique index, for its own elim clique
	for v := range cliqueOf {
		cliqueOf[v] = -1
	}
	kept := 0
	for _, a := range absorbed {
		if !a {
			kept++
		}
	}
	t.cliques = make([]clique, 0, kept) // a clique is a large struct: no regrowth
	for _, v := range order {
		if !absorbed[v] {
			cliqueOf[v] = len(t.cliques)
			mv := make([]int, len(elim[v]))
			for i, u := range elim[v] {
				mv[i] = vars[u]
			}
			t.cliques = append(t.cliques, clique{vars: mv, parent: -1})
		}
	}
	for _, v := range order {
		if absorbed[v] {
			cliqueOf[v] = cliqueOf[find(v)]
		}
	}
	for _, v := range order {
		if parentOf[v] < 0 {
			continue
		}
		c, p := cliqueOf[v], cliqueOf[parentOf[v]]
		if c == p {
			continue
		}
		t.cliques[c].parent = p
		sep := make([]int, 0, len(elim[v])-1)
		for _, u := range elim[v][1:] {
			sep = append(sep, vars[u])
		}
		t.cliques[c].sep = sep
	}
	// Join the roots of a forest (disconnected model) under the first root
	// with empty separators.
	root := -1
	for i := range t.cliques {
		if t.cliques[i].parent < 0 {
			if root < 0 {
				root = i
			} else {
				t.cliques[i].parent = root
				t.cliques[i].sep = nil
			}
		}
	}
	// Preorder.
	kids := make([][]int, len(t.cliques))
	for i, c := range t.cliques {
		if c.parent >= 0 {
			kids[c.parent] = append(kids[c.parent], i)
		}
	}
	if root >= 0 {
		t.order = append(t.order, root)
		for i := 0; i < len(t.order); i++ {
			t.order = append(t.order, kids[t.order[i]]...)
		}
	}
	// Table layouts: in preorder, lay each clique out with its own
	// variables first and its separator to the parent last (fastest), in
	// the parent's order. The collect message is then a sum of contiguous
	// separator-sized blocks, the parent-side walk merges runs of adjacent
	// variables (project.go), and a variable shared down a branch of the
	// tree stays among the fastest there, where long runs are cheap: on
	// pathfinder, whose 63-state Fault is in every clique, propagation was
	// 1.75× faster than with the separator first (which had put Fault
	// slowest everywhere), on pigs, munin and andes 1.1–1.2× faster, on
	// diabetes 6% slower (trees of both layouts alternated in one process).
	for _, i := range t.order {
		c := &t.cliques[i]
		if c.parent < 0 {
			continue
		}
		inSep := make(map[int]bool, len(c.sep))
		for _, v := range c.sep {
			inSep[v] = true
		}
		sep := make([]int, 0, len(c.sep))
		for _, v := range t.cliques[c.parent].vars {
			if inSep[v] {
				sep = append(sep, v)
			}
		}
		vs := make([]int, 0, len(c.vars))
		for _, v := range c.vars {
			if !inSep[v] {
				vs = append(vs, v)
			}
		}
		vs = append(vs, sep...)
		c.sep, c.vars = sep, vs
	}
	// Sizes.
	st := &t.stats
	st.Cliques = len(t.cliques)
	st.Treewidth = -1
	var total float64
	for i := range t.cliques {
		c := &t.cliques[i]
		sz := 1.0
		for _, v := range c.vars {
			sz *= float64(t.m.Card(v))
		}
		ss := 1.0
		for _, v := range c.sep {
			ss *= float64(t.m.Card(v))
		}
		total += sz + ss
		if sz <= math.MaxInt32*4 {
			c.size, c.sepSize = int(sz), int(ss)
		}
		if int64(sz) > st.LargestClique || (sz > float64(math.MaxInt64/2)) {
			st.LargestClique = int64(math.Min(sz, float64(math.MaxInt64/2)))
			st.LargestMembers = c.vars
		}
		st.Treewidth = max(st.Treewidth, len(c.vars)-1)
	}
	st.TotalEntries = int64(math.Min(total, float64(math.MaxInt64/2)))
	// Factor assignment: the clique of the first-eliminated variable of a
	// factor's (unobserved) scope holds the whole scope. Factors whose scope
	// is fully observed are constants, multiplied into P(evidence) directly.
	for _, f := range t.factors {
		best := -1
		for _, v := range t.m.Factors[f].Vars {
			if t.observed[v] {
				continue
			}
			l := int(t.local[v])
			if best < 0 || pos[l] < pos[best] {
				best = l
			}
		}
		if best < 0 {
			t.consts = append(t.consts, assigned{factor: f})
			continue
		}
		c := cliqueOf[best]
		t.cliques[c].facs = append(t.cliques[c].facs, assigned{factor: f})
	}
	t.markUnit()
	// Home clique of each variable: the smallest clique holding it.
	t.home = make([]int, t.m.NumVars())
	for v := range t.home {
		t.home[v] = -1
	}
	for i, c := range t.cliques {
		for _, v := range c.vars {
			if h := t.home[v]; h < 0 || t.cliques[h].size > c.size {
				t.home[v] = i
			}
		}
	}
}

// markUnit finds the cliques whose collect message is identically one when
// no evidence enters their subtree: every factor below is a CPT whose child
// is neither observed nor in the separator. Summing such a set of CPTs over
// their children gives 1 (eliminate children in reverse topological order),
// which is why barren parts of a Bayesian network cost nothing in the
// collect pass (the observation behind lazy propagation's barren-variable
// rule, Madsen & Jensen 1999, §4).
func (t *Tree) markUnit() {
	for i := range t.cliques {
		t.cliques[i].unit = t.cliques[i].parent >= 0
	}
	inSep := func(c *clique, v int) bool { return slices.Contains(c.sep, v) }
	// A variable without its own CPT sums to its cardinality, not 1: no
	// clique on the way from it to the root sends a unit message.
	covered := make([]bool, t.m.NumVars())
	if t.m.Child != nil {
		for _, f := range t.factors {
			if x := t.m.Child[f]; x >= 0 {
				covered[x] = true
			}
		}
	}
	for i := range t.cliques {
		for _, v := range t.cliques[i].vars {
			if !covered[v] {
				for c := i; c >= 0; c = t.cliques[c].parent {
					t.cliques[c].unit = false
				}
			}
		}
	}
	for i := range t.cliques {
		for _, a := range t.cliques[i].facs {
			x := -1
			if t.m.Child != nil {
				x = t.m.Child[a.factor]
			}
			c := i
			for c >= 0 && t.cliques[c].parent >= 0 {
				cl := &t.cliques[c]
				if x >= 0 && !t.observed[x] && !inSep(cl, x) {
					break
				}
				cl.unit = false
				c = cl.parent
			}
		}
	}
}

// index precomputes the walks used by propagation.
func (t *Tree) index() {
	card := t.m.Card
	for i := range t.cliques {
		c := &t.cliques[i]
		c.tl = newTiling(c.vars, card, tileEntries)
	}
	for i := range t.cliques {
		c := &t.cliques[i]
		c.toSep = newWalk(c.vars, c.sep, card)
		c.toSepT = newTiledWalkTo(c.vars, c.tl, c.sep, card)
		if c.parent >= 0 {
			p := &t.cliques[c.parent]
			c.upSepT = newTiledWalkTo(p.vars, p.tl, c.sep, card)
		}
		for j := range c.facs {
			a := &c.facs[j]
			fv := t.m.Factors[a.factor].Vars
			stride := layoutStrides(fv, card) // the factor's own layout
			for k, v := range fv {
				if t.observed[v] {
					a.obs = append(a.obs, obsStride{v: v, stride: stride[k]})
				}
			}
			// Walk into the full factor table: the observed variables only
			// shift the base offset, so the stride map uses the full layout.
			a.tw = newTiledWalk(c.vars, c.tl, fv, stride, card)
		}
	}
	for j := range t.consts {
		a := &t.consts[j]
		fv := t.m.Factors[a.factor].Vars
		for k, s := range layoutStrides(fv, card) {
			a.obs = append(a.obs, obsStride{v: fv[k], stride: s})
		}
	}
	// Range bound for skipping the initial normalisation: every entry of a
	// clique is a product of one entry per assigned factor, so it lies
	// within [Π min⁺, Π max] or is 0. 1e±250 leaves room for the messages.
	for i := range t.cliques {
		c := &t.cliques[i]
		lo, hi := 0.0, 0.0
		for _, a := range c.facs {
			mn, mx := t.m.factorRange(a.factor)
			if mx == 0 {
				mn, mx = 1, 1 // an all-zero factor: the clique is zero anyway
			}
			lo += math.Log10(mn)
			hi += math.Log10(mx)
		}
		c.safe = lo > -250 && hi < 250
	}
	for _, i := range t.order {
		if p := t.cliques[i].parent; p >= 0 {
			t.cliques[p].kids = append(t.cliques[p].kids, i)
		}
	}
	for i := range t.cliques {
		t.planHosts(i)
		c := &t.cliques[i]
		h := 0
		for _, hs := range c.hosts {
			h += hs.size
		}
		t.hostMax = max(t.hostMax, h)
	}
	t.margOff = make([]int, t.m.NumVars())
	for v, h := range t.home {
		t.margOff[v] = -1
		if h >= 0 {
			t.cliques[h].homes = append(t.cliques[h].homes, v)
			t.margOff[v] = t.margTotal
			t.margTotal += card(v)
		}
	}
	for i := range t.cliques {
		c := &t.cliques[i]
		seps := make([][]int, len(c.kids), len(c.kids)+len(c.homes))
		for k, j := range c.kids {
			seps[k] = t.cliques[j].sep
		}
		for _, v := range c.homes {
			seps = append(seps, []int{v})
		}
		c.dplan = planMarginals(c.vars, seps, card)
		need := 0
		if c.dplan != nil {
			c.dplan.tile(c.vars, c.tl, card)
			need = c.dplan.total
		} else {
			for _, k := range c.kids {
				need += t.cliques[k].sepSize
			}
			for _, v := range c.homes {
				need += card(v)
			}
		}
		t.scratchMax = max(t.scratchMax, need)
	}
	if len(t.order) > 0 {
		r := &t.cliques[t.order[0]]
		t.rootT = newTiledWalkTo(r.vars, r.tl, nil, card)
	}
	t.homeT = make([]tiledWalk, t.m.NumVars())
	for v, h := range t.home {
		if h >= 0 {
			t.homeT[v] = newTiledWalkTo(t.cliques[h].vars, t.cliques[h].tl, []int{v}, card)
		}
	}
	t.listOffsets()
	t.markBushy()
}

// positiveRange returns the smallest positive and the largest entry of t
// (+Inf and 0 when no entry is positive).
//
// It compares the entries' bit patterns as integers: for non-negative
// floats the order of the bits is the order of the values, integer
// comparisons compile to conditional moves (float ones to branches, which
// mispredicted on CPTs with scattered zeros and made this scan a tenth of
// pathfinder's compile time), and subtracting one from the bits sends +0
// (and anything negative) above every positive value for the minimum.
// Tables with a NaN take the plain loop.
func positiveRange(t []float64) (mn, mx float64) {
	const infBits = 0x7ff0000000000000
	var mx0, mx1 int64
	mn0, mn1 := uint64(math.MaxUint64), uint64(math.MaxUint64)
	i := 0
	for ; i+2 <= len(t); i += 2 {
		a, b := math.Float64bits(t[i]), math.Float64bits(t[i+1])
		if int64(a) > mx0 {
			mx0 = int64(a)
		}
		if int64(b) > mx1 {
			mx1 = int64(b)
		}
		if a-1 < mn0 {
			mn0 = a - 1
		}
		if b-1 < mn1 {
			mn1 = b - 1
		}
	}
	if i < len(t) {
		a := math.Float64bits(t[i])
		mx0 = max(mx0, int64(a))
		mn0 = min(mn0, a-1)
	}
	mxBits, mnKey := max(mx0, mx1), min(mn0, mn1)
	if mxBits > infBits {
		return positiveRangeNaN(t)
	}
	mn = math.Inf(1)
	if mnKey < infBits-1 {
		mn = math.Float64frombits(mnKey + 1)
	}
	return mn, math.Float64frombits(uint64(mxBits))
}

// positiveRangeNaN is positiveRange for tables holding NaNs, which it skips.
func positiveRangeNaN(t []float64) (mn, mx float64) {
	mn = math.Inf(1)
	for _, x := range t {
		if x > 0 {
			mn, mx = min(mn, x), max(mx, x)
		}
	}
	return mn, mx
}

// walkStrides is newWalk with the small table's strides given explicitly
// (for factors whose observed variables are fixed by a base offset).
func walkStrides(bigVars, smallVars, smallStride []int, card func(int) int) walk {
	return walkStridesIn(make([]int, 2*max(len(bigVars), 1)), bigVars, smallVars, smallStride, card)
}

// walkStridesIn is walkStrides with the walk's dimensions carved from buf,
// which must hold 2·max(len(bigVars), 1) ints: compile builds thousands of
// walks, and growing their slices entry by entry was a sixth of its time.
func walkStridesIn(buf, bigVars, smallVars, smallStride []int, card func(int) int) walk {
	n := len(buf) / 2
	w := walk{card: buf[:0:n], stride: buf[n : n : 2*n]}
	for i := len(bigVars) - 1; i >= 0; i-- {
		c, sd := card(bigVars[i]), strideOf(smallVars, smallStride, bigVars[i])
		if c == 1 {
			continue
		}
		if n := len(w.card); n > 0 && sd == w.stride[n-1]*w.card[n-1] {
			w.card[n-1] *= c
			continue
		}
		w.card = append(w.card, c)
		w.stride = append(w.stride, sd)
	}
	if len(w.card) == 0 {
		w.card, w.stride = append(w.card, 1), append(w.stride, 0)
	}
	slices.Reverse(w.card)
	slices.Reverse(w.stride)
	return w
}
