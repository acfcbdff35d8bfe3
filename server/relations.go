package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"entente/relations"
	"entente/store"
)

// storeHandler is a handler that reads the store.
type storeHandler func(w http.ResponseWriter, r *http.Request, st store.Reader)

// withStore acquires a store for the request and releases it afterwards.
func (s *Server) withStore(h storeHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		st, release, err := s.cfg.Store.Acquire(r.Context())
		if err != nil {
			s.fail(w, r, fmt.Errorf("open store: %w", err))
			return
		}
		defer release()
		h(w, r, st)
	}
}

// seriesParams are the parameters dyad, triangle and changes share, as
// their CLI verbs share seriesFlags.
type seriesParams struct {
	By       store.Period
	From, To time.Time
	Weight   relations.Weight
	Dedupe   relations.Dedupe
}

func (p *params) series() seriesParams {
	by := p.period("by", store.Month)
	from, to := p.dayRange()
	return seriesParams{By: by, From: from, To: to,
		Weight: relations.Weight(p.choice("weight", "none", "none", "mentions")),
		Dedupe: relations.Dedupe(p.choice("dedupe", "none", "none", "daily"))}
}

// periodDays is a period's length in days, rounded down, for the size check.
var periodDays = map[store.Period]float64{store.Day: 1, store.Week: 7, store.Month: 28, store.Quarter: 90, store.Year: 365}

// periods estimates (from above) how many periods a series over sp will
// have: an open end extends to the store's first or last event, as in
// relations.Dyad.
func (s *Server) periods(ctx context.Context, st store.Summarizer, sp seriesParams) (int, error) {
	from, to := sp.From, sp.To
	if from.IsZero() || to.IsZero() {
		stats, err := st.Stats(ctx)
		if err != nil {
			return 0, fmt.Errorf("read store statistics: %w", err)
		}
		var first, last time.Time
		for _, d := range stats.Datasets {
			if d.Events == 0 {
				continue
			}
			if first.IsZero() || d.First.Before(first) {
				first = d.First
			}
			if d.Last.After(last) {
				last = d.Last
			}
		}
		if from.IsZero() {
			from = first
		}
		if to.IsZero() {
			to = last
		}
	}
	if from.IsZero() || to.IsZero() || to.Before(from) {
		return 1, nil
	}
	return int(to.Sub(from).Hours()/24/periodDays[sp.By]) + 2, nil
}

// checkSize refuses a series longer than MaxPeriods.
func (s *Server) checkSize(ctx context.Context, st store.Summarizer, sp seriesParams) (int, error) {
	n, err := s.periods(ctx, st, sp)
	if err != nil {
		return 0, err
	}
	if n > s.cfg.MaxPeriods {
		return n, badParam("by", "about %d periods of a %s; the limit is %d: narrow from/to or use a coarser period", n, sp.By, s.cfg.MaxPeriods)
	}
	return n, nil
}

// handleDyad serves GET /api/dyad: relations.Dyad, encoded as `entente dyad
// --format json` encodes it.
func (s *Server) handleDyad(w http.ResponseWriter, r *http.Request, st store.Reader) {
	p := newParams(r.URL.Query())
	a, b := p.actor("a"), p.actor("b")
	sp := p.series()
	directed := p.boolean("directed", false)
	index := p.boolean("index", false)
	k := p.float("k", relations.DefaultIndexK, 0, 1e9)
	if err := p.check(); err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.checkSize(r.Context(), st, sp); err != nil {
		s.fail(w, r, err)
		return
	}
	ser, err := relations.Dyad(r.Context(), st, relations.DyadQuery{A: a, B: b, By: sp.By, From: sp.From, To: sp.To,
		Directed: directed, Weight: sp.Weight, Dedupe: sp.Dedupe, Index: relations.IndexOptions{K: k}})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeBody(w, r, func(out io.Writer) error { return ser.WriteJSON(out, index) })
}

