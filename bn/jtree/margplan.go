package jtree

import (
	"math/bits"
	"slices"
)

// This file plans how one clique table is marginalised onto several
// sub-tables at once: the separators to its children in the distribute pass.
// Done one by one, each separator costs a full pass over the clique; a clique
// with k children is read k times, which on munin1 (a 78M-entry clique with
// many children) was 60% of propagation time. Summing out first the
// variables that no target needs, and then splitting the targets on a
// variable that most of them lack (the targets without it are served from
// the smaller table that sums it out), shares passes between targets: the
// clique is read once or a few times and the rest of the work happens on
// tables a fraction of its size. It is variable elimination applied to one
// table with several queries, sharing the intermediate marginals between
// queries. The plan is used only when its cost
// (entries read) is below that of the direct passes.

// margStep sums table src into table dst (dst zeroed first). Buffer -1 is
// the clique table itself; others index margPlan.sizes.
type margStep struct {
	src, dst int
	w        walk
	dstVars  []int      // the destination table's variables
	tw       *tiledWalk // for src -1: w by tiles of the clique (see tile)
}

// margPlan computes every target marginal of one clique: after running the
// steps, target k's table is buffer out[k] (never -1).
type margPlan struct {
	steps []margStep
	sizes []int // entries of each intermediate buffer
	out   []int
	total int // Σ sizes
	cost  int // entries read by the steps
}

// planMarginals plans the marginals of a table over vars onto each of
// targets (each a subsequence of vars in vars' order, as separators are laid
// out). It returns nil when the direct passes are at least as cheap.
func planMarginals(vars []int, targets [][]int, card func(int) int) *margPlan {
	if len(targets) < 2 || len(vars) > 64 {
		return nil // (a table of more than 64 variables has no second pass to save)
	}
	// Scopes are sets of positions in vars, as bit masks: planning runs for
	// every clique at every compile, and maps made it a third of compile
	// time on pathfinder.
	pos := func(v int) int { return slices.Index(vars, v) }
	masks := make([]uint64, len(targets))
	for i, tg := range targets {
		for _, v := range tg {
			k := pos(v)
			if k < 0 {
				return nil
			}
			masks[i] |= 1 << k
		}
	}
	pl := planner{vars: vars, card: card, targets: masks}
	all := uint64(1)<<len(vars) - 1
	if len(vars) == 64 {
		all = ^uint64(0)
	}
	direct := len(targets) * pl.size(all)
	pl.p = &margPlan{out: make([]int, len(targets))}
	idx := make([]int, len(targets))
	for i := range idx {
		idx[i] = i
	}
	cost := pl.plan(all, -1, idx)
	if cost >= direct {
		return nil
	}
	p := pl.p
	p.cost = cost
	for _, s := range p.sizes {
		p.total += s
	}
	return p
}

// planner holds what the recursive planning shares.
type planner struct {
	vars    []int
	card    func(int) int
	targets []uint64 // positions in vars
	p       *margPlan
}

// size is the entries of a table over the positions in mask.
func (pl *planner) size(mask uint64) int {
	n := 1
	for m := mask; m != 0; m &= m - 1 {
		n *= pl.card(pl.vars[bits.TrailingZeros64(m)])
	}
	return n
}

// list is the variables at the positions in mask, in vars' order.
func (pl *planner) list(mask uint64) []int {
	out := make([]int, 0, bits.OnesCount64(mask))
	for m := mask; m != 0; m &= m - 1 {
		out = append(out, pl.vars[bits.TrailingZeros64(m)])
	}
	return out
}

// plan serves targets ids from the table over the positions in have, held
// in buffer src, and returns the entries read.
func (pl *planner) plan(have uint64, src int, ids []int) int {
	p := pl.p
	cost := 0
	// Sum out what no target needs.
	var need uint64
	full := false // a target is the whole table: copy it out of the clique
	for _, id := range ids {
		need |= pl.targets[id]
		full = full || pl.targets[id] == have
	}
	if need != have || src < 0 && full {
		dst := len(p.sizes)
		u := pl.list(need)
		p.sizes = append(p.sizes, pl.size(need))
		p.steps = append(p.steps, margStep{src: src, dst: dst, w: newWalk(pl.list(have), u, pl.card), dstVars: u})
		cost += pl.size(have)
		have, src = need, dst
	}
	// Targets equal to the table are done.
	var rest []int
	for _, id := range ids {
		if pl.targets[id] == have {
			p.out[id] = src
		} else {
			rest = append(rest, id)
		}
	}
	switch len(rest) {
	case 0:
		return cost
	case 1:
		return cost + pl.plan(have, src, rest)
	}
	// Split on the variable the most remaining targets lack (ties: the
	// largest, which shrinks their table most).
	best, bestN := -1, -1
	for m := have; m != 0; m &= m - 1 {
		k := bits.TrailingZeros64(m)
		n := 0
		for _, id := range rest {
			if pl.targets[id]&(1<<k) == 0 {
				n++
			}
		}
		if n > bestN || n == bestN && pl.card(pl.vars[k]) > pl.card(pl.vars[best]) {
			best, bestN = k, n
		}
	}
	var without, with []int
	for _, id := range rest {
		if pl.targets[id]&(1<<best) != 0 {
			with = append(with, id)
		} else {
			without = append(without, id)
		}
	}
	cost += pl.plan(have, src, without)
	if len(with) > 0 {
		cost += pl.plan(have, src, with)
	}
	return cost
}

// tile prepares the steps that read the clique itself (src -1) to run by
// tiles of the clique table (tile.go), fused with the other operations of
// the distribute sweep.
func (p *margPlan) tile(vars []int, tl tiling, card func(int) int) {
	for i := range p.steps {
		st := &p.steps[i]
		if st.src >= 0 {
			continue
		}
		tw := newTiledWalkTo(vars, tl, st.dstVars, card)
		st.tw = &tw
	}
}

// run executes the plan on table big, using scratch (at least p.total
// entries) for the intermediate tables, and returns each target's table.
// Propagation runs the same steps, with those reading big fused into its
// distribute sweep (see Tree.propagate); run is the plain reference.
func (p *margPlan) run(big, scratch []float64) [][]float64 {
	bufs := p.buffers(scratch)
	for _, st := range p.steps {
		if st.src < 0 {
			clear(bufs[st.dst])
			st.w.sumInto(big, bufs[st.dst], 0)
		}
	}
	return p.finish(bufs)
}

// buffers cuts scratch (at least p.total entries) into the plan's
// intermediate tables.
func (p *margPlan) buffers(scratch []float64) [][]float64 {
	bufs := make([][]float64, len(p.sizes))
	off := 0
	for i, s := range p.sizes {
		bufs[i] = scratch[off : off+s : off+s]
		off += s
	}
	return bufs
}

// sole reports whether target k's table is its own buffer, shared with no
// other target (targets with the same scope share one).
func (p *margPlan) sole(k int) bool {
	for j, b := range p.out {
		if j != k && b == p.out[k] {
			return false
		}
	}
	return true
}

// finish runs the steps that read intermediate tables (those reading the
// clique must have filled their buffers already) and returns each target's
// table.
func (p *margPlan) finish(bufs [][]float64) [][]float64 {
	for _, st := range p.steps {
		if st.src >= 0 {
			clear(bufs[st.dst])
			st.w.sumInto(bufs[st.src], bufs[st.dst], 0)
		}
	}
	out := make([][]float64, len(p.out))
	for k, b := range p.out {
		out[k] = bufs[b]
	}
	return out
}
