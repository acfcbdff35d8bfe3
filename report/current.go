package report

import (
	"context"
	"fmt"
	"math"
	"time"

	"entente/evidence"
	"entente/relations"
	"entente/store"
)

// Current is the relationship's present state and trend.
type Current struct {
	Dyad [2]string `json:"dyad"`
	// Source is where the estimate comes from: "chronology" or the data
	// store's description.
	Source  string  `json:"source"`
	Period  string  `json:"period"`
	Events  int64   `json:"events"`
	Index   float64 `json:"index"`
	IndexLo float64 `json:"index_lo"`
	IndexHi float64 `json:"index_hi"`
	// Reading is the band the index falls in against the dyad's own
	// history (warm / mixed / cold), and Bands the cut points used.
	Reading   string          `json:"reading"`
	Reference string          `json:"reference"`
	Bands     []evidence.Band `json:"-"`
	Cuts      [2]float64      `json:"tercile_cuts"`
	// Trend compares the mean index of the last five periods with the five
	// before them.
	// Note explains a choice of data, e.g. a store too thin to use.
	Note       string   `json:"note,omitempty"`
	Trend      string   `json:"trend"`
	TrendDelta float64  `json:"trend_delta"`
	Changes    []Change `json:"changes"`
}

// Change is a dated structural break of the long-run index.
type Change struct {
	Period string  `json:"period"`
	Before float64 `json:"before"`
	After  float64 `json:"after"`
}

// Series holds the data behind the report's charts.
type Series struct {
	Dyad     []Point         `json:"dyad"`     // chronology, by year
	Recent   []Point         `json:"recent"`   // the data store, by month (empty without one)
	Triangle []TrianglePoint `json:"triangle"` // chronology, by year
	dyad     relations.ChangeSeries
	recent   *relations.Series
}

// Point is one period of a dyad series.
type Point struct {
	Period  string     `json:"period"`
	Events  int64      `json:"events"`
	Quad    [4]float64 `json:"quad"`
	Index   float64    `json:"index"`
	IndexLo float64    `json:"index_lo"`
	IndexHi float64    `json:"index_hi"`
}

// Reference period of the chronology's index distribution: the years since
// the Soviet Union's end, when the relationship took its present form.
const referenceFrom = 1991

// closenessNode is the evidence node the relationship index feeds.
const closenessNode = "ObservedCloseness"

// chronologyWindow is how many of the chronology's latest years are pooled
// into the present's estimate; dataWindow the months of a data store.
const (
	chronologyWindow = 3
	dataWindow       = 12
)

// minDataEvents is the fewest events of the dyad in a data store's latest
// twelve months for them to replace the chronology as the present's
// evidence: below it the store is too thin to say more than the chronology.
const minDataEvents = 30

func eventsIn(rows []relations.Row) int64 {
	var n int64
	for _, r := range rows {
		n += r.N
	}
	return n
}

// addCurrent estimates the present state of the case's dyad, its trend and
// breaks, and returns the soft evidence for the model.
func (r *Report) addCurrent(ctx context.Context, o Options) (map[string][]float64, error) {
	c := o.Case
	a, b := c.Dyad[0], c.Dyad[1]
	from := time.Date(chartFrom, 1, 1, 0, 0, 0, 0, time.UTC)
	cs, err := relations.Changes(ctx, o.Chronology, relations.DyadQuery{A: a, B: b, By: store.Year, From: from, Datasets: chronologyOnly}, relations.ChangeOptions{})
	if err != nil {
		return nil, fmt.Errorf("report: chronology series %s-%s: %w", a, b, err)
	}
	if len(cs.Lines) == 0 || len(cs.Lines[0].Rows) == 0 {
		return nil, fmt.Errorf("report: %w", ErrNoEvidence)
	}
	line := cs.Lines[0]
	r.Series.dyad = cs
	r.Series.Dyad = points(line)
	for _, ch := range cs.Breaks[0] {
		r.Current.Changes = append(r.Current.Changes, Change{Period: ch.Label, Before: ch.Before, After: ch.After})
	}
	r.Current.Trend, r.Current.TrendDelta = trend(line.Rows)

	// The present: the chronology's latest three years (a curated record
	// has a few rows a year, too few to read one year alone). Reference: the
	// yearly index since 1991, before that window.
	cur, ok := lastWithEvents(line.Rows, chronologyWindow)
	if !ok {
		return nil, fmt.Errorf("report: %w", ErrNoEvidence)
	}
	ref := rollingReference(line, chronologyWindow, referenceFrom, cur[0].Period)
	est := discount(pool(line, cur), ref)
	est.Data = "chronology"
	r.Current.Source = "embedded case chronology"
	r.Current.Reference = fmt.Sprintf("terciles of the chronology's %d-year pooled index, windows ending %d-%d", chronologyWindow, referenceFrom, cur[0].Period.Year()-1)

	// A data store covering the dyad replaces the chronology for the
	// present: its latest twelve months against its own monthly history.
	if o.Data != nil {
		s, err := relations.Dyad(ctx, o.Data, relations.DyadQuery{A: a, B: b, By: store.Month})
		if err == nil && len(s.Lines) > 0 {
			dl := s.Lines[0]
			win, ok := lastWithEvents(dl.Rows, dataWindow)
			if ok && eventsIn(win) < minDataEvents {
				r.Current.Note = fmt.Sprintf("%s holds only %d %s-%s events in its latest %d months (%s..%s), fewer than %d: the chronology is used for the present", o.DataName, eventsIn(win), a, b, dataWindow, win[0].Label, win[len(win)-1].Label, minDataEvents)
			}
			if ok && eventsIn(win) >= minDataEvents {
				mref := rollingReference(dl, dataWindow, 0, win[0].Period)
				if len(mref) >= 3 {
					est = pool(dl, win)
					est.Data = o.DataName
					ref = mref
					r.Current.Source = o.DataName
					r.Current.Reference = fmt.Sprintf("terciles of the store's %d-month pooled index, windows ending before %s", dataWindow, win[0].Label)
					r.Series.recent = &s
					r.Series.Recent = points(dl)
				}
			}
		}
	}
	bands, err := evidence.Terciles(ref, "cold", "mixed", "warm")
	if err != nil {
		return nil, fmt.Errorf("report: %s: %w", r.Current.Reference, err)
	}
	r.Current.Dyad = [2]string{a, b}
	r.Current.Period, r.Current.Events = est.Period, est.Events
	r.Current.Index, r.Current.IndexLo, r.Current.IndexHi = est.Value, est.Lo, est.Hi
	r.Current.Bands = bands
	r.Current.Cuts = [2]float64{bands[0].Hi, bands[1].Hi}
	for _, bd := range bands {
		if est.Value >= bd.Lo && est.Value < bd.Hi {
			r.Current.Reading = bd.State
		}
	}
	node := c.Model.Var(closenessNode)
	if node == nil {
		return nil, nil // a case without the indicator takes no evidence
	}
	f, err := evidence.Soft(closenessNode, node.States, bands, est)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	lik := map[string]float64{}
	for i, s := range f.States {
		lik[s] = f.Likelihood[i]
	}
	r.Model.Evidence = append(r.Model.Evidence, Finding{Node: f.Node, Likelihood: lik, Summary: f.Summary})
	return map[string][]float64{closenessNode: f.Likelihood}, nil
}

