package jtree

import (
	"runtime"
	"slices"
	"sync"
)

// This file runs several table operations over one clique table in a single
// sweep, tile by tile. Propagation used to make one pass over a clique per
// operation: one per assigned factor, one per child message, one for its
// own collect message, and again in the distribute pass. On networks whose
// tables exceed the processor caches (munin: 16M entries, 126 MB) every pass
// streamed the whole table from main memory. Cutting the table into tiles
// of a few thousand consecutive entries and applying every operation to a
// tile before moving on keeps the tile in the level-1/level-2 cache: the
// table crosses the memory bus about once per propagation pass instead of
// once per operation (the loop tiling of dense linear algebra, applied to
// potential tables). Measured by alternating old and new propagation in
// one process: munin 1.21× faster; pigs and pathfinder, whose tables fit
// in the caches, unchanged — the arithmetic, not the memory, is their cost.
//
// A tile is a block of the clique table over its trailing variables
// vars[split:] (the fastest-varying ones), for one configuration of the
// leading variables vars[:split]. Each operation's small table is indexed
// inside a tile by an ordinary walk over the trailing variables, from a
// base offset that depends only on the leading variables' configuration and
// is stepped by an odometer once per tile.

// tileEntries is the smallest tile, in entries: 32 KiB of float64, the size
// of a level-1 data cache, is large enough that the per-tile bookkeeping is
// negligible and small enough that a tile and the small tables it touches
// stay cached while all operations run over it.
const tileEntries = 4096

// tiling cuts a clique table into tiles.
type tiling struct {
	split int   // leading variables vars[:split] select the tile
	inner int   // entries per tile: Π card(vars[split:])
	tiles int   // number of tiles
	card  []int // cardinalities of the leading variables, slowest first
}

// newTiling picks the split for a table over vars: the shortest run of
// trailing variables whose table has at least minEntries entries (the whole
// table when it is smaller).
func newTiling(vars []int, card func(int) int, minEntries int) tiling {
	inner, split := 1, len(vars)
	for split > 0 && inner < minEntries {
		split--
		inner *= card(vars[split])
	}
	tl := tiling{split: split, inner: inner, tiles: 1}
	for _, v := range vars[:split] {
		tl.card = append(tl.card, card(v))
		tl.tiles *= card(v)
	}
	return tl
}

// tiledWalk is a walk from a tiled clique table to a small table: w walks
// one tile, and lead[k] is the small table's stride for leading variable k
// (0 when the small table does not have it).
type tiledWalk struct {
	w    walk
	lead []int
}

// newTiledWalk builds the tiled walk from a table over vars, tiled by tl, to
// a small table over smallVars laid out with strides smallStride.
func newTiledWalk(vars []int, tl tiling, smallVars, smallStride []int, card func(int) int) tiledWalk {
	// One allocation holds the walk's dimensions and the leading strides.
	inner := 2 * max(len(vars)-tl.split, 1)
	buf := make([]int, inner+tl.split)
	tw := tiledWalk{
		w:    walkStridesIn(buf[:inner:inner], vars[tl.split:], smallVars, smallStride, card),
		lead: buf[inner:],
	}
	for k, v := range vars[:tl.split] {
		tw.lead[k] = strideOf(smallVars, smallStride, v)
	}
	return tw
}

// newTiledWalkTo is newTiledWalk to a small table in its own layout (last
// variable fastest).
func newTiledWalkTo(vars []int, tl tiling, smallVars []int, card func(int) int) tiledWalk {
	return newTiledWalk(vars, tl, smallVars, layoutStrides(smallVars, card), card)
}

// opKind is what a tile operation does to the clique tile with its small
// table.
type opKind uint8

const (
	opCopy opKind = iota // tile = small (broadcast)
	opMul                // tile *= small
	opSum                // small += Σ tile
	opMax                // small = max(small, tile)
	opOnes               // tile = 1
)

// tileOp is one operation of a sweep.
type tileOp struct {
	kind  opKind
	tw    *tiledWalk
	small []float64
	base  int // offset into small of the first tile
}

// parallelEntries is the smallest table swept by more than one goroutine
// (half a megabyte): smaller tables would mostly pay for starting and
// joining goroutines and merging their private accumulators (2^14 was no
// better on pathfinder, pigs or munin, alternated in one process).
const parallelEntries = 1 << 16

// sweeper runs sweeps and keeps the private accumulators of concurrent
// ones between calls: allocating (and zeroing) them afresh for every
// clique came to 36 MB per propagation on munin.
type sweeper struct {
	// serial: sweep in this goroutine only (a subtree worker, subtrees.go).
	serial bool
	spare  []float64
	// scratch[k] is worker k's tile for sweeps whose table is not kept
	// (sweepScratch).
	scratch [maxWorkers][]float64
}

