package jtree

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"entente/bn"
)

// Factor is a non-negative table over Vars (indices into a Model's
// variables), with the last variable varying fastest.
type Factor struct {
	Vars  []int
	Table []float64
}

// Model is a discrete graphical model as a list of factors. It is the input
// of Compile, so Bayesian networks (FromNetwork) and UAI Markov networks
// (a MARKOV file's factors) share one engine.
//
// Child records the Bayesian-network structure when there is one: Child[i]
// is the variable whose CPT factor i is (its last scope variable), or -1.
// When every variable has exactly one CPT factor the model is a Bayesian
// network and Engine prunes barren nodes; otherwise it prunes by connected
// component only. A Model is read-only once built; Engine and Tree never
// modify it.
type Model struct {
	Names   []string
	States  [][]string
	Factors []Factor
	Child   []int

	index map[string]int
	// ranges notes each factor's smallest positive and largest entry,
	// taken when FromNetwork or FromUAI built the model, so that Compile
	// (which bounds each clique's products with them, see clique.safe)
	// does not scan every table again for each tree: on pathfinder that
	// scan was a fifth of compile time. An entry holds for the table it
	// was taken from (same first element and length); a copy of the
	// model whose factor was replaced, as Intervene makes, gets that
	// factor scanned afresh.
	ranges []tableRange
}

// tableRange is positiveRange of one factor table.
type tableRange struct {
	first  *float64
	n      int
	mn, mx float64
}

// noteRanges fills m.ranges. It is called by the constructors, before the
// model is shared, since a Model is read-only afterwards.
func (m *Model) noteRanges() {
	m.ranges = make([]tableRange, len(m.Factors))
	for i, f := range m.Factors {
		if len(f.Table) > 0 {
			mn, mx := positiveRange(f.Table)
			m.ranges[i] = tableRange{first: &f.Table[0], n: len(f.Table), mn: mn, mx: mx}
		}
	}
}

// factorRange returns positiveRange of factor f's table, from m.ranges
// when it was noted for this very table.
func (m *Model) factorRange(f int) (mn, mx float64) {
	tab := m.Factors[f].Table
	if f < len(m.ranges) && len(tab) > 0 {
		if r := &m.ranges[f]; r.first == &tab[0] && r.n == len(tab) {
			return r.mn, r.mx
		}
	}
	return positiveRange(tab)
}

// Errors callers branch on.
var (
	// ErrTooLarge: the junction tree would exceed Options.MaxEntries.
	ErrTooLarge = errors.New("junction tree too large")
	// ErrImpossibleEvidence: the evidence has probability zero.
	ErrImpossibleEvidence = errors.New("evidence has probability zero")
	// ErrUnknown: a variable or state name that the model does not have.
	ErrUnknown = errors.New("unknown name")
)

// SizeError reports a junction tree over the memory bound. It matches
// ErrTooLarge with errors.Is.
type SizeError struct {
	// LargestClique is the entries of the largest clique; when Partial it is
	// the largest met before every heuristic gave up (a lower bound).
	LargestClique int64
	Treewidth     int
	TotalEntries  int64 // 0 when Partial
	Limit         int64
	Partial       bool
}

func (e *SizeError) Error() string {
	if e.Partial {
		return fmt.Sprintf("junction tree too large: every elimination order tried exceeds the limit of %d entries (a clique of at least %d entries)", e.Limit, e.LargestClique)
	}
	return fmt.Sprintf("junction tree too large: largest clique has %d variables and %d entries, all tables %d entries (%.0f MiB), limit %d entries",
		e.Treewidth+1, e.LargestClique, e.TotalEntries, float64(e.TotalEntries)*8/(1<<20), e.Limit)
}

// Is makes errors.Is(err, ErrTooLarge) true.
func (e *SizeError) Is(target error) bool { return target == ErrTooLarge }

// NumVars returns the number of variables.
func (m *Model) NumVars() int { return len(m.States) }

// Card returns the number of states of variable v.
func (m *Model) Card(v int) int { return len(m.States[v]) }

// Var returns the index of the named variable, or an error wrapping
// ErrUnknown that lists the valid names.
func (m *Model) Var(name string) (int, error) {
	if m.index == nil {
		m.index = make(map[string]int, len(m.Names))
		for i, n := range m.Names {
			m.index[n] = i
		}
	}
	if i, ok := m.index[name]; ok {
		return i, nil
	}
	return -1, fmt.Errorf("%w: variable %q (valid: %s)", ErrUnknown, name, listNames(m.Names))
}

// State returns the index of state s of variable v, or an error wrapping
// ErrUnknown that lists the valid states.
func (m *Model) State(v int, s string) (int, error) {
	for i, n := range m.States[v] {
		if n == s {
			return i, nil
		}
	}
	return -1, fmt.Errorf("%w: state %q of %s (valid: %s)", ErrUnknown, s, m.Names[v], strings.Join(m.States[v], ", "))
}

// listNames joins names for an error message, eliding the middle of very
// long lists so the message stays one readable sentence.
func listNames(names []string) string {
	const max = 40
	if len(names) <= max {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:max], ", ") + fmt.Sprintf(", … (%d more)", len(names)-max)
}

