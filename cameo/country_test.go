package cameo

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"entente/internal/shareddata"
)

func TestCountry(t *testing.T) {
	tests := []struct{ code, name string }{
		{"RUS", "Russia"}, {"CHN", "China"}, {"USA", "United States"},
		{"PSE", "Occupied Palestinian Territory"}, {"COL", "Colombia"}, {"ROM", "Romania"},
		{"SSD", "South Sudan"}, {"EEU", "Eastern Europe"},
	}
	for _, tc := range tests {
		if n, ok := Country(tc.code); !ok || n != tc.name {
			t.Errorf("Country(%q) = %q, %v; want %q", tc.code, n, ok, tc.name)
		}
	}
	if _, ok := Country("rus"); ok {
		t.Error("Country is documented as case-sensitive")
	}
	// 261 rows of CAMEO.country.txt (spark-gdelt) + SSD.
	if n := len(Countries()); n != 262 {
		t.Errorf("len(Countries()) = %d, want 262", n)
	}
}

func TestCountryByName(t *testing.T) {
	tests := []struct{ name, code string }{
		{"Russian Federation", "RUS"},
		{"Russia", "RUS"},
		{"russia", "RUS"},
		{"China", "CHN"},
		{"United States", "USA"},
		{"United States of America", "USA"},
		{"Occupied Palestinian Territory", "PSE"},
		{"the former Yugoslav Republic of Macedonia", "MKD"},
		{"Moldova, Republic of", "MDA"},
		{"Cote d'Ivoire", "CIV"},
		{"Côte d’Ivoire", "CIV"},
		{"Democratic Republic of Congo", "COD"},
		{"Congo", "COG"},
		{"Holy See", "VAT"},
		{"Timor-Leste", "TMP"},
		{"Romania", "ROM"},
		{"Montenegro", "MTN"},
		{"Czechia", "CZE"}, // GeoNames name
		{"Korea, Republic of", "KOR"},
		{"  Georgia ", "GEO"},
	}
	for _, tc := range tests {
		if c, ok := CountryByName(tc.name); !ok || c != tc.code {
			t.Errorf("CountryByName(%q) = %q, %v; want %q", tc.name, c, ok, tc.code)
		}
	}
	for _, name := range []string{"", "NA", "Atlantis", "RUS"} {
		if c, ok := CountryByName(name); ok {
			t.Errorf("CountryByName(%q) = %q, want not found", name, c)
		}
	}
}

// TestCountryByNameICEWS checks that every country name in the real ICEWS
// sample (andybega/icews events.2018.sample.tab, SOURCES.md) maps, in the
// Source Country, Target Country and location Country columns.
func TestCountryByNameICEWS(t *testing.T) {
	path := shareddata.Path(t, "icews/andybega-icews/events.2018.sample.tab")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	if !sc.Scan() {
		t.Fatal("empty file")
	}
	cols := map[string]int{}
	for i, h := range strings.Split(sc.Text(), "\t") {
		cols[h] = i
	}
	seen := map[string]bool{}
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		for _, c := range []string{"Source Country", "Target Country", "Country"} {
			i, ok := cols[c]
			if !ok {
				t.Fatalf("column %q missing", c)
			}
			if i < len(f) {
				seen[f[i]] = true
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	delete(seen, "")
	delete(seen, "NA") // R's missing value
	if len(seen) < 140 {
		t.Fatalf("only %d distinct names; wrong columns?", len(seen))
	}
	for name := range seen {
		if _, ok := CountryByName(name); !ok {
			t.Errorf("ICEWS country %q does not map", name)
		}
	}
	// The dyad counts in SOURCES.md rest on these three.
	for name, want := range map[string]string{"Russian Federation": "RUS", "China": "CHN", "United States": "USA"} {
		if !seen[name] {
			t.Errorf("%q not in the sample", name)
		}
		if got, _ := CountryByName(name); got != want {
			t.Errorf("CountryByName(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestAliasesKnownCodes(t *testing.T) {
	for _, r := range readTable("aliases.tsv", 2) {
		if _, ok := Country(r[1]); !ok {
			t.Errorf("alias %q → unknown code %q", r[0], r[1])
		}
		if c, _ := CountryByName(r[0]); c != r[1] {
			t.Errorf("alias %q → %q, but CountryByName gives %q (shadowed by a CAMEO label)", r[0], r[1], c)
		}
	}
}
