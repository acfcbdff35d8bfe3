// Package jtree does exact inference in discrete Bayesian networks and
// Markov networks by junction-tree (clique-tree) propagation.
//
// # Method
//
// A model is a list of factors over discrete variables (a Bayesian network
// is just its CPTs as factors, see FromNetwork). Compilation moralises the
// factor graph, triangulates it by greedy elimination (min-fill, min-weight
// and weighted min-fill are all tried, unless min-fill's tree is already
// small (Options.SettleBelow), and the ordering whose junction tree
// has the smallest total table size kept, with seeded random tie-breaking
// restarts for very large trees (candidates are compared by the total their
// tree would have, and only the winner is built); Kjærulff 1990, "Triangulation of graphs:
// algorithms giving small total state space", Aalborg R-90-09), reads the elimination
// cliques off the ordering and joins them into a junction tree (the clique of
// variable v hangs below the clique of the first-eliminated variable in its
// separator; Lauritzen & Spiegelhalter 1988, JRSS B 50(2):157–224).
//
// Propagation is Hugin-style (Jensen, Lauritzen & Olesen 1990, Computational
// Statistics Quarterly 4:269–282): a collect pass to the root and a distribute
// pass back, with separator tables and 0/0 = 0 division. A clique sends
// to all its children from one shared marginalisation plan (margplan.go)
// rather than one pass over its table per child. Every operation on a
// clique in a pass (its factors, evidence and children's messages
// multiplied in, its own message summed out; or the parent's update and the
// children's separators) runs in one sweep over cache-sized tiles of its
// table (tile.go). With several processors, a bushy tree (no root-to-leaf
// path carrying half the work, as on munin and diabetes) propagates
// independent subtrees concurrently, each clique as soon as the messages
// it needs have arrived (subtrees.go); on other trees large sweeps are
// split between processors instead. A factor or
// message whose scope lies inside a smaller one is multiplied into that one
// first (host.go), and ties in the elimination take a child before its
// parents, so that more collect messages are identically one (markUnit).
// A clique whose collect message is one is not built in the collect pass:
// the distribute pass builds it, multiplies in its parent's message and
// marginalises it in one sweep through a scratch tile, without storing it
// (only cliques holding a Together set keep their tables for Joint). Every message and
// clique is rescaled to sum 1 and the logarithm of the scale accumulated, so
// P(evidence) is returned as a natural logarithm and does not underflow on
// networks with thousands of variables or Markov models with large factors.
// The same tree runs max-product propagation for the most probable
// explanation (Dawid 1992, "Applications of a general propagation algorithm
// for probabilistic expert systems", Statistics and Computing 2:25–36).
//
// # Relevance
//
// Engine answers queries on the smallest sub-model that gives the same
// answer, in the spirit of aGrUM's LazyPropagation (Madsen & Jensen 1999,
// "Lazy propagation", Artificial Intelligence 113:203–245). Marginals and
// Joint also return P(evidence), which needs every evidence variable and
// its ancestors: for a Bayesian network they compile that ancestral set of
// targets ∪ evidence (every other node is barren: its CPT sums out to 1),
// and for a Markov network the connected components holding them.
// Conditional and ConditionalJoint return the posteriors alone and prune
// further with Shachter's Bayes-ball (Shachter 1998, "Bayes-Ball: The
// Rational Pastime", UAI-98; bayesball.go): only the CPTs the ball passes
// up through and the observations it visits are requisite, so evidence d-separated
// from the targets by other evidence is dropped along with the ancestors
// it alone pulled in (on a Markov network, evidence outside the targets'
// components). Soft evidence counts as an observed virtual child of its
// variable; a do() model (Model.Intervene) has its intervened CPTs cut
// from their parents, so the ball runs on the mutilated graph, where an
// intervened variable (a root with a point-mass prior, its state known)
// blocks the paths through it as an observation would. MPE always
// compiles the whole model: barren nodes do not sum out of a maximisation.
// Each pruned tree is compiled once and cached, so repeated queries on a
// corner of a large network are cheap.
//
// # Memory
//
// Compile computes the size of every clique and separator table before it
// allocates anything and returns ErrTooLarge (with the largest clique and
// total size) when the total exceeds Options.MaxEntries, rather than letting
// the machine swap.
//
// # Tables
//
// All tables are flat []float64 with the LAST variable of the scope varying
// fastest, which is the CPT order of package bn and the factor order of the
// UAI format. Marginalisation and multiplication walk tables with strides
// (see project.go), never with per-entry maps. A clique lays out its own
// variables first and its separator last, so walks mostly run over long
// contiguous stretches, which the SSE2 kernels of internal/vec process. A
// walk whose fastest stretch is short (ternary variables, as in pigs) goes
// by blocks instead, with the small table's offsets over a block listed at
// compile time (gather.go).
//
// Compile runs the second and third triangulation heuristics concurrently
// when there is more than one processor; which tree it keeps does not depend
// on the number of processors. The results of a propagation by subtrees are
// the same bit for bit whatever the number of processors; those of split
// sweeps depend on it through the order of sums split between goroutines
// (rounding).
package jtree
