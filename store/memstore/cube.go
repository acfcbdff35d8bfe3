package memstore

import (
	"context"
	"fmt"
	"sort"
	"time"

	"entente/events"
	"entente/store"
)

// matcher applies the filters shared by CubeQuery and EventQuery.
type matcher struct {
	pairs    []store.Pair
	from, to time.Time
	roots    map[string]bool
	datasets map[events.Dataset]bool
}

func newMatcher(pairs []store.Pair, from, to time.Time, roots []string, datasets []events.Dataset) matcher {
	m := matcher{pairs: pairs, from: dayOf(from), to: dayOf(to)}
	if len(roots) > 0 {
		m.roots = map[string]bool{}
		for _, r := range roots {
			m.roots[r] = true
		}
	}
	if len(datasets) > 0 {
		m.datasets = map[events.Dataset]bool{}
		for _, d := range datasets {
			m.datasets[d] = true
		}
	}
	return m
}

func (m matcher) match(e *events.Event, src, tgt string) bool {
	if !m.from.IsZero() && e.Date.Before(m.from) || !m.to.IsZero() && e.Date.After(m.to) {
		return false
	}
	if m.roots != nil && !m.roots[rootOf(e)] {
		return false
	}
	if m.datasets != nil && !m.datasets[e.Dataset] {
		return false
	}
	if len(m.pairs) == 0 {
		return true
	}
	for _, p := range m.pairs {
		if p.Source != src || p.Target != tgt {
			continue
		}
		if !p.From.IsZero() && e.Date.Before(dayOf(p.From)) || !p.To.IsZero() && e.Date.After(dayOf(p.To)) {
			continue
		}
		return true
	}
	return false
}

// rootOf is the event's root code as the reader filled it (the cube of the
// DuckDB backend stores the same field).
func rootOf(e *events.Event) string { return e.Root }

func dayOf(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	d, _ := store.Day.Start(t)
	return d
}

// CubeCells implements store.Cube by aggregating raw events, exactly as the
// cube contract in package store defines it.
func (s *Store) CubeCells(_ context.Context, q store.CubeQuery) ([]store.CubeCell, error) {
	if _, err := q.By.Start(time.Time{}); err != nil {
		return nil, fmt.Errorf("cube query: %w", err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	m := newMatcher(q.Pairs, q.From, q.To, q.Roots, q.Datasets)

	type dayCell struct {
		n, gold float64
	}
	type outKey struct {
		period         time.Time
		source, target string
		quad           int
	}
	type inKey struct {
		day            time.Time
		source, target string
		code           string
		quad           int
	}
	out := map[outKey]*store.CubeCell{}
	distinct := map[inKey]*dayCell{}
	for i := range s.events {
		e := &s.events[i]
		src, tgt := e.Source.Country, e.Target.Country
		if src == "" || tgt == "" || !m.match(e, src, tgt) {
			continue
		}
		p, _ := q.By.Start(e.Date)
		k := outKey{p, src, tgt, e.Quad}
		c := out[k]
		if c == nil {
			c = &store.CubeCell{Period: p, Source: src, Target: tgt, Quad: e.Quad}
			out[k] = c
		}
		g := nz(e.Goldstein)
		c.Events++
		c.Goldstein += g
		if tone := e.Tone; tone == tone { // not NaN
			c.Tone += tone
			c.ToneN++
		}
		c.Mentions += int64(e.Mentions)
		c.GoldsteinMentions += g * float64(e.Mentions)
		ik := inKey{dayOf(e.Date), src, tgt, e.Code, e.Quad}
		dc := distinct[ik]
		if dc == nil {
			dc = &dayCell{}
			distinct[ik] = dc
		}
		dc.n++
		dc.gold += g
	}
	for ik, dc := range distinct {
		p, _ := q.By.Start(ik.day)
		c := out[outKey{p, ik.source, ik.target, ik.quad}]
		c.Distinct++
		c.GoldsteinDistinct += dc.gold / dc.n
	}
	cells := make([]store.CubeCell, 0, len(out))
	for _, c := range out {
		cells = append(cells, *c)
	}
	sort.Slice(cells, func(i, j int) bool {
		a, b := cells[i], cells[j]
		if !a.Period.Equal(b.Period) {
			return a.Period.Before(b.Period)
		}
		if a.Source != b.Source {
			return a.Source < b.Source
		}
		if a.Target != b.Target {
			return a.Target < b.Target
		}
		return a.Quad < b.Quad
	})
	return cells, nil
}