// discount widens a chronology estimate's band by the spread of the
// reference windows. A chronology records what its authors judged notable
// (treaties in one decade, summit visits in another), so the level of its
// index moves with curation as well as with relations; treating that
// between-window spread as noise makes the chronology weak evidence about the
// present, as it should be: half' = √(half² + (z·sd_ref)²).
func discount(e evidence.Estimate, ref []float64) evidence.Estimate {
	if len(ref) < 2 {
		return e
	}
	var m, ss float64
	for _, x := range ref {
		m += x
	}
	m /= float64(len(ref))
	for _, x := range ref {
		ss += (x - m) * (x - m)
	}
	sd := math.Sqrt(ss / float64(len(ref)-1))
	half := (e.Hi - e.Lo) / 2
	w := math.Sqrt(half*half + 1.96*1.96*sd*sd)
	e.Lo, e.Hi = e.Value-w, e.Value+w
	return e
}

// rollingReference is the history the present is read against: the pooled
// index of every window of n periods ending in a period with events, from
// the year from (0: the start) up to before the present window starts, so
// that present and past are estimated alike.
func rollingReference(l relations.Line, n, from int, before time.Time) []float64 {
	var ref []float64
	for i, row := range l.Rows {
		if row.N == 0 || row.Period.Year() < from || !row.Period.Before(before) {
			continue
		}
		ref = append(ref, pool(l, l.Rows[max(0, i-n+1):i+1]).Value)
	}
	return ref
}

// lastWithEvents returns the window of n rows ending at the last row with
// events, and false when no row has any.
func lastWithEvents(rows []relations.Row, n int) ([]relations.Row, bool) {
	end := -1
	for i := len(rows) - 1; i >= 0; i-- {
		if rows[i].N > 0 {
			end = i
			break
		}
	}
	if end < 0 {
		return nil, false
	}
	start := max(end-n+1, 0)
	return rows[start : end+1], true
}

// pool estimates the index over several periods of one line with the
// relations package's formula (relations/doc.go): the pooled mean Goldstein
// m over N events, shrunk toward the line's long-run mean μ with the prior
// weight K, and its band from the pooled within-window variance.
func pool(l relations.Line, rows []relations.Row) evidence.Estimate {
	const k = relations.DefaultIndexK
	var n, sum float64
	for _, r := range rows {
		n += float64(r.N)
		sum += r.GoldsteinMean * float64(r.N)
	}
	m := 0.0
	if n > 0 {
		m = sum / n
	}
	var ss float64
	for _, r := range rows {
		d := r.GoldsteinMean - m
		ss += float64(r.N) * (r.SD*r.SD + d*d)
	}
	v := 0.0
	if n > 0 {
		v = ss / n
	}
	idx := (n*m + k*l.Mean) / (n + k)
	s2 := (n*v + k*l.SD*l.SD) / (n + k)
	half := 1.96 * math.Sqrt(s2) / math.Sqrt(n+k)
	period := rows[0].Label
	if len(rows) > 1 {
		period += ".." + rows[len(rows)-1].Label
	}
	return evidence.Estimate{Value: idx, Lo: idx - half, Hi: idx + half, Events: int64(n), Period: period}
}

// trend compares the mean index of the last five periods with the five
// before: a change of more than 0.5 Goldstein points is a trend.
func trend(rows []relations.Row) (string, float64) {
	if len(rows) < 10 {
		return "too short to tell", 0
	}
	mean := func(rs []relations.Row) float64 {
		s := 0.0
		for _, r := range rs {
			s += r.Index
		}
		return s / float64(len(rs))
	}
	n := len(rows)
	d := mean(rows[n-5:]) - mean(rows[n-10:n-5])
	switch {
	case d > 0.5:
		return "warming", d
	case d < -0.5:
		return "cooling", d
	}
	return "steady", d
}

func points(l relations.Line) []Point {
	out := make([]Point, len(l.Rows))
	for i, r := range l.Rows {
		out[i] = Point{Period: r.Label, Events: r.N, Quad: r.Quad, Index: r.Index, IndexLo: r.IndexLo, IndexHi: r.IndexHi}
	}
	return out
}
