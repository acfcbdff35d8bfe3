package jtree

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
)

// Heuristic names a greedy elimination-ordering rule (Kjærulff 1990).
type Heuristic int

const (
	// MinFill eliminates the variable adding the fewest fill-in edges,
	// breaking ties by clique weight.
	MinFill Heuristic = iota
	// MinWeight eliminates the variable whose clique (it and its current
	// neighbours) has the smallest table, breaking ties by fill-in.
	MinWeight
	// WeightedMinFill eliminates the variable whose fill-in edges have the
	// smallest total weight (Σ card(a)·card(b) over added edges a–b).
	WeightedMinFill
)

// String names the heuristic as the CLI prints it.
func (h Heuristic) String() string {
	switch h {
	case MinFill:
		return "min-fill"
	case MinWeight:
		return "min-weight"
	case WeightedMinFill:
		return "weighted-min-fill"
	}
	return fmt.Sprintf("Heuristic(%d)", int(h))
}

// graph is an undirected graph over local variables 0..n-1 with a
// cardinality per vertex.
type graph struct {
	adj  []map[int]struct{}
	card []int
	// tie orders vertices whose scores are equal (lower first); nil: by
	// vertex number. Compile ranks a Bayesian network's children before
	// their parents (see structure).
	tie []int
	// dense, when set (freeze), is the bit matrix of adj, copied by each
	// elimination instead of rebuilt from the maps: building it was 9% of
	// munin's compile, which runs three eliminations.
	dense *denseGraph
}

// freeze records g's bit matrix for the eliminations to come (when g is
// small enough for one). g must not change afterwards.
func (g *graph) freeze() {
	if len(g.adj) <= denseMax {
		g.dense = newDenseGraph(g)
	}
}

func newGraph(card []int) *graph {
	g := &graph{adj: make([]map[int]struct{}, len(card)), card: card}
	for i := range g.adj {
		g.adj[i] = make(map[int]struct{})
	}
	return g
}

// clique joins every pair in vs.
func (g *graph) clique(vs []int) {
	for i, a := range vs {
		for _, b := range vs[i+1:] {
			if a != b {
				g.adj[a][b] = struct{}{}
				g.adj[b][a] = struct{}{}
			}
		}
	}
}

func (g *graph) clone() *graph {
	h := &graph{adj: make([]map[int]struct{}, len(g.adj)), card: g.card, tie: g.tie}
	for i, a := range g.adj {
		h.adj[i] = make(map[int]struct{}, len(a))
		for j := range a {
			h.adj[i][j] = struct{}{}
		}
	}
	return h
}

// score of eliminating one vertex under the heuristics; lower is better.
type score struct {
	fill    int     // missing edges among neighbours
	wfill   float64 // Σ card(a)·card(b) over missing edges
	logSize float64 // log of the clique's table size
	qsize   int64   // logSize rounded to 1e-9, the key compared
}

// elimGraph is the graph eliminate works on, consumed as it goes. Two
// representations are chosen once per run by size (newElimGraph): the
// operations are all eliminate needs, so the greedy loop is written once.
type elimGraph interface {
	// neighbours appends v's current neighbours to buf.
	neighbours(v int, buf []int) []int
	adjacent(a, b int) bool
	connect(a, b int)
	// remove deletes v and its edges; nb are its neighbours.
	remove(v int, nb []int)
	// score computes v's score. A vertex whose clique alone exceeds the
	// limit (logLimit) gets an infinite fill without counting it:
	// eliminating it would end the run anyway, and counting fill-in around
	// a vertex of a dense graph's high degree costs O(degree²), which
	// dominated SAT-derived UAI models (ra.cnf: 72 s before, under a second
	// after).
	score(v int, logCard []float64, logLimit float64) score
	// commonOutside calls f for every u ≠ v adjacent to both a and b but
	// not to v.
	commonOutside(a, b, v int, f func(u int))
}

// denseMax bounds the vertices for which eliminate uses a bit matrix
// (denseGraph): n²/8 bytes, 8 MiB at the bound. Above it, the maps of
// graph (sparseGraph).
const denseMax = 1 << 13

// newElimGraph returns g in the representation eliminate uses for its size.
// g itself is consumed by the sparse form and left as is by the dense one.
func newElimGraph(g *graph) elimGraph {
	if g.dense != nil {
		d := *g.dense
		d.bits = slices.Clone(d.bits)
		return &d
	}
	if len(g.adj) <= denseMax {
		return newDenseGraph(g)
	}
	return sparseGraph{g}
}

