package relations

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"entente/events"
	"entente/store"
)

// Sign is the state of one dyad of a triangle in a period.
type Sign int

const (
	Thin    Sign = iota // too few events to say
	Enmity              // index below −band
	Neutral             // index within ±band
	Amity               // index above +band
)

func (s Sign) String() string {
	switch s {
	case Amity:
		return "+"
	case Enmity:
		return "-"
	case Neutral:
		return "0"
	}
	return "?"
}

// Kind is a configuration of Dittmer's strategic triangle.
type Kind string

// The configurations of Dittmer (1981) and the later literature.
const (
	MenageATrois   Kind = "menage-a-trois"  // + + +: symmetrical amity among all three
	Romantic       Kind = "romantic"        // one pivot in amity with two wings hostile to each other
	StableMarriage Kind = "stable-marriage" // one pair in amity, both hostile to the outcast
	UnitVeto       Kind = "unit-veto"       // − − −: all three hostile
	Indeterminate  Kind = "indeterminate"   // a dyad is neutral or too thin
)

// Config is a classified triangle: its kind and the players' roles. For a
// romantic triangle Pivot is set and Wings holds the other two; for a stable
// marriage Couple holds the pair in amity and Outcast the third.
type Config struct {
	Kind    Kind
	Pivot   string
	Wings   [2]string
	Couple  [2]string
	Outcast string
}

// String renders a config compactly: "romantic(pivot=CHN)",
// "stable-marriage(outcast=USA)".
func (c Config) String() string {
	switch c.Kind {
	case Romantic:
		return fmt.Sprintf("%s(pivot=%s)", c.Kind, c.Pivot)
	case StableMarriage:
		return fmt.Sprintf("%s(outcast=%s)", c.Kind, c.Outcast)
	}
	return string(c.Kind)
}

// Classify names the configuration of the triangle of players p[0], p[1],
// p[2] whose dyads p0–p1, p0–p2 and p1–p2 have signs ab, ac and bc
// (Dittmer, "The Strategic Triangle: An Elementary Game-Theoretical
// Analysis", World Politics 33(4), 1981, pp. 485–515). Any neutral or thin
// dyad makes the triangle indeterminate: Dittmer's configurations need every
// relation to be amity or enmity.
func Classify(p [3]string, ab, ac, bc Sign) Config {
	signs := [3]Sign{ab, ac, bc}
	// dyads[i] are the two players of dyad i; opposite[i] is the third.
	dyads := [3][2]string{{p[0], p[1]}, {p[0], p[2]}, {p[1], p[2]}}
	opposite := [3]string{p[2], p[1], p[0]}
	amity := 0
	for _, s := range signs {
		switch s {
		case Amity:
			amity++
		case Enmity:
		default:
			return Config{Kind: Indeterminate}
		}
	}
	switch amity {
	case 3:
		return Config{Kind: MenageATrois}
	case 0:
		return Config{Kind: UnitVeto}
	case 2: // the hostile dyad holds the wings; the third is the pivot
		for i, s := range signs {
			if s == Enmity {
				return Config{Kind: Romantic, Pivot: opposite[i], Wings: dyads[i]}
			}
		}
	case 1: // the friendly dyad is the couple; the third is the outcast
		for i, s := range signs {
			if s == Amity {
				return Config{Kind: StableMarriage, Couple: dyads[i], Outcast: opposite[i]}
			}
		}
	}
	panic("relations: unreachable triangle configuration")
}

// TriangleQuery asks for the strategic-triangle series of A, B and C.
type TriangleQuery struct {
	A, B, C   string
	By        store.Period // "" means month
	From, To  time.Time
	Weight    Weight
	Dedupe    Dedupe
	Roots     []string
	Datasets  []events.Dataset
	Index     IndexOptions
	Band      float64 // neutral band on the index, in Goldstein points; 0 means DefaultBand
	MinEvents int64   // a dyad with fewer events in a period is thin; 0 means DefaultMinEvents
	Bootstrap int     // bootstrap replicates for the confidence; 0 means DefaultBootstrap
	Seed      uint64  // RNG seed, so the same query gives the same confidence
}

// Defaults of TriangleQuery.
const (
	// DefaultBand is the neutral band: GDELT dyads between major powers
	// average between about 0 and +3 Goldstein points, so ±0.5 separates
	// clear amity or enmity from a mixed record.
	DefaultBand = 0.5
	// DefaultMinEvents: fewer events than this in a period make a dyad thin.
	DefaultMinEvents = 5
	// DefaultBootstrap replicates give a confidence to about ±1.5 points.
	DefaultBootstrap = 1000
)

