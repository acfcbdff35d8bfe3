package duckdb

import (
	"path/filepath"
	"testing"

	"entente/store"
	"entente/store/storetest"
)

// openTemp opens a fresh store in the test's temporary directory. A small
// ChunkRows makes the suite's files span several merges, so de-duplication
// across chunks of one Tx is exercised too.
func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "entente.duckdb"), Options{ChunkRows: 1000, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
}

func TestConformanceRealFiles(t *testing.T) {
	storetest.RunFiles(t, func(t *testing.T) store.Store { return openTemp(t) })
}

// TestIDSet checks the id set on dense ids (bitmap pages), on sparse ids
// (the switch to a map, keeping what was seen) and on non-canonical ids
// ("007" is not 7).
func TestIDSet(t *testing.T) {
	s := newIDSet()
	for i := uint64(1_000_000_000); i < 1_000_100_000; i++ {
		if !s.addNum(i) {
			t.Fatalf("dense %d: reported seen", i)
		}
	}
	if s.pages == nil || s.addNum(1_000_050_000) {
		t.Fatalf("dense: pages %v, repeat not caught", s.pages == nil)
	}
	for i := range uint64(10_000) {
		if !s.addNum(5_000_000_000 + i*1_000_003) {
			t.Fatalf("sparse %d: reported seen", 5_000_000_000+i*1_000_003)
		}
	}
	if s.pages != nil {
		t.Fatalf("sparse ids kept in %d pages", len(s.pages))
	}
	for _, n := range []uint64{1_000_000_000, 1_000_099_999, 5_000_000_000 + 5*1_000_003} {
		if s.addNum(n) {
			t.Errorf("%d: seen before the switch, reported new", n)
		}
	}
	for _, tc := range []struct {
		id   string
		want bool
	}{{"7", true}, {"007", true}, {"7", false}, {"007", false}, {"x-1", true}, {"x-1", false}, {"", true}, {"", false}} {
		if got := s.add(tc.id); got != tc.want {
			t.Errorf("add(%q) = %v, want %v", tc.id, got, tc.want)
		}
	}
}
