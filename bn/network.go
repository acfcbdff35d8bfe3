// Package bn holds Entente's discrete Bayesian networks: variables with named
// states, a DAG of parent links and one conditional probability table (CPT)
// per variable. Inference, file formats, sensitivity analysis and dynamic
// (multi-slice) networks live in sub-packages and build on these types.
package bn

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

	// Properties holds format-specific extras (BIF "property" lines, Hugin
	// node attributes) so a round trip does not lose them.
	Properties map[string]string
}

// Network is a discrete Bayesian network. Variables are kept in file order;
// Index maps a name to its position.
type Network struct {
	Name       string
	Why        string
	Source     string
	Variables  []*Variable
	Properties map[string]string

	index map[string]int
}