// TriangleSeries is the answer to a TriangleQuery. Dyads are the undirected
// series A–B, A–C and B–C, over a common range.
type TriangleSeries struct {
	Players [3]string
	By      store.Period
	Band    float64
	Dyads   [3]Series
	Rows    []TriangleRow
}

// TriangleRow is the triangle in one period.
type TriangleRow struct {
	Period time.Time
	Label  string
	Index  [3]float64 // index of A–B, A–C, B–C
	Events [3]int64   // unweighted events of A–B, A–C, B–C
	Signs  [3]Sign
	Config Config
	// Confidence is the share of bootstrap replicates classified exactly as
	// Config (same kind and same pivot or outcast).
	Confidence float64
}

// Triangle classifies the strategic triangle of q.A, q.B and q.C in every
// period (Dittmer 1981), with a bootstrap confidence (see doc.go).
func Triangle(ctx context.Context, c store.Cube, q TriangleQuery) (TriangleSeries, error) {
	if q.Band == 0 {
		q.Band = DefaultBand
	}
	if q.Band < 0 || math.IsNaN(q.Band) {
		return TriangleSeries{}, fmt.Errorf("%w: the neutral band must be positive, got %v", ErrBadQuery, q.Band)
	}
	if q.MinEvents == 0 {
		q.MinEvents = DefaultMinEvents
	}
	if q.Bootstrap == 0 {
		q.Bootstrap = DefaultBootstrap
	}
	if q.MinEvents < 0 || q.Bootstrap < 0 {
		return TriangleSeries{}, fmt.Errorf("%w: minimum events and bootstrap replicates must be positive", ErrBadQuery)
	}
	players := [3]string{q.A, q.B, q.C}
	var actors [3]Actor
	for i, code := range players {
		a, err := ResolveActor(code)
		if err != nil {
			return TriangleSeries{}, err
		}
		actors[i] = a
		players[i] = a.Code
	}
	if players[0] == players[1] || players[0] == players[2] || players[1] == players[2] {
		return TriangleSeries{}, fmt.Errorf("%w: a triangle needs three different actors, got %s %s %s", ErrBadQuery, players[0], players[1], players[2])
	}
	dq := DyadQuery{By: q.By, From: q.From, To: q.To, Weight: q.Weight, Dedupe: q.Dedupe, Roots: q.Roots, Datasets: q.Datasets, Index: q.Index}
	if err := dq.normalize(); err != nil {
		return TriangleSeries{}, err
	}
	pairsOf := [3][2]int{{0, 1}, {0, 2}, {1, 2}}
	var specs []lineSpec
	for _, pr := range pairsOf {
		specs = append(specs, dyadSpecs(actors[pr[0]], actors[pr[1]], false)...)
	}
	cells, err := fetch(ctx, c, dq, specs)
	if err != nil {
		return TriangleSeries{}, err
	}
	ts := TriangleSeries{Players: players, By: dq.By, Band: q.Band}
	first, last, ok := span(dq.From, dq.To, cells...)
	var ps []time.Time
	if ok {
		if ps, err = periods(dq.By, first, last); err != nil {
			return TriangleSeries{}, fmt.Errorf("%w: %w", ErrBadQuery, err)
		}
	}
	for i, pr := range pairsOf {
		l, err := buildLine(specs[i], cells[i], dq, ps)
		if err != nil {
			return TriangleSeries{}, err
		}
		ts.Dyads[i] = Series{A: actors[pr[0]], B: actors[pr[1]], By: dq.By, Weight: dq.Weight, Dedupe: dq.Dedupe, Index: dq.Index, Lines: []Line{l}}
	}
	rng := rand.New(rand.NewPCG(q.Seed, 0x7472690a)) // "tri\n": a fixed stream
	for t, p := range ps {
		if err := ctx.Err(); err != nil {
			return TriangleSeries{}, err
		}
		row := TriangleRow{Period: p, Label: PeriodLabel(dq.By, p)}
		var rows [3]*Row
		for i := range rows {
			l := &ts.Dyads[i].Lines[0]
			rows[i] = &l.Rows[t]
			row.Index[i] = rows[i].Index
			row.Events[i] = rows[i].N
			row.Signs[i] = sign(rows[i].Index, rows[i].N, q.Band, q.MinEvents)
		}
		row.Config = Classify(players, row.Signs[0], row.Signs[1], row.Signs[2])
		row.Confidence = bootstrapConfidence(rng, players, rows, ts.Dyads, row.Config, q, dq.Index)
		ts.Rows = append(ts.Rows, row)
	}
	return ts, nil
}

// sign maps an index to amity, enmity or neutral, or thin below minEvents.
func sign(index float64, n int64, band float64, minEvents int64) Sign {
	switch {
	case n < minEvents:
		return Thin
	case index > band:
		return Amity
	case index < -band:
		return Enmity
	}
	return Neutral
}
