package yamlmodel

import (
	"fmt"
	"math"
)

// Ranked is the ranked-node compact form (Fenton, Neil & Caballero, "Using
// Ranked Nodes to Model Qualitative Judgments in Bayesian Networks", IEEE
// TKDE 19(10), 2007). Every variable involved has ordered states, low to
// high; state i of n stands for the midpoint (i+0.5)/n of the i-th of n
// equal intervals of [0, 1]. The child is a normal distribution with mean
// Function(weighted parent midpoints) and variance Variance, truncated to
// [0, 1] and integrated over the child's intervals.
type Ranked struct {
	// Function is "wmean" (weighted mean, the default), "wmin" or "wmax".
	Function string `yaml:"function,omitempty"`
	// Variance is σ² of the truncated normal, > 0; Fenton et al. use values
	// from about 5e-4 (near-deterministic) to 0.1 (vague).
	Variance float64 `yaml:"variance"`
	// Parents lists every parent once with its weight (> 0, default 1) and
	// whether it pulls the other way ("more X → less Y").
	Parents []RankedParent `yaml:"parents"`
}

// RankedParent is one parent's entry in a Ranked spec.
type RankedParent struct {
	Name    string  `yaml:"name"`
	Weight  float64 `yaml:"weight,omitempty"`
	Reverse bool    `yaml:"reverse,omitempty"`
}

// expand fills the CPT of a child with k states whose parents have the
// given cardinalities, spec.Parents being in the same order as the
// child's parents.
func (spec *Ranked) expand(k int, cards []int) ([]float64, error) {
	if !(spec.Variance > 0) || math.IsInf(spec.Variance, 0) {
		return nil, fmt.Errorf("ranked: variance must be a positive number, found %v", spec.Variance)
	}
	fn := spec.Function
	if fn == "" {
		fn = "wmean"
	}
	if fn != "wmean" && fn != "wmin" && fn != "wmax" {
		return nil, fmt.Errorf("ranked: function must be wmean, wmin or wmax, found %q", spec.Function)
	}
	w := make([]float64, len(cards))
	for i, p := range spec.Parents {
		w[i] = p.Weight
		if w[i] == 0 {
			w[i] = 1
		}
		if !(w[i] > 0) || math.IsInf(w[i], 0) {
			return nil, fmt.Errorf("ranked: weight of %q must be positive, found %v", p.Name, p.Weight)
		}
	}
	sigma := math.Sqrt(spec.Variance)
	rows := 1
	for _, c := range cards {
		rows *= c
	}
	cpt := make([]float64, 0, rows*k)
	m := make([]float64, len(cards))
	cfg := make([]int, len(cards))
	for r := 0; r < rows; r++ {
		for i, rr := len(cards)-1, r; i >= 0; i-- {
			cfg[i] = rr % cards[i]
			rr /= cards[i]
		}
		for i, s := range cfg {
			m[i] = (float64(s) + 0.5) / float64(cards[i])
			if spec.Parents[i].Reverse {
				m[i] = 1 - m[i]
			}
		}
		mu := combine(fn, w, m)
		cpt = append(cpt, truncNormalBins(mu, sigma, k)...)
	}
	return cpt, nil
}

// combine applies Fenton et al.'s functions to parent midpoints m with
// weights w: WMEAN = Σ wᵢmᵢ / Σ wᵢ; WMIN = minᵢ (wᵢmᵢ + Σ_{j≠i} mⱼ)/(wᵢ + n − 1);
// WMAX the same with max. With no parents the mean is 0.5.
func combine(fn string, w, m []float64) float64 {
	n := len(m)
	if n == 0 {
		return 0.5
	}
	if fn == "wmean" {
		num, den := 0.0, 0.0
		for i := range m {
			num += w[i] * m[i]
			den += w[i]
		}
		return num / den
	}
	total := 0.0
	for _, x := range m {
		total += x
	}
	best := math.Inf(1)
	if fn == "wmax" {
		best = math.Inf(-1)
	}
	for i := range m {
		v := (w[i]*m[i] + total - m[i]) / (w[i] + float64(n) - 1)
		if fn == "wmin" {
			best = math.Min(best, v)
		} else {
			best = math.Max(best, v)
		}
	}
	return best
}

// truncNormalBins returns the probabilities of k equal intervals of [0, 1]
// under N(mu, sigma²) truncated to [0, 1].
func truncNormalBins(mu, sigma float64, k int) []float64 {
	cdf := func(x float64) float64 { return 0.5 * math.Erfc(-(x-mu)/(sigma*math.Sqrt2)) }
	lo, hi := cdf(0), cdf(1)
	z := hi - lo
	out := make([]float64, k)
	prev := lo
	for j := 0; j < k; j++ {
		next := cdf(float64(j+1) / float64(k))
		if j == k-1 {
			next = hi
		}
		out[j] = (next - prev) / z
		prev = next
	}
	return out
}
