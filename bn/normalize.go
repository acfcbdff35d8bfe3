package bn

import (
	"fmt"
	"math"
)

// NormalizeRows rescales every CPT row whose sum differs from 1 by more than
// RowSumTolerance but by at most maxOff, so it sums to 1, and returns one
// line per row changed ("node: row for A=a sums to 0.97, rescaled"). Rows
// further off, or with a zero or non-finite sum, are left for Validate to
// report. It is meant for published networks whose printed numbers are
// rounded; Entente's loaders never call it implicitly, so a changed table is
// always visible to the user.
func (n *Network) NormalizeRows(maxOff float64) []string {
	var changed []string
	for _, v := range n.Variables {
		cards, err := n.ParentCards(v)
		if err != nil {
			continue
		}
		k := len(v.States)
		if k == 0 || len(v.CPT) != NumConfigs(cards)*k {
			continue
		}
		for it := NewConfigs(cards); it.Next(); {
			row := v.Row(it.Index())
			sum := 0.0
			for _, p := range row {
				sum += p
			}
			off := math.Abs(sum - 1)
			if off <= RowSumTolerance || off > maxOff || sum <= 0 || math.IsInf(sum, 0) || math.IsNaN(sum) {
				continue
			}
			for x := range row {
				row[x] /= sum
			}
			changed = append(changed, fmt.Sprintf("%s: row for %s sums to %.10g, rescaled", v.Name, n.ConfigLabel(v, it.At()), sum))
		}
	}
	return changed
}
