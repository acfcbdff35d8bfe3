package jtree

import (
	"compress/gzip"
	"encoding/json"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"entente/bn"
	"entente/bn/bif"
	"entente/internal/shareddata"
)

// bnlearnNets are the 24 networks of the bnlearn repository in
// shared/data/bn/bif, each with a reference file in bn-reference/computed.
var bnlearnNets = []string{
	"asia", "cancer", "earthquake", "sachs", "survey", "alarm", "barley", "child",
	"insurance", "mildew", "water", "hailfinder", "hepar2", "win95pts", "pathfinder",
	"andes", "diabetes", "pigs", "link", "munin1", "munin2", "munin3", "munin4", "munin",
}

// heavyNets take seconds each (munin1: a 205M-entry junction tree) and are
// skipped under -short; the default run covers all 24.
var heavyNets = map[string]bool{"munin1": true, "link": true, "barley": true, "munin": true, "munin4": true}

// refCase is one case of bn-reference/computed/<net>.json (see
// shared/data/SOURCES-bn-coder.md): evidence, P(evidence) and all
// posterior marginals from an independent exact variable-elimination code.
type refCase struct {
	Evidence     map[string]string             `json:"evidence"`
	ProbEvidence float64                       `json:"prob_evidence"`
	Marginals    map[string]map[string]float64 `json:"marginals"`
}

func readBIF(t testing.TB, name string) *bn.Network {
	t.Helper()
	path := shareddata.Path(t, filepath.Join("bn/bif", name+".bif.gz"))
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	net, err := bif.Read(zr)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return net
}

func readRef(t testing.TB, name string) []refCase {
	t.Helper()
	path := shareddata.Path(t, filepath.Join("bn-reference/computed", name+".json"))
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Cases []refCase `json:"cases"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return doc.Cases
}

func hardEvidence(t testing.TB, m *Model, ev map[string]string) Evidence {
	t.Helper()
	e := Evidence{Hard: map[int]int{}}
	for name, state := range ev {
		v, err := m.Var(name)
		if err != nil {
			t.Fatal(err)
		}
		s, err := m.State(v, state)
		if err != nil {
			t.Fatal(err)
		}
		e.Hard[v] = s
	}
	return e
}

// observedOf returns the variables ev fixes by hard evidence, in increasing
// order, as Spec.Observed takes them.
func observedOf(ev Evidence) []int { return slices.Sorted(maps.Keys(ev.Hard)) }

// TestBnlearnReference: all marginals, with and without evidence, of the
// 24 bnlearn networks match bn-reference/computed/*.json to 1e-6 absolute
// and P(evidence) to 1e-6 relative (the tolerance SOURCES-bn-coder.md
// recommends: CPT rows that sum to 1 only within ~1e-8).
func TestBnlearnReference(t *testing.T) {
	for _, name := range bnlearnNets {
		t.Run(name, func(t *testing.T) {
			if testing.Short() && heavyNets[name] {
				t.Skip("heavy network skipped under -short")
			}
			net := readBIF(t, name)
			cases := readRef(t, name)
			m := mustModel(t, net)
			e, err := NewEngine(m, DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			for ci, c := range cases {
				start := time.Now()
				ev := hardEvidence(t, m, c.Evidence)
				p, err := e.Marginals(ev, nil)
				if err != nil {
					t.Fatalf("case %d: %v", ci, err)
				}
				t.Logf("case %d (%d evidence): %v, treewidth %d, %d entries", ci, len(c.Evidence), time.Since(start), p.Stats.Treewidth, p.Stats.TotalEntries)
				if got := math.Exp(p.LogPE); math.Abs(got-c.ProbEvidence) > 1e-6*c.ProbEvidence {
					t.Errorf("case %d: P(e) = %.12g, reference %.12g", ci, got, c.ProbEvidence)
				}
				bad := 0
				for vn, states := range c.Marginals {
					v, err := m.Var(vn)
					if err != nil {
						t.Fatal(err)
					}
					for sn, want := range states {
						s, err := m.State(v, sn)
						if err != nil {
							t.Fatal(err)
						}
						if got := p.Marginals[v][s]; math.Abs(got-want) > 1e-6 {
							if bad++; bad <= 5 {
								t.Errorf("case %d: P(%s=%s|e) = %.10g, reference %.10g", ci, vn, sn, got, want)
							}
						}
					}
				}
			}
		})
	}
}
