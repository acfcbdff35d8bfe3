package storetest

import (
	"fmt"
	"math"
	"sort"
	"testing"
	"time"

	"entente/events"
	"entente/store"
)

// referenceCells is the GROUP BY over raw events that every CubeCells answer
// must equal: it applies the cube contract of package store (both countries
// known, missing Goldstein and mentions count 0, tone summed over events
// that have one) directly to evs, which the test fetched from the backend's
// raw events table.
func referenceCells(evs []events.Event, q store.CubeQuery) ([]store.CubeCell, error) {
	inPairs := func(e events.Event) bool {
		if len(q.Pairs) == 0 {
			return true
		}
		for _, p := range q.Pairs {
			if p.Source == e.Source.Country && p.Target == e.Target.Country &&
				(p.From.IsZero() || !e.Date.Before(p.From)) && (p.To.IsZero() || !e.Date.After(p.To)) {
				return true
			}
		}
		return false
	}
	contains := func(xs []string, x string) bool {
		for _, y := range xs {
			if x == y {
				return true
			}
		}
		return len(xs) == 0
	}
	ds := make([]string, len(q.Datasets))
	for i, d := range q.Datasets {
		ds[i] = string(d)
	}
	type cellKey struct {
		day                  time.Time
		source, target, code string
		quad                 int
	}
	type cellSum struct{ n, gold float64 }
	groups := map[string]*store.CubeCell{}
	cells := map[cellKey]*cellSum{}
	for _, e := range evs {
		if e.Source.Country == "" || e.Target.Country == "" || !inPairs(e) ||
			!contains(q.Roots, e.Root) || !contains(ds, string(e.Dataset)) ||
			(!q.From.IsZero() && e.Date.Before(q.From)) || (!q.To.IsZero() && e.Date.After(q.To)) {
			continue
		}
		p, err := q.By.Start(e.Date)
		if err != nil {
			return nil, err
		}
		k := fmt.Sprintf("%s|%s|%s|%d", p.Format("2006-01-02"), e.Source.Country, e.Target.Country, e.Quad)
		g := groups[k]
		if g == nil {
			g = &store.CubeCell{Period: p, Source: e.Source.Country, Target: e.Target.Country, Quad: e.Quad}
			groups[k] = g
		}
		gold := e.Goldstein
		if math.IsNaN(gold) {
			gold = 0
		}
		g.Events++
		g.Goldstein += gold
		if !math.IsNaN(e.Tone) {
			g.Tone += e.Tone
			g.ToneN++
		}
		g.Mentions += int64(e.Mentions)
		g.GoldsteinMentions += gold * float64(e.Mentions)
		ck := cellKey{e.Date, e.Source.Country, e.Target.Country, e.Code, e.Quad}
		if cells[ck] == nil {
			cells[ck] = &cellSum{}
			g.Distinct++
		}
		cells[ck].n++
		cells[ck].gold += gold
	}
	for ck, c := range cells {
		p, _ := q.By.Start(ck.day)
		k := fmt.Sprintf("%s|%s|%s|%d", p.Format("2006-01-02"), ck.source, ck.target, ck.quad)
		groups[k].GoldsteinDistinct += c.gold / c.n
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the key's layout sorts as period, source, target, quad
	out := make([]store.CubeCell, len(keys))
	for i, k := range keys {
		out[i] = *groups[k]
	}
	return out, nil
}

// near reports whether a and b agree to 1e-9 absolute or relative: sums of
// the same float64s in a different order differ in the last bits.
func near(a, b float64) bool {
	d := math.Abs(a - b)
	return d <= 1e-9 || d <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

// equalCells compares cube answers cell by cell, naming the first mismatch.
func equalCells(t *testing.T, what string, got, want []store.CubeCell) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d cells, want %d", what, len(got), len(want))
		return
	}
	for i := range got {
		g, w := got[i], want[i]
		if !g.Period.Equal(w.Period) || g.Source != w.Source || g.Target != w.Target || g.Quad != w.Quad ||
			g.Events != w.Events || g.ToneN != w.ToneN || g.Mentions != w.Mentions || g.Distinct != w.Distinct ||
			!near(g.Goldstein, w.Goldstein) || !near(g.Tone, w.Tone) ||
			!near(g.GoldsteinMentions, w.GoldsteinMentions) || !near(g.GoldsteinDistinct, w.GoldsteinDistinct) {
			t.Errorf("%s: cell %d\n got %+v\nwant %+v", what, i, g, w)
			return
		}
	}
}
