package cases

import (
	"fmt"

	"entente/bn"
)

// CheckModel checks that an edited model can stand in for the case's: it
// validates, has the outcome node with the "holds" states, and (for a
// durability model) carries the outcome over from the previous year.
func CheckModel(c *Case, net *bn.Network, durability bool) error {
	if err := net.Validate(); err != nil {
		return err
	}
	out := net.Var(c.Outcome)
	if out == nil {
		return fmt.Errorf("the model has no outcome node %s; the case reads P(%s in %v) from it", c.Outcome, c.Outcome, c.Good)
	}
	for _, g := range c.Good {
		if !hasState(out.States, g) {
			return fmt.Errorf("outcome node %s has no state %s (it has %v)", c.Outcome, g, out.States)
		}
	}
	if durability {
		found := false
		for _, v := range net.Variables {
			found = found || v.Previous != ""
		}
		if !found {
			return fmt.Errorf("a durability model needs nodes with 'previous:' links (a two-slice model); this one has none")
		}
	}
	return nil
}
