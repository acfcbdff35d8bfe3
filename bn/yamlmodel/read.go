package yamlmodel

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"

	"entente/bn"
)

// Error is a problem in a YAML model, located by line when known (0 if
// not) and by node name when it concerns one node.
type Error struct {
	Line int
	Node string
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("yamlmodel: ")
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Node != "" {
		fmt.Fprintf(&b, "node %q: ", e.Node)
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Read parses an Entente YAML model, expands compact tables (rows with a
// default, ranked, noisymax) into full CPTs and validates the network. The
// compact specs are kept in each bn.Variable's Elicitation (a *Rows,
// *Ranked or *NoisyMax) and why/source texts in the Why/Source fields, so
// Write gives the file back. Unknown keys are errors (a misspelt "parnets"
// would otherwise silently drop the parents).
func Read(r io.Reader) (*bn.Network, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("yamlmodel: read: %w", err)
	}
	var fm fileModel
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&fm); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{Msg: "empty file: a model needs name and nodes"}
		}
		return nil, &Error{Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	lines := nodeLines(data)
	lineOf := func(i int) int {
		if i < len(lines) {
			return lines[i]
		}
		return 0
	}
	net := &bn.Network{Name: fm.Name, Why: fm.Why, Source: fm.Source, Properties: fm.Properties}
	if len(fm.Nodes) == 0 {
		return nil, &Error{Msg: "the model has no nodes"}
	}
	for i, fn := range fm.Nodes {
		v := &bn.Variable{
			Name: fn.Name, States: fn.States, Parents: fn.Parents, Why: fn.Why, Source: fn.Source,
			Previous: fn.Previous, Good: fn.Good, Properties: fn.Properties,
		}
		if fn.Name == "" {
			return nil, &Error{Line: lineOf(i), Msg: fmt.Sprintf("node %d has no name", i+1)}
		}
		if err := net.Add(v); err != nil {
			return nil, &Error{Line: lineOf(i), Node: fn.Name, Msg: "defined twice"}
		}
	}
	for i, fn := range fm.Nodes {
		v := net.Variables[i]
		if fn.Table == nil {
			return nil, &Error{Line: lineOf(i), Node: v.Name, Msg: "no table: give table.probs (no parents), table.rows, table.ranked or table.noisymax"}
		}
		v.TableWhy, v.TableSource = fn.Table.Why, fn.Table.Source
		if err := fill(net, v, fn.Table); err != nil {
			return nil, &Error{Line: lineOf(i), Node: v.Name, Msg: err.Error()}
		}
	}
	if err := net.Validate(); err != nil {
		var ve *bn.ValidationError
		if errors.As(err, &ve) {
			if i, ok := net.Index(ve.Node); ok {
				return nil, &Error{Line: lineOf(i), Node: ve.Node, Msg: ve.Msg}
			}
		}
		return nil, fmt.Errorf("yamlmodel: %w", err)
	}
	return net, nil
}

// nodeLines returns the line of each entry of the top-level "nodes" list.
func nodeLines(data []byte) []int {
	var root yaml.Node
	if yaml.Unmarshal(data, &root) != nil || len(root.Content) == 0 {
		return nil
	}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "nodes" {
			var out []int
			for _, n := range m.Content[i+1].Content {
				out = append(out, n.Line)
			}
			return out
		}
	}
	return nil
}

// fill sets v.CPT (and v.Elicitation) from the table. Parents must exist.
func fill(net *bn.Network, v *bn.Variable, t *fileTable) error {
	forms := 0
	for _, set := range []bool{t.Probs != nil, t.Rows != nil, t.Ranked != nil, t.NoisyMax != nil} {
		if set {
			forms++
		}
	}
	if forms != 1 {
		return fmt.Errorf("table must have exactly one of probs, rows, ranked, noisymax (found %d)", forms)
	}
	if t.Default != nil && t.Rows == nil {
		return fmt.Errorf("table.default is only meaningful with table.rows")
	}
	if len(v.States) == 0 {
		return fmt.Errorf("no states")
	}
	for _, p := range v.Parents {
		if net.Var(p) == nil {
			return fmt.Errorf("parent %q is not a node of the model", p)
		}
	}
	var spec any
	switch {
	case t.Probs != nil:
		if len(v.Parents) > 0 {
			return fmt.Errorf("table.probs is for nodes without parents; this node has parents %v: give table.rows, table.ranked or table.noisymax", v.Parents)
		}
		v.CPT = t.Probs
		return nil
	case t.Rows != nil:
		spec = &Rows{Rows: t.Rows, Default: t.Default}
	case t.Ranked != nil:
		spec = t.Ranked
	default:
		spec = t.NoisyMax
	}
	cpt, err := expand(net, v, spec)
	if err != nil {
		return err
	}
	v.CPT, v.Elicitation = cpt, spec
	return nil
}

