package bif

import (
	"strings"

	"entente/bn"
)

// maxTable bounds a CPT's size (entries) so a hostile file cannot make the
// reader allocate without limit; munin's largest table has about 10^5.
const maxTable = 1 << 26

// assemble turns the probability blocks into CPTs of the declared variables.
//
// Row forms: "(a, b) p1, p2;" sets the row of that parent configuration;
// "default p1, p2;" sets every row not listed; "table v...;" gives the whole
// table at once. For a root node "table" is the distribution. For a node
// with parents, "table" lists the values with the CHILD varying slowest
// (P(x0|c0), P(x0|c1), …, P(x1|c0), …), the order of JavaBayes, where BIF
// 0.15 comes from, and of pgmpy's reader; it is transposed into bn's
// layout. bnlearn's files use "table" for root nodes only.
func assemble(net *bn.Network, probs []*probBlock) error {
	done := make(map[string]int, len(probs))
	for _, pb := range probs {
		v := net.Var(pb.child)
		if v == nil {
			return &ParseError{Line: pb.line, Msg: "probability block for " + quote(pb.child) + ", which is not declared with 'variable'"}
		}
		if prev, dup := done[pb.child]; dup {
			return errAt(pb.line, "second probability block for %q (the first is at line %d)", pb.child, prev)
		}
		done[pb.child] = pb.line
		v.Parents = pb.parents
		if len(pb.props) > 0 {
			if v.Properties == nil {
				v.Properties = map[string]string{}
			}
			for k, val := range pb.props {
				v.Properties[ProbabilityPropertyPrefix+k] = val
			}
		}
		if err := fillCPT(net, v, pb); err != nil {
			return err
		}
	}
	for _, v := range net.Variables {
		if _, ok := done[v.Name]; !ok {
			return errAt(0, "variable %q has no probability block", v.Name)
		}
	}
	return nil
}

// ProbabilityPropertyPrefix marks, in Variable.Properties, the properties
// that stood in the variable's probability block rather than its variable
// block, so the writer puts them back where they were.
const ProbabilityPropertyPrefix = "probability."

func fillCPT(net *bn.Network, v *bn.Variable, pb *probBlock) error {
	k := len(v.States)
	parents := make([]*bn.Variable, len(pb.parents))
	cards := make([]int, len(pb.parents))
	for i, name := range pb.parents {
		parents[i] = net.Var(name)
		if parents[i] == nil {
			return errAt(pb.line, "parent %q of %q is not declared with 'variable'", name, v.Name)
		}
		cards[i] = len(parents[i].States)
	}
	rows := bn.NumConfigs(cards)
	if rows < 0 || rows > maxTable/k {
		return errAt(pb.line, "the table of %q is too large", v.Name)
	}
	v.CPT = make([]float64, rows*k)
	if pb.table != nil {
		if len(pb.rows) > 0 || pb.def != nil {
			return errAt(pb.tline, "probability block for %q mixes 'table' with rows or 'default'", v.Name)
		}
		if len(pb.table) != rows*k {
			return errAt(pb.tline, "table of %q has %d values, expected %d (%d states × %d parent configurations)", v.Name, len(pb.table), rows*k, k, rows)
		}
		for r := 0; r < rows; r++ {
			for x := 0; x < k; x++ {
				v.CPT[r*k+x] = pb.table[x*rows+r]
			}
		}
		return nil
	}
	set := make([]bool, rows)
	cfg := make([]int, len(parents))
	for _, row := range pb.rows {
		if len(row.states) != len(parents) {
			return errAt(row.line, "row of %q names %d parent states, expected %d (%s)", v.Name, len(row.states), len(parents), strings.Join(pb.parents, ", "))
		}
		for i, s := range row.states {
			j, ok := parents[i].StateIndex(s)
			if !ok {
				return errAt(row.line, "row of %q: %q is not a state of parent %q (states: %s)", v.Name, s, parents[i].Name, strings.Join(parents[i].States, ", "))
			}
			cfg[i] = j
		}
		if len(row.vals) != k {
			return errAt(row.line, "row of %q has %d probabilities, expected %d (one per state)", v.Name, len(row.vals), k)
		}
		r := bn.ConfigIndex(cards, cfg)
		if set[r] {
			return errAt(row.line, "row (%s) of %q is given twice", strings.Join(row.states, ", "), v.Name)
		}
		set[r] = true
		copy(v.CPT[r*k:], row.vals)
	}
	if pb.def != nil && len(pb.def) != k {
		return errAt(pb.line, "default row of %q has %d probabilities, expected %d", v.Name, len(pb.def), k)
	}
	for r, ok := range set {
		if ok {
			continue
		}
		if pb.def == nil {
			return errAt(pb.line, "probability block for %q has no row for %s and no 'default' row", v.Name, net.ConfigLabel(v, bn.ConfigAt(cards, r, cfg)))
		}
		copy(v.CPT[r*k:], pb.def)
	}
	return nil
}

func errAt(line int, format string, a ...any) error {
	return (&parser{}).errf(line, format, a...)
}

func quote(s string) string { return `"` + s + `"` }
