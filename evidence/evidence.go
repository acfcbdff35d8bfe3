// Package evidence turns relations measures into findings for a Bayesian
// network: soft (likelihood, or "virtual") evidence on an evidence node, with
// the provenance of the numbers behind it.
//
// # Method
//
// An indicator such as the relationship index is an estimate with a
// confidence band, not a fact, so it enters a model as virtual evidence
// (Pearl, Probabilistic Reasoning in Intelligent Systems, 1988, §2.2.2): a
// likelihood λ(s) for each state s of the evidence node, which the engine
// multiplies into the node's belief. The node's states are bands of the
// indicator (for example terciles of the dyad's own history: warm, mixed,
// cold). With the estimate read as normal with mean I and standard error
// se = (hi − lo) / (2·z), the likelihood of a band [a, b) is the mass the
// estimate puts on it,
//
//	λ(s) = Φ((b − I)/se) − Φ((a − I)/se),
//
// floored at Floor so that no state is ruled out by data alone: a few
// hundred news reports should shift a partnership's outlook, not decide it.
// A thin estimate (a wide band) spreads λ across bands and so moves the model
// little; a sharp one concentrates it.
package evidence

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
)

// Floor is the smallest likelihood a band receives.
const Floor = 0.02

// Band maps the half-open interval [Lo, Hi) of an indicator to a state of an
// evidence node. Lo may be -Inf and Hi +Inf.
type Band struct {
	State  string
	Lo, Hi float64
}

// Estimate is an indicator value with its confidence band and where it came
// from.
type Estimate struct {
	Value, Lo, Hi float64
	Z             float64 // the band's normal quantile; 0 means 1.96
	Events        int64   // events behind the estimate
	Period        string  // the period the estimate covers, e.g. "2024" or "2024-03..2025-02"
	Data          string  // data sets used, e.g. "chronology" or "gdelt2"
}

// Finding is soft evidence on one node, aligned with the node's states.
type Finding struct {
	Node       string
	States     []string
	Likelihood []float64 // λ per state, max-normalised to 1
	Estimate   Estimate
	Bands      []Band
	// Summary says in one line what was observed and what it means for the
	// node, for reports.
	Summary string
}

// ErrBands reports bands that do not partition the real line into the
// node's states.
var ErrBands = errors.New("evidence bands")

// Soft computes the finding for an estimate on a node with the given states.
// Every state must have exactly one band; bands must not overlap.
func Soft(node string, states []string, bands []Band, est Estimate) (Finding, error) {
	if err := checkBands(states, bands); err != nil {
		return Finding{}, fmt.Errorf("node %s: %w", node, err)
	}
	if math.IsNaN(est.Value) {
		return Finding{}, fmt.Errorf("node %s: the estimate has no value", node)
	}
	z := est.Z
	if z == 0 {
		z = 1.96
	}
	se := (est.Hi - est.Lo) / (2 * z)
	lik := make([]float64, len(states))
	max := 0.0
	for i, s := range states {
		b := bandOf(bands, s)
		var m float64
		if se <= 0 || math.IsNaN(se) {
			if est.Value >= b.Lo && est.Value < b.Hi {
				m = 1
			}
		} else {
			m = normCDF((b.Hi-est.Value)/se) - normCDF((b.Lo-est.Value)/se)
		}
		lik[i] = math.Max(m, Floor)
		max = math.Max(max, lik[i])
	}
	for i := range lik {
		lik[i] /= max
	}
	f := Finding{Node: node, States: states, Likelihood: lik, Estimate: est, Bands: bands}
	f.Summary = summary(f)
	return f, nil
}

// Terciles returns three bands splitting the reference values at their 1/3
// and 2/3 quantiles: the lowest third is low, the middle mid, the top third
// high. It needs at least three values.
func Terciles(values []float64, low, mid, high string) ([]Band, error) {
	v := make([]float64, 0, len(values))
	for _, x := range values {
		if !math.IsNaN(x) {
			v = append(v, x)
		}
	}
	if len(v) < 3 {
		return nil, fmt.Errorf("%w: terciles need at least 3 reference values, got %d", ErrBands, len(v))
	}
	sort.Float64s(v)
	q1, q2 := quantile(v, 1.0/3), quantile(v, 2.0/3)
	if q1 == q2 {
		return nil, fmt.Errorf("%w: the reference values do not vary enough to form terciles", ErrBands)
	}
	return []Band{
		{State: low, Lo: math.Inf(-1), Hi: q1},
		{State: mid, Lo: q1, Hi: q2},
		{State: high, Lo: q2, Hi: math.Inf(1)},
	}, nil
}

// quantile is the linear-interpolation quantile of sorted values (type 7 in
// Hyndman & Fan 1996, R's default).
func quantile(sorted []float64, p float64) float64 {
	h := p * float64(len(sorted)-1)
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-lo)*(sorted[i+1]-sorted[i])
}

func checkBands(states []string, bands []Band) error {
	seen := map[string]bool{}
	for _, b := range bands {
		if !(b.Lo < b.Hi) {
			return fmt.Errorf("%w: band %s is empty ([%g, %g))", ErrBands, b.State, b.Lo, b.Hi)
		}
		if seen[b.State] {
			return fmt.Errorf("%w: state %s has two bands", ErrBands, b.State)
		}
		seen[b.State] = true
	}
	for _, s := range states {
		if !seen[s] {
			return fmt.Errorf("%w: state %s has no band (bands cover %s)", ErrBands, s, bandStates(bands))
		}
	}
	if len(bands) != len(states) {
		return fmt.Errorf("%w: %d bands for %d states", ErrBands, len(bands), len(states))
	}
	sorted := append([]Band(nil), bands...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Lo < sorted[j].Lo })
	for i := 1; i < len(sorted); i++ {
		if sorted[i].Lo < sorted[i-1].Hi {
			return fmt.Errorf("%w: bands %s and %s overlap", ErrBands, sorted[i-1].State, sorted[i].State)
		}
	}
	return nil
}

func bandOf(bands []Band, state string) Band {
	for _, b := range bands {
		if b.State == state {
			return b
		}
	}
	return Band{}
}

func bandStates(bands []Band) string {
	var s []string
	for _, b := range bands {
		s = append(s, b.State)
	}
	return strings.Join(s, ", ")
}

func normCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

func summary(f Finding) string {
	e := f.Estimate
	in := ""
	for _, b := range f.Bands {
		if e.Value >= b.Lo && e.Value < b.Hi {
			in = b.State
		}
	}
	return fmt.Sprintf("%s: index %.2f [%.2f, %.2f] over %s (%d events, %s) lies in the %q band",
		f.Node, e.Value, e.Lo, e.Hi, e.Period, e.Events, e.Data, in)
}