// sparseGraph is a graph's adjacency maps: O(degree) memory, a hash lookup
// per adjacency test.
type sparseGraph struct{ *graph }

func (g sparseGraph) neighbours(v int, buf []int) []int {
	for u := range g.adj[v] {
		buf = append(buf, u)
	}
	return buf
}

func (g sparseGraph) adjacent(a, b int) bool {
	_, ok := g.adj[a][b]
	return ok
}

func (g sparseGraph) connect(a, b int) {
	g.adj[a][b] = struct{}{}
	g.adj[b][a] = struct{}{}
}

func (g sparseGraph) remove(v int, nb []int) {
	for _, u := range nb {
		delete(g.adj[u], v)
	}
	g.adj[v] = nil
}

func (g sparseGraph) score(v int, logCard []float64, logLimit float64) score {
	s := score{logSize: logCard[v]}
	nb := make([]int, 0, len(g.adj[v]))
	for u := range g.adj[v] {
		nb = append(nb, u)
		s.logSize += logCard[u]
	}
	s.qsize = int64(math.Round(min(s.logSize, 1e9) * 1e9))
	if s.logSize > logLimit {
		s.fill, s.wfill = math.MaxInt/2, math.Inf(1)
		return s
	}
	for i, a := range nb {
		aa := g.adj[a]
		for _, b := range nb[i+1:] {
			if _, ok := aa[b]; !ok {
				s.fill++
				s.wfill += float64(g.card[a]) * float64(g.card[b])
			}
		}
	}
	return s
}

func (g sparseGraph) commonOutside(a, b, v int, f func(u int)) {
	small, other := g.adj[a], g.adj[b]
	if len(small) > len(other) {
		small, other = other, small
	}
	for u := range small {
		if u == v {
			continue
		}
		if _, ok := other[u]; ok {
			if _, inNb := g.adj[v][u]; !inNb {
				f(u)
			}
		}
	}
}

// denseGraph is an adjacency bit matrix: row v holds bit u when u–v is an
// edge. Adjacency tests are one load, and counting the fill-in around v
// walks the missing pairs word by word (the complement of a's row within
// v's neighbourhood) instead of hashing every pair: score and the fill-in
// loop were two thirds of munin's compile time with maps.
type denseGraph struct {
	words int      // words per row
	bits  []uint64 // n rows of words
	card  []int
}

func newDenseGraph(g *graph) *denseGraph {
	n := len(g.adj)
	w := (n + 63) / 64
	d := &denseGraph{words: w, bits: make([]uint64, n*w), card: g.card}
	for v, a := range g.adj {
		row := d.row(v)
		for u := range a {
			row[u/64] |= 1 << (u % 64)
		}
	}
	return d
}

func (d *denseGraph) row(v int) []uint64 { return d.bits[v*d.words : (v+1)*d.words] }

// neighbours appends v's neighbours in increasing order.
func (d *denseGraph) neighbours(v int, buf []int) []int {
	for i, w := range d.row(v) {
		for w != 0 {
			buf = append(buf, i*64+bits.TrailingZeros64(w))
			w &= w - 1
		}
	}
	return buf
}

func (d *denseGraph) adjacent(a, b int) bool { return d.bits[a*d.words+b/64]&(1<<(b%64)) != 0 }

func (d *denseGraph) connect(a, b int) {
	d.bits[a*d.words+b/64] |= 1 << (b % 64)
	d.bits[b*d.words+a/64] |= 1 << (a % 64)
}

func (d *denseGraph) remove(v int, nb []int) {
	for _, u := range nb {
		d.bits[u*d.words+v/64] &^= 1 << (v % 64)
	}
	clear(d.row(v))
}

