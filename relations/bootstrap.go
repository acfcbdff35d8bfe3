package relations

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// bootstrapConfidence estimates how sure the classification of one period
// is, by a parametric bootstrap from the cube aggregates (the cube holds no
// per-event values, so events cannot be resampled directly). Each replicate,
// for each dyad with at least MinEvents events:
//
//  1. redraws the period's N events across quad classes from
//     Multinomial(N, N_q/N);
//  2. draws each class's Goldstein sum from Normal(c_q·m_q, c_q·w_q), where
//     m_q is the class's observed mean and w_q the within-class variance of
//     CAMEO code weights (index.go);
//  3. recomputes the dyad's index with the line's prior and its sign.
//
// From normalFrom events on, steps 1–2 are replaced by their normal limit.
//
// The confidence is the share of replicates whose configuration equals the
// observed one, roles included. Thin dyads stay thin in every replicate, so
// an indeterminate-by-thinness period has confidence 1: the data say nothing
// and that is certain.
func bootstrapConfidence(rng *rand.Rand, players [3]string, rows [3]*Row, dyads [3]Series, obs Config, q TriangleQuery, o IndexOptions) float64 {
	if q.Bootstrap == 0 {
		return math.NaN()
	}
	same := 0
	for b := 0; b < q.Bootstrap; b++ {
		var signs [3]Sign
		for i, r := range rows {
			if r.N < q.MinEvents {
				signs[i] = Thin
				continue
			}
			mean := resampleMean(rng, r)
			mu := dyads[i].Lines[0].Mean
			n := float64(r.N)
			idx := (n*mean + o.K*mu) / (n + o.K)
			signs[i] = sign(idx, r.N, q.Band, q.MinEvents)
		}
		if Classify(players, signs[0], signs[1], signs[2]) == obs {
			same++
		}
	}
	return float64(same) / float64(q.Bootstrap)
}

// normalFrom is the event count from which resampleMean draws the mean
// from its normal limit instead of simulating the multinomial: by the
// central limit theorem the resampled mean of N events is then
// Normal(m, v/N) to within the bootstrap's own Monte Carlo error, at a
// thousandth of the cost for months of thousands of events.
const normalFrom = 200

// resampleMean draws one bootstrap mean Goldstein of a row (steps 1–2 of
// bootstrapConfidence).
func resampleMean(rng *rand.Rand, r *Row) float64 {
	if r.N >= normalFrom && r.Events > 0 {
		return r.GoldsteinMean + r.SD/math.Sqrt(float64(r.N))*rng.NormFloat64()
	}
	return resampleMeanExact(rng, r)
}

// resampleMeanExact simulates steps 1–2 of bootstrapConfidence.
func resampleMeanExact(rng *rand.Rand, r *Row) float64 {
	left := r.N
	var total float64
	var remainingP = 1.0
	for q := range r.quadN {
		if left == 0 {
			break
		}
		p := float64(r.quadN[q]) / float64(r.N)
		var c int64
		switch {
		case p <= 0:
			continue
		case p >= remainingP:
			c = left
		default:
			c = int64(distuv.Binomial{N: float64(left), P: p / remainingP, Src: rng}.Rand())
		}
		remainingP -= p
		left -= c
		if c == 0 || r.quadW[q] <= 0 {
			continue
		}
		m := r.quadGold[q] / r.quadW[q]
		cf := float64(c)
		total += cf*m + math.Sqrt(cf*withinQuadVar[q])*rng.NormFloat64()
	}
	return total / float64(r.N)
}