// handleChanges serves GET /api/changes: relations.Changes, encoded as
// `entente changes --format json`.
func (s *Server) handleChanges(w http.ResponseWriter, r *http.Request, st store.Reader) {
	p := newParams(r.URL.Query())
	a, b := p.actor("a"), p.actor("b")
	sp := p.series()
	directed := p.boolean("directed", false)
	penalty := p.raw("penalty")
	if penalty == "" {
		penalty = "bic"
	}
	minSeg := p.integer("min_segment", 2, 1, 10000)
	if err := p.check(); err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.checkSize(r.Context(), st, sp); err != nil {
		s.fail(w, r, err)
		return
	}
	cs, err := relations.Changes(r.Context(), st, relations.DyadQuery{A: a, B: b, By: sp.By, From: sp.From, To: sp.To,
		Directed: directed, Weight: sp.Weight, Dedupe: sp.Dedupe},
		relations.ChangeOptions{Penalty: penalty, MinSegment: int(minSeg)})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeBody(w, r, cs.WriteJSON)
}

// handleTriangle serves GET /api/triangle: relations.Triangle, encoded as
// `entente triangle --format json`.
func (s *Server) handleTriangle(w http.ResponseWriter, r *http.Request, st store.Reader) {
	p := newParams(r.URL.Query())
	a, b, c := p.actor("a"), p.actor("b"), p.actor("c")
	sp := p.series()
	band := p.float("band", relations.DefaultBand, 0, 20)
	minEvents := p.integer("min_events", relations.DefaultMinEvents, 1, 1<<40)
	boot := p.integer("bootstrap", relations.DefaultBootstrap, 1, 100000)
	seed := p.integer("seed", 1, 0, 1<<62)
	if err := p.check(); err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := s.checkSize(r.Context(), st, sp)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if n*int(boot) > s.cfg.MaxBootstrapWork {
		s.fail(w, r, badParam("bootstrap", "%d replicates over about %d periods is more than %d draws: lower bootstrap, narrow from/to or use a coarser period", boot, n, s.cfg.MaxBootstrapWork))
		return
	}
	ts, err := relations.Triangle(r.Context(), st, relations.TriangleQuery{A: a, B: b, C: c, By: sp.By, From: sp.From, To: sp.To,
		Weight: sp.Weight, Dedupe: sp.Dedupe, Band: band, MinEvents: minEvents, Bootstrap: int(boot), Seed: uint64(seed)})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeBody(w, r, ts.WriteJSON)
}

// maxEvents bounds one drill-down listing.
const maxEvents = 10000

// handleEvents serves GET /api/events: relations.Events, encoded as
// `entente events --format json`.
func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request, st store.Reader) {
	p := newParams(r.URL.Query())
	a, b := p.actor("a"), p.actor("b")
	from, to := p.dayRange()
	roots := p.roots("root")
	limit := p.integer("limit", 100, 1, maxEvents)
	if err := p.check(); err != nil {
		s.fail(w, r, err)
		return
	}
	evs, err := relations.Events(r.Context(), st, relations.EventsQuery{A: a, B: b, From: from, To: to, Roots: roots, Limit: int(limit)})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeBody(w, r, func(out io.Writer) error { return relations.WriteEventsJSON(out, evs) })
}

// actorJSON describes one actor choice for the dashboard's pickers.
type actorJSON struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Group bool   `json:"group,omitempty"`
	About string `json:"about,omitempty"`
}

// handleActors serves GET /api/actors: the groups, for the pickers (country
// codes are free text, checked by the series endpoints).
func (s *Server) handleActors(w http.ResponseWriter, r *http.Request) {
	if err := newParams(r.URL.Query()).check(); err != nil {
		s.fail(w, r, err)
		return
	}
	out := []actorJSON{}
	for _, g := range relations.Groups() {
		out = append(out, actorJSON{Code: g.Name, Name: g.Name, Group: true, About: g.About})
	}
	s.writeJSON(w, r, out)
}
