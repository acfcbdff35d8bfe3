package relations

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// ChangeOptions tune changepoint detection.
type ChangeOptions struct {
	// Penalty is the cost of one more changepoint: "bic" (the default,
	// 2·ln n: the Schwarz criterion counting a change's location and its new
	// mean as two parameters), "aic" (2·2 = 4) or a positive number, in units
	// of the cost below.
	Penalty string
	// SD is the noise standard deviation the cost is scaled by; 0 estimates
	// it robustly as MAD(first differences)·1.4826/√2, which a few mean
	// shifts do not inflate (Killick, Fearnhead & Eckley 2012, §4, use the
	// same device via the changepoint package's MAD estimate).
	SD float64
	// MinSegment is the shortest segment in periods; 0 means 2.
	MinSegment int
}

// penaltyValue resolves the penalty for a series of n points.
func (o ChangeOptions) penaltyValue(n int) (float64, error) {
	switch p := strings.ToLower(strings.TrimSpace(o.Penalty)); p {
	case "", "bic", "sic":
		return 2 * math.Log(float64(max(n, 2))), nil
	case "aic":
		return 4, nil
	default:
		v, err := strconv.ParseFloat(p, 64)
		if err != nil || v <= 0 || math.IsInf(v, 0) || math.IsNaN(v) {
			return 0, fmt.Errorf("%w: penalty must be bic, aic or a positive number, got %q", ErrBadQuery, o.Penalty)
		}
		return v, nil
	}
}

// PELT returns the changepoints of the mean of x: the indices at which a
// new segment starts, in increasing order (never 0). It minimises
//
//	Σ_segments C(segment) + β·(number of changepoints)
//
// exactly, with the normal cost for a change in mean with known variance,
// C(y_{s..t}) = Σ (y_i − ȳ)² / σ², by the Pruned Exact Linear Time method of
// Killick, Fearnhead & Eckley, "Optimal detection of changepoints with a
// linear computational cost", JASA 107(500), 2012, pp. 1590–1598, algorithm
// 2 (with K = 0, valid for this cost). Pruning drops a candidate τ once
// F(τ) + C(y_{τ+1..s}) > F(s) for an s that every later segment end may use
// as its last changepoint: τ can then never be optimal again, since
// C(y_{τ+1..T}) ≥ C(y_{τ+1..s}) + C(y_{s+1..T}).
//
// NaN or infinite values are an error; fewer than 2·MinSegment points have
// no changepoint.
func PELT(x []float64, o ChangeOptions) ([]int, error) {
	n := len(x)
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("changepoints: value %d is %v", i, v)
		}
	}
	beta, err := o.penaltyValue(n)
	if err != nil {
		return nil, err
	}
	minSeg := o.MinSegment
	if minSeg == 0 {
		minSeg = 2
	}
	if minSeg < 1 {
		return nil, fmt.Errorf("%w: minimum segment must be at least 1 period, got %d", ErrBadQuery, o.MinSegment)
	}
	if n < 2*minSeg {
		return nil, nil
	}
	sd := o.SD
	if sd == 0 {
		sd = noiseSD(x)
	}
	if sd <= 0 || math.IsNaN(sd) {
		return nil, nil // a constant series has no change in mean
	}
	// Prefix sums make every segment cost O(1).
	s := make([]float64, n+1)
	ss := make([]float64, n+1)
	for i, v := range x {
		s[i+1] = s[i] + v
		ss[i+1] = ss[i] + v*v
	}
	inv := 1 / (sd * sd)
	cost := func(a, b int) float64 { // segment x[a:b]
		m := float64(b - a)
		d := s[b] - s[a]
		return (ss[b] - ss[a] - d*d/m) * inv
	}
	f := make([]float64, n+1)
	last := make([]int, n+1)
	f[0] = -beta
	for t := 1; t < minSeg; t++ {
		f[t] = math.Inf(1) // no segmentation ends before the first full segment
	}
	cands := []int{0}
	for t := minSeg; t <= n; t++ {
		best, arg := math.Inf(1), -1
		for _, tau := range cands {
			if t-tau < minSeg {
				continue
			}
			if v := f[tau] + cost(tau, t) + beta; v < best {
				best, arg = v, tau
			}
		}
		f[t], last[t] = best, arg
		// Prune against s = t+1−minSeg, the latest time that is an
		// admissible last changepoint for every later end T ≥ t+1. With
		// minSeg = 1 this is Killick et al.'s rule against t itself; for
		// longer segments pruning against t would be unsafe, since t is not
		// yet admissible for ends T < t+minSeg.
		if s := t + 1 - minSeg; !math.IsInf(f[s], 1) {
			kept := cands[:0]
			for _, tau := range cands {
				if tau >= s || f[tau]+cost(tau, s) <= f[s] {
					kept = append(kept, tau)
				}
			}
			cands = kept
		}
		cands = append(cands, t)
	}
	var cps []int
	for t := last[n]; t > 0; t = last[t] {
		cps = append(cps, t)
	}
	sort.Ints(cps)
	return cps, nil
}

// noiseSD estimates the noise SD of a piecewise-constant signal from the
// median absolute deviation of first differences (each difference has
// variance 2σ² away from changes; 1.4826 makes the MAD consistent for a
// normal). When more than half the differences are equal (a noiseless step
// series) the MAD is 0 and the plain SD of the differences is used.
func noiseSD(x []float64) float64 {
	if len(x) < 3 {
		return 0
	}
	d := make([]float64, len(x)-1)
	for i := range d {
		d[i] = x[i+1] - x[i]
	}
	med := median(d)
	dev := make([]float64, len(d))
	for i, v := range d {
		dev[i] = math.Abs(v - med)
	}
	if mad := median(dev); mad > 0 {
		return mad * 1.4826 / math.Sqrt2
	}
	var m, v float64
	for _, x := range d {
		m += x
	}
	m /= float64(len(d))
	for _, x := range d {
		v += (x - m) * (x - m)
	}
	return math.Sqrt(v/float64(len(d)-1)) / math.Sqrt2
}

func median(x []float64) float64 {
	c := append([]float64(nil), x...)
	sort.Float64s(c)
	n := len(c)
	if n%2 == 1 {
		return c[n/2]
	}
	return (c[n/2-1] + c[n/2]) / 2
}
