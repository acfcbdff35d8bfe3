package jtree

import (
	"slices"
	"strings"
	"testing"
)

// TestBayesBall pins the requisite CPTs and observations of Bayes-ball on
// the three connections of d-separation (Pearl 1988, §3.3; Geiger, Verma &
// Pearl 1990) and their variants with an observed descendant and soft
// evidence. Each expectation follows from the rules: a chain A→B→C or fork
// A←B→C is blocked by an observed middle node and open otherwise; a
// collider A→C←B is blocked unless C or one of its descendants is observed
// (then B's evidence explains away A and is requisite). A CPT is requisite
// when the ball goes up through its node (Shachter 1998): the CPTs of
// unobserved ancestors of an observation are needed only when the
// observation is d-connected to the target.
func TestBayesBall(t *testing.T) {
	type net map[string]string // node → its parents, as one string of names
	chain := net{"A": "", "B": "A", "C": "B"}
	fork := net{"A": "B", "B": "", "C": "B"}
	collider := net{"A": "", "B": "", "C": "AB"}
	colliderD := net{"A": "", "B": "", "C": "AB", "D": "C"}
	tests := []struct {
		name       string
		g          net
		targets    string
		hard, soft string
		// wantCPT: nodes marked on top; wantObs: requisite evidence
		// (visited hard nodes, soft nodes marked on the bottom).
		wantCPT, wantObs string
	}{
		{"chain/no evidence", chain, "C", "", "", "ABC", ""},
		{"chain/middle observed blocks the root", chain, "C", "AB", "", "C", "B"},
		{"chain/observed end reaches the root", chain, "A", "C", "", "ABC", "C"},
		{"chain/observed middle blocks the far end", chain, "A", "BC", "", "AB", "B"},
		{"chain/observed target", chain, "B", "B", "", "", "B"},
		{"chain/soft evidence behind an observed node", chain, "C", "B", "A", "C", "B"},
		{"chain/soft evidence below the target", chain, "A", "", "C", "ABC", "C"},
		{"fork/observed root blocks", fork, "A", "BC", "", "A", "B"},
		{"fork/observed sibling is requisite", fork, "A", "C", "", "ABC", "C"},
		{"collider/parents marginally independent", collider, "A", "B", "", "A", ""},
		{"collider/observed collider: explaining away", collider, "A", "BC", "", "AC", "BC"},
		{"collider/observed collider, other parent free", collider, "A", "C", "", "ABC", "C"},
		{"collider/soft evidence on the collider", collider, "A", "B", "C", "AC", "BC"},
		{"collider with descendant/observed descendant opens it", colliderD, "A", "BD", "", "ACD", "BD"},
		{"collider with descendant/unobserved descendant", colliderD, "A", "B", "", "A", ""},
		{"collider with descendant/two targets", colliderD, "AB", "D", "", "ABCD", "D"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			names := make([]string, 0, len(tc.g))
			for v := range tc.g {
				names = append(names, v)
			}
			slices.Sort(names)
			idx := map[string]int{}
			for i, v := range names {
				idx[v] = i
			}
			set := func(s string) []int {
				var out []int
				for _, r := range s {
					out = append(out, idx[string(r)])
				}
				return out
			}
			flags := func(s string) []bool {
				f := make([]bool, len(names))
				for _, v := range set(s) {
					f[v] = true
				}
				return f
			}
			pa := make([][]int, len(names))
			for i, v := range names {
				pa[i] = set(tc.g[v])
			}
			mk := bayesBall(pa, children(pa), set(tc.targets), flags(tc.hard), flags(tc.soft))
			hard, soft := flags(tc.hard), flags(tc.soft)
			var cpt, obs strings.Builder
			for i, v := range names {
				if mk.top[i] {
					cpt.WriteString(v)
				}
				if (hard[i] && mk.visited[i]) || (soft[i] && mk.bottom[i]) {
					obs.WriteString(v)
				}
			}
			if cpt.String() != tc.wantCPT || obs.String() != tc.wantObs {
				t.Errorf("requisite CPTs %q, observations %q; want %q, %q", cpt.String(), obs.String(), tc.wantCPT, tc.wantObs)
			}
		})
	}
}
