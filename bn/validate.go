package bn

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// RowSumTolerance is how far a CPT row's sum may stray from 1 in Validate.
// Published networks print probabilities to a few digits (alarm's
// 0.33333334 triples sum to 1.00000002), so exact equality is too strict;
// 1e-6 still catches every typo a person could make in a table.
const RowSumTolerance = 1e-6

// maxReported caps the number of problems Validate lists, so a wholly
// mis-sized network gives a readable error.
const maxReported = 20

// Validate checks that n is a well-formed discrete Bayesian network:
//   - variable names are non-empty and unique; each variable has at least one
//     state and its state names are unique;
//   - every parent is a variable of the network and is listed once;
//   - the parent links form a DAG (a cycle is named, "cycle A -> B -> A");
//   - each CPT has len(States) × (product of parent cardinalities) entries;
//   - each entry is a number in [0, 1] and each row sums to 1 within
//     RowSumTolerance (the row is named by its parent states);
//   - a node with Previous set has no parents and names another node with
//     the same states;
//   - a node's Good states are among its states, each listed once.
//
// It returns nil or an errors.Join of *ValidationError values (at most 20,
// then a count of the rest); errors.As finds the first, errors.Is matches
// the Err* kinds.
func (n *Network) Validate() error {
	var errs []error
	total := 0
	add := func(node string, kind error, format string, a ...any) {
		total++
		if len(errs) < maxReported {
			errs = append(errs, &ValidationError{Node: node, Kind: kind, Msg: fmt.Sprintf(format, a...)})
		}
	}
	seen := make(map[string]bool, len(n.Variables))
	for i, v := range n.Variables {
		if v == nil {
			add(fmt.Sprintf("#%d", i), ErrNoStates, "variable %d is nil", i)
			continue
		}
		if v.Name == "" {
			add(fmt.Sprintf("#%d", i), ErrNoStates, "variable %d has no name", i)
		}
		if seen[v.Name] {
			add(v.Name, ErrDuplicateVariable, "variable defined twice")
			continue
		}
		seen[v.Name] = true
		if len(v.States) == 0 {
			add(v.Name, ErrNoStates, "no states")
		}
		states := make(map[string]bool, len(v.States))
		for _, s := range v.States {
			if states[s] {
				add(v.Name, ErrDuplicateState, "state %q listed twice", s)
			}
			states[s] = true
		}
		for j, g := range v.Good {
			switch {
			case !states[g]:
				add(v.Name, ErrGoodState, "good state %q is not one of its states %v", g, v.States)
			case slices.Index(v.Good, g) != j:
				add(v.Name, ErrGoodState, "good state %q listed twice", g)
			}
		}
	}
	for _, v := range n.Variables {
		if v == nil {
			continue
		}
		n.validateParents(v, add)
	}
	if len(errs) == 0 {
		if cyc := n.findCycle(); cyc != nil {
			add(cyc[0], ErrCycle, "cycle %s", joinArrows(cyc))
		}
	}
	if len(errs) == 0 {
		for _, v := range n.Variables {
			n.validateCPT(v, add)
		}
	}
	if total > len(errs) {
		errs = append(errs, fmt.Errorf("and %d more problems", total-len(errs)))
	}
	return errors.Join(errs...)
}

func (n *Network) validateParents(v *Variable, add func(string, error, string, ...any)) {
	for j, p := range v.Parents {
		if n.Var(p) == nil {
			add(v.Name, ErrUnknownParent, "parent %q is not a variable of the network", p)
		}
		if slices.Index(v.Parents, p) != j {
			add(v.Name, ErrDuplicateParent, "parent %q listed twice", p)
		}
	}
	if v.Previous == "" {
		return
	}
	if len(v.Parents) > 0 {
		add(v.Name, ErrPrevious, "previous-slice copy of %q must have no parents, has %v", v.Previous, v.Parents)
	}
	pv := n.Var(v.Previous)
	switch {
	case v.Previous == v.Name:
		add(v.Name, ErrPrevious, "previous-slice copy of itself")
	case pv == nil:
		add(v.Name, ErrPrevious, "previous-slice copy of %q, which is not a variable of the network", v.Previous)
	case !slices.Equal(pv.States, v.States):
		add(v.Name, ErrPrevious, "states %v differ from those of %q %v, whose previous-slice copy it is", v.States, v.Previous, pv.States)
	}
}

func (n *Network) validateCPT(v *Variable, add func(string, error, string, ...any)) {
	cards, err := n.ParentCards(v)
	if err != nil {
		return // reported by validateParents
	}
	k := len(v.States)
	rows := NumConfigs(cards)
	if rows < 0 || k == 0 || rows > maxInt/k {
		add(v.Name, ErrTableSize, "table too large (parent cardinalities %v)", cards)
		return
	}
	if want := rows * k; len(v.CPT) != want {
		add(v.Name, ErrTableSize, "CPT has %d entries, expected %d (%d states × %d parent configurations)", len(v.CPT), want, k, rows)
		return
	}
	it := NewConfigs(cards)
	for it.Next() {
		row := v.Row(it.Index())
		sum := 0.0
		bad := false
		for x, p := range row {
			if math.IsNaN(p) || p < 0 || p > 1+RowSumTolerance {
				add(v.Name, ErrBadProbability, "P(%s=%s | %s) = %v is not a probability", v.Name, v.States[x], n.ConfigLabel(v, it.At()), p)
				bad = true
			}
			sum += p
		}
		if !bad && math.Abs(sum-1) > RowSumTolerance {
			add(v.Name, ErrRowSum, "row for %s sums to %.10g, not 1 (tolerance %g)", n.ConfigLabel(v, it.At()), sum, RowSumTolerance)
		}
	}
}