// IsBayesian reports whether every variable has exactly one CPT factor, so
// that barren-node pruning and do() are valid.
func (m *Model) IsBayesian() bool {
	if len(m.Child) != len(m.Factors) {
		return false
	}
	seen := make([]bool, m.NumVars())
	for _, c := range m.Child {
		if c < 0 || seen[c] {
			return false
		}
		seen[c] = true
	}
	return len(m.Factors) == m.NumVars()
}

// Check validates shapes: every scope names existing, distinct variables,
// every table has the product of the scope cardinalities entries, and no
// entry is negative or NaN.
func (m *Model) Check() error {
	if len(m.Names) != len(m.States) {
		return fmt.Errorf("model: %d names for %d variables", len(m.Names), len(m.States))
	}
	for v, st := range m.States {
		if len(st) == 0 {
			return fmt.Errorf("model: variable %s has no states", m.Names[v])
		}
	}
	if m.Child != nil && len(m.Child) != len(m.Factors) {
		return fmt.Errorf("model: %d Child entries for %d factors", len(m.Child), len(m.Factors))
	}
	seen := make([]int, m.NumVars())
	for i, f := range m.Factors {
		n := 1
		for _, v := range f.Vars {
			if v < 0 || v >= m.NumVars() {
				return fmt.Errorf("model: factor %d: variable index %d out of range", i, v)
			}
			if seen[v] == i+1 {
				return fmt.Errorf("model: factor %d: variable %s repeated in scope", i, m.Names[v])
			}
			seen[v] = i + 1
			n *= m.Card(v)
		}
		if len(f.Table) != n {
			return fmt.Errorf("model: factor %d over %s: %d entries, want %d", i, m.scopeString(f.Vars), len(f.Table), n)
		}
		for j, x := range f.Table {
			if x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
				return fmt.Errorf("model: factor %d over %s: entry %d is %v", i, m.scopeString(f.Vars), j, x)
			}
		}
	}
	return nil
}

func (m *Model) scopeString(vars []int) string {
	s := make([]string, len(vars))
	for i, v := range vars {
		s[i] = m.Names[v]
	}
	return "(" + strings.Join(s, ", ") + ")"
}

// FromNetwork converts a Bayesian network into a Model: one factor per
// variable, scope = parents then the variable, table = the CPT (bn's CPT
// layout already has the child fastest). The CPT slices are shared, not
// copied. Previous (2-slice) links are ignored: a Previous node is an
// ordinary root here; package dbn wires slices together.
func FromNetwork(net *bn.Network) (*Model, error) {
	if net == nil {
		return nil, errors.New("model from network: nil network")
	}
	m := &Model{
		Names:   make([]string, len(net.Variables)),
		States:  make([][]string, len(net.Variables)),
		Factors: make([]Factor, len(net.Variables)),
		Child:   make([]int, len(net.Variables)),
		index:   make(map[string]int, len(net.Variables)),
	}
	for i, v := range net.Variables {
		if _, dup := m.index[v.Name]; dup {
			return nil, fmt.Errorf("model from network %s: duplicate variable %q", net.Name, v.Name)
		}
		m.Names[i] = v.Name
		m.States[i] = v.States
		m.index[v.Name] = i
	}
	for i, v := range net.Variables {
		scope := make([]int, 0, len(v.Parents)+1)
		for _, p := range v.Parents {
			j, ok := m.index[p]
			if !ok {
				return nil, fmt.Errorf("model from network %s: %s has unknown parent %q", net.Name, v.Name, p)
			}
			scope = append(scope, j)
		}
		scope = append(scope, i)
		m.Factors[i] = Factor{Vars: scope, Table: v.CPT}
		m.Child[i] = i
	}
	if err := m.Check(); err != nil {
		return nil, fmt.Errorf("model from network %s: %w", net.Name, err)
	}
	if _, err := m.topoOrder(); err != nil {
		return nil, fmt.Errorf("model from network %s: %w", net.Name, err)
	}
	m.noteRanges()
	return m, nil
}

// parents returns, for a Bayesian model, the parents of each variable (the
// scope of its CPT without itself).
func (m *Model) parents() [][]int {
	pa := make([][]int, m.NumVars())
	for i, c := range m.Child {
		if c < 0 {
			continue
		}
		for _, v := range m.Factors[i].Vars {
			if v != c {
				pa[c] = append(pa[c], v)
			}
		}
	}
	return pa
}

// topoOrder returns the variables parents-first, or an error naming a
// variable on a directed cycle.
func (m *Model) topoOrder() ([]int, error) {
	pa := m.parents()
	n := m.NumVars()
	children := make([][]int, n)
	indeg := make([]int, n)
	for c, ps := range pa {
		indeg[c] = len(ps)
		for _, p := range ps {
			children[p] = append(children[p], c)
		}
	}
	order := make([]int, 0, n)
	for v := 0; v < n; v++ {
		if indeg[v] == 0 {
			order = append(order, v)
		}
	}
	for i := 0; i < len(order); i++ {
		for _, c := range children[order[i]] {
			indeg[c]--
			if indeg[c] == 0 {
				order = append(order, c)
			}
		}
	}
	if len(order) != n {
		for v := 0; v < n; v++ {
			if indeg[v] > 0 {
				return nil, fmt.Errorf("directed cycle through %s", m.Names[v])
			}
		}
	}
	return order, nil
}
