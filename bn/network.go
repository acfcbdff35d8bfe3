// Package bn holds Entente's discrete Bayesian networks: variables with named
// states, a DAG of parent links and one conditional probability table (CPT)
// per variable. Inference, file formats, sensitivity analysis and dynamic
// (multi-slice) networks live in sub-packages and build on these types.
package bn

import "fmt"

// Variable is one discrete node.
//
// CPT layout: the table has len(States) entries for every configuration of
// the parents. Configurations are enumerated with Parents[0] varying slowest
// and the last parent fastest; within one configuration the child's states are
// contiguous. So for parents (A, B) with 2 and 3 states and a child with 2
// states, CPT[((a*3)+b)*2 + x] = P(child=x | A=a, B=b). This is BIF's and
// UAI's order, so readers and writers copy tables without permuting.
type Variable struct {
	Name    string
	States  []string
	Parents []string  // parent variable names, in CPT order
	CPT     []float64 // see the layout above

	// Why and Source document the node for people: the argument behind it
	// and where its numbers come from. Formats that cannot hold them drop
	// them; Entente's YAML keeps them through load and save.
	Why    string
	Source string
	// TableWhy and TableSource document the CPT separately from the node.
	TableWhy    string
	TableSource string

	// Previous marks a node of a 2-time-slice (dynamic) model: this node
	// stands for the named node's value in the previous slice. Its own CPT
	// (which must have no parents) is the distribution used in the first
	// slice only; package bn/dbn wires it to the earlier slice when unrolling.
	Previous string

	// Good lists the states in which the node counts as holding (an
	// outcome such as a partnership: its surviving states). Survival
	// curves (entente bn unroll) count them when no --good is given.
	// Only Entente's YAML keeps it.
	Good []string

	// Properties holds format-specific extras (BIF "property" lines, Hugin
	// node attributes) so a round trip does not lose them.
	Properties map[string]string

	// Elicitation optionally holds the compact specification the CPT was
	// expanded from (package bn/yamlmodel stores its ranked-node and
	// noisy-MAX specs here) so that saving can write the compact form back.
	// The CPT is always the authority: a writer that finds the spec no longer
	// expands to the CPT writes the full table instead. Clone copies the
	// value shallowly, so a spec must be treated as immutable.
	Elicitation any
}

// Network is a discrete Bayesian network. Variables are kept in file order;
// Index maps a name to its position.
type Network struct {
	Name       string
	Why        string
	Source     string
	Variables  []*Variable
	Properties map[string]string

	index    map[string]int
	indexLen int // len(Variables) when index was built
}

// Cardinality returns the number of states of v.
func (v *Variable) Cardinality() int { return len(v.States) }

// StateIndex returns the position of the named state, or false.
func (v *Variable) StateIndex(state string) (int, bool) {
	for i, s := range v.States {
		if s == state {
			return i, true
		}
	}
	return -1, false
}

// Row returns the CPT row (the child's distribution) for the parent
// configuration with index cfg in CPT order. The slice aliases the CPT. It
// panics if the CPT is too short, as slicing would: callers Validate first.
func (v *Variable) Row(cfg int) []float64 {
	k := len(v.States)
	return v.CPT[cfg*k : (cfg+1)*k]
}

// New returns an empty network with the given name.
func New(name string) *Network { return &Network{Name: name} }

// Add appends v to the network. It fails on a nil variable, an empty name or
// a name already present; parents may be added later (Validate checks them).
func (n *Network) Add(v *Variable) error {
	if v == nil {
		return fmt.Errorf("bn: add to network %q: nil variable", n.Name)
	}
	if v.Name == "" {
		return fmt.Errorf("bn: add to network %q: variable without a name", n.Name)
	}
	if _, dup := n.Index(v.Name); dup {
		return &ValidationError{Node: v.Name, Kind: ErrDuplicateVariable, Msg: "variable defined twice"}
	}
	n.Variables = append(n.Variables, v)
	n.index[v.Name] = len(n.Variables) - 1
	n.indexLen = len(n.Variables)
	return nil
}

// Index returns the position of the named variable in Variables, or false.
// Callers may edit Variables directly; Index notices a stale map (length or
// name mismatch) and rebuilds it, so it stays correct after such edits. With
// duplicate names (an invalid network) the first occurrence wins.
func (n *Network) Index(name string) (int, bool) {
	if i, ok := n.index[name]; ok && n.indexLen == len(n.Variables) && n.Variables[i] != nil && n.Variables[i].Name == name {
		return i, true
	}
	n.reindex()
	i, ok := n.index[name]
	return i, ok
}

// reindex rebuilds the name index from Variables.
func (n *Network) reindex() {
	n.index = make(map[string]int, len(n.Variables))
	for i, v := range n.Variables {
		if v == nil {
			continue
		}
		if _, seen := n.index[v.Name]; !seen {
			n.index[v.Name] = i
		}
	}
	n.indexLen = len(n.Variables)
}

// Var returns the named variable, or nil when there is none.
func (n *Network) Var(name string) *Variable {
	if i, ok := n.Index(name); ok {
		return n.Variables[i]
	}
	return nil
}

// Len returns the number of variables.
func (n *Network) Len() int { return len(n.Variables) }

// ParentCards returns the cardinalities of v's parents in CPT order. It
// fails when a parent is not in the network.
func (n *Network) ParentCards(v *Variable) ([]int, error) {
	cards := make([]int, len(v.Parents))
	for i, p := range v.Parents {
		pv := n.Var(p)
		if pv == nil {
			return nil, &ValidationError{Node: v.Name, Kind: ErrUnknownParent, Msg: fmt.Sprintf("parent %q is not a variable of the network", p)}
		}
		cards[i] = len(pv.States)
	}
	return cards, nil
}

// Arcs returns the number of parent links (arcs of the DAG).
func (n *Network) Arcs() int {
	a := 0
	for _, v := range n.Variables {
		a += len(v.Parents)
	}
	return a
}
