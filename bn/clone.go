package bn

import "maps"

// Clone returns a deep copy of n: variables, state and parent slices, CPTs
// and property maps are new, so editing the copy leaves n unchanged. The
// Elicitation value is copied shallowly (specs are immutable by contract).
func (n *Network) Clone() *Network {
	c := &Network{
		Name:       n.Name,
		Why:        n.Why,
		Source:     n.Source,
		Properties: maps.Clone(n.Properties),
		Variables:  make([]*Variable, len(n.Variables)),
	}
	for i, v := range n.Variables {
		c.Variables[i] = v.Clone()
	}
	return c
}

// Clone returns a deep copy of v (see Network.Clone).
func (v *Variable) Clone() *Variable {
	if v == nil {
		return nil
	}
	c := *v
	c.States = append([]string(nil), v.States...)
	c.Parents = append([]string(nil), v.Parents...)
	c.CPT = append([]float64(nil), v.CPT...)
	c.Good = append([]string(nil), v.Good...)
	c.Properties = maps.Clone(v.Properties)
	return &c
}
