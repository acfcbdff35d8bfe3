package duckdb

import (
	"context"
	"path/filepath"
	"testing"

	"entente/events"
	"entente/ingest"
	"entente/internal/shareddata"
	"entente/store"
)

// TestCompactKeepsAnswers: compaction changes the cube's layout, never its
// answers, and resets the tail.
func TestCompactKeepsAnswers(t *testing.T) {
	ctx := context.Background()
	dir := shareddata.Path(t, "gdelt1/mpiccirilli-UNDP-BCPR-Project/individual_csvs")
	s, err := Open(filepath.Join(t.TempDir(), "c.duckdb"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	inputs, err := events.Inputs([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Run(ctx, s, inputs[:4], ingest.Options{Format: events.FormatAuto}); err != nil {
		t.Fatal(err)
	}
	queries := []store.CubeQuery{
		{By: store.Month, Pairs: []store.Pair{{Source: "RUS", Target: "USA"}, {Source: "USA", Target: "RUS"}}},
		{By: store.Year},
		{By: store.Day, Pairs: []store.Pair{{Source: "USA", Target: "GEO"}}, Roots: []string{"04", "05"}},
	}
	before := make([][]store.CubeCell, len(queries))
	for i, q := range queries {
		if before[i], err = s.CubeCells(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	total, _, err := s.cubeTail(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	after, compacted, err := s.cubeTail(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after != compacted || after > total {
		t.Errorf("after compaction: %d rows, %d recorded as compacted (before %d)", after, compacted, total)
	}
	if need, err := s.NeedsCompaction(ctx); err != nil || need {
		t.Errorf("NeedsCompaction right after Compact = %v, %v", need, err)
	}
	for i, q := range queries {
		got, err := s.CubeCells(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(before[i]) {
			t.Fatalf("query %d: %d cells after compaction, %d before", i, len(got), len(before[i]))
		}
		for j := range got {
			a, b := got[j], before[i][j]
			if !approxCell(a, b) {
				t.Errorf("query %d cell %d: %+v after, %+v before", i, j, a, b)
				break
			}
		}
	}
}

func approxCell(a, b store.CubeCell) bool {
	close := func(x, y float64) bool {
		d := x - y
		if d < 0 {
			d = -d
		}
		return d <= 1e-9*(1+abs(x)+abs(y))
	}
	return a.Period.Equal(b.Period) && a.Source == b.Source && a.Target == b.Target && a.Quad == b.Quad &&
		a.Events == b.Events && a.ToneN == b.ToneN && a.Mentions == b.Mentions && a.Distinct == b.Distinct &&
		close(a.Goldstein, b.Goldstein) && close(a.Tone, b.Tone) && close(a.GoldsteinMentions, b.GoldsteinMentions) &&
		close(a.GoldsteinDistinct, b.GoldsteinDistinct)
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
