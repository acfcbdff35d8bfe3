package duckdb

import (
	"context"
	"database/sql"
	"fmt"
	mbits "math/bits"
	"strings"

	"entente/events"
)

// This file decides, in Go and without asking DuckDB, which appended events
// are certainly new, so that only the others pay for the SQL anti-join of
// the merge (see the package comment, "Ingest").
//
// Two facts make that possible:
//
//   - repeats inside one Tx are found by a set of the ids the Tx has seen
//     (the first occurrence wins, as the Tx contract says);
//   - an id outside [min, max] of the ids already stored for its data set
//     cannot be stored. The bounds are byte-wise (DuckDB compares VARCHAR
//     byte-wise, as Go compares strings), so they are exact for any ids,
//     numeric or not. GDELT ids grow with time, so a new export's ids lie
//     above everything stored and none of its rows needs the anti-join.
//
// Events inside the bounds go to the staging table and the SQL merge, which
// checks them against the stored rows exactly as before.

// idSet holds the ids a Tx has seen for one data set. Canonical decimal ids
// (GDELT's, ICEWS's) are numbers, and those of one file are nearly
// contiguous (GDELT numbers its events in sequence), so they are kept in a
// bitmap of 4096-id pages: 5.3 million ids of a 2 GB file take under a MB
// where a map would take ~100. Should the ids turn out sparse (fewer than
// 64 a page on average), the set switches to a map of numbers. Other ids
// are kept as cloned strings (an Event's strings share the reader's
// blocks, which a kept reference would pin).
type idSet struct {
	pages map[uint64]*idPage // id>>12 → bits of the 4096 ids; nil once sparse
	n     int                // ids in pages
	nums  map[uint64]struct{}
	strs  map[string]struct{}
}

type idPage [64]uint64

func newIDSet() *idSet {
	return &idSet{pages: map[uint64]*idPage{}, strs: map[string]struct{}{}}
}

// add records id and reports whether it was new.
func (s *idSet) add(id string) bool {
	if n, ok := canonicalUint(id); ok {
		return s.addNum(n)
	}
	if _, dup := s.strs[id]; dup {
		return false
	}
	s.strs[strings.Clone(id)] = struct{}{}
	return true
}

func (s *idSet) addNum(n uint64) bool {
	if s.pages == nil {
		if _, dup := s.nums[n]; dup {
			return false
		}
		s.nums[n] = struct{}{}
		return true
	}
	p := s.pages[n>>12]
	if p == nil {
		if len(s.pages) >= 64 && s.n < 64*len(s.pages) {
			s.toMap()
			return s.addNum(n)
		}
		p = new(idPage)
		s.pages[n>>12] = p
	}
	w, bit := (n>>6)&63, uint64(1)<<(n&63)
	if p[w]&bit != 0 {
		return false
	}
	p[w] |= bit
	s.n++
	return true
}

// toMap moves the numbers from the pages to a map.
func (s *idSet) toMap() {
	s.nums = make(map[uint64]struct{}, 2*s.n)
	for base, p := range s.pages {
		for w, bits := range p {
			for ; bits != 0; bits &= bits - 1 {
				s.nums[base<<12|uint64(w)<<6|uint64(mbits.TrailingZeros64(bits))] = struct{}{}
			}
		}
	}
	s.pages = nil
}

// canonicalUint parses id when it is the canonical decimal form of a uint64
// below 10^19 (no sign, no leading zero unless "0"), so that distinct ids
// never map to the same number.
func canonicalUint(id string) (uint64, bool) {
	if len(id) == 0 || len(id) > 19 || (id[0] == '0' && len(id) > 1) {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(id); i++ {
		c := id[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return n, true
}

// idState is what a Tx knows about one data set's ids.
type idState struct {
	seen *idSet
	// lo, hi bound the ids stored before the Tx began (byte-wise);
	// empty is false when there were none.
	lo, hi   string
	anyStore bool
}

// mayBeStored reports whether id might already be stored (then the SQL
// merge must check it).
func (s *idState) mayBeStored(id string) bool {
	return s.anyStore && id >= s.lo && id <= s.hi
}

// idState returns the Tx's state for ds, reading the stored bounds on
// first use: one min/max scan of the data set's ids per Tx, instead of an
// anti-join of every chunk against all stored events.
func (t *Tx) idState(ctx context.Context, ds events.Dataset) (*idState, error) {
	if t.lastDS == ds && t.lastID != nil {
		return t.lastID, nil
	}
	st, ok := t.ids[ds]
	if !ok {
		if err := t.endStream(); err != nil {
			return nil, err
		}
		var lo, hi sql.NullString
		err := t.conn.QueryRowContext(ctx, `SELECT min(id), max(id) FROM events WHERE dataset = ?`, string(ds)).Scan(&lo, &hi)
		if err != nil {
			return nil, fmt.Errorf("read stored id bounds of %s: %w", ds, err)
		}
		st = &idState{seen: newIDSet(), lo: lo.String, hi: hi.String, anyStore: lo.Valid && hi.Valid}
		t.ids[ds] = st
	}
	t.lastDS, t.lastID = ds, st
	return st, nil
}
