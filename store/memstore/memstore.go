// Package memstore is a trivial in-memory store.Store for fast tests of the
// packages that read a store (relations, report, server), as restic's
// backend/mem serves its tests. It keeps raw events only and computes cube
// answers from them on every query, so it is slow on millions of events but
// obviously correct; it passes the same conformance suite (store/storetest)
// as the DuckDB backend.
//
// Typical use in another package's test:
//
//	s := memstore.New()
//	if err := memstore.Load(ctx, s, evs); err != nil { ... }
//	cells, err := s.CubeCells(ctx, store.CubeQuery{...})
package memstore

import (
	"context"
	"errors"
	"math"
	"sort"
	"sync"
	"time"

	"entente/events"
	"entente/store"
)

// Store is an in-memory store.Store, safe for concurrent use.
type Store struct {
	mu       sync.RWMutex
	writeMu  sync.Mutex // one Tx at a time, as in the real backends
	events   []events.Event
	ids      map[key]struct{}
	mentions []events.Mention
	log      []store.IngestRecord
}

type key struct {
	ds events.Dataset
	id string
}

var _ store.Store = (*Store)(nil)

// New returns an empty store.
func New() *Store {
	return &Store{ids: make(map[key]struct{})}
}

// Load stores evs in one transaction, logged under a synthetic file name, for
// tests that need a populated store without files.
func Load(ctx context.Context, s store.Writer, evs []events.Event) error {
	tx, err := s.Begin(ctx)
	if err != nil {
		return err
	}
	if err := tx.AppendEvents(ctx, evs); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	return tx.Commit(ctx, store.IngestRecord{File: "memstore.Load", SHA256: time.Now().String(), Format: "memory"})
}

// Close implements store.Store; the data is dropped.
func (s *Store) Close() error { return nil }

// Ingested implements store.Writer.
func (s *Store) Ingested(_ context.Context, sha string) (store.IngestRecord, bool, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, r := range s.log {
		if r.SHA256 == sha {
			return r, true, nil
		}
	}
	return store.IngestRecord{}, false, nil
}

// Begin implements store.Writer.
func (s *Store) Begin(context.Context) (store.Tx, error) {
	s.writeMu.Lock()
	return &tx{s: s, seen: make(map[key]struct{})}, nil
}

// tx buffers rows until Commit, which applies them under the store's lock.
type tx struct {
	s        *Store
	evs      []events.Event
	seen     map[key]struct{}
	mentions []events.Mention
	counts   store.TxCounts
	done     bool
}

func (t *tx) AppendEvents(_ context.Context, evs []events.Event) error {
	if t.done {
		return errors.New("append events: transaction finished")
	}
	t.s.mu.RLock()
	defer t.s.mu.RUnlock()
	for _, e := range evs {
		k := key{e.Dataset, e.ID}
		_, stored := t.s.ids[k]
		_, staged := t.seen[k]
		if stored || staged {
			t.counts.Duplicates++
			continue
		}
		t.seen[k] = struct{}{}
		t.evs = append(t.evs, e)
		t.counts.Stored++
	}
	return nil
}

func (t *tx) AppendMentions(_ context.Context, ms []events.Mention) error {
	if t.done {
		return errors.New("append mentions: transaction finished")
	}
	t.mentions = append(t.mentions, ms...)
	t.counts.Mentions += int64(len(ms))
	return nil
}

func (t *tx) Counts(context.Context) (store.TxCounts, error) { return t.counts, nil }

func (t *tx) Commit(_ context.Context, rec store.IngestRecord) error {
	if t.done {
		return errors.New("commit: transaction finished")
	}
	rec.Stored, rec.Duplicates, rec.Mentions = t.counts.Stored, t.counts.Duplicates, t.counts.Mentions
	t.s.mu.Lock()
	for _, r := range t.s.log {
		if r.SHA256 == rec.SHA256 {
			t.s.mu.Unlock()
			return errors.Join(store.ErrAlreadyIngested, t.Rollback())
		}
	}
	for _, e := range t.evs {
		t.s.ids[key{e.Dataset, e.ID}] = struct{}{}
	}
	t.s.events = append(t.s.events, t.evs...)
	t.s.mentions = append(t.s.mentions, t.mentions...)
	t.s.log = append(t.s.log, rec)
	t.s.mu.Unlock()
	t.done = true
	t.s.writeMu.Unlock()
	return nil
}

func (t *tx) Rollback() error {
	if !t.done {
		t.done = true
		t.s.writeMu.Unlock()
	}
	return nil
}

// Events implements store.EventSource.
func (s *Store) Events(_ context.Context, q store.EventQuery) ([]events.Event, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	m := newMatcher(q.Pairs, q.From, q.To, q.Roots, q.Datasets)
	var out []events.Event
	for _, e := range s.events {
		if m.match(&e, e.Source.Country, e.Target.Country) {
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.Date.Equal(b.Date) {
			return a.Date.Before(b.Date)
		}
		if a.Dataset != b.Dataset {
			return a.Dataset < b.Dataset
		}
		return a.ID < b.ID
	})
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, nil
}

// Stats implements store.Summarizer.
func (s *Store) Stats(context.Context) (store.Stats, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st := store.Stats{Files: len(s.log)}
	byDS := map[events.Dataset]*store.DatasetStats{}
	get := func(d events.Dataset) *store.DatasetStats {
		if byDS[d] == nil {
			byDS[d] = &store.DatasetStats{Dataset: d}
		}
		return byDS[d]
	}
	dyads := map[[2]string]int64{}
	cells := map[cellKey]struct{}{}
	for _, e := range s.events {
		d := get(e.Dataset)
		d.Events++
		if d.First.IsZero() || e.Date.Before(d.First) {
			d.First = e.Date
		}
		if e.Date.After(d.Last) {
			d.Last = e.Date
		}
		if e.Source.Country == "" || e.Target.Country == "" {
			continue
		}
		cells[cellKey{e.Dataset, e.Date, e.Source.Country, e.Target.Country, e.Code, e.Quad}] = struct{}{}
		if e.Source.Country != e.Target.Country {
			a, b := e.Source.Country, e.Target.Country
			if b < a {
				a, b = b, a
			}
			dyads[[2]string{a, b}]++
		}
	}
	for range s.mentions {
		get(events.GDELT2).Mentions++
	}
	st.CubeCells = int64(len(cells))
	for _, d := range byDS {
		st.Datasets = append(st.Datasets, *d)
	}
	sort.Slice(st.Datasets, func(i, j int) bool { return st.Datasets[i].Dataset < st.Datasets[j].Dataset })
	for k, n := range dyads {
		st.TopDyads = append(st.TopDyads, store.DyadCount{Source: k[0], Target: k[1], Events: n})
	}
	sort.Slice(st.TopDyads, func(i, j int) bool {
		a, b := st.TopDyads[i], st.TopDyads[j]
		if a.Events != b.Events {
			return a.Events > b.Events
		}
		if a.Source != b.Source {
			return a.Source < b.Source
		}
		return a.Target < b.Target
	})
	if len(st.TopDyads) > 10 {
		st.TopDyads = st.TopDyads[:10]
	}
	return st, nil
}

type cellKey struct {
	ds             events.Dataset
	day            time.Time
	source, target string
	code           string
	quad           int
}

func nz(f float64) float64 {
	if math.IsNaN(f) {
		return 0
	}
	return f
}
