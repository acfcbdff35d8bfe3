package jtree

import (
	"math/rand/v2"
	"testing"
)

// cornerQuery builds a query on one corner of m: the target is the
// variable halfway down a topological order (the first such with parents
// and children), with its children as further targets; the evidence
// observes the target's parents and nobs variables drawn at random (seeded)
// among the target's non-descendants, at states of one forward sample so
// that P(evidence) > 0. By the local Markov property (a variable is
// independent of its non-descendants given its parents; Pearl 1988, §3.3)
// most of that evidence is d-separated from the target, which is the case
// Bayes-ball pruning is for: a scenario whose direct causes are known,
// queried while indicators elsewhere in the model carry evidence.
func cornerQuery(t testing.TB, m *Model, nobs int) (Evidence, []int) {
	t.Helper()
	pa := m.parents()
	ch := children(pa)
	order, err := m.topoOrder()
	if err != nil {
		t.Fatal(err)
	}
	target := -1
	for _, v := range order[len(order)/2:] {
		if len(pa[v]) > 0 && len(ch[v]) > 0 {
			target = v
			break
		}
	}
	if target < 0 {
		t.Fatal("corner query: no variable with parents and children in the second half of the order")
	}
	desc := make([]bool, m.NumVars())
	for stack := []int{target}; len(stack) > 0; {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !desc[v] {
			desc[v] = true
			stack = append(stack, ch[v]...)
		}
	}
	r := rand.New(rand.NewPCG(7, 8))
	x := forwardSample(t, r, m)
	ev := Evidence{Hard: map[int]int{}}
	for _, p := range pa[target] {
		ev.Hard[p] = x[p]
	}
	for _, v := range r.Perm(m.NumVars()) {
		if len(ev.Hard) >= len(pa[target])+nobs {
			break
		}
		if !desc[v] {
			ev.Hard[v] = x[v]
		}
	}
	return ev, append([]int{target}, ch[target]...)
}

// BenchmarkCorner answers a corner query (cornerQuery, 40 observations
// elsewhere) on munin and pigs with the Engine's tree cache emptied before
// each iteration, so each iteration compiles and propagates once, as the
// first query of a new evidence pattern does: "ancestral" is Marginals (the ancestral set of
// targets and evidence, which P(evidence) needs), "requisite" is
// Conditional (Bayes-ball). The entries metric is the tree's total table
// size.
func BenchmarkCorner(b *testing.B) {
	for _, name := range []string{"munin", "pigs"} {
		m := mustModel(b, readBIF(b, name))
		ev, targets := cornerQuery(b, m, 40)
		for _, k := range []struct {
			kind  string
			query func(*Engine) (*Posterior, error)
		}{
			{"ancestral", func(e *Engine) (*Posterior, error) { return e.Marginals(ev, targets) }},
			{"requisite", func(e *Engine) (*Posterior, error) { return e.Conditional(ev, targets) }},
		} {
			b.Run(name+"/"+k.kind, func(b *testing.B) {
				e, err := NewEngine(m, DefaultOptions())
				if err != nil {
					b.Fatal(err)
				}
				var p *Posterior
				for b.Loop() {
					clear(e.cache)
					if p, err = k.query(e); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(p.Stats.TotalEntries), "entries")
				b.ReportMetric(float64(p.Stats.Variables), "vars")
			})
		}
	}
}
