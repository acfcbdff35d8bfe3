package jtree

import "entente/bn/jtree/internal/vec"

// This file holds the hot loops of propagation: walking a large table (a
// clique) alongside a smaller one (a separator, a factor, an evidence vector)
// whose index is a linear function of the large table's configuration. The
// index is kept up to date with an odometer over the large table's dimensions
// instead of decoding every entry, and adjacent dimensions whose strides line
// up are merged once at compile time, so the inner loop runs over long
// contiguous runs (for a separator that is a prefix of the clique it is a
// plain sum over blocks).

// vecRun is the shortest run handed to the vector kernels of package vec;
// below it the call costs about what it saves (8 and 32 were no better in
// alternated runs). Using the kernels made propagation 1.2–1.4× faster on
// pathfinder, pigs and munin and 1.1–1.3× on diabetes and andes, since
// with separators laid out last most runs are tens to thousands of
// entries long.
const vecRun = 16

// walk maps each entry of a big table to an entry of a small table:
// small index = base + Σ stride[k]·x[k] over the (merged) dimensions x of the
// big table, the last dimension fastest.
type walk struct {
	card   []int
	stride []int
	// off, when set, lists the small table's offsets (from the walk's
	// current base) for one block of the big table over its last gdims
	// merged dimensions; copyFrom, mulBy and sumInto then go by blocks
	// (gather.go).
	off   []int32
	gdims int
}

// newWalk builds the walk from a big table over bigVars (with cardinalities
// card(v)) to a small table over smallVars, whose own layout has its last
// variable fastest. Variables of bigVars absent from smallVars get stride 0
// (they are summed or maxed out, or broadcast). Every small variable must be
// in bigVars.
func newWalk(bigVars, smallVars []int, card func(int) int) walk {
	return walkStrides(bigVars, smallVars, layoutStrides(smallVars, card), card)
}

// layoutStrides returns the strides of a table over vars laid out with the
// last variable fastest (the layout of factors, cliques and separators).
func layoutStrides(vars []int, card func(int) int) []int {
	stride := make([]int, len(vars))
	s := 1
	for i := len(vars) - 1; i >= 0; i-- {
		stride[i] = s
		s *= card(vars[i])
	}
	return stride
}

// strideOf returns the stride of v in a table over vars with strides
// stride, or 0 when the table does not have v (it is summed out or
// broadcast along v). Scopes are short (a handful of variables): a linear
// search beats a map, which dominated compile time on networks of many
// small cliques.
func strideOf(vars, stride []int, v int) int {
	for i, u := range vars {
		if u == v {
			return stride[i]
		}
	}
	return 0
}

// The sum-propagation loops below (sumInto, mulBy, copyFrom) each write out
// the same dimension split and odometer step. Factoring them into two small
// methods (inlined by the compiler) made propagation 12-15% slower on
// pathfinder, pigs and munin (old and new binaries alternated five times,
// GOMAXPROCS=1), so the repetition stays there; maxInto (max-propagation)
// and argmaxWhere (MPE decoding) step with nextBlock.

// nextBlock advances cnt, the odometer over w's len(cnt) slowest
// dimensions, by one step and returns the small table's base idx moved
// with it. The block loops of gather.go step once per listed block, maxInto
// and argmaxWhere once per run of the fastest dimension.
func (w *walk) nextBlock(cnt []int, idx int) int {
	for k := len(cnt) - 1; k >= 0; k-- {
		cnt[k]++
		idx += w.stride[k]
		if cnt[k] < w.card[k] {
			break
		}
		cnt[k] = 0
		idx -= w.stride[k] * w.card[k]
	}
	return idx
}

// counter returns a zeroed odometer of d digits, on the stack when small.
func counter(buf *[48]int, d int) []int {
	if d <= len(buf) {
		return buf[:d]
	}
	return make([]int, d)
}

// sumInto adds big's entries into small (small is not cleared). The two
// fastest dimensions are walked by plain nested loops and only the slower
// ones by the odometer, which matters when the fastest dimension is short
// (binary variables): on munin1 it cut propagation time by a third.
func (w *walk) sumInto(big, small []float64, base int) {
	if w.off != nil {
		w.sumGather(big, small, base)
		return
	}
	d := len(w.card) - 1
	ic, is := w.card[d], w.stride[d]
	oc, os := 1, 0 // second-fastest dimension, if any
	if d >= 1 {
		d--
		oc, os = w.card[d], w.stride[d]
	}
	block := ic * oc
	var buf [48]int
	cnt := counter(&buf, d)
	idx := base
	for j := 0; j < len(big); j += block {
		for o := 0; o < oc; o++ {
			run := big[j+o*ic : j+(o+1)*ic]
			k0 := idx + o*os
			switch is {
			case 0:
				small[k0] += sum(run)
			case 1:
				dst := small[k0 : k0+ic]
				if ic >= vecRun {
					vec.Add(dst, run)
					continue
				}
				for i, x := range run {
					dst[i] += x
				}
			default:
				k := k0
				for _, x := range run {
					small[k] += x
					k += is
				}
			}
		}
		for k := d - 1; k >= 0; k-- {
			cnt[k]++
			idx += w.stride[k]
			if cnt[k] < w.card[k] {
				break
			}
			cnt[k] = 0
			idx -= w.stride[k] * w.card[k]
		}
	}
}

