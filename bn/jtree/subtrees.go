package jtree

import "sync"

// This file propagates independent subtrees of a junction tree at once. In
// the collect pass a clique can run as soon as its children have sent their
// messages, and in the distribute pass as soon as its parent has sent its
// update; cliques in different branches never touch each other's tables.
// On a bushy tree (munin: no root-to-leaf path carries more than a fifth of
// the work) that keeps several processors busy without splitting any one
// sweep, so a processor slowed by other jobs holds up only its own
// branches, not every large clique (as splitting each sweep between
// goroutines does, tile.go). Each clique is computed by one goroutine in
// the same way whichever it is, so results do not depend on the number of
// processors. Chain-like trees (pigs, munin1, link: one path carries most
// of the work) keep the split sweeps instead (Tree.bushy). With two
// processors, all marginals took 1.6–1.9× less time than with split
// sweeps on munin (46–50 ms against 77–92 ms) and 1.9–2.2× less on diabetes
// (old and new test binaries alternated six times, GOMAXPROCS=2); with one
// processor the code path is the same loop as before.

// propWorker is one goroutine's scratch space during a propagation.
type propWorker struct {
	ops     []tileOp
	sw      sweeper
	hostBuf []float64 // the hosts' temporary tables (Tree.hostMax)
	scratch []float64 // the distribute pass's marginals (Tree.scratchMax)
	margs   [][]float64
}

// runTasks runs do on tasks, one goroutine per worker, starting from
// ready; after a task finishes, next names the tasks it makes ready (it is
// called under a lock, so it may keep counts). It returns the first error;
// the other workers then stop taking tasks. total is the number of tasks
// that will run.
func runTasks(ws []*propWorker, ready []int, total int, do func(int, *propWorker) error, next func(int, func(int))) error {
	var (
		mu    sync.Mutex
		cond  = sync.NewCond(&mu)
		queue = append([]int(nil), ready...)
		left  = total
		first error
	)
	push := func(i int) { queue = append(queue, i) }
	work := func(w *propWorker) {
		mu.Lock()
		defer mu.Unlock()
		for {
			for len(queue) == 0 && left > 0 && first == nil {
				cond.Wait()
			}
			if left == 0 || first != nil {
				return
			}
			// Last in, first out: a clique's parent (or child) tends to
			// follow it on the same worker while its tables are cached.
			i := queue[len(queue)-1]
			queue = queue[:len(queue)-1]
			mu.Unlock()
			err := do(i, w)
			mu.Lock()
			left--
			if err != nil && first == nil {
				first = err
			}
			if err == nil {
				next(i, push)
			}
			cond.Broadcast()
		}
	}
	var wg sync.WaitGroup
	for _, w := range ws[1:] {
		wg.Go(func() { work(w) })
	}
	work(ws[0])
	wg.Wait()
	return first
}

// bushyShare is the largest share of a tree's estimated propagation work
// that one root-to-leaf path may carry for the tree to be propagated by
// subtrees; bushyWork is the least total work (entries swept) worth
// spreading over goroutines.
const (
	bushyShare = 0.5
	bushyWork  = 1 << 21
)

// markBushy decides whether t propagates by subtrees (t.bushy). A clique's
// work is estimated as its size times the operations on it (its factors and
// children's messages multiplied in, the sums in and out).
func (t *Tree) markBushy() {
	total, heaviest := 0.0, 0.0
	path := make([]float64, len(t.cliques))
	for _, i := range t.order { // parents first
		c := &t.cliques[i]
		w := float64(c.size) * float64(2+len(c.facs)+len(c.kids))
		total += w
		path[i] = w
		if c.parent >= 0 {
			path[i] += path[c.parent]
		}
		heaviest = max(heaviest, path[i])
	}
	t.bushy = total >= bushyWork && heaviest <= bushyShare*total
}
