package cases

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"entente/bn"
	"entente/bn/jtree"
	"entente/bn/sensitivity"
)

// ErrScenario marks a scenario request the user must fix (unknown node or
// state, bad likelihood, horizon before the start year).
var ErrScenario = errors.New("bad scenario")

// Request asks for one evaluation of a case's models.
type Request struct {
	// Evidence fixes observed nodes of the static model (conditioning).
	Evidence map[string]string
	// Soft adds likelihood (virtual) evidence per state of a node.
	Soft map[string][]float64
	// Do intervenes on nodes: in the static model, and in the durability
	// model from the intervention's year on.
	Do []Intervention
	// Horizon is the last year of the durability curve; 0 means the case's.
	Horizon int
	// Tornado asks for the sensitivity of P(holds) to the static model's
	// nodes; TornadoTop keeps that many bars (0: all).
	Tornado    bool
	TornadoTop int
}

// Marginal is one node's distribution.
type Marginal struct {
	Node   string    `json:"node"`
	States []string  `json:"states"`
	Probs  []float64 `json:"probs"`
}

// Bar is one tornado bar: P(holds) when Node is set to its least and most
// favourable states.
type Bar struct {
	Node      string  `json:"node"`
	Low       float64 `json:"low"`
	High      float64 `json:"high"`
	LowState  string  `json:"low_state"`
	HighState string  `json:"high_state"`
}

// Result is the answer to a Request.
type Result struct {
	Outcome   Marginal   `json:"outcome"`
	Holds     float64    `json:"holds"`     // P(outcome in Good) in the static model
	Marginals []Marginal `json:"marginals"` // every node of the static model, in model order
	// Curve is P(holds) per year of the durability model, StartYear..Horizon.
	Curve   []YearProb `json:"curve"`
	Tornado []Bar      `json:"tornado,omitempty"`
	// LogPE is ln P(evidence) of the static model's hard and soft evidence.
	LogPE float64 `json:"log_p_evidence"`
}

// YearProb is P(holds) in one year.
type YearProb struct {
	Year int     `json:"year"`
	P    float64 `json:"p"`
}

// HoldsIn returns P(holds) in year y, and false when the curve has no such year.
func (r *Result) HoldsIn(y int) (float64, bool) {
	for _, yp := range r.Curve {
		if yp.Year == y {
			return yp.P, true
		}
	}
	return 0, false
}

// Evaluate runs the static model (marginals, P(holds), optional tornado) and
// the durability model (P(holds) per year) under the request.
func (c *Case) Evaluate(req Request) (*Result, error) {
	horizon := req.Horizon
	if horizon == 0 {
		horizon = c.Horizon
	}
	if horizon < c.StartYear {
		return nil, fmt.Errorf("%w: horizon %d is before the model's start year %d; give a horizon of %d or later", ErrScenario, horizon, c.StartYear, c.StartYear)
	}
	res := &Result{}
	if err := c.evaluateStatic(req, res); err != nil {
		return nil, err
	}
	start, err := c.startPrior(req.Soft)
	if err != nil {
		return nil, err
	}
	curve, err := c.durability(req.Do, horizon, start)
	if err != nil {
		return nil, err
	}
	res.Curve = curve
	return res, nil
}

