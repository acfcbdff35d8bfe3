package yamlmodel

import (
	"fmt"
	"math"
)

// NoisyMax is the noisy-MAX compact form (F. J. Díez, "Parameter adjustment
// in Bayes networks. The generalized noisy OR-gate", UAI 1993; M. Henrion,
// "Some practical issues in constructing belief networks", UAI 1989, for
// the binary noisy-OR). The child's states are ordered, the first being
// "absent" (lowest). Each parent has a base state (its first state unless
// given) at which it has no effect. Each parent i acting alone in state s
// (all other parents at base, the leak absent) produces the child
// distribution Parents[i].States[s]; the leak is the child's distribution
// when every parent is at base. The causes act independently and the
// child takes the maximum of their effects:
//
//	P(Y ≤ y | x) = L(y) · Πᵢ Cᵢ(y | xᵢ)
//
// where L and Cᵢ are the cumulative sums of the leak and of parent i's
// distribution (Cᵢ = 1 at the base state). With two-state variables this
// is Henrion's leaky noisy-OR: P(Y=absent | x) = (1−l) Πᵢ (1−pᵢ).
type NoisyMax struct {
	// Leak is the child's distribution with every parent at base; it
	// defaults to certainty of the first ("absent") state.
	Leak    []float64        `yaml:"leak,omitempty,flow"`
	Parents []NoisyMaxParent `yaml:"parents"`
}

// NoisyMaxParent gives one parent's effect for each of its non-base states.
type NoisyMaxParent struct {
	Name   string               `yaml:"name"`
	Base   string               `yaml:"base,omitempty"`
	States map[string][]float64 `yaml:"states"`
}

const specTol = 1e-6

func checkDist(what string, p []float64, k int) error {
	if len(p) != k {
		return fmt.Errorf("%s has %d probabilities, expected %d (one per state of the child)", what, len(p), k)
	}
	sum := 0.0
	for _, x := range p {
		if math.IsNaN(x) || x < 0 || x > 1 {
			return fmt.Errorf("%s: %v is not a probability", what, x)
		}
		sum += x
	}
	if math.Abs(sum-1) > specTol {
		return fmt.Errorf("%s sums to %.10g, not 1", what, sum)
	}
	return nil
}

// expand builds the CPT of a child with states childStates given parents'
// state lists (in the child's parent order, matching spec.Parents).
func (spec *NoisyMax) expand(k int, parentStates [][]string) ([]float64, error) {
	if k < 2 {
		return nil, fmt.Errorf("noisymax: the child needs at least two ordered states")
	}
	leak := spec.Leak
	if leak == nil {
		leak = make([]float64, k)
		leak[0] = 1
	}
	if err := checkDist("noisymax: leak", leak, k); err != nil {
		return nil, err
	}
	// cum[i][s] is parent i's cumulative effect in state s (nil at base).
	cum := make([][][]float64, len(parentStates))
	for i, states := range parentStates {
		p := spec.Parents[i]
		base := 0
		if p.Base != "" {
			base = index(states, p.Base)
			if base < 0 {
				return nil, fmt.Errorf("noisymax: base %q is not a state of %q", p.Base, p.Name)
			}
		}
		for s := range p.States {
			if j := index(states, s); j < 0 {
				return nil, fmt.Errorf("noisymax: %q is not a state of %q", s, p.Name)
			} else if j == base {
				return nil, fmt.Errorf("noisymax: %q is the base state of %q, which has no effect by definition; remove it", s, p.Name)
			}
		}
		cum[i] = make([][]float64, len(states))
		for j, s := range states {
			if j == base {
				continue
			}
			d, ok := p.States[s]
			if !ok {
				return nil, fmt.Errorf("noisymax: parent %q has no distribution for its state %q", p.Name, s)
			}
			if err := checkDist(fmt.Sprintf("noisymax: parent %q state %q", p.Name, s), d, k); err != nil {
				return nil, err
			}
			cum[i][j] = cumulative(d)
		}
	}
	cards := make([]int, len(parentStates))
	rows := 1
	for i, st := range parentStates {
		cards[i] = len(st)
		rows *= cards[i]
	}
	L := cumulative(leak)
	cpt := make([]float64, rows*k)
	cfg := make([]int, len(cards))
	F := make([]float64, k)
	for r := 0; r < rows; r++ {
		for i, rr := len(cards)-1, r; i >= 0; i-- {
			cfg[i] = rr % cards[i]
			rr /= cards[i]
		}
		for y := 0; y < k; y++ {
			F[y] = L[y]
			for i, s := range cfg {
				if c := cum[i][s]; c != nil {
					F[y] *= c[y]
				}
			}
		}
		prev := 0.0
		for y := 0; y < k; y++ {
			cpt[r*k+y] = math.Max(0, F[y]-prev)
			prev = F[y]
		}
	}
	return cpt, nil
}

// cumulative returns the running sums of p, the last forced to exactly 1.
func cumulative(p []float64) []float64 {
	c := make([]float64, len(p))
	s := 0.0
	for i, x := range p {
		s += x
		c[i] = s
	}
	c[len(c)-1] = 1
	return c
}

func index(xs []string, x string) int {
	for i, s := range xs {
		if s == x {
			return i
		}
	}
	return -1
}
