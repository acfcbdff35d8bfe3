// Package bif reads and writes Bayesian networks in BIF, the Bayesian
// Interchange Format (F. G. Cozman, "The Interchange Format for Bayesian
// Networks", BIF 0.15, 1998, as implemented by JavaBayes), in the dialect of
// the bnlearn Bayesian Network Repository (M. Scutari, bnlearn.com/bnrepository)
// and pgmpy:
//
//	network unknown {
//	}
//	variable either {
//	  type discrete [ 2 ] { yes, no };
//	}
//	probability ( either | lung, tub ) {
//	  (yes, yes) 1.0, 0.0;
//	  (no, yes) 1.0, 0.0;
//	  default 0.5, 0.5;
//	}
//	probability ( asia ) {
//	  table 0.01, 0.99;
//	}
//
// Names are bare words (anything up to white space or one of { } ( ) [ ] ; , |,
// so child.bif's "0-3_days" is one word) or double-quoted strings; commas
// between states, parents and numbers are optional; // and /* */ comments
// are skipped; "property ...;" lines are kept in Properties. The CPT order of
// a "(…) p, …;" row is the child's states; rows are matched to parent
// configurations by state names, so they may come in any order. See
// assemble.go for "table" with parents and "default".
//
// # Rows that do not sum to 1
//
// Read keeps tables exactly as printed and does not renormalise. Published
// files round their numbers, but all 24 bnlearn networks pass bn.Validate's
// ±1e-6 row-sum rule as printed: the worst rows are off 1 by 3e-7 (barley,
// pathfinder; measured by TestBnlearnNetworks). Rescaling on load would
// therefore only hide real mistakes in hand-written files, so a row off by
// more than 1e-6 is left for Validate to report, naming the row. Callers
// that want to accept such a file anyway can call (*bn.Network).NormalizeRows,
// which rescales and lists every row it changed.
package bif
