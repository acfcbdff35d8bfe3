package jtree

import "encoding/binary"

// This file walks tiles whose fastest dimension is short. The walk loops of
// project.go handle a run of the fastest (merged) dimension at a time, and
// when that run is three or nine entries long (pigs' ternary variables,
// munin's four- and five-state ones) the slicing, the switch on the stride
// and the odometer step cost more than the arithmetic: pigs spent 4–5 ns per
// entry in them, against about 1 ns on long runs. For such a walk, compile
// lists the small table's offset for every entry of a block over the
// fastest few dimensions, and each block is then one indexed loop with no
// per-run bookkeeping (a gather, in vector-processing terms). Measured by
// alternating both in one process (GOMAXPROCS=1, best of 8×5): propagation
// 1.3× faster on pigs and andes, 1.2× on diabetes, 1.1× on munin; unrolling
// the indexed loops by four added 1.05–1.15× on pigs, diabetes and andes.

// gatherBlock is the smallest block whose offsets are listed: the odometer
// then steps once per 64 entries or more, where its cost vanishes (32 and
// 128 were no better).
const gatherBlock = 64

// gatherMax bounds a listed block: a short fastest dimension followed by a
// long one can make the smallest block of whole dimensions large, and
// listing it costs compile time (unbounded, diabetes listed 2.2M offsets).
// Blocks up to a tile's size still ran faster than the run-by-run loops.
const gatherMax = tileEntries

// gatherShape returns the entries of w's listed block and the number of
// fastest merged dimensions it spans, or 0, 0 when w's runs are long enough
// for the run-by-run loops (and the vector kernels) or the block would be
// too large.
func (w *walk) gatherShape() (n, dims int) {
	d := len(w.card) - 1
	if w.card[d] >= vecRun {
		return 0, 0
	}
	n, k := 1, d+1
	for k > 0 && n < gatherBlock {
		k--
		n *= w.card[k]
	}
	if n > gatherMax {
		return 0, 0
	}
	return n, d + 1 - k
}

// listOffsets fills off (gatherShape's n entries) with the small table's
// offset, relative to the block's base, of each entry of a block over w's
// last dims dimensions, and keeps it as w's list.
func (w *walk) listOffsets(off []int32, dims int) {
	w.off, w.gdims = off, dims
	// Fastest dimension first: each slower one repeats the block so far
	// once per further value, shifted by its stride.
	off[0] = 0
	m := 1
	for j := len(w.card) - 1; j >= len(w.card)-dims; j-- {
		c, sd := w.card[j], int32(w.stride[j])
		for x := 1; x < c; x++ {
			dst, sh := off[x*m:(x+1)*m], int32(x)*sd
			for i, o := range off[:m] {
				dst[i] = o + sh
			}
		}
		m *= c
	}
}

// listOffsets gives every tiled walk of t whose runs are short, and which
// every propagation sweeps, its offset list (gather). Walks of the same
// shape over their listed dimensions (the same cardinalities and strides)
// share one list: on pigs 70,497 offsets come down to 9,126, on munin
// 331,264 to 90,962. Compile then allocates 1.5 MB instead of 1.7 MB on
// pigs and 4.6 MB instead of 5.4 MB on munin (the garbage collections that
// allocation brings were most of what the lists cost compile), and
// propagation was unchanged to 1.05× faster (alternated in one process).
func (t *Tree) listOffsets() {
	lists := make(map[string][]int32)
	var key []byte
	var slab []int32
	t.sweptWalks(func(tw *tiledWalk) {
		n, dims := tw.w.gatherShape()
		if n == 0 {
			return
		}
		key = tw.w.shapeKey(key[:0], dims)
		if off, ok := lists[string(key)]; ok {
			tw.w.off, tw.w.gdims = off, dims
			return
		}
		if len(slab) < n {
			slab = make([]int32, max(n, 1<<12))
		}
		off := slab[:n:n]
		slab = slab[n:]
		tw.w.listOffsets(off, dims)
		lists[string(key)] = off
	})
}

