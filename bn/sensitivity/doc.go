// Package sensitivity ranks the nodes of a Bayesian network by how much
// they move a target: a tornado (one-way sensitivity: the range of
// P(target) as one node is set to each of its states, by intervention or by
// observation) and value of information (the mutual information between a
// node and the target given the current evidence, which equals the expected
// reduction in the target's entropy from observing the node; Cover & Thomas,
// Elements of Information Theory, 2nd ed., eq. 2.39). Both run on package
// jtree's Engine, so every number is exact.
package sensitivity