func (c *Case) evaluateStatic(req Request, res *Result) error {
	m, err := jtree.FromNetwork(c.Model)
	if err != nil {
		return fmt.Errorf("case %s: static model: %w", c.Name, err)
	}
	set := map[int]int{}
	for _, iv := range req.Do {
		v, s, err := lookup(m, iv.Node, iv.State, "--do")
		if err != nil {
			return err
		}
		set[v] = s
	}
	if len(set) > 0 {
		if m, err = m.Intervene(set); err != nil {
			return fmt.Errorf("case %s: %w", c.Name, err)
		}
	}
	ev := jtree.Evidence{Hard: map[int]int{}, Soft: map[int][]float64{}}
	for node, state := range req.Evidence {
		v, s, err := lookup(m, node, state, "evidence")
		if err != nil {
			return err
		}
		ev.Hard[v] = s
	}
	for node, lik := range req.Soft {
		v, err := m.Var(node)
		if err != nil {
			return fmt.Errorf("%w: soft evidence: %v", ErrScenario, err)
		}
		if len(lik) != m.Card(v) {
			return fmt.Errorf("%w: soft evidence on %s has %d numbers but the node has %d states (%s)", ErrScenario, node, len(lik), m.Card(v), strings.Join(m.States[v], ", "))
		}
		pos := false
		for _, x := range lik {
			if x < 0 || x != x {
				return fmt.Errorf("%w: soft evidence on %s must be non-negative numbers", ErrScenario, node)
			}
			pos = pos || x > 0
		}
		if !pos {
			return fmt.Errorf("%w: soft evidence on %s is all zero, which rules out every state", ErrScenario, node)
		}
		ev.Soft[v] = lik
	}
	eng, err := jtree.NewEngine(m, jtree.DefaultOptions())
	if err != nil {
		return fmt.Errorf("case %s: %w", c.Name, err)
	}
	post, err := eng.Marginals(ev, nil)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrScenario, err)
	}
	res.LogPE = post.LogPE
	out, err := m.Var(c.Outcome)
	if err != nil {
		return fmt.Errorf("case %s: outcome: %w", c.Name, err)
	}
	for v := range m.Names {
		mg := Marginal{Node: m.Names[v], States: m.States[v], Probs: post.Marginals[v]}
		res.Marginals = append(res.Marginals, mg)
		if v == out {
			res.Outcome = mg
		}
	}
	good, err := stateSet(m, out, c.Good)
	if err != nil {
		return err
	}
	for _, s := range good {
		res.Holds += post.Marginals[out][s]
	}
	if req.Tornado {
		nodes, err := tornadoNodes(c.Model, m, c.Outcome, ev, set)
		if err != nil {
			return fmt.Errorf("case %s: %w", c.Name, err)
		}
		t, err := sensitivity.TornadoOf(m, ev, sensitivity.Target{Var: out, States: good}, nodes, sensitivity.Do, jtree.DefaultOptions())
		if err != nil {
			return fmt.Errorf("case %s: tornado: %w", c.Name, err)
		}
		for _, b := range t.Bars {
			res.Tornado = append(res.Tornado, Bar{
				Node: m.Names[b.Var], Low: b.Low, High: b.High,
				LowState: m.States[b.Var][b.LowState], HighState: m.States[b.Var][b.HighState],
			})
			if req.TornadoTop > 0 && len(res.Tornado) == req.TornadoTop {
				break
			}
		}
	}
	return nil
}

// tornadoNodes are the nodes worth sweeping for the outcome: every node that
// is not the outcome, not one of its descendants (evidence nodes hang below
// it and setting them by do() cannot move it), not observed and not already
// intervened on.
func tornadoNodes(net *bn.Network, m *jtree.Model, outcome string, ev jtree.Evidence, set map[int]int) ([]int, error) {
	desc := map[string]bool{outcome: true}
	order, err := net.TopoOrder()
	if err != nil {
		return nil, err
	}
	for _, i := range order {
		v := net.Variables[i]
		for _, p := range v.Parents {
			if desc[p] {
				desc[v.Name] = true
			}
		}
	}
	var nodes []int
	for v, name := range m.Names {
		if desc[name] {
			continue
		}
		if _, ok := ev.Hard[v]; ok {
			continue
		}
		if _, ok := set[v]; ok {
			continue
		}
		nodes = append(nodes, v)
	}
	return nodes, nil
}

func lookup(m *jtree.Model, node, state, what string) (int, int, error) {
	v, err := m.Var(node)
	if err != nil {
		return 0, 0, fmt.Errorf("%w: %s: %v", ErrScenario, what, err)
	}
	s, err := m.State(v, state)
	if err != nil {
		return 0, 0, fmt.Errorf("%w: %s: %v", ErrScenario, what, err)
	}
	return v, s, nil
}

func stateSet(m *jtree.Model, v int, names []string) ([]int, error) {
	var out []int
	for _, n := range names {
		s, err := m.State(v, n)
		if err != nil {
			return nil, fmt.Errorf("case outcome: %w", err)
		}
		out = append(out, s)
	}
	sort.Ints(out)
	return out, nil
}