// score counts, for each neighbour a of v, the neighbours b > a of v that
// a is not adjacent to. fill and wfill are sums of integers, so they equal
// sparseGraph's whatever the order; logSize is summed in increasing vertex
// order and compared as qsize, like sparseGraph's.
func (d *denseGraph) score(v int, logCard []float64, logLimit float64) score {
	s := score{logSize: logCard[v]}
	nbRow := d.row(v)
	// Only the words of v's row that hold a neighbour are visited (a row
	// spans munin's 1,041 variables in 17 words, a neighbourhood a few),
	// fill-in is counted by popcount and its weight summed in integers
	// per neighbour a. With all three heuristics on the same graph: munin
	// 1.06–1.13× faster, munin2 1.13–1.19×, diabetes 1.03–1.06×, andes
	// 0.95× (best of 10, alternated in one process), the same orders.
	var nzBuf [32]int
	nz := nzBuf[:0]
	for i, w := range nbRow {
		if w == 0 {
			continue
		}
		nz = append(nz, i)
		for ; w != 0; w &= w - 1 {
			s.logSize += logCard[i*64+bits.TrailingZeros64(w)]
		}
	}
	s.qsize = int64(math.Round(min(s.logSize, 1e9) * 1e9))
	if s.logSize > logLimit {
		s.fill, s.wfill = math.MaxInt/2, math.Inf(1)
		return s
	}
	for k, i := range nz {
		for w := nbRow[i]; w != 0; w &= w - 1 {
			a := i*64 + bits.TrailingZeros64(w)
			arow := d.row(a)
			// Missing partners b > a: in v's row, not in a's, above a;
			// cb sums their cardinalities.
			cb := 0
			for kk, j := range nz[k:] {
				m := nbRow[j] &^ arow[j]
				if kk == 0 {
					m &= ^uint64(0) << (a%64 + 1) // 0 when a%64 = 63
				}
				s.fill += bits.OnesCount64(m)
				for ; m != 0; m &= m - 1 {
					cb += d.card[j*64+bits.TrailingZeros64(m)]
				}
			}
			s.wfill += float64(d.card[a]) * float64(cb)
		}
	}
	return s
}

func (d *denseGraph) commonOutside(a, b, v int, f func(u int)) {
	ra, rb, rv := d.row(a), d.row(b), d.row(v)
	for j := range ra {
		m := ra[j] & rb[j] &^ rv[j]
		if j == v/64 {
			m &^= 1 << (v % 64)
		}
		for m != 0 {
			f(j*64 + bits.TrailingZeros64(m))
			m &= m - 1
		}
	}
}

// better compares scores under h. Sizes are compared as qsize, logarithms
// rounded to 1e-9: they are sums of logarithms taken in map iteration
// order, and exact comparison let the last bits of rounding break ties, so
// the same model compiled to trees of different sizes from run to run
// (munin1: 205M or 219M entries).
func better(h Heuristic, a, b score) bool {
	switch h {
	case MinWeight:
		if a.qsize != b.qsize {
			return a.qsize < b.qsize
		}
		return a.fill < b.fill
	case WeightedMinFill:
		if a.wfill != b.wfill {
			return a.wfill < b.wfill
		}
		return a.qsize < b.qsize
	default:
		if a.fill != b.fill {
			return a.fill < b.fill
		}
		return a.qsize < b.qsize
	}
}

// vheap is a binary min-heap of vertices under the heuristic's order, ties
// broken by a per-vertex key (the vertex number, or a random permutation
// for randomised restarts). It replaced a linear scan for the best vertex
// at every step, which made elimination quadratic and was 40% of the UAI
// tests' time on models with thousands of variables.
type vheap struct {
	h     Heuristic
	sc    []score
	key   []int
	items []int
	pos   []int // index in items, -1 once popped
}

func (q *vheap) less(a, b int) bool {
	x, y := q.sc[a], q.sc[b]
	if better(q.h, x, y) {
		return true
	}
	if better(q.h, y, x) {
		return false
	}
	return q.key[a] < q.key[b]
}

func (q *vheap) swap(i, j int) {
	q.items[i], q.items[j] = q.items[j], q.items[i]
	q.pos[q.items[i]], q.pos[q.items[j]] = i, j
}

func (q *vheap) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !q.less(q.items[i], q.items[p]) {
			return
		}
		q.swap(i, p)
		i = p
	}
}

func (q *vheap) down(i int) {
	n := len(q.items)
	for {
		l, m := 2*i+1, i
		if l < n && q.less(q.items[l], q.items[m]) {
			m = l
		}
		if r := l + 1; r < n && q.less(q.items[r], q.items[m]) {
			m = r
		}
		if m == i {
			return
		}
		q.swap(i, m)
		i = m
	}
}

