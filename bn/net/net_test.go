package net

import (
	"os"
	"strings"
	"testing"

	"entente/bn"
	"entente/bn/bif"
	"entente/internal/shareddata"
)

// TestAsia reads testdata/asia.net (asia written by hand in NET syntax)
// and requires the same network as bnlearn's asia.bif.
func TestAsia(t *testing.T) {
	f, err := os.Open("testdata/asia.net")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n, err := Read(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Validate(); err != nil {
		t.Fatal(err)
	}
	if n.Name != "asia" || n.Properties["node_size"] != "( 80 40 )" {
		t.Errorf("net attributes: name %q properties %v", n.Name, n.Properties)
	}
	if got := n.Var("asia").Properties["label"]; got != `"Visit to Asia?"` {
		t.Errorf("label = %s", got)
	}
	g, err := os.Open(shareddata.Path(t, "bn/bif/asia.bif.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	gz, err := gzipReader(g)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := bif.Read(gz)
	if err != nil {
		t.Fatal(err)
	}
	ref.Name = n.Name
	if d := bn.Diff(ref, n, 0, false); len(d) != 0 {
		t.Errorf("asia.net differs from asia.bif: %v", d)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"node A { states = (\"a\"); }", `node "A" has no potential`},
		{"node A { label = \"x\"; }", `line 1: node "A" has no states attribute`},
		{"node A { states = (\"a\" \"b\"); }\npotential ( A ) { data = ( 0.5 ); }", `line 2: data of "A" has 1 numbers, expected 2`},
		{"node A { states = (\"a\"); }\npotential ( A | B ) { data = ( 1 ); }", `line 2: node "A": parent "B" is not a variable`},
		{"decision node D { states = (\"a\"); }", `"decision" declarations are not supported`},
		{"node A { states = (\"a\"); }\npotential ( A ) { data = ( x ); }", `"x" is not a number`},
		{"node A { states = (\"a); }", `string is never closed`},
		{"node A { states = (\"a\") }", `file ends where`},
	}
	for _, tc := range tests {
		_, err := Read(strings.NewReader(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Read(%q): %v, want %q", tc.src, err, tc.want)
		}
	}
}

func FuzzRead(f *testing.F) {
	data, _ := os.ReadFile("testdata/asia.net")
	f.Add(string(data))
	f.Fuzz(func(t *testing.T, src string) {
		n, err := Read(strings.NewReader(src))
		if err == nil {
			n.Validate()
		}
	})
}
