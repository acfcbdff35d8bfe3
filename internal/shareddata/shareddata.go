// Package shareddata locates the real data files that tests and benchmarks
// read from ../shared/data (never copied into the repository) and skips a
// test with a clear message when they are absent.
package shareddata

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the shared data directory: $ENTENTE_SHARED_DATA if set, else
// the first "shared/data" found walking up from the working directory (the
// repository sits beside shared/). It returns "" when there is none.
func Dir() string {
	if d := os.Getenv("ENTENTE_SHARED_DATA"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		cand := filepath.Join(dir, "shared", "data")
		if st, err := os.Stat(cand); err == nil && st.IsDir() {
			return cand
		}
		if parent := filepath.Dir(dir); parent == dir {
			return ""
		}
	}
}

// Path returns the path of rel under the shared data directory, skipping the
// test when the directory or the file is absent.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	d := Dir()
	if d == "" {
		tb.Skip("shared data not found (set ENTENTE_SHARED_DATA or place the repository beside shared/): skipping test on real files")
	}
	p := filepath.Join(d, rel)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("shared data file %s not found: skipping", p)
	}
	return p
}
