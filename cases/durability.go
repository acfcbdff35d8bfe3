package cases

import (
	"fmt"
	"sort"

	"entente/bn/dbn"
	"entente/bn/jtree"
)

// durability unrolls the two-slice model from StartYear to horizon with the
// interventions applied from their years on (an intervention without a year
// applies from the start), and returns P(outcome in Good) per year.
func (c *Case) durability(do []Intervention, horizon int, start []float64) ([]YearProb, error) {
	slice := c.Durability
	if start != nil {
		slice = slice.Clone()
		slice.Var(c.previousOutcome()).CPT = start
	}
	m, err := dbn.New(slice, jtree.DefaultOptions())
	if err != nil {
		return nil, fmt.Errorf("case %s: durability model: %w", c.Name, err)
	}
	// A dbn.Shock applies from its slice to the end; later shocks on the
	// same node override earlier ones, so shocks go in year order.
	var shocks []dbn.Shock
	for _, iv := range do {
		v := c.Durability.Var(iv.Node)
		if v == nil {
			return nil, fmt.Errorf("%w: --do: the durability model has no node %q", ErrScenario, iv.Node)
		}
		if !hasState(v.States, iv.State) {
			return nil, fmt.Errorf("%w: --do: node %s has no state %q (states: %v)", ErrScenario, iv.Node, iv.State, v.States)
		}
		from := max(iv.From, c.StartYear)
		if from > horizon {
			continue
		}
		shocks = append(shocks, dbn.Shock{From: from - c.StartYear, Do: map[string]string{iv.Node: iv.State}})
	}
	sort.SliceStable(shocks, func(i, j int) bool { return shocks[i].From < shocks[j].From })
	steps, err := m.Unroll(horizon-c.StartYear+1, shocks)
	if err != nil {
		return nil, fmt.Errorf("case %s: durability: %w", c.Name, err)
	}
	out := c.Durability.Var(c.Outcome)
	if out == nil {
		return nil, fmt.Errorf("case %s: the durability model has no outcome node %s", c.Name, c.Outcome)
	}
	p, err := dbn.Survival(steps, c.Outcome, c.Good, out.States)
	if err != nil {
		return nil, fmt.Errorf("case %s: durability: %w", c.Name, err)
	}
	curve := make([]YearProb, len(p))
	for i := range p {
		curve[i] = YearProb{Year: c.StartYear + i, P: p[i]}
	}
	return curve, nil
}

func hasState(states []string, s string) bool {
	for _, x := range states {
		if x == s {
			return true
		}
	}
	return false
}

// previousOutcome names the durability model's node that carries the outcome
// over from the previous year ("" when there is none).
func (c *Case) previousOutcome() string {
	for _, v := range c.Durability.Variables {
		if v.Previous == c.Outcome {
			return v.Name
		}
	}
	return ""
}

// startPrior folds soft evidence on the static model's indicators of the
// outcome into the durability model's first-year belief about the outcome.
//
// An evidence node whose only parent is the outcome (ObservedCloseness is
// P(closeness | Partnership)) observes the partnership as it is now, so its
// likelihood λ(c) updates the first-year prior π over the outcome by Bayes'
// rule: π'(o) ∝ π(o) · Σ_c P(c | o) λ(c). Later years then evolve from that
// belief through the transition tables. It returns nil when no such
// evidence is given.
func (c *Case) startPrior(soft map[string][]float64) ([]float64, error) {
	prev := c.previousOutcome()
	if prev == "" || len(soft) == 0 {
		return nil, nil
	}
	pv := c.Durability.Var(prev)
	prior := append([]float64(nil), pv.CPT...)
	used := false
	for node, lik := range soft {
		v := c.Model.Var(node)
		if v == nil || len(v.Parents) != 1 || v.Parents[0] != c.Outcome || len(lik) != len(v.States) {
			continue
		}
		k := len(v.States)
		for o := range prior {
			l := 0.0
			for s := 0; s < k; s++ {
				l += v.CPT[o*k+s] * lik[s]
			}
			prior[o] *= l
		}
		used = true
	}
	if !used {
		return nil, nil
	}
	sum := 0.0
	for _, p := range prior {
		sum += p
	}
	if !(sum > 0) {
		return nil, fmt.Errorf("%w: the soft evidence rules out every state of %s", ErrScenario, c.Outcome)
	}
	for i := range prior {
		prior[i] /= sum
	}
	return prior, nil
}