// fix restores the order after v's score changed.
func (q *vheap) fix(v int) {
	if i := q.pos[v]; i >= 0 {
		q.up(i)
		q.down(q.pos[v])
	}
}

func (q *vheap) pop() int {
	v := q.items[0]
	last := len(q.items) - 1
	q.swap(0, last)
	q.items = q.items[:last]
	q.pos[v] = -1
	if last > 0 {
		q.down(0)
	}
	return v
}

// eliminate computes a greedy elimination order of g under h and returns it
// with the total size (entries) of the elimination cliques and the largest
// one. It stops early, returning ok=false, once the total exceeds limit, so
// that a poor heuristic does not cost more than a good one already found.
// rng, when not nil, breaks ties at random. cliques[v] is v's elimination
// clique, v first and then its neighbours when eliminated, from which the
// junction tree is built (Tree.build). g is left as it was: the bit-matrix
// representation copies it, and the map one works on a clone, so several
// eliminations may run on one graph at once.
func eliminate(g *graph, h Heuristic, limit float64, rng *rand.Rand) (order []int, total float64, ok bool, biggest float64, cliques [][]int) {
	if len(g.adj) > denseMax {
		g = g.clone()
	}
	return eliminateOn(newElimGraph(g), g.card, g.tie, h, limit, rng)
}

// elimResult is what one run of eliminate returns.
type elimResult struct {
	order          []int
	total, biggest float64
	ok             bool
	cliques        [][]int
}

// runElimination is eliminate with its results in one value.
func runElimination(g *graph, h Heuristic, limit float64, rng *rand.Rand) elimResult {
	var r elimResult
	r.order, r.total, r.ok, r.biggest, r.cliques = eliminate(g, h, limit, rng)
	return r
}

// eliminateOn is eliminate on eg, whose vertices have cardinalities card.
func eliminateOn(eg elimGraph, card, tie []int, h Heuristic, limit float64, rng *rand.Rand) (order []int, total float64, ok bool, biggest float64, cliques [][]int) {
	n := len(card)
	logCard := make([]float64, n)
	for i, c := range card {
		logCard[i] = math.Log(float64(c))
	}
	logLimit := math.Log(limit)
	sc := make([]score, n)
	for v := range sc {
		sc[v] = eg.score(v, logCard, logLimit)
	}
	q := &vheap{h: h, sc: sc, key: make([]int, n), items: make([]int, n), pos: make([]int, n)}
	for v := range q.key {
		q.key[v], q.items[v], q.pos[v] = v, v, v
		if tie != nil {
			q.key[v] = tie[v]
		}
	}
	if rng != nil {
		for v, k := range rng.Perm(n) {
			q.key[v] = k
		}
	}
	for i := n/2 - 1; i >= 0; i-- {
		q.down(i)
	}
	order = make([]int, 0, n)
	cliques = make([][]int, n)
	var nb []int
	var w float64
	// Every change to a score is followed at once by fixing that vertex's
	// place in the heap, so the heap is valid before each change. Scores
	// of several vertices changed first and fixed afterwards (as an
	// earlier version did) could leave the heap out of order, and then which
	// vertex popped depended on the order of the fixes, which map
	// iteration randomised: munin's min-fill order differed from run to
	// run at steps 922 and 954.
	lose := func(u int) {
		sc[u].fill--
		sc[u].wfill -= w
		q.fix(u)
	}
	for step := 0; step < n; step++ {
		v := q.pop()
		size := math.Exp(sc[v].logSize)
		total += size
		biggest = max(biggest, size)
		if total > limit {
			return nil, total, false, biggest, nil
		}
		order = append(order, v)
		nb = eg.neighbours(v, nb[:0])
		cliques[v] = append(append(make([]int, 0, len(nb)+1), v), nb...)
		// Add fill-in edges; a vertex u outside v's neighbourhood that is
		// adjacent to both ends of a new edge loses one missing edge.
		for i, a := range nb {
			for _, b := range nb[i+1:] {
				if eg.adjacent(a, b) {
					continue
				}
				w = float64(card[a]) * float64(card[b])
				eg.commonOutside(a, b, v, lose)
				eg.connect(a, b)
			}
		}
		eg.remove(v, nb)
		for _, u := range nb {
			sc[u] = eg.score(u, logCard, logLimit)
			q.fix(u)
		}
	}
	return order, total, true, biggest, cliques
}