// shapeKey appends to key the cardinalities and strides of w's last dims
// dimensions, which determine its offset list.
func (w *walk) shapeKey(key []byte, dims int) []byte {
	for j := len(w.card) - dims; j < len(w.card); j++ {
		key = binary.AppendUvarint(key, uint64(w.card[j]))
		key = binary.AppendUvarint(key, uint64(w.stride[j]))
	}
	return key
}

// sweptWalks calls f on every tiled walk of t that propagation sweeps
// with on every pass. It leaves out the walk to a variable's own marginal
// when its home clique's marginals come from a plan (margplan.go): that
// walk then only multiplies in the variable's evidence, one pass per
// observed variable, and listing offsets for them all was a quarter of the
// lists on munin.
func (t *Tree) sweptWalks(f func(*tiledWalk)) {
	for i := range t.cliques {
		c := &t.cliques[i]
		f(&c.toSepT)
		if c.parent >= 0 {
			f(&c.upSepT)
		}
		for j := range c.facs {
			f(&c.facs[j].tw)
		}
		for h := range c.hosts {
			f(&c.hosts[h].tw)
		}
		if c.dplan != nil {
			for _, st := range c.dplan.steps {
				if st.tw != nil {
					f(st.tw)
				}
			}
		}
	}
	if len(t.order) > 0 {
		f(&t.rootT)
	}
	for v, h := range t.home {
		if h >= 0 && t.cliques[h].dplan == nil {
			f(&t.homeT[v])
		}
	}
}

// The block loops below step the walk's base once per block of 64 entries
// or more, where a call costs nothing measurable, with nextBlock
// (project.go; the sum-propagation run-by-run loops there keep their
// odometers inline, for the reason given there).

// mulGather is mulBy for a walk with an offset list.
func (w *walk) mulGather(big, small []float64, base int) {
	var buf [48]int
	cnt := counter(&buf, len(w.card)-w.gdims)
	for j, idx := 0, base; j < len(big); j, idx = j+len(w.off), w.nextBlock(cnt, idx) {
		mulAt(big[j:j+len(w.off)], small[idx:], w.off)
	}
}

// sumGather is sumInto for a walk with an offset list.
func (w *walk) sumGather(big, small []float64, base int) {
	var buf [48]int
	cnt := counter(&buf, len(w.card)-w.gdims)
	for j, idx := 0, base; j < len(big); j, idx = j+len(w.off), w.nextBlock(cnt, idx) {
		addAt(small[idx:], big[j:j+len(w.off)], w.off)
	}
}

// copyGather is copyFrom for a walk with an offset list.
func (w *walk) copyGather(big, small []float64, base int) {
	var buf [48]int
	cnt := counter(&buf, len(w.card)-w.gdims)
	for j, idx := 0, base; j < len(big); j, idx = j+len(w.off), w.nextBlock(cnt, idx) {
		blk, src := big[j:j+len(w.off)], small[idx:]
		for i, o := range w.off {
			blk[i] = src[o]
		}
	}
}

// mulAt sets dst[i] *= src[off[i]], four entries per step: the
// independent loads overlap instead of each waiting for the loop's
// bookkeeping.
func mulAt(dst, src []float64, off []int32) {
	dst = dst[:len(off)]
	i := 0
	for ; i+4 <= len(off); i += 4 {
		o := off[i : i+4 : i+4]
		d := dst[i : i+4 : i+4]
		d[0] *= src[o[0]]
		d[1] *= src[o[1]]
		d[2] *= src[o[2]]
		d[3] *= src[o[3]]
	}
	for ; i < len(off); i++ {
		dst[i] *= src[off[i]]
	}
}

// addAt sets dst[off[i]] += src[i], four entries per step as mulAt.
func addAt(dst, src []float64, off []int32) {
	src = src[:len(off)]
	i := 0
	for ; i+4 <= len(off); i += 4 {
		o := off[i : i+4 : i+4]
		s := src[i : i+4 : i+4]
		dst[o[0]] += s[0]
		dst[o[1]] += s[1]
		dst[o[2]] += s[2]
		dst[o[3]] += s[3]
	}
	for ; i < len(off); i++ {
		dst[off[i]] += src[i]
	}
}
