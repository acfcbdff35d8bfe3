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
