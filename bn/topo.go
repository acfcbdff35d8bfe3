package bn

import (
	"fmt"
	"strings"
)

// TopoOrder returns the variables' indices in an order where every parent
// comes before its children. Among valid orders it picks the one a
// depth-first search over parents in file order gives, so the result is
// deterministic and close to file order. It fails on an unknown parent or
// a cycle (naming it).
func (n *Network) TopoOrder() ([]int, error) {
	const (
		white = iota
		grey
		black
	)
	color := make([]int8, len(n.Variables))
	order := make([]int, 0, len(n.Variables))
	var visit func(i int) error
	visit = func(i int) error {
		color[i] = grey
		v := n.Variables[i]
		if v == nil {
			return fmt.Errorf("bn: variable %d is nil", i)
		}
		for _, p := range v.Parents {
			j, ok := n.Index(p)
			if !ok {
				return &ValidationError{Node: v.Name, Kind: ErrUnknownParent, Msg: fmt.Sprintf("parent %q is not a variable of the network", p)}
			}
			switch color[j] {
			case grey:
				cyc := n.findCycle()
				return &ValidationError{Node: cyc[0], Kind: ErrCycle, Msg: "cycle " + joinArrows(cyc)}
			case white:
				if err := visit(j); err != nil {
					return err
				}
			}
		}
		color[i] = black
		order = append(order, i)
		return nil
	}
	for i := range n.Variables {
		if color[i] == white {
			if err := visit(i); err != nil {
				return nil, err
			}
		}
	}
	return order, nil
}

// findCycle returns the names along one directed cycle, parent to child,
// with the first name repeated at the end (A, B, C, A for A -> B -> C -> A),
// or nil when the parent links form a DAG. Unknown parents are ignored.
func (n *Network) findCycle() []string {
	children := make([][]int, len(n.Variables))
	for i, v := range n.Variables {
		if v == nil {
			continue
		}
		for _, p := range v.Parents {
			if j, ok := n.Index(p); ok {
				children[j] = append(children[j], i)
			}
		}
	}
	color := make([]int8, len(n.Variables))
	var stack []int
	var found []int
	var visit func(i int) bool
	visit = func(i int) bool {
		color[i] = 1
		stack = append(stack, i)
		for _, c := range children[i] {
			if color[c] == 1 {
				for k, s := range stack {
					if s == c {
						found = append(append([]int(nil), stack[k:]...), c)
						return true
					}
				}
			}
			if color[c] == 0 && visit(c) {
				return true
			}
		}
		stack = stack[:len(stack)-1]
		color[i] = 2
		return false
	}
	for i := range n.Variables {
		if color[i] == 0 && visit(i) {
			names := make([]string, len(found))
			for k, j := range found {
				names[k] = n.Variables[j].Name
			}
			return names
		}
	}
	return nil
}

func joinArrows(names []string) string { return strings.Join(names, " -> ") }