// maxInto sets small[i] to the maximum of itself and the big entries mapping
// to i (small should start at 0 for non-negative tables).
func (w *walk) maxInto(big, small []float64, base int) {
	d := len(w.card) - 1
	ic, is := w.card[d], w.stride[d]
	var buf [48]int
	cnt := counter(&buf, d)
	idx := base
	for j := 0; j < len(big); j += ic {
		run := big[j : j+ic]
		k := idx
		for _, x := range run {
			if x > small[k] {
				small[k] = x
			}
			k += is
		}
		idx = w.nextBlock(cnt, idx)
	}
}

// mulBy multiplies each big entry by the small entry it maps to, walking
// the two fastest dimensions by nested loops as sumInto does.
func (w *walk) mulBy(big, small []float64, base int) {
	if w.off != nil {
		w.mulGather(big, small, base)
		return
	}
	d := len(w.card) - 1
	ic, is := w.card[d], w.stride[d]
	oc, os := 1, 0
	if d >= 1 {
		d--
		oc, os = w.card[d], w.stride[d]
	}
	block := ic * oc
	var buf [48]int
	cnt := counter(&buf, d)
	idx := base
	for j := 0; j < len(big); j += block {
		for o := 0; o < oc; o++ {
			run := big[j+o*ic : j+(o+1)*ic]
			k0 := idx + o*os
			switch is {
			case 0:
				f := small[k0]
				switch {
				case f == 0:
					clear(run)
				case f == 1:
				case ic >= vecRun:
					vec.Scale(f, run)
				default:
					for i := range run {
						run[i] *= f
					}
				}
			case 1:
				src := small[k0 : k0+ic]
				if ic >= vecRun {
					vec.Mul(run, src)
					continue
				}
				for i := range run {
					run[i] *= src[i]
				}
			default:
				k := k0
				for i := range run {
					run[i] *= small[k]
					k += is
				}
			}
		}
		for k := d - 1; k >= 0; k-- {
			cnt[k]++
			idx += w.stride[k]
			if cnt[k] < w.card[k] {
				break
			}
			cnt[k] = 0
			idx -= w.stride[k] * w.card[k]
		}
	}
}

// copyFrom sets each big entry to the small entry it maps to. It starts
// most clique builds, so it walks the two fastest dimensions by nested
// loops as mulBy does, and copies short contiguous runs by a plain loop
// rather than calling memmove for a handful of entries (both measured on
// pathfinder, pigs and munin by alternating the variants in one process).
func (w *walk) copyFrom(big, small []float64, base int) {
	if w.off != nil {
		w.copyGather(big, small, base)
		return
	}
	d := len(w.card) - 1
	ic, is := w.card[d], w.stride[d]
	oc, os := 1, 0
	if d >= 1 {
		d--
		oc, os = w.card[d], w.stride[d]
	}
	block := ic * oc
	var buf [48]int
	cnt := counter(&buf, d)
	idx := base
	for j := 0; j < len(big); j += block {
		for o := 0; o < oc; o++ {
			run := big[j+o*ic : j+(o+1)*ic]
			k0 := idx + o*os
			switch is {
			case 0:
				f := small[k0]
				if ic >= vecRun {
					vec.Fill(run, f)
					continue
				}
				for i := range run {
					run[i] = f
				}
			case 1:
				if ic >= vecRun {
					copy(run, small[k0:k0+ic])
					continue
				}
				src := small[k0 : k0+ic]
				src = src[:len(run)]
				for i := range run {
					run[i] = src[i]
				}
			default:
				k := k0
				for i := range run {
					run[i] = small[k]
					k += is
				}
			}
		}
		for k := d - 1; k >= 0; k-- {
			cnt[k]++
			idx += w.stride[k]
			if cnt[k] < w.card[k] {
				break
			}
			cnt[k] = 0
			idx -= w.stride[k] * w.card[k]
		}
	}
}

// argmaxWhere returns the index of the largest big entry among those that
// map to small index target (first one on ties), or -1 when none does.
func (w *walk) argmaxWhere(big []float64, target int) int {
	d := len(w.card) - 1
	ic, is := w.card[d], w.stride[d]
	var buf [48]int
	cnt := counter(&buf, d)
	idx, best, bestJ := 0, -1.0, -1
	for j := 0; j < len(big); j += ic {
		k := idx
		for i := 0; i < ic; i++ {
			if k == target && big[j+i] > best {
				best, bestJ = big[j+i], j+i
			}
			k += is
		}
		idx = w.nextBlock(cnt, idx)
	}
	return bestJ
}

// sum returns the sum of t's entries. Four running sums break the chain of
// dependent additions (each waits for the previous one's latency), which
// makes long runs about three times faster; short runs take the plain loop.
func sum(t []float64) float64 {
	if len(t) >= vecRun {
		return vec.Sum(t)
	}
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(t); i += 4 {
		s0 += t[i]
		s1 += t[i+1]
		s2 += t[i+2]
		s3 += t[i+3]
	}
	for ; i < len(t); i++ {
		s0 += t[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// maxOf returns the largest entry of t.
func maxOf(t []float64) float64 {
	m := 0.0
	for _, x := range t {
		if x > m {
			m = x
		}
	}
	return m
}

// scale multiplies t by f.
func scale(t []float64, f float64) {
	if len(t) >= vecRun {
		vec.Scale(f, t)
		return
	}
	for i := range t {
		t[i] *= f
	}
}
