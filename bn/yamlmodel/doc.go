// Package yamlmodel reads and writes Entente's YAML model format, a
// Bayesian network written for people: every node and table can say why it
// is there and where its numbers come from, and tables can be given in
// compact elicitation forms that the loader expands into full CPTs.
//
// # Shape
//
//	name: sino-russian
//	why: "what the model is for"
//	source: "where its structure comes from"
//	properties: {author: someone}          # optional, kept as is
//	nodes:
//	  - name: UkraineWar
//	    states: [russia_prevails, stalemate, russia_loses]
//	    why: "the argument for the node"
//	    source: "..."
//	    previous: ""                          # 2-slice models: previous-slice copy of the named node
//	    good: [russia_prevails]               # optional: the states in which the node "holds" (survival curves)
//	    table:
//	      why: "..."
//	      source: "..."
//	      probs: [0.25, 0.5, 0.25]           # a node without parents: one row
//
// A node with parents lists them in "parents" and gives exactly one of the
// table forms below. Unknown keys are errors; errors name the line of the
// node and what to fix.
//
// # Rows
//
//	parents: [UkraineWar, Sanctions]
//	table:
//	  rows:
//	    - when: {UkraineWar: russia_prevails, Sanctions: eased}
//	      probs: [0.5, 0.3, 0.2]
//	      why: "optional, per row"
//	  default: [0.2, 0.5, 0.3]            # optional: every configuration not listed
//
// Without "default" every parent configuration must appear exactly once;
// the error names a missing one ("no row for UkraineWar=stalemate,
// Sanctions=eased").
//
// # Ranked nodes (weighted mean, min, max)
//
// Fenton, Neil & Caballero, "Using Ranked Nodes to Model Qualitative
// Judgments in Bayesian Networks", IEEE TKDE 19(10):1420–1432, 2007. States
// are ordered low → high; state i of n stands for the midpoint (i+0.5)/n of
// [0, 1]. The child is TNormal(μ, σ²) on [0, 1], integrated over its own n
// equal intervals, with μ one of
//
//	wmean: Σ wᵢmᵢ / Σ wᵢ
//	wmin:  minᵢ (wᵢmᵢ + Σ_{j≠i} mⱼ) / (wᵢ + n − 1)
//	wmax:  the same with max
//
// where mᵢ is parent i's midpoint, or 1 − mᵢ for a parent marked reverse
// ("more X → less Y"). Keys:
//
//	parents: [Dependence, Sanctions]
//	table:
//	  ranked:
//	    function: wmean                   # wmean (default), wmin, wmax
//	    variance: 0.05                    # σ², > 0
//	    parents:
//	      - {name: Dependence, weight: 2}
//	      - {name: Sanctions, weight: 1, reverse: true}
//
// Worked example (TestRankedWorked): Dependence has states [low, medium,
// high], Sanctions [eased, tightened], the child [low, medium, high]. For
// Dependence=high (midpoint 5/6) and Sanctions=tightened (midpoint 3/4,
// reversed to 1/4): μ = (2·5/6 + 1·1/4)/3 = 0.638889; with σ² = 0.05 the
// truncated normal puts 0.088659, 0.490672, 0.420669 on the child's
// intervals [0, 1/3], [1/3, 2/3], [2/3, 1].
//
// # Noisy-MAX
//
// Díez, "Parameter adjustment in Bayes networks. The generalized noisy
// OR-gate", UAI 1993; Henrion, "Some practical issues in constructing
// belief networks", UAI 1989 (noisy-OR, the two-state case). The child's
// states are ordered, the first meaning "absent". Each parent has a base
// state (default its first) with no effect; for each other state the spec
// gives the child's distribution when that parent alone is in that state,
// all others at base and the leak absent. The leak is the child's
// distribution with all parents at base (default: certainly absent).
// Causes act independently and the child takes the largest effect:
// P(Y ≤ y | x) = L(y) · Πᵢ Cᵢ(y | xᵢ), with L and Cᵢ cumulative.
//
//	parents: [Military, Energy]
//	table:
//	  noisymax:
//	    leak: [0.9, 0.1, 0]
//	    parents:
//	      - name: Military
//	        base: none                     # optional, default the first state
//	        states:
//	          some: [0.6, 0.4, 0]
//	          strong: [0.2, 0.5, 0.3]
//	      - name: Energy
//	        states:
//	          yes: [0.5, 0.3, 0.2]
//
// Worked example (TestNoisyMaxWorked, no leak): Energy=yes and
// Military=strong give cumulatives (0.5, 0.8, 1) and (0.2, 0.7, 1), product
// (0.1, 0.56, 1), so P(Y) = (0.1, 0.46, 0.44).
//
// # Saving
//
// Read keeps each compact spec in bn.Variable.Elicitation (*Rows, *Ranked or
// *NoisyMax). Write writes the spec back when it still expands to the
// variable's CPT (within 1e-12), and otherwise the full table — the CPT is
// the authority, so a table edited after loading is never overwritten by a
// stale spec. Specs are shared by Clone and must not be modified in place.
package yamlmodel
