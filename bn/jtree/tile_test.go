package jtree

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// TestSweepMatchesWalks: a sweep over tiles, sequential or split between
// workers, in place or through scratch tiles, gives the same tables as
// whole-table walks applied one after another, for tile sizes from one
// entry to the whole table.
func TestSweepMatchesWalks(t *testing.T) {
	cards := map[int]int{0: 3, 1: 2, 2: 4, 3: 5, 4: 2, 5: 3}
	card := func(v int) int { return cards[v] }
	vars := []int{0, 1, 2, 3, 4, 5} // 720 entries
	size := 720
	rng := rand.New(rand.NewPCG(3, 9))
	table := func(n int) []float64 {
		t := make([]float64, n)
		for i := range t {
			t[i] = rng.Float64()
		}
		return t
	}
	// A factor over (5, 2, 0) in its own order, a message over (1, 3), a
	// separator over (0, 2, 4) and a vector over (3).
	f, fv := table(3*4*3), []int{5, 2, 0}
	msg, mv := table(2*5), []int{1, 3}
	ev, evv := table(5), []int{3}
	sv := []int{0, 2, 4}
	want := make([]float64, size)
	wf, wm, we, ws, wx := newWalk(vars, fv, card), newWalk(vars, mv, card), newWalk(vars, evv, card), newWalk(vars, sv, card), newWalk(vars, []int{3}, card)
	wf.copyFrom(want, f, 0)
	wm.mulBy(want, msg, 0)
	we.mulBy(want, ev, 0)
	wantSep := make([]float64, 3*4*2)
	ws.sumInto(want, wantSep, 0)
	wantMax := make([]float64, 5)
	wx.maxInto(want, wantMax, 0)

	for _, minEntries := range []int{1, 2, 5, 24, 100, 720, 5000} {
		for _, procs := range []int{1, 2, 3} {
			for _, scratch := range []bool{false, true} {
				tl := newTiling(vars, card, minEntries)
				tf := newTiledWalkTo(vars, tl, fv, card)
				tm := newTiledWalkTo(vars, tl, mv, card)
				te := newTiledWalkTo(vars, tl, evv, card)
				ts := newTiledWalkTo(vars, tl, sv, card)
				tx := newTiledWalkTo(vars, tl, []int{3}, card)
				got := make([]float64, size)
				for i := range got {
					got[i] = math.NaN() // opCopy must overwrite everything
				}
				gotSep := make([]float64, len(wantSep))
				gotMax := make([]float64, len(wantMax))
				ops := []tileOp{
					{kind: opCopy, tw: &tf, small: f},
					{kind: opMul, tw: &tm, small: msg},
					{kind: opMul, tw: &te, small: ev},
					{kind: opSum, tw: &ts, small: gotSep},
					{kind: opMax, tw: &tx, small: gotMax},
				}
				old := runtime.GOMAXPROCS(procs)
				var s sweeper
				switch {
				case procs > 1:
					// Force the concurrent path on this small table.
					table := got
					if scratch {
						table = nil
					}
					s.concurrently(table, &tl, ops, procs)
				case scratch:
					s.sweepScratch(&tl, ops)
				default:
					s.sweep(got, &tl, ops)
				}
				runtime.GOMAXPROCS(old)
				pairs := map[string][2][]float64{"separator": {gotSep, wantSep}, "max": {gotMax, wantMax}}
				if !scratch {
					pairs["table"] = [2][]float64{got, want}
				} else if !math.IsNaN(got[0]) {
					t.Fatalf("tile ≥ %d, %d workers: a scratch sweep wrote the table", minEntries, procs)
				}
				for name, pair := range pairs {
					for i := range pair[1] {
						if math.Abs(pair[0][i]-pair[1][i]) > 1e-12 {
							t.Fatalf("tile ≥ %d, %d workers, scratch %v: %s[%d] = %v, want %v", minEntries, procs, scratch, name, i, pair[0][i], pair[1][i])
						}
					}
				}
			}
		}
	}
}
