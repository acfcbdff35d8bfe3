// Package uai reads the file formats of the UAI probabilistic-inference
// competitions (UAI 2008–2014; format pages of the UAI 2014 competition,
// as re-hosted with the benchmark instances by M. Roa-Villescas, mroavi/uai):
//
//   - model files (model.go): a preamble "MARKOV" or "BAYES", the number of
//     variables, their cardinalities, the number of functions and each
//     function's scope (size then variable indices); then each function's
//     table (size then values) with the LAST scope variable varying fastest;
//   - evidence files (evid.go): "k v1 s1 … vk sk", or the older UAI 2010
//     form "1" (one sample) followed by that line;
//   - answers (answers.go): ".MAR" ("MAR", n, then per variable its
//     cardinality and probabilities) and ".PR" ("PR", log10 of the
//     probability of evidence or partition function).
//
// A MARKOV model is a product of factors, not a Bayesian network, so it is
// returned as a Model for an inference engine to consume directly. A BAYES
// model (one function per variable, the child last in its scope) converts to
// a bn.Network with ToNetwork; FromNetwork and Write go the other way.
package uai
