package sensitivity

import (
	"fmt"
	"math"
	"sort"

	"entente/bn/jtree"
)

// Mode says how a node is set when sweeping its states.
type Mode int

const (
	// Do sets the node by intervention, do(X=x): only its effects move.
	Do Mode = iota
	// Observe conditions on X=x: its causes move too.
	Observe
)

// String names the mode as the CLI prints it.
func (m Mode) String() string {
	if m == Observe {
		return "observe"
	}
	return "do"
}

// Target is the event whose probability is analysed: Var in one of States.
type Target struct {
	Var    int
	States []int
}

// prob returns P(Var ∈ States) from a marginal.
func (t Target) prob(marg []float64) float64 {
	p := 0.0
	for _, s := range t.States {
		p += marg[s]
	}
	return p
}

func (t Target) check(m *jtree.Model) error {
	if t.Var < 0 || t.Var >= m.NumVars() {
		return fmt.Errorf("target variable index %d out of range", t.Var)
	}
	if len(t.States) == 0 {
		return fmt.Errorf("target %s: no states given", m.Names[t.Var])
	}
	for _, s := range t.States {
		if s < 0 || s >= m.Card(t.Var) {
			return fmt.Errorf("target %s: state index %d out of range", m.Names[t.Var], s)
		}
	}
	return nil
}

// Bar is one node of a tornado.
type Bar struct {
	Var int
	// Probs[x] is P(target) with the node set to state x; NaN when x is
	// impossible under the evidence (Observe mode only).
	Probs               []float64
	Low, High           float64
	LowState, HighState int
}

// Range is High - Low, the bar's length.
func (b Bar) Range() float64 { return b.High - b.Low }

// Tornado is a one-way sensitivity analysis of a target.
type Tornado struct {
	Target Target
	Mode   Mode
	Base   float64 // P(target | evidence) with no node set
	Bars   []Bar   // by decreasing range (ties: model order)
}

// DefaultNodes are the nodes a tornado sweeps when none are chosen: the
// root nodes (no parents, so do and observe agree on them) other than the
// target and the evidence variables.
func DefaultNodes(m *jtree.Model, target int, ev jtree.Evidence) []int {
	pa := make([]bool, m.NumVars()) // has parents
	for i, c := range m.Child {
		if c >= 0 && len(m.Factors[i].Vars) > 1 {
			pa[c] = true
		}
	}
	var out []int
	for v := 0; v < m.NumVars(); v++ {
		_, h := ev.Hard[v]
		if !pa[v] && v != target && !h {
			out = append(out, v)
		}
	}
	return out
}

// TornadoOf sets each of nodes to each of its states in turn (by mode) and
// records P(target | evidence, node setting). opts configure the junction
// trees (one per intervention in Do mode, one shared in Observe mode).
func TornadoOf(m *jtree.Model, ev jtree.Evidence, target Target, nodes []int, mode Mode, opts jtree.Options) (*Tornado, error) {
	if err := target.check(m); err != nil {
		return nil, fmt.Errorf("tornado: %w", err)
	}
	base, err := jtree.NewEngine(m, opts)
	if err != nil {
		return nil, fmt.Errorf("tornado: %w", err)
	}
	p, err := base.Marginals(ev, []int{target.Var})
	if err != nil {
		return nil, fmt.Errorf("tornado: base case: %w", err)
	}
	tor := &Tornado{Target: target, Mode: mode, Base: target.prob(p.Marginals[target.Var])}
	for _, v := range nodes {
		if v < 0 || v >= m.NumVars() {
			return nil, fmt.Errorf("tornado: node index %d out of range", v)
		}
		if v == target.Var {
			return nil, fmt.Errorf("tornado: node %s is the target", m.Names[v])
		}
		if _, ok := ev.Hard[v]; ok {
			return nil, fmt.Errorf("tornado: node %s already carries evidence", m.Names[v])
		}
		bar := Bar{Var: v, Probs: make([]float64, m.Card(v)), Low: math.Inf(1), High: math.Inf(-1)}
		for x := range bar.Probs {
			var q float64
			switch mode {
			case Do:
				mm, err := m.Intervene(map[int]int{v: x})
				if err != nil {
					return nil, fmt.Errorf("tornado: %w", err)
				}
				e, err := jtree.NewEngine(mm, opts)
				if err != nil {
					return nil, fmt.Errorf("tornado: %w", err)
				}
				// Only the target's posterior is needed, so only the
				// requisite part of the mutilated model is compiled
				// (jtree.Engine.Conditional). Evidence the intervention
				// makes impossible is reported when it bears on the
				// target; elsewhere it cannot change the bar.
				r, err := e.Conditional(ev, []int{target.Var})
				if err != nil {
					return nil, fmt.Errorf("tornado: do(%s=%s): %w", m.Names[v], m.States[v][x], err)
				}
				q = target.prob(r.Marginals[target.Var])
			default:
				e2 := withHard(ev, v, x)
				r, err := base.Marginals(e2, []int{target.Var})
				if err != nil {
					q = math.NaN() // impossible state under the evidence
					break
				}
				q = target.prob(r.Marginals[target.Var])
			}
			bar.Probs[x] = q
			if !math.IsNaN(q) {
				if q < bar.Low {
					bar.Low, bar.LowState = q, x
				}
				if q > bar.High {
					bar.High, bar.HighState = q, x
				}
			}
		}
		if math.IsInf(bar.Low, 1) {
			bar.Low, bar.High = tor.Base, tor.Base
		}
		tor.Bars = append(tor.Bars, bar)
	}
	sort.SliceStable(tor.Bars, func(i, j int) bool { return tor.Bars[i].Range() > tor.Bars[j].Range() })
	return tor, nil
}

// withHard returns ev plus the hard finding v=x, leaving ev unchanged.
func withHard(ev jtree.Evidence, v, x int) jtree.Evidence {
	h := make(map[int]int, len(ev.Hard)+1)
	for k, s := range ev.Hard {
		h[k] = s
	}
	h[v] = x
	return jtree.Evidence{Hard: h, Soft: ev.Soft}
}
