package jtree

import (
	"fmt"
	"testing"
)

// BenchmarkBnlearn measures, for each of the 24 bnlearn networks
// (shared/data/bn/bif) and each evidence case of
// bn-reference/computed/<net>.json (case 0: no evidence; cases 1–3: 1, 3
// and up to 10 observed variables), the compile time (triangulation, tree,
// index maps) and the time to propagate and read every marginal on the
// compiled tree. bench/bn/table.sh turns the output into the README table.
func BenchmarkBnlearn(b *testing.B) {
	for _, name := range bnlearnNets {
		net := readBIF(b, name)
		cases := readRef(b, name)
		m := mustModel(b, net)
		for ci, c := range cases {
			ev := hardEvidence(b, m, c.Evidence)
			observed := observedOf(ev)
			spec := Spec{Observed: observed}
			b.Run(fmt.Sprintf("%s/case%d/compile", name, ci), func(b *testing.B) {
				for b.Loop() {
					if _, err := Compile(m, spec, DefaultOptions()); err != nil {
						b.Fatal(err)
					}
				}
			})
			t, err := Compile(m, spec, DefaultOptions())
			if err != nil {
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("%s/case%d/marginals", name, ci), func(b *testing.B) {
				for b.Loop() {
					r, err := t.Propagate(ev, nil)
					if err != nil {
						b.Fatal(err)
					}
					for v := 0; v < m.NumVars(); v++ {
						if _, err := r.Marginal(v); err != nil {
							b.Fatal(err)
						}
					}
					r.Release()
				}
				b.ReportMetric(float64(t.Stats().TotalEntries), "entries")
			})
		}
	}
}
