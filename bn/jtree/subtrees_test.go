package jtree

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"
)

// TestSubtreesSameResults: a bushy tree propagated by several goroutines
// gives bit for bit the marginals and P(evidence) of one goroutine, with
// and without evidence (munin and diabetes, whose trees are bushy).
func TestSubtreesSameResults(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: propagates munin and diabetes several times")
	}
	for _, name := range []string{"munin", "diabetes"} {
		m := mustModel(t, readBIF(t, name))
		for ci, c := range readRef(t, name) {
			ev := hardEvidence(t, m, c.Evidence)
			observed := observedOf(ev)
			tr, err := Compile(m, Spec{Observed: observed}, DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			if !tr.bushy {
				t.Fatalf("%s: tree not bushy", name)
			}
			run := func(procs int) ([][]float64, float64) {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
				r, err := tr.Propagate(ev, nil)
				if err != nil {
					t.Fatal(err)
				}
				defer r.Release()
				out := make([][]float64, m.NumVars())
				for v := range out {
					if out[v], err = r.Marginal(v); err != nil {
						t.Fatal(err)
					}
				}
				return out, r.LogZ
			}
			one, z1 := run(1)
			for _, procs := range []int{1, 2, 4} {
				got, z := run(procs)
				if z != z1 {
					t.Errorf("%s case %d, %d procs: log P(e) %v, one goroutine %v", name, ci, procs, z, z1)
				}
				for v := range got {
					if !slices.Equal(got[v], one[v]) {
						t.Fatalf("%s case %d, %d procs: marginal of %s %v, one goroutine %v", name, ci, procs, m.Names[v], got[v], one[v])
					}
				}
			}
		}
	}
}

// TestRunTasks: tasks run after the tasks they wait on, each once, on
// every worker count; the first error stops the run without leaving a
// worker waiting.
func TestRunTasks(t *testing.T) {
	// A binary tree of 63 tasks: task i waits on 2i+1 and 2i+2 (a collect).
	const n = 63
	for _, workers := range []int{1, 2, 3, 8} {
		ws := make([]*propWorker, workers)
		for k := range ws {
			ws[k] = &propWorker{}
		}
		for _, fail := range []int{-1, 40, 0} {
			t.Run(fmt.Sprintf("%d workers, fail %d", workers, fail), func(t *testing.T) {
				var mu sync.Mutex
				done := make([]bool, n)
				waiting := make([]int, n)
				var ready []int
				for i := range n {
					if 2*i+1 < n {
						waiting[i] = 2
					} else {
						ready = append(ready, i)
					}
				}
				errFail := errors.New("task failed")
				do := func(i int, w *propWorker) error {
					mu.Lock()
					defer mu.Unlock()
					if done[i] {
						t.Errorf("task %d ran twice", i)
					}
					for _, k := range []int{2*i + 1, 2*i + 2} {
						if k < n && !done[k] {
							t.Errorf("task %d ran before task %d", i, k)
						}
					}
					done[i] = true
					if i == fail {
						return errFail
					}
					return nil
				}
				next := func(i int, push func(int)) {
					if i > 0 {
						p := (i - 1) / 2
						if waiting[p]--; waiting[p] == 0 {
							push(p)
						}
					}
				}
				err := runTasks(ws, ready, n, do, next)
				switch {
				case fail < 0 && err != nil:
					t.Fatal(err)
				case fail < 0 && !done[0]:
					t.Fatal("the root task did not run")
				case fail >= 0 && !errors.Is(err, errFail):
					t.Fatalf("error %v, want %v", err, errFail)
				}
				// No task waiting on the failed one may have run.
				for i := fail; i > 0; {
					i = (i - 1) / 2
					if done[i] {
						t.Fatalf("task %d ran although task %d below it failed", i, fail)
					}
				}
			})
		}
	}
}
