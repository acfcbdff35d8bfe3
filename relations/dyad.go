package relations

import (
	"context"
	"errors"
	"fmt"
	"time"

	"entente/events"
	"entente/store"
)

// Weight says how each event counts in a series.
type Weight string

const (
	// WeightNone counts every event (row) once.
	WeightNone Weight = "none"
	// WeightMentions counts every event NumMentions times, so that widely
	// reported events weigh more (GDELT codebook: NumMentions is "a
	// rudimentary measure of importance").
	WeightMentions Weight = "mentions"
)

// Dedupe says whether repeated reports of one event are collapsed.
type Dedupe string

const (
	// DedupeNone counts every row.
	DedupeNone Dedupe = "none"
	// DedupeDaily counts one event per (date, source, target, CAMEO code),
	// as the Phoenix pipeline did, from the cube's Distinct fields.
	DedupeDaily Dedupe = "daily"
)

// ErrBadQuery marks a query the caller must fix (bad range, unknown option);
// callers map it to a usage error.
var ErrBadQuery = errors.New("bad query")

// DyadQuery asks for the series of relations between A and B.
type DyadQuery struct {
	A, B     string       // CAMEO country codes or group names (see ResolveActor)
	By       store.Period // bucket width; "" means month
	From, To time.Time    // inclusive days; zero means from the first / to the last event
	Directed bool         // A→B and B→A as two lines instead of one undirected line
	Weight   Weight       // "" means WeightNone
	Dedupe   Dedupe       // "" means DedupeNone
	Roots    []string     // keep only these 2-digit CAMEO roots; empty keeps all
	Datasets []events.Dataset
	Index    IndexOptions // relationship index parameters; zero values mean defaults
}

// Series is the answer to a DyadQuery: one Line when undirected, two (A→B
// then B→A) when directed. Every line has one Row per period of the range,
// periods without events included (with zero counts), in date order.
type Series struct {
	A, B   Actor
	By     store.Period
	Weight Weight
	Dedupe Dedupe
	Index  IndexOptions // the parameters actually used
	Lines  []Line
}

// Line is the series of one direction (or of both, undirected).
type Line struct {
	Source, Target string // A and B as resolved; for undirected lines, A and B
	Directed       bool
	Mean           float64 // long-run mean Goldstein over the range (the index's prior mean)
	SD             float64 // pooled within-period SD of Goldstein over the range
	Rows           []Row
}

// quadSlots holds per-quad figures: slot 0 is "quad unknown", 1..4 are
// GDELT's QuadClass values.
type quadSlots [5]float64

// Row is one period of a Line. Means are 0 when the period has no events.
type Row struct {
	Period time.Time // first day of the period
	Label  string    // PeriodLabel(By, Period)

	Events        float64    // events; with WeightMentions, the sum of mentions
	Quad          [4]float64 // events per quad class 1..4 (weighted like Events); events without a quad class count only in Events
	Goldstein     float64    // sum of Goldstein (weighted like Events)
	GoldsteinMean float64    // Goldstein / Events
	CoopShare     float64    // (Quad[0]+Quad[1]) / Events
	ToneMean      float64    // mean AvgTone of events that have one (never weighted or de-duplicated)
	Mentions      int64      // sum of NumMentions (of all rows, even with DedupeDaily)

	// Relationship index (see doc.go): a shrunken mean Goldstein and its
	// confidence band.
	N       int64   // unweighted events behind the row (distinct events with DedupeDaily)
	SD      float64 // approximate within-period SD of Goldstein
	Index   float64
	IndexLo float64
	IndexHi float64

	quadN    [5]int64 // unweighted events per quad slot
	quadW    quadSlots
	quadGold quadSlots // Goldstein sums per quad slot (weighted)
}

// normalize checks a query and fills in defaults.
func (q *DyadQuery) normalize() error {
	if q.By == "" {
		q.By = store.Month
	}
	if _, err := ParsePeriod(string(q.By)); err != nil {
		return fmt.Errorf("%w: %w", ErrBadQuery, err)
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.From.After(q.To) {
		return fmt.Errorf("%w: from %s is after to %s", ErrBadQuery, q.From.Format(time.DateOnly), q.To.Format(time.DateOnly))
	}
	switch q.Weight {
	case "":
		q.Weight = WeightNone
	case WeightNone, WeightMentions:
	default:
		return fmt.Errorf("%w: unknown weight %q: use none or mentions", ErrBadQuery, q.Weight)
	}
	switch q.Dedupe {
	case "":
		q.Dedupe = DedupeNone
	case DedupeNone, DedupeDaily:
	default:
		return fmt.Errorf("%w: unknown dedupe %q: use none or daily", ErrBadQuery, q.Dedupe)
	}
	if q.Weight == WeightMentions && q.Dedupe == DedupeDaily {
		// The cube keeps no mention sums for de-duplicated cells: which
		// report's mentions would the one kept event carry?
		return fmt.Errorf("%w: --weight mentions and --dedupe daily cannot be combined (the cube has no mention counts for de-duplicated events)", ErrBadQuery)
	}
	idx, err := q.Index.withDefaults()
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBadQuery, err)
	}
	q.Index = idx
	return nil
}

// lineSpec is one line to fetch: its labels and the pairs that make it up.
type lineSpec struct {
	source, target string
	directed       bool
	pairs          []store.Pair
}

