package events

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"entente/cameo"
)

// This file reads ICEWS event files as published on Harvard Dataverse
// (Boschee et al., ICEWS Coded Event Data, doi:10.7910/DVN/28075):
// tab-separated, unquoted, with a header row of 20 named columns. Columns are
// found by name, so reordered or extended files read too.
//
// ICEWS differs from GDELT in ways the mapping must bridge:
//   - countries are names ("Russian Federation"), mapped to CAMEO codes with
//     cameo.CountryByName; "NA" or empty means none, and a name the table
//     does not know also leaves the code empty (the name stays in Actor.Name);
//   - "Intensity" is the Goldstein weight of the CAMEO code;
//   - there is no QuadClass: it is derived from the root via cameo.QuadClass;
//   - there is no tone: Tone is NaN; no URL, mentions or DATEADDED.

// icewsCol names the ICEWS columns an Event is built from.
type icewsCol int

const (
	iID icewsCol = iota
	iDate
	iSrcName
	iSrcCountry
	iText
	iCode
	iIntensity
	iTgtName
	iTgtCountry
	iCountry
	iLat
	iLon
	nICEWSCols
)

// icewsColNames are the header names, as in the Dataverse files.
var icewsColNames = [nICEWSCols]string{
	"Event ID", "Event Date", "Source Name", "Source Country", "Event Text",
	"CAMEO Code", "Intensity", "Target Name", "Target Country", "Country",
	"Latitude", "Longitude",
}

// icewsOptional marks columns a file may lack without being rejected.
var icewsOptional = [nICEWSCols]bool{iText: true, iCountry: true, iLat: true, iLon: true}

// icewsLayout maps each needed column to its 0-based position (-1: absent).
type icewsLayout struct {
	pos    [nICEWSCols]int
	fields int // header field count: every row must have it
}

// parseICEWSHeader finds the needed columns in header (CR already removed).
func parseICEWSHeader(header []byte) (*icewsLayout, error) {
	names := strings.Split(string(header), "\t")
	l := &icewsLayout{fields: len(names)}
	for c := range l.pos {
		l.pos[c] = -1
	}
	for k, n := range names {
		for c, want := range icewsColNames {
			if strings.EqualFold(strings.TrimSpace(n), want) {
				l.pos[c] = k
			}
		}
	}
	var missing []string
	for c, k := range l.pos {
		if k < 0 && !icewsOptional[c] {
			missing = append(missing, fmt.Sprintf("%q", icewsColNames[c]))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("ICEWS header lacks column(s) %s", strings.Join(missing, ", "))
	}
	return l, nil
}

// icewsParser parses ICEWS rows; it belongs to one goroutine.
type icewsParser struct {
	file      string
	layout    *icewsLayout
	dates     dateCache
	arena     *arena
	countries map[string]string // country name → CAMEO code ("" when unknown)
}

func newICEWSParser(file string, l *icewsLayout) lineParser {
	return &icewsParser{file: file, layout: l, arena: newArena(), countries: make(map[string]string, 256)}
}

func (p *icewsParser) newBatch(lines int) *Batch {
	return &Batch{Events: make([]Event, 0, lines)}
}

func (p *icewsParser) reject(b *Batch, line int64, c icewsCol, format string, args ...any) {
	name := ""
	if c >= 0 {
		name = icewsColNames[c]
	}
	b.Rejects = append(b.Rejects, RowError{File: p.file, Line: line, Column: name, Reason: fmt.Sprintf(format, args...)})
}

// country maps an ICEWS country name to its CAMEO code, caching lookups.
func (p *icewsParser) country(name []byte) string {
	if len(name) == 0 || string(name) == "NA" {
		return ""
	}
	if code, ok := p.countries[unsafeString(name)]; ok {
		return code
	}
	code, _ := cameo.CountryByName(string(name))
	p.countries[string(name)] = code
	return code
}

// icewsMaxFields bounds the header width this parser accepts (the Dataverse
// files have 20 columns).
const icewsMaxFields = 64

func (p *icewsParser) parseLine(line []byte, lineNo int64, b *Batch) {
	var bounds [icewsMaxFields + 2]int32
	n, ascii := splitTabs(line, bounds[:])
	if n != p.layout.fields {
		p.reject(b, lineNo, -1, "%d tab-separated fields, want %d as in the ICEWS header", min(n, icewsMaxFields+1), p.layout.fields)
		return
	}
	var f [nICEWSCols][]byte
	for c, k := range p.layout.pos {
		if k >= 0 {
			f[c] = line[bounds[k] : bounds[k+1]-1]
			if !ascii && !utf8.Valid(f[c]) {
				p.reject(b, lineNo, icewsCol(c), "invalid UTF-8 %s", quote(f[c]))
				return
			}
		}
	}
	if !allDigits(f[iID]) {
		if len(f[iID]) == 0 {
			p.reject(b, lineNo, iID, "empty event id")
		} else {
			p.reject(b, lineNo, iID, "event id %s is not a number", quote(f[iID]))
		}
		return
	}
	date, ok := p.dates.isoDate(f[iDate])
	if !ok {
		p.reject(b, lineNo, iDate, "date %s is not a YYYY-MM-DD calendar date", quote(f[iDate]))
		return
	}
	code := f[iCode]
	if !allDigits(code) || len(code) < 3 || len(code) > 4 {
		p.reject(b, lineNo, iCode, "CAMEO code %s (event text %s) is not 3 or 4 digits (leading zeros stripped?)", quote(code), quote(f[iText]))
		return
	}
	gold, ok := parseFloat(naEmpty(f[iIntensity]))
	if !ok || gold < -10 || gold > 10 {
		p.reject(b, lineNo, iIntensity, "intensity %s is not a number in [-10, 10]", quote(f[iIntensity]))
		return
	}
	lat, lon := math.NaN(), math.NaN()
	if p.layout.pos[iLat] >= 0 && p.layout.pos[iLon] >= 0 {
		if lat, ok = parseFloat(naEmpty(f[iLat])); !ok || math.Abs(lat) > 90 {
			p.reject(b, lineNo, iLat, "latitude %s is not a number in [-90, 90]", quote(f[iLat]))
			return
		}
		if lon, ok = parseFloat(naEmpty(f[iLon])); !ok || math.Abs(lon) > 180 {
			p.reject(b, lineNo, iLon, "longitude %s is not a number in [-180, 180]", quote(f[iLon]))
			return
		}
	}
	a := p.arena
	codeS := a.str(code)
	b.Events = append(b.Events, Event{
		ID:         a.str(f[iID]),
		Date:       date,
		Source:     Actor{Name: a.str(naEmpty(f[iSrcName])), Country: p.country(f[iSrcCountry])},
		Target:     Actor{Name: a.str(naEmpty(f[iTgtName])), Country: p.country(f[iTgtCountry])},
		Code:       codeS,
		Base:       codeS[:3],
		Root:       codeS[:2],
		Quad:       cameo.QuadClass(codeS[:2]),
		Goldstein:  gold,
		Tone:       math.NaN(),
		GeoCountry: p.country(f[iCountry]),
		Lat:        lat,
		Lon:        lon,
		Dataset:    ICEWS,
		File:       p.file,
		Line:       lineNo,
	})
}

// naEmpty maps ICEWS's "NA" placeholder to empty.
func naEmpty(b []byte) []byte {
	if bytes.Equal(b, []byte("NA")) {
		return nil
	}
	return b
}
