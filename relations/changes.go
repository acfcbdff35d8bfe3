package relations

import (
	"context"
	"time"

	"entente/store"
)

// Change is one structural break in a line's index: the period where the new
// segment starts, and the mean index of the segments before and after.
type Change struct {
	At     int // index into Line.Rows of the first period of the new segment
	Period time.Time
	Label  string
	Before float64 // mean index of the segment ending just before At
	After  float64 // mean index of the segment starting at At
}

// ChangeSeries is a dyad series with the breaks found in each of its lines
// (Breaks[i] belongs to Series.Lines[i]).
type ChangeSeries struct {
	Series
	Breaks [][]Change
}

// Changes computes the dyad series of q and the changepoints in the mean of
// each line's relationship index by PELT (pelt.go).
func Changes(ctx context.Context, c store.Cube, q DyadQuery, o ChangeOptions) (ChangeSeries, error) {
	if _, err := o.penaltyValue(2); err != nil {
		return ChangeSeries{}, err
	}
	s, err := Dyad(ctx, c, q)
	if err != nil {
		return ChangeSeries{}, err
	}
	cs := ChangeSeries{Series: s}
	for _, l := range s.Lines {
		br, err := LineChanges(l, o)
		if err != nil {
			return ChangeSeries{}, err
		}
		cs.Breaks = append(cs.Breaks, br)
	}
	return cs, nil
}

// LineChanges finds the changepoints of one line's index.
func LineChanges(l Line, o ChangeOptions) ([]Change, error) {
	x := make([]float64, len(l.Rows))
	for i, r := range l.Rows {
		x[i] = r.Index
	}
	cps, err := PELT(x, o)
	if err != nil {
		return nil, err
	}
	bounds := append(append([]int{0}, cps...), len(x))
	segMean := func(k int) float64 { // mean of segment k, x[bounds[k]:bounds[k+1]]
		var s float64
		for _, v := range x[bounds[k]:bounds[k+1]] {
			s += v
		}
		return s / float64(bounds[k+1]-bounds[k])
	}
	out := make([]Change, len(cps))
	for k, at := range cps {
		out[k] = Change{At: at, Period: l.Rows[at].Period, Label: l.Rows[at].Label, Before: segMean(k), After: segMean(k + 1)}
	}
	return out, nil
}
