package cameo

import "testing"

// Pairs from the GeoNames countryInfo table (shared/data/cameo/spark-gdelt).
func TestFIPS(t *testing.T) {
	tests := []struct{ fips, iso3 string }{
		{"RS", "RUS"}, {"CH", "CHN"}, {"US", "USA"}, {"GG", "GEO"}, {"UP", "UKR"},
		{"SZ", "CHE"}, {"UK", "GBR"}, {"GM", "DEU"}, {"KN", "PRK"}, {"KS", "KOR"},
		{"WE", "PSE"}, {"RO", "ROU"}, {"MJ", "MNE"}, {"TW", "TWN"},
	}
	for _, tc := range tests {
		if got, ok := FIPSToISO3(tc.fips); !ok || got != tc.iso3 {
			t.Errorf("FIPSToISO3(%q) = %q, %v; want %q", tc.fips, got, ok, tc.iso3)
		}
		if got, ok := ISO3ToFIPS(tc.iso3); !ok || got != tc.fips {
			t.Errorf("ISO3ToFIPS(%q) = %q, %v; want %q", tc.iso3, got, ok, tc.fips)
		}
	}
	if got, ok := FIPSToISO3("GZ"); !ok || got != "PSE" {
		t.Errorf("FIPSToISO3(GZ) = %q, %v; want PSE (Gaza Strip)", got, ok)
	}
	if got, ok := FIPSToISO3("rs"); !ok || got != "RUS" {
		t.Errorf("FIPSToISO3(rs) = %q, %v; want RUS", got, ok)
	}
	for _, f := range []string{"", "XX", "RUS"} {
		if got, ok := FIPSToISO3(f); ok {
			t.Errorf("FIPSToISO3(%q) = %q, want not found", f, got)
		}
	}
	// Every FIPS code maps to an ISO code that maps back, except GZ.
	for f, iso := range fipsToISO3 {
		if back, ok := ISO3ToFIPS(iso); !ok || (back != f && f != "GZ") {
			t.Errorf("round trip %s → %s → %s", f, iso, back)
		}
	}
}

func TestCountryISO3(t *testing.T) {
	tests := []struct {
		cameo, iso3 string
		ok          bool
	}{
		{"RUS", "RUS", true}, {"ROM", "ROU", true}, {"TMP", "TLS", true}, {"MTN", "MNE", true},
		{"EEU", "", false}, {"XYZ", "", false}, {"ROU", "", false},
	}
	for _, tc := range tests {
		if got, ok := CountryISO3(tc.cameo); got != tc.iso3 || ok != tc.ok {
			t.Errorf("CountryISO3(%q) = %q, %v; want %q, %v", tc.cameo, got, ok, tc.iso3, tc.ok)
		}
		if tc.ok {
			if back, ok := CountryByISO3(tc.iso3); !ok || back != tc.cameo {
				t.Errorf("CountryByISO3(%q) = %q, %v; want %q", tc.iso3, back, ok, tc.cameo)
			}
		}
	}
	// GDELT ActionGeo "RO" (FIPS) lands on CAMEO ROM.
	iso, _ := FIPSToISO3("RO")
	if c, ok := CountryByISO3(iso); !ok || c != "ROM" {
		t.Errorf("RO → %s → %q, %v; want ROM", iso, c, ok)
	}
	if _, ok := CountryByISO3("ATA"); ok {
		t.Error("Antarctica has no CAMEO code")
	}
}
