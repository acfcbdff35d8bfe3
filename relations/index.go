package relations

import (
	"fmt"
	"math"

	"entente/cameo"
)

// IndexOptions are the parameters of the relationship index (doc.go).
type IndexOptions struct {
	// K is the prior strength in pseudo-events: a period's mean Goldstein
	// is pulled toward the line's long-run mean as if K events at that mean
	// had been added. 0 means DefaultIndexK.
	K float64
	// Z is the normal quantile of the band; 0 means 1.96 (a 95% band).
	Z float64
}

// DefaultIndexK is the default prior strength: with 10 pseudo-events a month
// of 3 events moves 23% of the way from the long-run mean toward its own
// mean, a month of 3,000 events 99.7% of the way.
const DefaultIndexK = 10

func (o IndexOptions) withDefaults() (IndexOptions, error) {
	if o.K < 0 || math.IsNaN(o.K) || math.IsInf(o.K, 0) {
		return o, fmt.Errorf("index prior strength must be a positive number of pseudo-events, got %v", o.K)
	}
	if o.Z < 0 || math.IsNaN(o.Z) || math.IsInf(o.Z, 0) {
		return o, fmt.Errorf("index band quantile must be positive, got %v", o.Z)
	}
	if o.K == 0 {
		o.K = DefaultIndexK
	}
	if o.Z == 0 {
		o.Z = 1.96
	}
	return o, nil
}

// withinQuadVar[q] is the variance of the Goldstein weights of the CAMEO
// codes in quad class q (slot 0: of all codes), each code counted once. The
// cube keeps Goldstein sums, not sums of squares, so the spread of events
// inside a quad class is approximated by the spread of the code weights the
// class can take (see doc.go).
var withinQuadVar = func() quadSlots {
	var n, s, ss quadSlots
	for _, c := range cameo.Codes() {
		if len(c.Code) < 3 || c.Quad < 1 || c.Quad > 4 {
			continue // roots ("04") are categories, not codes events carry
		}
		for _, slot := range []int{0, c.Quad} {
			n[slot]++
			s[slot] += c.Goldstein
			ss[slot] += c.Goldstein * c.Goldstein
		}
	}
	var v quadSlots
	for q := range v {
		if n[q] > 1 {
			m := s[q] / n[q]
			v[q] = (ss[q] - n[q]*m*m) / (n[q] - 1)
		}
	}
	return v
}()

// rowVariance approximates the variance of Goldstein over a row's events by
// the law of total variance over quad classes: the spread of the per-class
// means around the row mean plus each class's within-class variance.
func rowVariance(r *Row) float64 {
	if r.Events <= 0 {
		return 0
	}
	m := r.Goldstein / r.Events
	var v float64
	for q := range r.quadW {
		w := r.quadW[q]
		if w <= 0 {
			continue
		}
		d := r.quadGold[q]/w - m
		v += w * (d*d + withinQuadVar[q])
	}
	return v / r.Events
}

// computeIndex fills in the relationship index of every row of l:
//
//	μ   = Σ Goldstein / Σ Events over the line             (long-run mean)
//	σ²  = Σ Events·v_t / Σ Events                           (pooled within-period variance)
//	I_t = (n_t·m_t + K·μ) / (n_t + K)                       (shrunken mean)
//	s²_t = (n_t·v_t + K·σ²) / (n_t + K)                     (shrunken variance)
//	band = I_t ± Z·s_t / √(n_t + K)
//
// where m_t and v_t are the period's (weighted) mean and approximate
// variance of Goldstein and n_t its unweighted event count.
func computeIndex(l *Line, o IndexOptions) {
	var sumW, sumG, sumV float64
	for i := range l.Rows {
		r := &l.Rows[i]
		v := rowVariance(r)
		r.SD = math.Sqrt(v)
		sumW += r.Events
		sumG += r.Goldstein
		sumV += r.Events * v
	}
	var mu, s2 float64
	if sumW > 0 {
		mu, s2 = sumG/sumW, sumV/sumW
	}
	l.Mean, l.SD = mu, math.Sqrt(s2)
	for i := range l.Rows {
		r := &l.Rows[i]
		n := float64(r.N)
		m := mu
		if r.Events > 0 {
			m = r.GoldsteinMean
		}
		r.Index = (n*m + o.K*mu) / (n + o.K)
		v := (n*r.SD*r.SD + o.K*s2) / (n + o.K)
		half := o.Z * math.Sqrt(v/(n+o.K))
		r.IndexLo, r.IndexHi = r.Index-half, r.Index+half
	}
}
