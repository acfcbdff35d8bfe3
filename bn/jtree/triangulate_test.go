package jtree

import "testing"

// TestTriangulationRestarts: compiling the same model twice gives the same
// tree (ties are broken deterministically, restarts use a fixed seed), and
// restarts never give a larger tree than the three greedy rules alone
// (diabetes, shared/data/bn/bif: 11 225 519 entries greedy).
func TestTriangulationRestarts(t *testing.T) {
	m := mustModel(t, readBIF(t, "diabetes"))
	greedy := Options{MaxEntries: 1 << 28}
	g, err := Plan(m, Spec{}, greedy)
	if err != nil {
		t.Fatal(err)
	}
	if g.TotalEntries != 11225519 {
		t.Errorf("greedy: %d entries, want 11225519", g.TotalEntries)
	}
	// Diabetes is below DefaultOptions' RestartAbove; lower it.
	opts := Options{MaxEntries: 1 << 28, Restarts: 24, RestartAbove: 1 << 22}
	a, err := Plan(m, Spec{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Plan(m, Spec{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if a.TotalEntries != b.TotalEntries || a.Heuristic != b.Heuristic {
		t.Errorf("two compilations differ: %d (%v) and %d (%v) entries", a.TotalEntries, a.Heuristic, b.TotalEntries, b.Heuristic)
	}
	if a.TotalEntries >= g.TotalEntries {
		t.Errorf("restarts: %d entries, greedy %d: want smaller", a.TotalEntries, g.TotalEntries)
	}
	t.Logf("diabetes: greedy %d entries, with restarts %d", g.TotalEntries, a.TotalEntries)
}
