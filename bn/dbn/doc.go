// Package dbn unrolls two-time-slice Bayesian networks (2-TBNs) over yearly
// slices by exact forward filtering.
//
// # Model
//
// A 2-TBN is an ordinary bn.Network in which some nodes carry Previous: "X".
// Such a node stands for X's value in the previous slice. In slice 0 its own
// parentless CPT is its prior; in slices ≥ 1 it is identified with X of the
// slice before. The variables named by Previous fields form the forward
// interface (Murphy 2002, "Dynamic Bayesian Networks: Representation,
// Inference and Learning", PhD thesis, UC Berkeley, §3.3): given their
// joint, the next slice is independent of everything earlier.
//
// # Method
//
// The slice network is compiled once into a junction tree in which the
// previous-slice nodes share one clique (they receive one joint factor, the
// incoming belief) and the interface variables share one clique (so their
// joint can be read off). Each step propagates the slice with the belief of
// the step before and passes on the JOINT distribution of the interface
// variables, not the product of their marginals, so filtering is exact
// (the "interface algorithm" of Murphy 2002, §3.3, without evidence).
// Interventions enter as replacement tables in the same compiled tree:
// do(X=x) from slice k on sets every row of X's CPT to the point mass on x,
// which has the same effect as cutting X's incoming arcs.
package dbn
