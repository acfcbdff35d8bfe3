package relations

import (
	"slices"
	"testing"

	"entente/cameo"
)

func TestGroupMembership(t *testing.T) {
	tests := []struct {
		group, country, date string
		member               bool
	}{
		{"NATO", "FIN", "2023-04-03", false},
		{"NATO", "FIN", "2023-04-04", true}, // accession deposited 4 April 2023
		{"NATO", "SWE", "2024-03-06", false},
		{"NATO", "SWE", "2024-03-07", true},
		{"NATO", "USA", "1949-08-24", true},
		{"NATO", "DEU", "1955-05-08", false},
		{"NATO", "MTN", "2017-06-05", true}, // CAMEO's code for Montenegro
		{"EU", "GBR", "2020-01-31", true},
		{"EU", "GBR", "2020-02-01", false}, // Brexit
		{"EU", "HRV", "2013-07-01", true},
		{"EU", "ROM", "2007-01-01", true},  // CAMEO's code for Romania
		{"G7", "RUS", "2005-01-01", false}, // G8 is not G7
		{"G7", "CAN", "1976-06-26", false},
		{"BRICS", "ZAF", "2010-12-23", false},
		{"BRICS", "ZAF", "2011-01-01", true},
		{"BRICS", "IRN", "2024-01-01", true},
		{"BRICS", "SAU", "2025-01-01", false},
		{"SCO", "IND", "2017-06-08", false},
		{"SCO", "IND", "2017-06-09", true},
		{"SCO", "BLR", "2024-07-04", true},
	}
	for _, tc := range tests {
		t.Run(tc.group+" "+tc.country+" "+tc.date, func(t *testing.T) {
			g, ok := LookupGroup(tc.group)
			if !ok {
				t.Fatalf("group %s not found", tc.group)
			}
			if got := slices.Contains(g.MembersOn(d(tc.date)), tc.country); got != tc.member {
				t.Errorf("member = %v, want %v", got, tc.member)
			}
		})
	}
}

// Every member code must be a CAMEO country code, or its events would never
// match (CAMEO spells Romania ROM and Montenegro MTN).
func TestGroupCodesAreCAMEO(t *testing.T) {
	for _, g := range Groups() {
		seen := map[string]bool{}
		for _, m := range g.Members {
			if _, ok := cameo.Country(m.Country); !ok {
				t.Errorf("%s member %s is not a CAMEO country code", g.Name, m.Country)
			}
			if seen[m.Country] {
				t.Errorf("%s lists %s twice", g.Name, m.Country)
			}
			seen[m.Country] = true
		}
		if _, ok := cameo.Country(g.Name); ok {
			t.Errorf("group name %s collides with a CAMEO country code", g.Name)
		}
	}
}

func TestGroupCounts(t *testing.T) {
	want := map[string]int{"NATO": 32, "EU": 28, "G7": 7, "BRICS": 10, "SCO": 10}
	for _, g := range Groups() {
		if len(g.Members) != want[g.Name] {
			t.Errorf("%s has %d members ever, want %d", g.Name, len(g.Members), want[g.Name])
		}
	}
	nato, _ := LookupGroup("nato")
	if n := len(nato.MembersOn(d("2024-03-07"))); n != 32 {
		t.Errorf("NATO on 2024-03-07 has %d members, want 32 (nato.int)", n)
	}
	eu, _ := LookupGroup("EU")
	if n := len(eu.MembersOn(d("2020-02-01"))); n != 27 {
		t.Errorf("EU after Brexit has %d members, want 27", n)
	}
}
