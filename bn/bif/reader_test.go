package bif

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"entente/bn"
	"entente/internal/shareddata"
)

// readGz reads a gzipped BIF file.
func readGz(t testing.TB, path string) *bn.Network {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	n, err := Read(gz)
	if err != nil {
		t.Fatalf("%s: %v", filepath.Base(path), err)
	}
	return n
}

const dialects = `// C++ comment
network "test net" {
  property author = me;
}
/* block
   comment */
variable A { type discrete [ 2 ] { a0, a1 }; property position = (10, 20); }
variable "B c" {
  type discrete [ 3 ] { "0-3_days" 12+ x };
}
variable C {
  type discrete [ 2 ] { c0, c1 };
}
probability ( A ) { table 0.3 0.7; }
probability ( "B c" | A ) {
  table 0.1, 0.2, 0.3, 0.4, 0.6, 0.4;
}
probability ( C | A, "B c" ) {
  (a1, 12+) 0.25, 0.75;
  (a0, "0-3_days") 1, 0;
  default 0.5, 0.5;
  property note = hand written;
}
`

func TestReadDialects(t *testing.T) {
	n, err := Read(strings.NewReader(dialects))
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Validate(); err != nil {
		t.Fatal(err)
	}
	if n.Name != "test net" || n.Properties["author"] != "= me" {
		t.Errorf("network name/properties = %q %v", n.Name, n.Properties)
	}
	a := n.Var("A")
	if a.Properties["position"] != "= (10, 20)" {
		t.Errorf("A properties = %v", a.Properties)
	}
	if got := n.Var("B c").States; !slices.Equal(got, []string{"0-3_days", "12+", "x"}) {
		t.Errorf("states = %q", got)
	}
	// "table" with parents lists the child slowest (JavaBayes order):
	// P(b|a0) = 0.1, 0.3, 0.6 and P(b|a1) = 0.2, 0.4, 0.4.
	if got, want := n.Var("B c").CPT, []float64{0.1, 0.3, 0.6, 0.2, 0.4, 0.4}; !slices.Equal(got, want) {
		t.Errorf("B c CPT = %v, want %v", got, want)
	}
	// Rows in CPT order (A slowest): (a0,0-3_days) listed, others default but (a1,12+).
	want := []float64{1, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25, 0.75, 0.5, 0.5}
	c := n.Var("C")
	if !slices.Equal(c.CPT, want) {
		t.Errorf("C CPT = %v, want %v", c.CPT, want)
	}
	if c.Properties["probability.note"] != "= hand written" {
		t.Errorf("C properties = %v", c.Properties)
	}
}

