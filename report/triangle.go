package report

import (
	"context"
	"fmt"
	"time"

	"entente/relations"
	"entente/store"
)

// Triangle is the strategic triangle now and its history.
type Triangle struct {
	Players [3]string `json:"players"`
	// Method says how the chronology's sparse dyads were read (see
	// chronologyTriangle).
	Method string `json:"method"`
	// Now is the latest year's configuration; LastClear the latest one that
	// was not indeterminate.
	Now       TrianglePoint `json:"now"`
	LastClear TrianglePoint `json:"last_clear"`
	// History collapses consecutive years with the same configuration into
	// runs.
	History []TriangleRun `json:"history"`
}

// TrianglePoint is one year's classification.
type TrianglePoint struct {
	Period string    `json:"period"`
	Config string    `json:"config"`
	Kind   string    `json:"kind"`
	Signs  [3]string `json:"signs"` // of A-B, A-C, B-C
	// Mean is the mean Goldstein of the events that set each dyad's sign,
	// and Since the year of those events (earlier than Period when the sign
	// was carried forward).
	Mean  [3]float64 `json:"mean_goldstein"`
	Since [3]string  `json:"since"`
}

// TriangleRun is a stretch of years with one configuration.
type TriangleRun struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Config string `json:"config"`
	Kind   string `json:"kind"`
}

// triangleFrom is the first year of the triangle history: the People's
// Republic's founding, when the US–USSR–China triangle took shape.
const triangleFrom = 1949

// addTriangle classifies the case's triangle by year from the chronology.
//
// A chronology is a record of turning points, not a news stream: most years
// have no row for a given dyad, so the per-year triangle of package relations
// (which needs events in every dyad every period) would be indeterminate
// almost everywhere. Here each dyad's sign is set by the mean Goldstein of its
// events in the latest year that has any (amity above +band, enmity below
// −band, neutral between; relations.DefaultBand) and carried forward until
// the next such year — the reading a historian gives a chronology: relations
// stay as the last recorded turn left them. Before a dyad's first event it is
// thin and the triangle indeterminate. The configuration then follows
// Dittmer's rules (relations.Classify). With event data in a store, `entente
// triangle` gives the per-period, bootstrapped classification instead.
func (r *Report) addTriangle(ctx context.Context, o Options) error {
	p := o.Case.Triangle
	r.Triangle = Triangle{Players: p, Method: "per dyad, the sign of the mean Goldstein of its chronology events in the latest year with any (band ±0.5), carried forward; Dittmer's classification of the three signs"}
	pairs := [3][2]string{{p[0], p[1]}, {p[0], p[2]}, {p[1], p[2]}}
	var lines [3]relations.Line
	from := time.Date(triangleFrom, 1, 1, 0, 0, 0, 0, time.UTC)
	to, err := o.lastChronologyDay(ctx)
	if err != nil {
		return err
	}
	for i, pr := range pairs {
		s, err := relations.Dyad(ctx, o.Chronology, relations.DyadQuery{A: pr[0], B: pr[1], By: store.Year, From: from, To: to, Datasets: chronologyOnly})
		if err != nil {
			return fmt.Errorf("report: triangle dyad %s-%s: %w", pr[0], pr[1], err)
		}
		lines[i] = s.Lines[0]
	}
	n := len(lines[0].Rows)
	for i := range lines {
		if len(lines[i].Rows) != n {
			return fmt.Errorf("report: triangle dyads have different periods (%d vs %d)", len(lines[i].Rows), n)
		}
	}
	var signs [3]relations.Sign
	var mean [3]float64
	var since [3]string
	var pts []TrianglePoint
	for t := 0; t < n; t++ {
		for i := range lines {
			row := lines[i].Rows[t]
			if row.Events > 0 {
				mean[i], since[i] = row.GoldsteinMean, row.Label
				signs[i] = signOf(row.GoldsteinMean, relations.DefaultBand)
			}
		}
		cfg := relations.Classify(p, signs[0], signs[1], signs[2])
		tp := TrianglePoint{Period: lines[0].Rows[t].Label, Config: cfg.String(), Kind: string(cfg.Kind), Mean: mean, Since: since}
		for i, s := range signs {
			tp.Signs[i] = s.String()
		}
		pts = append(pts, tp)
	}
	r.Series.Triangle = pts
	if len(pts) == 0 {
		return nil
	}
	r.Triangle.Now = pts[len(pts)-1]
	for i := len(pts) - 1; i >= 0; i-- {
		if pts[i].Kind != string(relations.Indeterminate) {
			r.Triangle.LastClear = pts[i]
			break
		}
	}
	for _, tp := range pts {
		h := r.Triangle.History
		if len(h) > 0 && h[len(h)-1].Config == tp.Config {
			h[len(h)-1].To = tp.Period
			continue
		}
		r.Triangle.History = append(h, TriangleRun{From: tp.Period, To: tp.Period, Config: tp.Config, Kind: tp.Kind})
	}
	return nil
}

func signOf(x, band float64) relations.Sign {
	switch {
	case x > band:
		return relations.Amity
	case x < -band:
		return relations.Enmity
	}
	return relations.Neutral
}

// lastChronologyDay is the date of the chronology's latest event.
func (o Options) lastChronologyDay(ctx context.Context) (time.Time, error) {
	st, err := o.Chronology.Stats(ctx)
	if err != nil {
		return time.Time{}, fmt.Errorf("report: chronology stats: %w", err)
	}
	var last time.Time
	for _, d := range st.Datasets {
		if d.Last.After(last) {
			last = d.Last
		}
	}
	if last.IsZero() {
		return time.Time{}, fmt.Errorf("report: %w", ErrNoEvidence)
	}
	return last, nil
}
