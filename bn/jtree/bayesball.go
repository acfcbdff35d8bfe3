package jtree

// ballMarks are the marks Bayes-ball leaves on the nodes of a directed
// acyclic graph, indexed by variable.
type ballMarks struct {
	// visited: the node received a ball. A visited observed node is a
	// requisite observation.
	visited []bool
	// top: the node passed a ball to its parents. Its conditional
	// distribution (CPT) is requisite.
	top []bool
	// bottom: the node passed a ball to its children. A node never
	// marked on the bottom is irrelevant to the query; soft evidence on
	// a node marked on the bottom is requisite (its virtual child was
	// visited).
	bottom []bool
}

// bayesBall runs Shachter's Bayes-ball algorithm (Shachter 1998,
// "Bayes-Ball: The Rational Pastime (for Determining Irrelevance and
// Requisite Information in Belief Networks and Influence Diagrams)",
// UAI-98; the algorithm for networks without deterministic nodes) for the
// query P(targets | evidence) on the DAG with parent lists pa and child
// lists ch. hard marks the variables of known state (the set K of the
// paper): hard evidence, and for requisite also point-mass roots; soft
// marks those with soft (likelihood) evidence and no known state.
//
// Soft evidence on X is treated as an observed virtual child X* of X with
// P(X* | X) ∝ the likelihood vector (Pearl 1988, §2.2.2): a ball passed
// down by X reaches X*, which being observed bounces it back up to X as if
// from a child. So X is then also marked on top, and the soft evidence is
// requisite exactly when X is marked on the bottom.
//
// The ball starts at every target as if sent from one of its children and
// moves by the d-separation rules (Geiger, Verma & Pearl 1990):
//
//   - an unobserved node passes a ball from a child to its parents and its
//     children, and a ball from a parent to its children only (a
//     head-to-head node blocks unless something below it is observed,
//     which the virtual-child bounce and the observed-descendant bounce
//     below take care of);
//   - an observed node passes a ball from a parent back to its parents
//     (explaining away through an observed collider) and blocks a ball
//     from a child (an observed chain or fork node blocks).
//
// Each node passes up at most once (top mark) and down at most once
// (bottom mark), so the run is linear in the size of the graph. The
// requisite probability nodes are those marked on top and the requisite
// observations the visited observed nodes (Shachter 1998); the
// query's answer computed from only their CPTs and observations equals the
// answer computed from the whole network whenever the evidence has
// positive probability.
func bayesBall(pa, ch [][]int, targets []int, hard, soft []bool) ballMarks {
	n := len(pa)
	mk := ballMarks{visited: make([]bool, n), top: make([]bool, n), bottom: make([]bool, n)}
	type ball struct {
		v         int
		fromChild bool
	}
	sched := make([]ball, 0, len(targets))
	for _, v := range targets {
		sched = append(sched, ball{v, true})
	}
	up := func(v int) {
		mk.top[v] = true
		for _, p := range pa[v] {
			sched = append(sched, ball{p, true})
		}
	}
	down := func(v int) {
		mk.bottom[v] = true
		for _, c := range ch[v] {
			sched = append(sched, ball{c, false})
		}
		if soft[v] {
			// The observed virtual child sends the ball straight back.
			sched = append(sched, ball{v, true})
		}
	}
	for len(sched) > 0 {
		b := sched[len(sched)-1]
		sched = sched[:len(sched)-1]
		v := b.v
		mk.visited[v] = true
		switch {
		case hard[v]:
			if !b.fromChild && !mk.top[v] {
				up(v)
			}
		case b.fromChild:
			if !mk.top[v] {
				up(v)
			}
			if !mk.bottom[v] {
				down(v)
			}
		default:
			if !mk.bottom[v] {
				down(v)
			}
		}
	}
	return mk
}

// children inverts parent lists.
func children(pa [][]int) [][]int {
	ch := make([][]int, len(pa))
	for c, ps := range pa {
		for _, p := range ps {
			ch[p] = append(ch[p], c)
		}
	}
	return ch
}