// sweep applies ops, in order, to every tile of table tab (tiled by tl).
// Operations accumulating into small tables (opSum, opMax) see each tile
// after the operations listed before them.
//
// A large table is cut into one contiguous run of tiles per processor
// (GOMAXPROCS, at most maxWorkers), swept concurrently: tiles are disjoint,
// so products and copies need no coordination, and each extra worker
// accumulates into private zeroed copies of the opSum/opMax tables, which
// are merged at the end. Sums are then added in a different order than by
// one worker, which changes results only by rounding. On a quiet 2-core
// machine this made pigs and munin about 1.2× faster; when other work holds
// the second core it is slower (GOMAXPROCS=1 turns it off).
//
// A nil tab is a table that is not kept (sweepScratch).
func (s *sweeper) sweep(tab []float64, tl *tiling, ops []tileOp) {
	workers := min(runtime.GOMAXPROCS(0), maxWorkers, tl.tiles)
	if tl.tiles*tl.inner < parallelEntries || workers < 2 || s.serial {
		sweepTiles(tab, tl, ops, 0, tl.tiles, s.scratchTile(tab, 0, tl.inner))
		return
	}
	s.concurrently(tab, tl, ops, workers)
}

// sweepScratch is sweep over a table that is not kept: each tile is
// computed in a reused scratch tile, which must be overwritten by the
// first operation (opCopy or opOnes), and only the small tables that ops
// accumulate into see it. A clique the distribute pass builds only to
// marginalise it then never travels to main memory.
func (s *sweeper) sweepScratch(tl *tiling, ops []tileOp) { s.sweep(nil, tl, ops) }

// scratchTile returns worker k's scratch tile of n entries when the table
// is not kept (tab nil), and nil (sweep the table in place) otherwise.
func (s *sweeper) scratchTile(tab []float64, k, n int) []float64 {
	if tab != nil {
		return nil
	}
	if cap(s.scratch[k]) < n {
		s.scratch[k] = make([]float64, n)
	}
	return s.scratch[k][:n]
}

// concurrently is sweep with the tiles cut into workers runs.
func (s *sweeper) concurrently(tab []float64, tl *tiling, ops []tileOp, workers int) {
	workers = min(workers, tl.tiles)
	need := 0
	for _, op := range ops {
		if op.kind == opSum || op.kind == opMax {
			need += len(op.small)
		}
	}
	need *= workers - 1
	if cap(s.spare) < need {
		s.spare = make([]float64, need)
	}
	spare := s.spare[:need]
	clear(spare)
	private := make([][]tileOp, workers)
	var wg sync.WaitGroup
	for k := 1; k < workers; k++ {
		own := slices.Clone(ops)
		for o := range own {
			if own[o].kind == opSum || own[o].kind == opMax {
				n := len(own[o].small)
				own[o].small, spare = spare[:n:n], spare[n:]
			}
		}
		private[k] = own
		tile := s.scratchTile(tab, k, tl.inner)
		wg.Add(1)
		go func() {
			defer wg.Done()
			sweepTiles(tab, tl, own, k*tl.tiles/workers, (k+1)*tl.tiles/workers, tile)
		}()
	}
	sweepTiles(tab, tl, ops, 0, tl.tiles/workers, s.scratchTile(tab, 0, tl.inner))
	wg.Wait()
	for k := 1; k < workers; k++ {
		for o := range ops {
			dst, src := ops[o].small, private[k][o].small
			switch ops[o].kind {
			case opSum:
				for i, x := range src {
					dst[i] += x
				}
			case opMax:
				for i, x := range src {
					dst[i] = max(dst[i], x)
				}
			}
		}
	}
}

// maxWorkers bounds the goroutines of one sweep.
const maxWorkers = 8

// sweepTiles runs ops over tiles [from, to) of tab, or, when scratch is
// not nil, over scratch standing in for each tile in turn.
func sweepTiles(tab []float64, tl *tiling, ops []tileOp, from, to int, scratch []float64) {
	var baseBuf [16]int
	var bases []int
	if len(ops) <= len(baseBuf) {
		bases = baseBuf[:len(ops)]
	} else {
		bases = make([]int, len(ops))
	}
	var cntBuf [48]int
	cnt := counter(&cntBuf, tl.split)
	// The leading variables' configuration of tile from, and each
	// operation's base there.
	for q, k := from, tl.split-1; k >= 0; k-- {
		cnt[k] = q % tl.card[k]
		q /= tl.card[k]
	}
	for o := range ops {
		bases[o] = ops[o].base
		if ops[o].tw != nil {
			for k, x := range cnt {
				bases[o] += x * ops[o].tw.lead[k]
			}
		}
	}
	for q := from; q < to; q++ {
		tile := scratch
		if scratch == nil {
			tile = tab[q*tl.inner : (q+1)*tl.inner : (q+1)*tl.inner]
		}
		for o := range ops {
			op := &ops[o]
			switch op.kind {
			case opCopy:
				op.tw.w.copyFrom(tile, op.small, bases[o])
			case opMul:
				op.tw.w.mulBy(tile, op.small, bases[o])
			case opSum:
				op.tw.w.sumInto(tile, op.small, bases[o])
			case opMax:
				op.tw.w.maxInto(tile, op.small, bases[o])
			case opOnes:
				for i := range tile {
					tile[i] = 1
				}
			}
		}
		// Next tile: step the leading variables' odometer and every
		// operation's base with it.
		for k := tl.split - 1; k >= 0; k-- {
			cnt[k]++
			if cnt[k] < tl.card[k] {
				for o := range ops {
					if ops[o].tw != nil {
						bases[o] += ops[o].tw.lead[k]
					}
				}
				break
			}
			cnt[k] = 0
			for o := range ops {
				if ops[o].tw != nil {
					bases[o] -= ops[o].tw.lead[k] * (tl.card[k] - 1)
				}
			}
		}
	}
}