// expand computes the CPT that spec (*Rows, *Ranked or *NoisyMax) gives v.
func expand(net *bn.Network, v *bn.Variable, spec any) ([]float64, error) {
	parents := make([]*bn.Variable, len(v.Parents))
	cards := make([]int, len(v.Parents))
	for i, p := range v.Parents {
		if parents[i] = net.Var(p); parents[i] == nil {
			return nil, fmt.Errorf("parent %q is not a node of the model", p)
		}
		cards[i] = len(parents[i].States)
	}
	rows := bn.NumConfigs(cards)
	if rows < 0 || rows > 1<<24 {
		return nil, fmt.Errorf("the table over parents %v is too large", v.Parents)
	}
	k := len(v.States)
	switch s := spec.(type) {
	case *Rows:
		return s.expand(net, v, parents, cards)
	case *Ranked:
		order, err := matchParents(v, len(s.Parents), func(i int) string { return s.Parents[i].Name })
		if err != nil {
			return nil, fmt.Errorf("ranked: %w", err)
		}
		ordered := &Ranked{Function: s.Function, Variance: s.Variance, Parents: make([]RankedParent, len(order))}
		for i, j := range order {
			ordered.Parents[i] = s.Parents[j]
		}
		return ordered.expand(k, cards)
	case *NoisyMax:
		order, err := matchParents(v, len(s.Parents), func(i int) string { return s.Parents[i].Name })
		if err != nil {
			return nil, fmt.Errorf("noisymax: %w", err)
		}
		ordered := &NoisyMax{Leak: s.Leak, Parents: make([]NoisyMaxParent, len(order))}
		states := make([][]string, len(order))
		for i, j := range order {
			ordered.Parents[i] = s.Parents[j]
			states[i] = parents[i].States
		}
		return ordered.expand(k, states)
	}
	return nil, fmt.Errorf("unknown table form %T", spec)
}

// matchParents maps each of v's parents to its entry in a spec's parent
// list, which must name every parent exactly once.
func matchParents(v *bn.Variable, n int, name func(int) string) ([]int, error) {
	pos := make(map[string]int, n)
	for i := 0; i < n; i++ {
		if _, dup := pos[name(i)]; dup {
			return nil, fmt.Errorf("parent %q listed twice", name(i))
		}
		pos[name(i)] = i
	}
	order := make([]int, len(v.Parents))
	for i, p := range v.Parents {
		j, ok := pos[p]
		if !ok {
			return nil, fmt.Errorf("parent %q is missing from the list", p)
		}
		order[i] = j
		delete(pos, p)
	}
	for extra := range pos {
		return nil, fmt.Errorf("%q is listed but is not a parent of the node", extra)
	}
	return order, nil
}

func (s *Rows) expand(net *bn.Network, v *bn.Variable, parents []*bn.Variable, cards []int) ([]float64, error) {
	k := len(v.States)
	rows := bn.NumConfigs(cards)
	cpt := make([]float64, rows*k)
	set := make([]bool, rows)
	cfg := make([]int, len(parents))
	for n, row := range s.Rows {
		if len(row.When) != len(parents) {
			return nil, fmt.Errorf("row %d: when must give a state for each parent %v, has %d entries", n+1, v.Parents, len(row.When))
		}
		for i, p := range parents {
			st, ok := row.When[p.Name]
			if !ok {
				return nil, fmt.Errorf("row %d: when does not give parent %q", n+1, p.Name)
			}
			if cfg[i], ok = p.StateIndex(st); !ok {
				return nil, fmt.Errorf("row %d: %q is not a state of %q (states: %s)", n+1, st, p.Name, strings.Join(p.States, ", "))
			}
		}
		if len(row.Probs) != k {
			return nil, fmt.Errorf("row %d (%s) has %d probabilities, expected %d (one per state)", n+1, net.ConfigLabel(v, cfg), len(row.Probs), k)
		}
		r := bn.ConfigIndex(cards, cfg)
		if set[r] {
			return nil, fmt.Errorf("row %d: configuration %s is listed twice", n+1, net.ConfigLabel(v, cfg))
		}
		set[r] = true
		copy(cpt[r*k:], row.Probs)
	}
	if s.Default != nil && len(s.Default) != k {
		return nil, fmt.Errorf("default has %d probabilities, expected %d", len(s.Default), k)
	}
	for r, ok := range set {
		if ok {
			continue
		}
		if s.Default == nil {
			return nil, fmt.Errorf("no row for %s (list every parent configuration once, or add table.default)", net.ConfigLabel(v, bn.ConfigAt(cards, r, cfg)))
		}
		copy(cpt[r*k:], s.Default)
	}
	return cpt, nil
}
