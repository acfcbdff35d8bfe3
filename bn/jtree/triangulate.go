package jtree

import (
	"fmt"
	"math"
	"math/rand/v2"
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
	h := &graph{adj: make([]map[int]struct{}, len(g.adj)), card: g.card}
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
}

// score computes v's score. A vertex whose clique alone exceeds the limit
// (logLimit) gets an infinite fill without counting it: eliminating it would
// end the run anyway, and counting fill-in around a vertex of a dense
// graph's high degree costs O(degree²), which dominated SAT-derived UAI
// models (ra.cnf: 72 s before, under a second after).
func (g *graph) score(v int, logCard []float64, logLimit float64) score {
	s := score{logSize: logCard[v]}
	nb := make([]int, 0, len(g.adj[v]))
	for u := range g.adj[v] {
		nb = append(nb, u)
		s.logSize += logCard[u]
	}
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

// sameSize compares log table sizes with a tolerance: they are sums of
// logarithms taken in map iteration order, and exact comparison let the
// last bits of rounding break ties, so the same model compiled to trees of
// different sizes from run to run (munin1: 205M or 219M entries).
func sameSize(a, b float64) bool { return math.Abs(a-b) <= 1e-9*max(1, math.Abs(a)) }

func better(h Heuristic, a, b score) bool {
	switch h {
	case MinWeight:
		if !sameSize(a.logSize, b.logSize) {
			return a.logSize < b.logSize
		}
		return a.fill < b.fill
	case WeightedMinFill:
		if a.wfill != b.wfill {
			return a.wfill < b.wfill
		}
		return !sameSize(a.logSize, b.logSize) && a.logSize < b.logSize
	default:
		if a.fill != b.fill {
			return a.fill < b.fill
		}
		return !sameSize(a.logSize, b.logSize) && a.logSize < b.logSize
	}
}

// eliminate computes a greedy elimination order of g under h and returns it
// with the total size (entries) of the elimination cliques and the largest
// one. It stops early, returning ok=false, once the total exceeds limit, so
// that a poor heuristic does not cost more than a good one already found.
// rng, when not nil, breaks ties at random. g is consumed.
func eliminate(g *graph, h Heuristic, limit float64, rng *rand.Rand) (order []int, total float64, ok bool, biggest float64) {
	n := len(g.adj)
	logCard := make([]float64, n)
	for i, c := range g.card {
		logCard[i] = math.Log(float64(c))
	}
	logLimit := math.Log(limit)
	sc := make([]score, n)
	for v := range sc {
		sc[v] = g.score(v, logCard, logLimit)
	}
	done := make([]bool, n)
	order = make([]int, 0, n)
	for step := 0; step < n; step++ {
		best, ties := -1, 0
		for v := 0; v < n; v++ {
			if done[v] {
				continue
			}
			switch {
			case best < 0 || better(h, sc[v], sc[best]):
				best, ties = v, 1
			case rng != nil && !better(h, sc[best], sc[v]):
				// Equal score: reservoir-sample among the ties.
				ties++
				if rng.IntN(ties) == 0 {
					best = v
				}
			}
		}
		v := best
		size := math.Exp(sc[v].logSize)
		total += size
		biggest = max(biggest, size)
		if total > limit {
			return nil, total, false, biggest
		}
		order = append(order, v)
		done[v] = true
		nb := make([]int, 0, len(g.adj[v]))
		for u := range g.adj[v] {
			nb = append(nb, u)
		}
		// Add fill-in edges; a vertex u outside v's neighbourhood that is
		// adjacent to both ends of a new edge loses one missing edge.
		for i, a := range nb {
			for _, b := range nb[i+1:] {
				if _, ok := g.adj[a][b]; ok {
					continue
				}
				small, other := g.adj[a], g.adj[b]
				if len(small) > len(other) {
					small, other = other, small
				}
				w := float64(g.card[a]) * float64(g.card[b])
				for u := range small {
					if u == v {
						continue
					}
					if _, ok := other[u]; ok {
						if _, inNb := g.adj[v][u]; !inNb {
							sc[u].fill--
							sc[u].wfill -= w
						}
					}
				}
				g.adj[a][b] = struct{}{}
				g.adj[b][a] = struct{}{}
			}
		}
		for _, u := range nb {
			delete(g.adj[u], v)
		}
		g.adj[v] = nil
		for _, u := range nb {
			sc[u] = g.score(u, logCard, logLimit)
		}
	}
	return order, total, true, biggest
}
