package bn

import (
	"fmt"
	"strings"
)

// Parent configurations are enumerated in CPT order: the first parent varies
// slowest and the last fastest, i.e. mixed-radix numbers whose digits are
// the parents' state indices (see the layout comment on Variable).

// NumConfigs returns the number of configurations of variables with the
// given cardinalities (1 for none). It returns -1 if the product overflows
// an int or a cardinality is not positive.
func NumConfigs(cards []int) int {
	n := 1
	for _, c := range cards {
		if c <= 0 || n > maxInt/c {
			return -1
		}
		n *= c
	}
	return n
}

const maxInt = int(^uint(0) >> 1)

// ConfigIndex returns the index of the configuration cfg (state indices, one
// per parent) in CPT order.
func ConfigIndex(cards, cfg []int) int {
	idx := 0
	for i, c := range cards {
		idx = idx*c + cfg[i]
	}
	return idx
}

// ConfigAt writes the configuration with the given index into dst (which
// must have len(cards) elements) and returns dst.
func ConfigAt(cards []int, idx int, dst []int) []int {
	for i := len(cards) - 1; i >= 0; i-- {
		dst[i] = idx % cards[i]
		idx /= cards[i]
	}
	return dst
}

// Configs iterates over all configurations of variables with the given
// cardinalities, in CPT order:
//
//	it := bn.NewConfigs(cards)
//	for it.Next() {
//		cfg := it.At() // reused between calls; copy to keep
//	}
//
// With no variables it yields one empty configuration.
type Configs struct {
	cards []int
	cur   []int
	idx   int
}

// NewConfigs returns an iterator positioned before the first configuration.
func NewConfigs(cards []int) *Configs {
	return &Configs{cards: cards, cur: make([]int, len(cards)), idx: -1}
}

// Next advances to the next configuration and reports whether there is one.
func (c *Configs) Next() bool {
	if c.idx == -1 {
		for _, k := range c.cards {
			if k <= 0 {
				return false
			}
		}
		c.idx = 0
		return true
	}
	for i := len(c.cards) - 1; i >= 0; i-- {
		c.cur[i]++
		if c.cur[i] < c.cards[i] {
			c.idx++
			return true
		}
		c.cur[i] = 0
	}
	return false
}

// At returns the current configuration. The slice is reused by Next.
func (c *Configs) At() []int { return c.cur }

// Index returns the current configuration's index in CPT order.
func (c *Configs) Index() int { return c.idx }

// ConfigLabel names v's parent configuration cfg by state names, as
// "A=a1, B=b2" (or "no parents"), for error messages and writers. Unknown
// parents are shown by index.
func (n *Network) ConfigLabel(v *Variable, cfg []int) string {
	if len(v.Parents) == 0 {
		return "no parents"
	}
	var b strings.Builder
	for i, p := range v.Parents {
		if i > 0 {
			b.WriteString(", ")
		}
		pv := n.Var(p)
		if pv != nil && cfg[i] >= 0 && cfg[i] < len(pv.States) {
			fmt.Fprintf(&b, "%s=%s", p, pv.States[cfg[i]])
		} else {
			fmt.Fprintf(&b, "%s=#%d", p, cfg[i])
		}
	}
	return b.String()
}
