package jtree

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestConditionalAgainstEnumeration compares Conditional with brute-force
// enumeration on random Bayesian networks with random hard and soft
// evidence and targets, on the same networks after a do() intervention
// (Bayes-ball then runs on the mutilated graph: the intervened node has no
// parents) and on the same factors read as a Markov network (no Child
// information, so pruning is by component).
func TestConditionalAgainstEnumeration(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	pruned := 0
	for trial := 0; trial < 150; trial++ {
		m := mustModel(t, randomNet(r, 4+r.IntN(7), 1+r.IntN(3)))
		switch trial % 3 {
		case 1:
			v := r.IntN(m.NumVars())
			var err error
			if m, err = m.Intervene(map[int]int{v: r.IntN(m.Card(v))}); err != nil {
				t.Fatal(err)
			}
		case 2:
			m = &Model{Names: m.Names, States: m.States, Factors: m.Factors}
		}
		e, err := NewEngine(m, DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		ev := Evidence{Hard: map[int]int{}, Soft: map[int][]float64{}}
		for _, v := range r.Perm(m.NumVars())[:r.IntN(4)] {
			ev.Hard[v] = r.IntN(m.Card(v))
		}
		for _, v := range r.Perm(m.NumVars())[:r.IntN(2)] {
			l := make([]float64, m.Card(v))
			for i := range l {
				l[i] = 0.1 + r.Float64()
			}
			ev.Soft[v] = l
		}
		targets := r.Perm(m.NumVars())[:1+r.IntN(3)]
		if trial%10 == 0 {
			targets = nil // all variables: nothing dropped, P(ev) computed
		}
		z, marg, _, _ := bruteForce(m, ev)
		p, err := e.Conditional(ev, targets)
		if z == 0 {
			// Impossible evidence may lie in the dropped part; if the
			// requisite part is impossible, the error must say so.
			if err != nil && !errors.Is(err, ErrImpossibleEvidence) {
				t.Fatalf("trial %d: zero-probability evidence gave err=%v", trial, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		if targets == nil {
			if !closeTo(p.LogPE, math.Log(z), 1e-10) || len(p.Ignored) > 0 {
				t.Errorf("trial %d: all targets: ln P(e) = %v, enumeration %v; ignored %v", trial, p.LogPE, math.Log(z), p.Ignored)
			}
			targets = make([]int, m.NumVars())
			for v := range targets {
				targets[v] = v
			}
		} else if !math.IsNaN(p.LogPE) {
			t.Errorf("trial %d: LogPE = %v, want NaN", trial, p.LogPE)
		}
		if len(p.Ignored) > 0 {
			pruned++
		}
		for _, v := range targets {
			for s := range marg[v] {
				if !closeTo(p.Marginals[v][s], marg[v][s], 1e-10) {
					t.Errorf("trial %d: P(%s=%d|e) = %v, enumeration %v (ignored %v)", trial, m.Names[v], s, p.Marginals[v][s], marg[v][s], p.Ignored)
				}
			}
		}
	}
	if pruned == 0 {
		t.Error("no trial dropped any evidence: the test does not exercise the pruning")
	}
	t.Logf("%d trials dropped evidence", pruned)
}

// forwardSample draws one configuration of a Bayesian model from its joint
// distribution (Henrion 1988, logic sampling), so that evidence read off
// it has positive probability.
func forwardSample(t testing.TB, r *rand.Rand, m *Model) []int {
	t.Helper()
	order, err := m.topoOrder()
	if err != nil {
		t.Fatal(err)
	}
	cpt := make([]int, m.NumVars())
	for i, c := range m.Child {
		cpt[c] = i
	}
	x := make([]int, m.NumVars())
	for _, v := range order {
		f := m.Factors[cpt[v]]
		row := 0
		for _, p := range f.Vars[:len(f.Vars)-1] {
			row = row*m.Card(p) + x[p]
		}
		probs := f.Table[row*m.Card(v) : (row+1)*m.Card(v)]
		u, s := r.Float64(), 0.0
		x[v] = len(probs) - 1
		for j, p := range probs {
			if s += p; u < s {
				x[v] = j
				break
			}
		}
		for probs[x[v]] == 0 { // rounding past the last positive entry
			x[v]--
		}
	}
	return x
}

// renormalised returns a copy of the Bayesian model m whose CPT rows sum
// to 1 in floating point. The bnlearn files print CPTs to a few digits, so
// rows sum to 1 only within about 1e-8 (shared/data/SOURCES-bn-coder.md),
// and a barren or irrelevant CPT then does not sum out to exactly 1: pruned
// and full trees differ by up to ~1e-9 from the file's rounding alone.
func renormalised(m *Model) *Model {
	out := &Model{Names: m.Names, States: m.States, Child: m.Child, Factors: make([]Factor, len(m.Factors))}
	for i, f := range m.Factors {
		k := m.Card(m.Child[i])
		tab := make([]float64, len(f.Table))
		for r := 0; r < len(tab); r += k {
			s := 0.0
			for _, x := range f.Table[r : r+k] {
				s += x
			}
			for j, x := range f.Table[r : r+k] {
				tab[r+j] = x / s
			}
		}
		out.Factors[i] = Factor{Vars: f.Vars, Table: tab}
	}
	return out
}

// TestConditionalBnlearn checks on four bnlearn networks (CPT rows
// renormalised, see renormalised) that Conditional's posteriors equal those
// of the full tree (Marginals with targets nil) to 1e-9, for random targets
// and evidence sampled from the network (so that P(evidence) > 0), some of
// it soft, and that a pruned query compiles a smaller tree than the
// ancestral-set one of Marginals; and that ConditionalJoint of two targets
// equals Joint.
func TestConditionalBnlearn(t *testing.T) {
	for _, name := range []string{"alarm", "insurance", "hepar2", "win95pts"} {
		t.Run(name, func(t *testing.T) {
			m := renormalised(mustModel(t, readBIF(t, name)))
			e, err := NewEngine(m, DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			r := rand.New(rand.NewPCG(5, uint64(len(name))))
			pruned, smaller := 0, 0
			for trial := 0; trial < 40; trial++ {
				x := forwardSample(t, r, m)
				ev := Evidence{Hard: map[int]int{}, Soft: map[int][]float64{}}
				perm := r.Perm(m.NumVars())
				nev := 1 + r.IntN(m.NumVars()/3)
				for _, v := range perm[:nev] {
					ev.Hard[v] = x[v]
				}
				if trial%4 == 0 {
					v := perm[nev]
					l := make([]float64, m.Card(v))
					for i := range l {
						l[i] = 0.1 + r.Float64()
					}
					ev.Soft[v] = l
				}
				targets := perm[nev+1 : nev+2+r.IntN(3)]
				full, err := e.Marginals(ev, nil)
				if err != nil {
					t.Fatalf("trial %d: full tree: %v", trial, err)
				}
				anc, err := e.Marginals(ev, targets)
				if err != nil {
					t.Fatalf("trial %d: ancestral tree: %v", trial, err)
				}
				p, err := e.Conditional(ev, targets)
				if err != nil {
					t.Fatalf("trial %d: %v", trial, err)
				}
				if len(p.Ignored) > 0 {
					pruned++
				}
				if p.Stats.TotalEntries < anc.Stats.TotalEntries {
					smaller++
				}
				if p.Stats.TotalEntries > anc.Stats.TotalEntries {
					t.Errorf("trial %d: requisite tree has %d entries, ancestral %d", trial, p.Stats.TotalEntries, anc.Stats.TotalEntries)
				}
				if len(targets) >= 2 {
					pair := targets[:2]
					want, _, err := e.Joint(ev, pair)
					if err != nil {
						t.Fatalf("trial %d: Joint: %v", trial, err)
					}
					got, ignored, err := e.ConditionalJoint(ev, pair)
					if err != nil {
						t.Fatalf("trial %d: ConditionalJoint: %v", trial, err)
					}
					for i := range want {
						if math.Abs(got[i]-want[i]) > 1e-9 {
							t.Errorf("trial %d: joint of %v entry %d = %.12g, Joint %.12g (ignored %v)", trial, pair, i, got[i], want[i], ignored)
						}
					}
				}
				for _, v := range targets {
					for s := range full.Marginals[v] {
						if got, want := p.Marginals[v][s], full.Marginals[v][s]; math.Abs(got-want) > 1e-9 {
							t.Errorf("trial %d: P(%s=%s|e) = %.12g, full tree %.12g (ignored %v)", trial, m.Names[v], m.States[v][s], got, want, p.Ignored)
						}
					}
				}
			}
			t.Logf("%d of 40 queries dropped evidence, %d compiled a smaller tree", pruned, smaller)
			if pruned == 0 || smaller == 0 {
				t.Errorf("%d queries dropped evidence and %d compiled a smaller tree; want some of each", pruned, smaller)
			}
		})
	}
}

// TestConditionalBlockedEvidence pins one d-separated case on alarm: with
// every ancestor of HR observed, its parent CATECHOL blocks every path from
// the others (chains and forks through an observed node; HR has no
// observed descendant to open a collider), so they are ignored and the
// requisite tree is HR's CPT alone, with CATECHOL absorbed.
func TestConditionalBlockedEvidence(t *testing.T) {
	m := mustModel(t, readBIF(t, "alarm"))
	e, err := NewEngine(m, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	hr, err := m.Var("HR")
	if err != nil {
		t.Fatal(err)
	}
	ev := Evidence{Hard: map[int]int{}}
	var anc []int // HR's strict ancestors
	for stack := slices.Clone(e.pa[hr]); len(stack) > 0; {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !slices.Contains(anc, v) {
			anc = append(anc, v)
			stack = append(stack, e.pa[v]...)
		}
	}
	for _, v := range anc {
		ev.Hard[v] = 0
	}
	if len(anc) <= len(e.pa[hr]) {
		t.Fatalf("HR has no ancestors beyond its parents %v", e.pa[hr])
	}
	full, err := e.Marginals(ev, []int{hr})
	if errors.Is(err, ErrImpossibleEvidence) {
		t.Fatalf("state 0 of HR's ancestors is impossible: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.Conditional(ev, []int{hr})
	if err != nil {
		t.Fatal(err)
	}
	var wantIgnored []int
	for _, v := range anc {
		if !slices.Contains(e.pa[hr], v) {
			wantIgnored = append(wantIgnored, v)
		}
	}
	slices.Sort(wantIgnored)
	if !slices.Equal(p.Ignored, wantIgnored) {
		t.Errorf("ignored %v, want HR's non-parent ancestors %v", p.Ignored, wantIgnored)
	}
	if p.Stats.Variables != 1 || p.Stats.Factors != 1 {
		t.Errorf("requisite tree has %d variables and %d factors, want HR and its CPT", p.Stats.Variables, p.Stats.Factors)
	}
	for s := range full.Marginals[hr] {
		if math.Abs(p.Marginals[hr][s]-full.Marginals[hr][s]) > 1e-12 {
			t.Errorf("P(HR=%s|e) = %v, ancestral tree %v", m.States[hr][s], p.Marginals[hr][s], full.Marginals[hr][s])
		}
	}
}

// TestConditionalIgnored pins which evidence Conditional drops on the chest
// clinic (asia: asia→tub, smoke→lung, smoke→bronc, {lung, tub}→either,
// either→xray, {bronc, either}→dysp), by the d-separation rules, and on its
// mutilated graph after do(either=yes), where either is a root of known
// state: it blocks the paths through it, so tub and dysp no longer reach
// xray, while dysp, bronc's observed child, still bears on bronc.
func TestConditionalIgnored(t *testing.T) {
	m := mustModel(t, asiaNet())
	v := func(name string) int {
		i, err := m.Var(name)
		if err != nil {
			t.Fatal(err)
		}
		return i
	}
	tests := []struct {
		name     string
		do       bool
		target   string
		evidence []string // all at state yes
		ignored  []string
	}{
		{"observed either blocks the chain from smoke", false, "xray", []string{"either", "smoke"}, []string{"smoke"}},
		{"unobserved collider either separates tub from smoke", false, "tub", []string{"smoke"}, []string{"smoke"}},
		{"observed dysp opens the collider", false, "tub", []string{"asia", "dysp", "smoke"}, nil},
		{"tub reaches xray through either", false, "xray", []string{"tub", "dysp"}, nil},
		// either's state is known after do(), so it blocks like an
		// observation: dysp's evidence cannot reach xray either.
		{"do(either) cuts tub and dysp off xray", true, "xray", []string{"tub", "dysp"}, []string{"dysp", "tub"}},
		{"do(either) leaves bronc's observed child dysp requisite", true, "bronc", []string{"tub", "dysp"}, []string{"tub"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mm := m
			if tc.do {
				var err error
				if mm, err = m.Intervene(map[int]int{v("either"): 0}); err != nil {
					t.Fatal(err)
				}
			}
			e, err := NewEngine(mm, DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			ev := Evidence{Hard: map[int]int{}}
			for _, name := range tc.evidence {
				ev.Hard[v(name)] = 0
			}
			p, err := e.Conditional(ev, []int{v(tc.target)})
			if err != nil {
				t.Fatal(err)
			}
			var want []int
			for _, name := range tc.ignored {
				want = append(want, v(name))
			}
			slices.Sort(want)
			if !slices.Equal(p.Ignored, want) {
				t.Errorf("ignored %v, want %v", p.Ignored, want)
			}
			full, err := e.Marginals(ev, nil)
			if err != nil {
				t.Fatal(err)
			}
			x := v(tc.target)
			for s := range full.Marginals[x] {
				if !closeTo(p.Marginals[x][s], full.Marginals[x][s], 1e-12) {
					t.Errorf("P(%s=%s|e) = %v, full tree %v", tc.target, m.States[x][s], p.Marginals[x][s], full.Marginals[x][s])
				}
			}
		})
	}
}

// TestConditionalBadInput: bad indices and evidence are errors, and an
// empty target list is an empty answer, not a panic.
func TestConditionalBadInput(t *testing.T) {
	m := mustModel(t, asiaNet())
	e, err := NewEngine(m, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		ev      Evidence
		targets []int
		wantErr bool
	}{
		{"target out of range", Evidence{}, []int{8}, true},
		{"negative target", Evidence{}, []int{-1}, true},
		{"evidence variable out of range", Evidence{Hard: map[int]int{9: 0}}, []int{0}, true},
		{"evidence state out of range", Evidence{Hard: map[int]int{1: 2}}, []int{0}, true},
		{"soft evidence of the wrong length", Evidence{Soft: map[int][]float64{1: {1}}}, []int{0}, true},
		{"impossible requisite evidence: either=no, lung=yes", Evidence{Hard: map[int]int{5: 1, 3: 0}}, []int{1}, true},
		{"no targets", Evidence{Hard: map[int]int{1: 0}}, []int{}, false},
	}
	if _, _, err := e.ConditionalJoint(Evidence{}, nil); err == nil {
		t.Error("ConditionalJoint of no variables: no error")
	}
	if _, _, err := e.ConditionalJoint(Evidence{}, []int{2, 2}); err == nil {
		t.Error("ConditionalJoint of a repeated variable: no error")
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := e.Conditional(tc.ev, tc.targets)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error: %v", err, tc.wantErr)
			}
			if strings.HasPrefix(tc.name, "impossible") && !errors.Is(err, ErrImpossibleEvidence) {
				t.Errorf("err = %v, want ErrImpossibleEvidence", err)
			}
			if err == nil && len(p.Ignored) != len(tc.ev.Vars()) {
				t.Errorf("ignored %v, want all evidence", p.Ignored)
			}
		})
	}
}
