package modelfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"entente/bn"
	"entente/internal/shareddata"
)

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const bifAsia = "network x {}\nvariable A { type discrete [ 2 ] { a0, a1 }; }\nprobability ( A ) { table 0.25, 0.75; }\n"

func TestLoadFormats(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		path      string
		vars      int
		wantError string
	}{
		{shareddata.Path(t, "bn/bif/alarm.bif.gz"), 37, ""},
		{shareddata.Path(t, "bn/xmlbif/cancer.xmlbif"), 5, ""},
		{shareddata.Path(t, "bn/xmlbif/barley.xmlbif.gz"), 48, ""},
		{"../net/testdata/asia.net", 8, ""},
		{"../uai/testdata/sprinkler.uai", 3, ""},
		{shareddata.Path(t, "bn-reference/uai2014/MAR/DBN_11.uai.gz"), 0, "UAI MARKOV model"},
		// Content sniffing when the extension says nothing.
		{write(t, dir, "model.txt", "// a comment\n"+bifAsia), 1, ""},
		{write(t, dir, "model", "name: m\nnodes:\n  - name: A\n    states: [a]\n    table: {probs: [1]}\n"), 1, ""},
		{write(t, dir, "bayes.dat", "BAYES\n1\n2\n1\n1 0\n2 0.5 0.5\n"), 1, ""},
		{write(t, dir, "junk.dat", "hello"), 0, "unknown format; name the file with one of the extensions .xmlbif/.xml, .uai, .bif, .net, .yaml/.yml"},
		{write(t, dir, "bad.bif", bifAsia+"probability ( B ) { table 1; }\n"), 0, "bad.bif (bif): bif: line 4: probability block for \"B\""},
		{write(t, dir, "sum.bif", strings.Replace(bifAsia, "0.75", "0.7", 1)), 0, `invalid network: node "A": row for no parents sums to 0.95`},
		{filepath.Join(dir, "missing.bif"), 0, "no such file"},
	}
	for _, tc := range tests {
		t.Run(filepath.Base(tc.path), func(t *testing.T) {
			n, err := Load(tc.path)
			if tc.wantError != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantError) {
					t.Fatalf("Load: %v, want %q", err, tc.wantError)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if n.Len() != tc.vars {
				t.Errorf("%d variables, want %d", n.Len(), tc.vars)
			}
		})
	}
}

// TestSaveRoundTrip saves alarm in every writable format (plain and
// gzipped) and loads it back unchanged.
func TestSaveRoundTrip(t *testing.T) {
	orig, err := Load(shareddata.Path(t, "bn/bif/alarm.bif.gz"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range []string{"a.bif", "a.xmlbif", "a.xml", "a.yaml", "a.yml.gz", "a.bif.gz"} {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(dir, name)
			if err := Save(p, orig); err != nil {
				t.Fatal(err)
			}
			back, err := Load(p)
			if err != nil {
				t.Fatal(err)
			}
			if d := bn.Diff(orig, back, 0, false); len(d) != 0 {
				t.Errorf("round trip differs: %v", d)
			}
		})
	}
	if err := Save(filepath.Join(dir, "a.net"), orig); err == nil || !strings.Contains(err.Error(), "use one of the extensions .xmlbif/.xml, .bif, .yaml/.yml") {
		t.Errorf("Save .net: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}
