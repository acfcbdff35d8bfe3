package yamlmodel

import (
	"fmt"
	"io"
	"math"

	"go.yaml.in/yaml/v3"

	"entente/bn"
)

// specTolerance is how close a kept compact spec must still expand to the
// CPT for Write to trust it; beyond it the CPT was edited after loading and
// the full table is written instead, since the CPT is the authority.
const specTolerance = 1e-12

// Write writes net as an Entente YAML model. A variable whose Elicitation
// (a *Rows, *Ranked or *NoisyMax) still expands to its CPT is written in
// that compact form; otherwise a root node gets table.probs and a node with
// parents one row per parent configuration in CPT order. Why/source texts,
// Previous, Good and Properties are written; Read(Write(net)) gives net back.
func Write(w io.Writer, net *bn.Network) error {
	fm := fileModel{Name: net.Name, Why: net.Why, Source: net.Source, Properties: net.Properties}
	for _, v := range net.Variables {
		fn := fileNode{
			Name: v.Name, States: v.States, Why: v.Why, Source: v.Source, Previous: v.Previous, Good: v.Good,
			Parents: v.Parents, Properties: v.Properties,
			Table: &fileTable{Why: v.TableWhy, Source: v.TableSource},
		}
		if err := writeTable(net, v, fn.Table); err != nil {
			return fmt.Errorf("yamlmodel: write %q: %w", v.Name, err)
		}
		fm.Nodes = append(fm.Nodes, fn)
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(&fm); err != nil {
		return fmt.Errorf("yamlmodel: write: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("yamlmodel: write: %w", err)
	}
	return nil
}

func writeTable(net *bn.Network, v *bn.Variable, t *fileTable) error {
	if v.Elicitation != nil {
		if cpt, err := expand(net, v, v.Elicitation); err == nil && sameTable(cpt, v.CPT) {
			switch s := v.Elicitation.(type) {
			case *Rows:
				t.Rows, t.Default = s.Rows, s.Default
			case *Ranked:
				t.Ranked = s
			case *NoisyMax:
				t.NoisyMax = s
			}
			return nil
		}
	}
	cards, err := net.ParentCards(v)
	if err != nil {
		return err
	}
	k := len(v.States)
	if len(v.CPT) != bn.NumConfigs(cards)*k {
		return fmt.Errorf("CPT has %d entries, expected %d", len(v.CPT), bn.NumConfigs(cards)*k)
	}
	if len(v.Parents) == 0 {
		t.Probs = v.CPT
		if t.Probs == nil {
			t.Probs = []float64{}
		}
		return nil
	}
	for it := bn.NewConfigs(cards); it.Next(); {
		when := make(map[string]string, len(v.Parents))
		for i, p := range v.Parents {
			when[p] = net.Var(p).States[it.At()[i]]
		}
		t.Rows = append(t.Rows, Row{When: when, Probs: v.Row(it.Index())})
	}
	return nil
}

func sameTable(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !(math.Abs(a[i]-b[i]) <= specTolerance) {
			return false
		}
	}
	return true
}