func TestReadErrors(t *testing.T) {
	vars := "variable A { type discrete [ 2 ] { a0, a1 }; }\nvariable B { type discrete [ 2 ] { b0, b1 }; }\n"
	tests := []struct {
		name, src string
		line      int
		msg       string
	}{
		{"empty block", "network x {", 1, `expected 'property' or '}' in the network block, found end of file`},
		{"unknown keyword", "netwerk x {}", 1, `expected 'network', 'variable' or 'probability', found "netwerk"`},
		{"state count", "variable A {\n type discrete [ 3 ] { a, b };\n}", 2, `variable "A" declares 3 states but lists 2`},
		{"duplicate variable", vars + "variable A { type discrete [ 1 ] { a }; }", 3, `variable "A" is declared twice`},
		{"unknown state", vars + "probability ( A ) { table 0.5, 0.5; }\nprobability ( B | A ) {\n (a2) 0.5, 0.5;\n}", 5, `"a2" is not a state of parent "A" (states: a0, a1)`},
		{"missing row", vars + "probability ( A ) { table 0.5, 0.5; }\nprobability ( B | A ) {\n (a0) 0.5, 0.5;\n}", 4, `has no row for A=a1 and no 'default' row`},
		{"row length", vars + "probability ( A ) { table 0.5, 0.5, 0; }", 3, `table of "A" has 3 values, expected 2`},
		{"not a number", vars + "probability ( A ) {\n table 0.5, half; }", 4, `"half" is not a number`},
		{"no probability", vars + "probability ( A ) { table 0.5, 0.5; }", 0, `variable "B" has no probability block`},
		{"undeclared", vars + "probability ( Z ) { table 1; }", 3, `probability block for "Z", which is not declared`},
		{"unclosed comment", "/* x", 1, `comment /* is never closed`},
		{"unclosed string", "network \"x {}", 1, `string is never closed`},
		{"twice", vars + "probability ( A ) { table 0.5, 0.5; }\nprobability ( A ) { table 0.5, 0.5; }", 4, `second probability block for "A" (the first is at line 3)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tc.src))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Read: %v, want a *ParseError", err)
			}
			if pe.Line != tc.line || !strings.Contains(pe.Msg, tc.msg) {
				t.Errorf("Read: line %d %q, want line %d containing %q", pe.Line, pe.Msg, tc.line, tc.msg)
			}
		})
	}
}

// Published sizes from the bnlearn Bayesian Network Repository
// (bnlearn.com/bnrepository): nodes and arcs; the 24 files are pgmpy's copy.
var bnlearnSizes = map[string][2]int{
	"asia": {8, 8}, "cancer": {5, 4}, "earthquake": {5, 4}, "sachs": {11, 17}, "survey": {6, 6},
	"alarm": {37, 46}, "barley": {48, 84}, "child": {20, 25}, "insurance": {27, 52},
	"mildew": {35, 46}, "water": {32, 66}, "hailfinder": {56, 66}, "hepar2": {70, 123},
	"win95pts": {76, 112}, "pathfinder": {109, 195}, "andes": {223, 338}, "diabetes": {413, 602},
	"pigs": {441, 592}, "link": {724, 1125}, "munin": {1041, 1397}, "munin1": {186, 273},
	"munin2": {1003, 1244}, "munin3": {1041, 1306}, "munin4": {1038, 1388},
}

// TestBnlearnNetworks loads all 24 bnlearn networks, validates them as
// printed (no renormalisation, see doc.go), checks their sizes, and
// round-trips each through Write and Read exactly.
func TestBnlearnNetworks(t *testing.T) {
	dir := filepath.Dir(shareddata.Path(t, "bn/bif/asia.bif.gz"))
	files, _ := filepath.Glob(filepath.Join(dir, "*.bif.gz"))
	if len(files) != 24 {
		t.Fatalf("found %d BIF files in %s, want 24", len(files), dir)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".bif.gz")
		t.Run(name, func(t *testing.T) {
			if testing.Short() && !strings.Contains("asia alarm sachs child", name) {
				t.Skip("large network: skipped in -short mode")
			}
			n := readGz(t, f)
			if err := n.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if want, ok := bnlearnSizes[name]; !ok || n.Len() != want[0] || n.Arcs() != want[1] {
				t.Errorf("%d nodes %d arcs, want %v (bnlearn repository)", n.Len(), n.Arcs(), want)
			}
			var buf bytes.Buffer
			if err := Write(&buf, n); err != nil {
				t.Fatal(err)
			}
			back, err := Read(&buf)
			if err != nil {
				t.Fatalf("read back: %v", err)
			}
			if d := bn.Diff(n, back, 0, true); len(d) != 0 {
				t.Errorf("round trip differs: %v", d)
			}
		})
	}
}

func TestWriteQuotesAndRejects(t *testing.T) {
	n, err := Read(strings.NewReader(dialects))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, n); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`network "test net" {`, `variable "B c" {`, `{ 0-3_days, 12+, x }`, `probability ( C | A, "B c" ) {`, `  (a1, 12+) 0.25, 0.75;`, "  property note = hand written;\n}"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, buf.String())
		}
	}
	back, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if d := bn.Diff(n, back, 0, true); len(d) != 0 {
		t.Errorf("round trip differs: %v", d)
	}
	n.Var("A").States[0] = `say "hi"`
	if err := Write(&buf, n); err == nil || !strings.Contains(err.Error(), "BIF cannot represent") {
		t.Errorf("Write with a quote in a state: %v, want an error", err)
	}
}
