package jtree

import (
	"compress/gzip"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"entente/bn/uai"
	"entente/internal/shareddata"
)

func openMaybeGz(t testing.TB, path string) io.ReadCloser {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(path, ".gz") {
		return f
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	return struct {
		io.Reader
		io.Closer
	}{zr, f}
}

func readUAIInstance(t testing.TB, base string) (*Model, Evidence) {
	t.Helper()
	r := openMaybeGz(t, base+".gz")
	u, err := uai.Read(r)
	r.Close()
	if err != nil {
		t.Fatalf("%s: %v", base, err)
	}
	m, err := FromUAI(u)
	if err != nil {
		t.Fatalf("%s: %v", base, err)
	}
	er := openMaybeGz(t, base+".evid")
	ev, err := uai.ReadEvid(er)
	er.Close()
	if err != nil {
		t.Fatalf("%s.evid: %v", base, err)
	}
	return m, Evidence{Hard: ev}
}

// instances lists the *.uai.gz models of a UAI 2014 task directory.
func instances(t testing.TB, dir string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.uai.gz"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	for i := range names {
		names[i] = strings.TrimSuffix(names[i], ".gz")
	}
	return names
}

// uaiLimit bounds the junction trees the UAI tests build: instances above
// it are skipped and reported (2^24 entries = 128 MiB of tables keeps the
// suite fast; the competition includes instances no exact method solves).
const uaiLimit = 1 << 24

// TestUAI2014MAR: every UAI 2014 MAR instance whose junction tree fits in
// uaiLimit matches the competition's reference marginals to 1e-5 (the
// .MAR files print ~6 significant digits).
func TestUAI2014MAR(t *testing.T) {
	dir := shareddata.Path(t, "bn-reference/uai2014/MAR")
	ran, skipped, largest := 0, 0, int64(0)
	for _, base := range instances(t, dir) {
		name := filepath.Base(base)
		if testing.Short() && ran >= 10 {
			break
		}
		m, ev := readUAIInstance(t, base)
		e, err := NewEngine(m, Options{MaxEntries: uaiLimit})
		if err != nil {
			t.Fatal(err)
		}
		p, err := e.Marginals(ev, nil)
		if errors.Is(err, ErrTooLarge) {
			st, perr := Plan(m, Spec{Observed: ev.Vars()}, Options{MaxEntries: 1 << 40})
			skipped++
			if perr == nil {
				largest = max(largest, st.LargestClique)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		mr := openMaybeGz(t, base+".MAR")
		want, err := uai.ReadMAR(mr)
		mr.Close()
		if err != nil {
			t.Fatalf("%s.MAR: %v", name, err)
		}
		ran++
		bad := 0
		for v := range want {
			for s := range want[v] {
				if d := math.Abs(p.Marginals[v][s] - want[v][s]); d > 1e-5 {
					if bad++; bad <= 3 {
						t.Errorf("%s: P(v%d=%d) = %.7g, reference %.7g", name, v, s, p.Marginals[v][s], want[v][s])
					}
				}
			}
		}
	}
	t.Logf("UAI 2014 MAR: %d instances matched, %d skipped as too large (largest skipped clique %d entries)", ran, skipped, largest)
	if ran == 0 {
		t.Error("no instance ran")
	}
}

// TestUAI2014PR: log10 P(evidence) (the partition function with the
// evidence) of every UAI 2014 PR instance whose tree fits matches the
// competition's answer to 1e-4.
func TestUAI2014PR(t *testing.T) {
	dir := shareddata.Path(t, "bn-reference/uai2014/PR")
	ran, skipped, largest := 0, 0, int64(0)
	for _, base := range instances(t, dir) {
		name := filepath.Base(base)
		if testing.Short() && ran >= 10 {
			break
		}
		m, ev := readUAIInstance(t, base)
		e, err := NewEngine(m, Options{MaxEntries: uaiLimit})
		if err != nil {
			t.Fatal(err)
		}
		p, err := e.Marginals(ev, nil)
		if errors.Is(err, ErrTooLarge) {
			st, perr := Plan(m, Spec{Observed: ev.Vars()}, Options{MaxEntries: 1 << 40})
			skipped++
			if perr == nil {
				largest = max(largest, st.LargestClique)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		pr := openMaybeGz(t, base+".PR")
		want, err := uai.ReadPR(pr)
		pr.Close()
		if err != nil {
			t.Fatalf("%s.PR: %v", name, err)
		}
		ran++
		if got := p.LogPE / math.Ln10; math.Abs(got-want) > 1e-4 {
			t.Errorf("%s: log10 Z = %.6f, reference %.6f", name, got, want)
		}
	}
	t.Logf("UAI 2014 PR: %d instances matched, %d skipped as too large (largest skipped clique %d entries)", ran, skipped, largest)
	if ran == 0 {
		t.Error("no instance ran")
	}
}
