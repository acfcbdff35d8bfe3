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
// entry to the whole table, with the walks' runs or offset lists (gather.go).
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

	const (
		inPlace = iota
		viaScratch
		gathered
	)
	listed := 0
	for _, minEntries := range []int{1, 2, 5, 24, 100, 720, 5000} {
		for _, procs := range []int{1, 2, 3} {
			for _, mode := range []int{inPlace, viaScratch, gathered} {
				scratch := mode == viaScratch
				tl := newTiling(vars, card, minEntries)
				tf := newTiledWalkTo(vars, tl, fv, card)
				tm := newTiledWalkTo(vars, tl, mv, card)
				te := newTiledWalkTo(vars, tl, evv, card)
				ts := newTiledWalkTo(vars, tl, sv, card)
				tx := newTiledWalkTo(vars, tl, []int{3}, card)
				if mode == gathered {
					for _, tw := range []*tiledWalk{&tf, &tm, &te, &ts} {
						if n, dims := tw.w.gatherShape(); n > 0 {
							tw.w.listOffsets(make([]int32, n), dims)
							listed++
						}
					}
				}
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
							t.Fatalf("tile ≥ %d, %d workers, mode %d: %s[%d] = %v, want %v", minEntries, procs, mode, name, i, pair[0][i], pair[1][i])
						}
					}
				}
			}
		}
	}
	if listed == 0 {
		t.Fatal("no walk was given an offset list: the gathered mode tested nothing")
	}
}

// TestListOffsets: each listed offset is the small table's offset of the
// block entry it stands for, decoded digit by digit, for blocks of one,
// two and three merged dimensions (the last one binary, as in munin1).
func TestListOffsets(t *testing.T) {
	for _, w := range []walk{
		{card: []int{7, 3}, stride: []int{1, 0}},
		{card: []int{5, 4, 3}, stride: []int{0, 3, 1}},
		{card: []int{2, 9, 5, 2}, stride: []int{50, 0, 10, 5}},
		{card: []int{3, 3, 3, 3, 3}, stride: []int{81, 1, 27, 3, 9}},
	} {
		n, dims := w.gatherShape()
		if n == 0 {
			t.Fatalf("%v: not gathered", w.card)
		}
		w.listOffsets(make([]int32, n), dims)
		for i, got := range w.off {
			r, want := i, 0
			for j := len(w.card) - 1; j >= len(w.card)-dims; j-- {
				want += r % w.card[j] * w.stride[j]
				r /= w.card[j]
			}
			if int(got) != want {
				t.Fatalf("%v strides %v: offset %d = %d, want %d", w.card, w.stride, i, got, want)
			}
		}
	}
	// A long fastest run is left to the run-by-run loops.
	if n, _ := (&walk{card: []int{4, 16}, stride: []int{16, 1}}).gatherShape(); n != 0 {
		t.Fatalf("a run of 16 was given an offset list of %d", n)
	}
}

// TestCopyFirst: the product read in the longest contiguous runs opens the
// sweep as its copy, an opening opOnes gives way to the best product, and
// operations other than the opening products keep their places.
func TestCopyFirst(t *testing.T) {
	tw := func(card, stride []int) *tiledWalk { return &tiledWalk{w: walk{card: card, stride: stride}} }
	var (
		bcast  = tw([]int{4, 100}, []int{1, 0})   // broadcast along runs of 100
		long   = tw([]int{4, 100}, []int{0, 1})   // contiguous runs of 100
		short  = tw([]int{20, 20}, []int{20, 1})  // contiguous runs of 20
		stride = tw([]int{400}, []int{3})         // strided
		sumTo  = tw([]int{4, 100}, []int{100, 1}) // target of a sum
	)
	name := map[*tiledWalk]string{bcast: "bcast", long: "long", short: "short", stride: "stride", sumTo: "sum"}
	op := func(k opKind, w *tiledWalk) tileOp { return tileOp{kind: k, tw: w} }
	show := func(ops []tileOp) string {
		s := ""
		for _, o := range ops {
			k := map[opKind]string{opCopy: "copy", opMul: "mul", opSum: "sum+", opOnes: "ones"}[o.kind]
			s += " " + k + ":" + name[o.tw]
		}
		return s
	}
	for _, c := range []struct {
		in   []tileOp
		want string
	}{
		{[]tileOp{op(opCopy, bcast), op(opMul, long)}, " copy:long mul:bcast"},
		{[]tileOp{op(opCopy, long), op(opMul, short)}, " copy:long mul:short"},
		{[]tileOp{op(opCopy, stride), op(opMul, short), op(opMul, long), op(opSum, sumTo)}, " copy:long mul:short mul:stride sum+:sum"},
		{[]tileOp{{kind: opOnes}, op(opMul, bcast), op(opMul, long)}, " copy:long mul:bcast"},
		{[]tileOp{{kind: opOnes}, op(opMul, bcast), op(opSum, sumTo)}, " copy:bcast sum+:sum"},
		{[]tileOp{{kind: opOnes}, op(opSum, sumTo)}, " ones: sum+:sum"},
		{[]tileOp{op(opMul, bcast), op(opMul, long)}, " mul:bcast mul:long"}, // a stored table: no copy
		{[]tileOp{op(opCopy, short), op(opSum, sumTo), op(opMul, long)}, " copy:short sum+:sum mul:long"},
	} {
		in := show(c.in)
		if got := show(copyFirst(c.in)); got != c.want {
			t.Errorf("copyFirst(%s) =%s, want%s", in, got, c.want)
		}
	}
}
