package bif

import (
	"bytes"
	"strings"
	"testing"

	"entente/bn"
)

// FuzzRead checks that Read never panics and that whatever it accepts and
// Validate passes survives Write and Read unchanged.
func FuzzRead(f *testing.F) {
	f.Add(dialects)
	f.Add("variable A { type discrete [ 2 ] { a, b }; }\nprobability ( A ) { table 0.5, 0.5; }")
	f.Add("variable A { type discrete [ 2 ] { a, b }; }\nvariable B { type discrete [ 1 ] { b }; }\nprobability ( A | B ) { default 1, 0; }\nprobability ( B ) { table 1; }")
	f.Add("probability ( A | ) {")
	f.Add("variable A { type discrete [ 99999999999 ] { a }; }")
	f.Add("network /* x */ y { property; }")
	f.Fuzz(func(t *testing.T, src string) {
		n, err := Read(strings.NewReader(src))
		if err != nil || n.Validate() != nil {
			return
		}
		var buf bytes.Buffer
		if err := Write(&buf, n); err != nil {
			return // e.g. a name with a double quote
		}
		back, err := Read(&buf)
		if err != nil {
			t.Fatalf("reading written network: %v\n%s", err, buf.String())
		}
		if n.Name == "" && back.Name == "unknown" {
			back.Name = "" // Write names an unnamed network "unknown", as bnlearn does
		}
		if d := bn.Diff(n, back, 0, true); len(d) != 0 {
			t.Fatalf("round trip differs: %v\n%s", d, buf.String())
		}
	})
}
