package cameo

import "strings"

// geoName is one row of the GeoNames countryInfo table: the ISO 3166
// alpha-3 code, the FIPS 10-4 code (empty for a few territories) and the
// English short name.
type geoName struct{ iso3, fips, name string }

var (
	geoNames   []geoName
	fipsToISO3 map[string]string
	iso3ToFIPS map[string]string
	geoByISO3  map[string]bool
)

// fipsExtra lists FIPS 10-4 codes GDELT writes that GeoNames does not carry:
// FIPS splits the Palestinian territories into GZ (Gaza Strip) and WE (West
// Bank), ISO 3166 folds both into PSE, and GeoNames lists only WE.
var fipsExtra = map[string]string{"GZ": "PSE"}

// The geoNames table is read in a variable initialiser so that it is ready
// before any init function runs (country.go's init uses it).
var _ = func() struct{} {
	rows := readTable("geonames.tsv", 3)
	fipsToISO3 = make(map[string]string, len(rows))
	iso3ToFIPS = make(map[string]string, len(rows))
	geoByISO3 = make(map[string]bool, len(rows))
	for _, r := range rows {
		geoNames = append(geoNames, geoName{iso3: r[0], fips: r[1], name: r[2]})
		geoByISO3[r[0]] = true
		if r[1] == "" {
			continue
		}
		fipsToISO3[r[1]] = r[0]
		iso3ToFIPS[r[0]] = r[1]
	}
	for f, iso := range fipsExtra {
		fipsToISO3[f] = iso
	}
	return struct{}{}
}()

// FIPSToISO3 maps a FIPS 10-4 country code, as in GDELT's *Geo_CountryCode
// columns, to its ISO 3166 alpha-3 code ("RS" → "RUS", "CH" → "CHN", "UP" →
// "UKR"). Beware the false friends: FIPS "CH" is China, not Switzerland
// (FIPS "SZ"). The match ignores case. The ISO code equals the CAMEO country
// code except for ROU, TLS and MNE (CAMEO: ROM, TMP, MTN).
func FIPSToISO3(fips string) (string, bool) {
	iso, ok := fipsToISO3[strings.ToUpper(fips)]
	return iso, ok
}

// ISO3ToFIPS is the inverse of FIPSToISO3 ("RUS" → "RS"); PSE maps to WE,
// the FIPS code GeoNames gives it.
func ISO3ToFIPS(iso3 string) (string, bool) {
	f, ok := iso3ToFIPS[strings.ToUpper(iso3)]
	return f, ok
}
