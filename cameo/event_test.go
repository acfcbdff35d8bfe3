package cameo

import (
	"strings"
	"testing"
)

// Expected values are GDELT's CAMEO.eventcodes.txt and
// CAMEO.goldsteinscale.txt (shared/data/cameo, see SOURCES.md).
func TestEvent(t *testing.T) {
	tests := []struct {
		code, desc string
		goldstein  float64
		root       string
		quad       int
	}{
		{"01", "MAKE PUBLIC STATEMENT", 0.0, "01", 1},
		{"042", "Make a visit", 1.9, "04", 1},
		{"043", "Host a visit", 2.8, "04", 1},
		{"044", "Meet at a 'third' location", 2.5, "04", 1}, // mis-encoded quotes repaired
		{"0356", "Express intent to de-escalate military engagement", 7.0, "03", 1},
		{"057", "Sign formal agreement", 8.0, "05", 1},
		{"061", "Cooperate economically", 6.4, "06", 2},
		{"090", "Investigate, not specified below", -2.0, "09", 2},
		{"1056", "Demand de-escalation of military engagement", -5.0, "10", 3}, // was merged with 106 in spark-gdelt
		{"106", "Demand withdrawal", -5.0, "10", 3},
		{"141", "Demonstrate or rally", -6.5, "14", 3},
		{"163", "Impose embargo, boycott, or sanctions", -8.0, "16", 4},
		{"190", "Use conventional military force, not specified below", -10.0, "19", 4},
		{"2042", "Detonate nuclear weapons", -10.0, "20", 4},
	}
	for _, tc := range tests {
		t.Run(tc.code, func(t *testing.T) {
			e, ok := Event(tc.code)
			if !ok {
				t.Fatalf("Event(%q) not found", tc.code)
			}
			want := EventCode{Code: tc.code, Description: tc.desc, Goldstein: tc.goldstein, Root: tc.root, Quad: tc.quad}
			if e != want {
				t.Errorf("Event(%q) = %+v, want %+v", tc.code, e, want)
			}
			if g, ok := Goldstein(tc.code); !ok || g != tc.goldstein {
				t.Errorf("Goldstein(%q) = %v, %v; want %v", tc.code, g, ok, tc.goldstein)
			}
		})
	}
}

func TestEventUnknown(t *testing.T) {
	// 043 "Host a visit" has no four-digit children; "43" lacks its zero.
	for _, code := range []string{"0431", "43", "4", "", "21", "1057", "---", "042 "} {
		if e, ok := Event(code); ok {
			t.Errorf("Event(%q) = %+v, want not found", code, e)
		}
		if _, ok := Goldstein(code); ok {
			t.Errorf("Goldstein(%q) found, want not found", code)
		}
	}
}

func TestCodes(t *testing.T) {
	codes := Codes()
	// 311 = the rows of GDELT's CAMEO.eventcodes.txt (mpiccirilli copy, SOURCES.md).
	if len(codes) != 311 {
		t.Fatalf("len(Codes()) = %d, want 311", len(codes))
	}
	roots := map[string]int{}
	for i, e := range codes {
		if i > 0 && codes[i-1].Code >= e.Code {
			t.Errorf("Codes() not strictly sorted at %d: %q then %q", i, codes[i-1].Code, e.Code)
		}
		if e.Goldstein < -10 || e.Goldstein > 10 {
			t.Errorf("%s: Goldstein %v outside [-10, 10]", e.Code, e.Goldstein)
		}
		if n := len(e.Code); n < 2 || n > 4 || e.Root != e.Code[:2] {
			t.Errorf("%s: bad code or root %q", e.Code, e.Root)
		}
		if e.Quad < 1 || e.Quad > 4 {
			t.Errorf("%s: quad %d", e.Code, e.Quad)
		}
		if e.Description == "" || strings.ContainsAny(e.Description, "ÃÒÓ\t") || strings.TrimSpace(e.Description) != e.Description {
			t.Errorf("%s: suspicious description %q", e.Code, e.Description)
		}
		if len(e.Code) > 2 {
			if _, ok := Event(e.Code[:len(e.Code)-1]); !ok {
				t.Errorf("%s: parent code %s missing", e.Code, e.Code[:len(e.Code)-1])
			}
		}
		roots[e.Root]++
	}
	if len(roots) != 20 {
		t.Errorf("%d roots, want 20: %v", len(roots), roots)
	}
	codes[0].Code = "changed"
	if Codes()[0].Code == "changed" {
		t.Error("Codes() returned the package's own slice")
	}
}

func TestQuadClass(t *testing.T) {
	// GDELT's mapping, measured in the files (shared/DOMAIN.md).
	want := map[string]int{
		"01": 1, "02": 1, "03": 1, "04": 1, "05": 1,
		"06": 2, "07": 2, "08": 2, "09": 2,
		"10": 3, "11": 3, "12": 3, "13": 3, "14": 3,
		"15": 4, "16": 4, "17": 4, "18": 4, "19": 4, "20": 4,
		"00": 0, "21": 0, "1": 0, "": 0, "042": 0, "x1": 0, "29": 0,
	}
	for root, q := range want {
		if got := QuadClass(root); got != q {
			t.Errorf("QuadClass(%q) = %d, want %d", root, got, q)
		}
	}
}

func TestActorType(t *testing.T) {
	tests := []struct{ code, desc string }{
		{"GOV", "Government"}, {"MIL", "Military"}, {"UIS", "Unidentified State Actor"},
		{"IGO", "Inter-Governmental Organization"}, {"SET", "Settler"},
	}
	for _, tc := range tests {
		if d, ok := ActorType(tc.code); !ok || d != tc.desc {
			t.Errorf("ActorType(%q) = %q, %v; want %q", tc.code, d, ok, tc.desc)
		}
	}
	if _, ok := ActorType("XXX"); ok {
		t.Error("ActorType(XXX) found")
	}
	// CAMEO.type.txt lists 40 rows of which UIS twice: 39 distinct codes.
	if len(actorTypes) != 39 {
		t.Errorf("%d actor types, want 39", len(actorTypes))
	}
}

func TestActorTypes(t *testing.T) {
	a := ActorTypes()
	if len(a) != 39 || a[0].Code != "AGR" || a[len(a)-1].Code != "UNO" {
		t.Errorf("ActorTypes() = %d codes from %v to %v; want 39 from AGR to UNO", len(a), a[0], a[len(a)-1])
	}
}
