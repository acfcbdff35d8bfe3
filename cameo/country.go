package cameo

import (
	"slices"
	"strings"
)

// CountryCode is one CAMEO country (or region) code and its name.
type CountryCode struct {
	Code, Name string
}

var (
	countryList   []CountryCode
	countryByCode map[string]string
	countryByName map[string]string // normalised name → CAMEO code
)

// iso3Exceptions lists the ISO 3166 alpha-3 codes CAMEO spells differently;
// everywhere else a CAMEO country code equals the ISO code (CAMEO also has
// region codes such as EEU "Eastern Europe", which have no ISO counterpart).
var iso3Exceptions = map[string]string{
	"ROU": "ROM", // Romania: CAMEO keeps the pre-2002 ISO code
	"TLS": "TMP", // Timor-Leste: likewise
	"MNE": "MTN", // Montenegro
}

func init() {
	rows := readTable("countries.tsv", 2)
	countryByCode = make(map[string]string, len(rows))
	countryByName = make(map[string]string, 3*len(rows))
	for _, r := range rows {
		countryList = append(countryList, CountryCode{Code: r[0], Name: r[1]})
		countryByCode[r[0]] = r[1]
	}
	// Names are added in order of authority; the first claim on a name wins.
	claim := func(name, code string) {
		k := normName(name)
		if _, taken := countryByName[k]; !taken && k != "" {
			countryByName[k] = code
		}
	}
	for _, c := range countryList {
		claim(c.Name, c.Code)
	}
	for _, r := range readTable("aliases.tsv", 2) {
		if _, ok := countryByCode[r[1]]; !ok {
			panic("cameo: aliases.tsv: " + r[0] + " maps to unknown country code " + r[1])
		}
		claim(r[0], r[1])
	}
	for _, g := range geoNames {
		if code, ok := iso3ToCountry(g.iso3); ok {
			claim(g.name, code)
		}
	}
}

// iso3ToCountry maps an ISO 3166 alpha-3 code to the CAMEO country code of
// the same country, if CAMEO has one.
func iso3ToCountry(iso3 string) (string, bool) {
	if c, ok := iso3Exceptions[iso3]; ok {
		return c, true
	}
	if _, ok := countryByCode[iso3]; !ok {
		return "", false
	}
	return iso3, true
}

// CountryByISO3 returns the CAMEO country code of an ISO 3166 alpha-3 code
// ("ROU" → "ROM", "RUS" → "RUS"), if CAMEO has the country. Together with
// FIPSToISO3 it places GDELT's *Geo_CountryCode columns in the same code
// space as the actor country columns.
func CountryByISO3(iso3 string) (code string, ok bool) {
	return iso3ToCountry(strings.ToUpper(iso3))
}

// CountryISO3 returns the ISO 3166 alpha-3 code of a CAMEO country code
// ("ROM" → "ROU"); region codes such as "EEU" have none.
func CountryISO3(code string) (iso3 string, ok bool) {
	for iso, c := range iso3Exceptions {
		if c == code {
			return iso, true
		}
	}
	if _, ok := countryByCode[code]; !ok {
		return "", false
	}
	if !geoByISO3[code] {
		return "", false
	}
	return code, true
}

// Country returns the name of a CAMEO three-letter country code ("RUS" →
// "Russia"). Codes are upper case, as GDELT writes them.
func Country(code string) (name string, ok bool) {
	name, ok = countryByCode[code]
	return name, ok
}

// CountryByName returns the CAMEO country code for a country name, matching
// case-insensitively and ignoring punctuation, accents and a leading "the".
// It knows CAMEO's own labels ("Russia"), the spellings ICEWS uses ("Russian
// Federation", "Occupied Palestinian Territory", "Moldova, Republic of",
// "the former Yugoslav Republic of Macedonia"; data/aliases.tsv) and the
// GeoNames English names ("Czechia", "Timor Leste"). Missing-value markers
// such as "" or "NA" are not names and are not found.
func CountryByName(name string) (code string, ok bool) {
	code, ok = countryByName[normName(name)]
	return code, ok
}

// Countries returns all CAMEO country and region codes sorted by code. The
// slice is a copy the caller may modify.
func Countries() []CountryCode {
	return slices.Clone(countryList)
}

// accentFold spells the accented letters found in country names in ASCII
// (Côte d'Ivoire, Réunion, Türkiye, Curaçao, São Tomé, Åland).
var accentFold = strings.NewReplacer(
	"á", "a", "à", "a", "â", "a", "ä", "a", "ã", "a", "å", "a",
	"é", "e", "è", "e", "ê", "e", "ë", "e",
	"í", "i", "î", "i", "ï", "i",
	"ó", "o", "ô", "o", "ö", "o", "õ", "o",
	"ú", "u", "û", "u", "ü", "u", "ç", "c", "ñ", "n",
)

// normName lower-cases a name, folds accents, turns every run of
// non-alphanumeric characters into one space and drops a leading "the", so
// that "Cote d'Ivoire", "CÔTE D’IVOIRE" and "cote d ivoire" meet.
func normName(s string) string {
	s = accentFold.Replace(strings.ToLower(strings.TrimSpace(s)))
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return strings.TrimPrefix(b.String(), "the ")
}