// Dyad computes the series of relations between q.A and q.B from the
// dyad-day cube (it never reads raw events). Unknown actors return an
// *UnknownActorError; a malformed query returns an error wrapping
// ErrBadQuery.
func Dyad(ctx context.Context, c store.Cube, q DyadQuery) (Series, error) {
	if err := q.normalize(); err != nil {
		return Series{}, err
	}
	a, err := ResolveActor(q.A)
	if err != nil {
		return Series{}, err
	}
	b, err := ResolveActor(q.B)
	if err != nil {
		return Series{}, err
	}
	if a.Code == b.Code && a.Group == nil {
		return Series{}, fmt.Errorf("%w: a dyad needs two different actors, got %s twice", ErrBadQuery, a.Code)
	}
	specs := dyadSpecs(a, b, q.Directed)
	cells, err := fetch(ctx, c, q, specs)
	if err != nil {
		return Series{}, err
	}
	first, last, ok := span(q.From, q.To, cells...)
	s := Series{A: a, B: b, By: q.By, Weight: q.Weight, Dedupe: q.Dedupe, Index: q.Index}
	var ps []time.Time
	if ok {
		if ps, err = periods(q.By, first, last); err != nil {
			return Series{}, fmt.Errorf("%w: %w", ErrBadQuery, err)
		}
	}
	for i, sp := range specs {
		l, err := buildLine(sp, cells[i], q, ps)
		if err != nil {
			return Series{}, err
		}
		s.Lines = append(s.Lines, l)
	}
	return s, nil
}

// dyadSpecs lists the lines of a dyad series.
func dyadSpecs(a, b Actor, directed bool) []lineSpec {
	if directed {
		return []lineSpec{
			{a.Code, b.Code, true, Pairs(a, b)},
			{b.Code, a.Code, true, Pairs(b, a)},
		}
	}
	return []lineSpec{{a.Code, b.Code, false, undirectedPairs(a, b)}}
}

// fetch runs one cube query per line. A line without pairs (a group whose
// members never overlap the other side) has no cells: an empty Pairs list
// would mean "every pair" to the store.
func fetch(ctx context.Context, c store.Cube, q DyadQuery, specs []lineSpec) ([][]store.CubeCell, error) {
	out := make([][]store.CubeCell, len(specs))
	for i, sp := range specs {
		if len(sp.pairs) == 0 {
			continue
		}
		cells, err := c.CubeCells(ctx, store.CubeQuery{
			Pairs: sp.pairs, From: q.From, To: q.To, By: q.By, Roots: q.Roots, Datasets: q.Datasets,
		})
		if err != nil {
			return nil, fmt.Errorf("query cube for %s-%s: %w", sp.source, sp.target, err)
		}
		out[i] = cells
	}
	return out, nil
}

// span is the range of a series: the query's bounds where given, else the
// first and last period holding cells. ok is false when there is neither.
func span(from, to time.Time, cells ...[]store.CubeCell) (first, last time.Time, ok bool) {
	first, last = from, to
	for _, cs := range cells {
		for _, c := range cs {
			if from.IsZero() && (first.IsZero() || c.Period.Before(first)) {
				first = c.Period
			}
			if to.IsZero() && (last.IsZero() || c.Period.After(last)) {
				last = c.Period
			}
		}
	}
	return first, last, !first.IsZero() && !last.IsZero()
}

// buildLine sums the cells of one line into rows, one per period of ps, and
// computes the relationship index.
func buildLine(sp lineSpec, cells []store.CubeCell, q DyadQuery, ps []time.Time) (Line, error) {
	l := Line{Source: sp.source, Target: sp.target, Directed: sp.directed, Rows: make([]Row, len(ps))}
	at := make(map[time.Time]int, len(ps))
	toneSum := make([]float64, len(ps))
	toneN := make([]int64, len(ps))
	for i, p := range ps {
		l.Rows[i] = Row{Period: p, Label: PeriodLabel(q.By, p)}
		at[p] = i
	}
	for _, c := range cells {
		i, ok := at[c.Period]
		if !ok {
			return Line{}, fmt.Errorf("store returned a cube cell for %s (%s→%s) outside the %s periods of the query", c.Period.Format(time.DateOnly), c.Source, c.Target, q.By)
		}
		if c.Quad < 0 || c.Quad > 4 {
			return Line{}, fmt.Errorf("store returned a cube cell with quad class %d (%s→%s, %s)", c.Quad, c.Source, c.Target, c.Period.Format(time.DateOnly))
		}
		r := &l.Rows[i]
		var n int64
		var w, g float64
		switch {
		case q.Dedupe == DedupeDaily:
			n, w, g = c.Distinct, float64(c.Distinct), c.GoldsteinDistinct
		case q.Weight == WeightMentions:
			n, w, g = c.Events, float64(c.Mentions), c.GoldsteinMentions
		default:
			n, w, g = c.Events, float64(c.Events), c.Goldstein
		}
		r.N += n
		r.Events += w
		r.Goldstein += g
		r.quadN[c.Quad] += n
		r.quadW[c.Quad] += w
		r.quadGold[c.Quad] += g
		r.Mentions += c.Mentions
		toneSum[i] += c.Tone
		toneN[i] += c.ToneN
	}
	for i := range l.Rows {
		r := &l.Rows[i]
		if toneN[i] > 0 {
			r.ToneMean = toneSum[i] / float64(toneN[i])
		}
		copy(r.Quad[:], r.quadW[1:])
		if r.Events > 0 {
			r.GoldsteinMean = r.Goldstein / r.Events
			r.CoopShare = (r.Quad[0] + r.Quad[1]) / r.Events
		}
	}
	computeIndex(&l, q.Index)
	return l, nil
}
