package jtree

import (
	"math"
	"testing"
)

// TestHostsSameAnswer: on andes and pigs (shared/data/bn/bif), whose trees
// pre-multiply pieces into hosts, propagating with the hosts gives the same
// marginals and P(evidence) as the same tree with every piece multiplied
// into its clique directly, with and without evidence.
func TestHostsSameAnswer(t *testing.T) {
	for _, name := range []string{"andes", "pigs"} {
		m := mustModel(t, readBIF(t, name))
		for ci, c := range readRef(t, name) {
			ev := hardEvidence(t, m, c.Evidence)
			observed := observedOf(ev)
			hosted, err := Compile(m, Spec{Observed: observed}, DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			guests := 0
			for _, cl := range hosted.cliques {
				for _, h := range cl.hosts {
					guests += len(h.guests)
				}
			}
			if ci == 0 && guests == 0 {
				t.Fatalf("%s: no hosts planned; the test checks nothing", name)
			}
			direct, err := Compile(m, Spec{Observed: observed}, DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			for i := range direct.cliques {
				direct.cliques[i].hosts = nil
			}
			a, err := hosted.Propagate(ev, nil)
			if err != nil {
				t.Fatal(err)
			}
			b, err := direct.Propagate(ev, nil)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(a.LogZ-b.LogZ) > 1e-9 {
				t.Errorf("%s case %d: ln P(e) %v with hosts, %v without", name, ci, a.LogZ, b.LogZ)
			}
			for v := 0; v < m.NumVars(); v++ {
				pa, _ := a.Marginal(v)
				pb, _ := b.Marginal(v)
				for s := range pa {
					if math.Abs(pa[s]-pb[s]) > 1e-12 {
						t.Fatalf("%s case %d: P(%s=%s) %v with hosts, %v without (%d guests)", name, ci, m.Names[v], m.States[v][s], pa[s], pb[s], guests)
					}
				}
			}
		}
	}
}
