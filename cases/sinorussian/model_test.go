package sinorussian

import (
	"bytes"
	"slices"
	"testing"

	"entente/bn"
	"entente/bn/jtree"
	"entente/bn/yamlmodel"
)

func loadModel(t *testing.T, name string) (*bn.Network, *jtree.Model, *jtree.Engine) {
	t.Helper()
	b, err := File(name)
	if err != nil {
		t.Fatal(err)
	}
	net, err := yamlmodel.Read(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if err := net.Validate(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	m, err := jtree.FromNetwork(net)
	if err != nil {
		t.Fatal(err)
	}
	e, err := jtree.NewEngine(m, jtree.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	return net, m, e
}

// TestModelsDocumented: every node and every table says why and cites a
// source (the case's contract with its readers).
func TestModelsDocumented(t *testing.T) {
	for _, name := range []string{ModelFile, DurabilityFile} {
		net, _, _ := loadModel(t, name)
		if net.Why == "" || net.Source == "" {
			t.Errorf("%s: model has no why or source", name)
		}
		for _, v := range net.Variables {
			if v.Why == "" || v.Source == "" || v.TableWhy == "" || v.TableSource == "" {
				t.Errorf("%s: node %s: why %q source %q table why %q table source %q",
					name, v.Name, v.Why, v.Source, v.TableWhy, v.TableSource)
			}
		}
	}
}

// holds returns P(Partnership ∈ {formal_alliance, strategic_partnership}).
func holds(p []float64) float64 { return p[0] + p[1] }

func marginal(t *testing.T, m *jtree.Model, e *jtree.Engine, target string, hard map[string]string) []float64 {
	t.Helper()
	ev := jtree.Evidence{Hard: map[int]int{}}
	for n, s := range hard {
		v, err := m.Var(n)
		if err != nil {
			t.Fatal(err)
		}
		if ev.Hard[v], err = m.State(v, s); err != nil {
			t.Fatal(err)
		}
	}
	tv, err := m.Var(target)
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Marginals(ev, []int{tv})
	if err != nil {
		t.Fatal(err)
	}
	return r.Marginals[tv]
}

// TestShockDirections: each shock moves P(partnership holds) the way its
// why in model.yaml argues, state by state (strictly increasing along the
// listed order).
func TestShockDirections(t *testing.T) {
	_, m, e := loadModel(t, ModelFile)
	tests := []struct {
		shock      string
		increasing []string // states in order of rising P(holds)
		why        string
	}{
		{"UkraineWar", []string{"russia_prevails", "stalemate", "russia_loses_regime_at_risk"}, "a losing Russia leans more on China (essay, paragraph 6)"},
		{"Taiwan", []string{"status_quo", "crisis", "war_with_us"}, "a Taiwan war raises Chinese need (essay, paragraphs 3 and 6)"},
		{"USRussiaThaw", []string{"grand_bargain", "partial", "none"}, "a thaw reduces Russia's support for China (essay, paragraph 6)"},
		{"WesternPressureOnChina", []string{"low", "high"}, "pressure pushes China towards Russia (essay, paragraph 4)"},
		{"SanctionsOnRussia", []string{"eased", "held", "tightened"}, "sanctions push Russia east (essay, paragraph 4)"},
		{"ThirdWeakness", []string{"present", "absent"}, "a weakness strains the partnership (placeholder)"},
		{"ObservedCloseness", []string{"cold", "mixed", "warm"}, "warm observed relations are evidence that it holds"},
	}
	for _, tt := range tests {
		t.Run(tt.shock, func(t *testing.T) {
			prev := -1.0
			for _, s := range tt.increasing {
				p := holds(marginal(t, m, e, "Partnership", map[string]string{tt.shock: s}))
				if p <= prev {
					t.Errorf("P(holds | %s=%s) = %.4f, not above the previous state's %.4f: %s", tt.shock, s, p, prev, tt.why)
				}
				prev = p
			}
		})
	}
	// Two weaknesses as evidence: many Far East incidents raise P(Strain=high).
	lo := marginal(t, m, e, "Strain", map[string]string{"FarEastIncidents": "none"})[2]
	hi := marginal(t, m, e, "Strain", map[string]string{"FarEastIncidents": "many"})[2]
	if hi <= lo {
		t.Errorf("P(Strain=high | incidents many) = %.4f <= %.4f with none", hi, lo)
	}
}

// TestThirdWeaknessUninformative: the Part II placeholder has a uniform prior.
func TestThirdWeaknessUninformative(t *testing.T) {
	net, _, _ := loadModel(t, ModelFile)
	v := net.Var("ThirdWeakness")
	if v == nil || len(v.Parents) != 0 || len(v.CPT) != 2 || v.CPT[0] != 0.5 || v.CPT[1] != 0.5 {
		t.Fatalf("ThirdWeakness = %+v, want a parentless uniform node", v)
	}
}

// unroll runs the two-slice model forward exactly: the joint distribution
// of the interface (the nodes that have a Previous twin) is carried from
// year to year as one factor over the Prev nodes, replacing their
// first-year tables. start optionally fixes Prev nodes' first-year states.
// It returns P(Partnership holds) at the end of each of years slices.
func unroll(t *testing.T, years int, start map[string]string) []float64 {
	t.Helper()
	net, m, _ := loadModel(t, DurabilityFile)
	var prevs, curs []int
	for _, v := range net.Variables {
		if v.Previous == "" {
			continue
		}
		p, _ := m.Var(v.Name)
		c, err := m.Var(v.Previous)
		if err != nil {
			t.Fatal(err)
		}
		prevs, curs = append(prevs, p), append(curs, c)
	}
	// First-year joint: the product of the Prev nodes' own tables.
	cards := make([]int, len(prevs))
	for i, p := range prevs {
		cards[i] = m.Card(p)
	}
	joint := make([]float64, bn.NumConfigs(cards))
	for cfg := bn.NewConfigs(cards); cfg.Next(); {
		pr := 1.0
		for i, s := range cfg.At() {
			name := m.Names[prevs[i]]
			if want, ok := start[name]; ok {
				if m.States[prevs[i]][s] != want {
					pr = 0
				}
				continue
			}
			pr *= m.Factors[prevs[i]].Table[s]
		}
		joint[cfg.Index()] = pr
	}
	part, _ := m.Var("Partnership")
	var out []float64
	for y := 0; y < years; y++ {
		mm := *m
		mm.Factors = append([]jtree.Factor(nil), m.Factors...)
		mm.Child = append([]int(nil), m.Child...)
		for _, p := range prevs {
			ones := make([]float64, m.Card(p))
			for i := range ones {
				ones[i] = 1
			}
			mm.Factors[p] = jtree.Factor{Vars: []int{p}, Table: ones}
			mm.Child[p] = -1
		}
		mm.Factors = append(mm.Factors, jtree.Factor{Vars: prevs, Table: joint})
		mm.Child = append(mm.Child, -1)
		e, err := jtree.NewEngine(&mm, jtree.DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		next, _, err := e.Joint(jtree.Evidence{}, curs)
		if err != nil {
			t.Fatal(err)
		}
		r, err := e.Marginals(jtree.Evidence{}, []int{part})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, holds(r.Marginals[part]))
		joint = next
	}
	return out
}

// TestDurability: P(holds) per year 2025-2035 from the yearly model, and the
// direction of the shocks over the decade.
func TestDurability(t *testing.T) {
	if testing.Short() {
		t.Skip("unrolls eleven slices")
	}
	base := unroll(t, 11, nil)
	for i, p := range base {
		t.Logf("%d: P(holds) = %.4f", 2025+i, p)
		if p <= 0 || p >= 1 {
			t.Errorf("%d: P(holds) = %v", 2025+i, p)
		}
		if i > 0 && p > base[i-1]+1e-9 {
			t.Errorf("%d: P(holds) rises from %.4f to %.4f without any shock; the hazards should erode it", 2025+i, base[i-1], p)
		}
	}
	tests := []struct {
		name  string
		start map[string]string
		above bool // P(holds in 2035) above the baseline?
	}{
		{"Taiwan war in 2025", map[string]string{"TaiwanPrev": "war_with_us"}, true},
		{"grand bargain in 2025", map[string]string{"USRussiaThawPrev": "grand_bargain"}, false},
		{"no thaw in 2025", map[string]string{"USRussiaThawPrev": "none"}, true},
		{"sanctions tightened in 2025", map[string]string{"SanctionsOnRussiaPrev": "tightened"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := unroll(t, 11, tt.start)
			got, b := s[10], base[10]
			t.Logf("P(holds in 2035) = %.4f (baseline %.4f)", got, b)
			if (got > b) != tt.above {
				t.Errorf("P(holds in 2035) = %.4f vs baseline %.4f, want above=%v", got, b, tt.above)
			}
		})
	}
}

// TestModelsDeclareGood: both models declare the outcome's good states, and
// they are the ones the case reads, so `entente bn unroll durability.yaml
// --target Partnership` draws the case's survival curve without --good.
func TestModelsDeclareGood(t *testing.T) {
	c, err := Case()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{ModelFile, DurabilityFile} {
		net, _, _ := loadModel(t, name)
		if got := net.Var(c.Outcome).Good; !slices.Equal(got, c.Good) {
			t.Errorf("%s: %s declares good states %v, the case reads %v", name, c.Outcome, got, c.Good)
		}
	}
}
