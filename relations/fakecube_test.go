package relations

import (
	"context"
	"sort"
	"time"

	"entente/store"
)

// ev is one raw event of the fake cube.
type ev struct {
	date      string
	src, tgt  string
	code      string
	quad      int
	goldstein float64
	tone      float64 // NaN: no tone
	mentions  int64
}

// fakeCube answers CubeCells by aggregating raw events in the obvious way,
// independently of any backend: a reference for the contract in store.go.
type fakeCube struct {
	evs     []ev
	queries []store.CubeQuery
}

func d(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func (f *fakeCube) CubeCells(_ context.Context, q store.CubeQuery) ([]store.CubeCell, error) {
	f.queries = append(f.queries, q)
	type key struct {
		p        time.Time
		src, tgt string
		quad     int
	}
	type dkey struct {
		day            time.Time
		src, tgt, code string
	}
	cells := map[key]*store.CubeCell{}
	seen := map[dkey]bool{}
	by := q.By
	if by == "" {
		by = store.Day
	}
	for _, e := range f.evs {
		t := d(e.date)
		if !q.From.IsZero() && t.Before(q.From) || !q.To.IsZero() && t.After(q.To) {
			continue
		}
		if len(q.Roots) > 0 && !contains(q.Roots, e.code[:2]) {
			continue
		}
		ok := len(q.Pairs) == 0
		for _, p := range q.Pairs {
			if p.Source == e.src && p.Target == e.tgt && (p.From.IsZero() || !t.Before(p.From)) && (p.To.IsZero() || !t.After(p.To)) {
				ok = true
			}
		}
		if !ok {
			continue
		}
		k := key{PeriodStart(by, t), e.src, e.tgt, e.quad}
		c := cells[k]
		if c == nil {
			c = &store.CubeCell{Period: k.p, Source: e.src, Target: e.tgt, Quad: e.quad}
			cells[k] = c
		}
		c.Events++
		c.Goldstein += e.goldstein
		if e.tone == e.tone {
			c.Tone += e.tone
			c.ToneN++
		}
		c.Mentions += e.mentions
		c.GoldsteinMentions += e.goldstein * float64(e.mentions)
		dk := dkey{t, e.src, e.tgt, e.code}
		if !seen[dk] {
			seen[dk] = true
			c.Distinct++
			c.GoldsteinDistinct += e.goldstein
		}
	}
	out := make([]store.CubeCell, 0, len(cells))
	for _, c := range cells {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
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
	return out, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
