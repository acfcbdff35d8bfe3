package events

import (
	"fmt"
	"math"
	"unicode/utf8"

	"entente/cameo"
)

// This file maps GDELT event rows, whatever their container (tab-separated
// GDELT 1.0 or 2.0, or a CSV re-export mapped by header names), onto Event.
// Only the columns an Event needs are converted ("parse lazily", Miller
// #786); the others are skipped after the splitter has found their bounds.
//
// Column layouts: GDELT 1.0 Event Database codebook (2013) and GDELT 2.0
// Event Database codebook (2015), http://data.gdeltproject.org/documentation/;
// the column lists used here are in /work/shared/data/cameo/linwoodc3-gdeltPyR/.

// col names the GDELT columns an Event is built from.
type col int

const (
	cID col = iota
	cDate
	cA1Code
	cA1Name
	cA1Country
	cA1Type
	cA2Code
	cA2Name
	cA2Country
	cA2Type
	cCode
	cBase
	cRoot
	cQuad
	cGoldstein
	cMentions
	cSources
	cArticles
	cTone
	cGeoCountry
	cLat
	cLon
	cAdded
	cURL
	nCols
)

// gdeltColNames are the codebook names of the columns, as they appear in the
// header of CSV re-exports.
var gdeltColNames = [nCols]string{
	"GLOBALEVENTID", "SQLDATE",
	"Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
	"Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code",
	"EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
	"NumMentions", "NumSources", "NumArticles", "AvgTone",
	"ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long",
	"DATEADDED", "SOURCEURL",
}

// 0-based positions of the columns in the two TSV layouts. GDELT 2.0 added
// an ADM2Code to each of the three geography blocks (columns 35 onwards), so
// only the action geography, DATEADDED and SOURCEURL differ.
var (
	gdelt1Pos = [nCols]int{0, 1, 5, 6, 7, 12, 15, 16, 17, 22, 26, 27, 28, 29, 30, 31, 32, 33, 34, 51, 53, 54, 56, 57}
	gdelt2Pos = [nCols]int{0, 1, 5, 6, 7, 12, 15, 16, 17, 22, 26, 27, 28, 29, 30, 31, 32, 33, 34, 53, 56, 57, 59, 60}
)

// Field counts of the GDELT layouts.
const (
	gdelt1Fields         = 58 // daily files since 2013-04-01
	gdelt1BackfileFields = 57 // historical backfiles 1979-2013: no SOURCEURL
	gdelt2Fields         = 61
	mentionsFields       = 16
)

// gdeltRow holds the raw bytes of the needed columns of one row; nil means
// the layout has no such column (SOURCEURL in backfile rows).
type gdeltRow [nCols][]byte

// eventBuilder turns raw GDELT columns into an Event, validating as it goes.
// It belongs to one goroutine.
type eventBuilder struct {
	file    string
	dataset Dataset
	dates   dateCache
	arena   *arena
	// fipsISO caches cameo.FIPSToISO3 for two-letter codes, indexed by
	// the letters: a table lookup instead of a map lookup per row.
	fipsISO  [26 * 26]string
	fipsSeen [26 * 26]bool
}

// fips converts a FIPS 10-4 country code to ISO-3166 alpha-3. Codes the
// crosswalk does not know (rare; historical entities) give "" rather than
// an invented code.
func (eb *eventBuilder) fips(g []byte) string {
	if len(g) == 0 {
		return ""
	}
	if len(g) == 2 && g[0]-'A' < 26 && g[1]-'A' < 26 {
		k := int(g[0]-'A')*26 + int(g[1]-'A')
		if !eb.fipsSeen[k] {
			eb.fipsISO[k], _ = cameo.FIPSToISO3(string(g))
			eb.fipsSeen[k] = true
		}
		return eb.fipsISO[k]
	}
	iso, _ := cameo.FIPSToISO3(string(g))
	return iso
}

func newEventBuilder(file string, ds Dataset) *eventBuilder {
	return &eventBuilder{file: file, dataset: ds, arena: newArena()}
}

func (eb *eventBuilder) reject(b *Batch, line int64, c col, format string, args ...any) {
	name := ""
	if c >= 0 {
		name = gdeltColNames[c]
	}
	b.Rejects = append(b.Rejects, RowError{File: eb.file, Line: line, Column: name, Reason: fmt.Sprintf(format, args...)})
}

// quote renders a raw field for an error message, bounded in length.
func quote(b []byte) string {
	if len(b) > 40 {
		return fmt.Sprintf("%q...", b[:40])
	}
	return fmt.Sprintf("%q", b)
}

// build appends the event of row r (physical line line) to b, or a RowError
// naming the first column at fault. The contract for empties follows the
// GDELT codebooks: empty counts are 0, empty tone/Goldstein/coordinates NaN,
// empty actor fields and action geography empty strings; an empty id, date
// or event code is an error because the event cannot be placed without them.
//
// ascii tells that the whole row is ASCII, sparing the UTF-8 checks.
func (eb *eventBuilder) build(r *gdeltRow, ascii bool, line int64, b *Batch) {
	if !ascii {
		for c := range nCols {
			if !utf8.Valid(r[c]) {
				eb.reject(b, line, c, "invalid UTF-8 %s", quote(r[c]))
				return
			}
		}
	}
	if !allDigits(r[cID]) {
		if len(r[cID]) == 0 {
			eb.reject(b, line, cID, "empty event id")
		} else {
			eb.reject(b, line, cID, "event id %s is not a number", quote(r[cID]))
		}
		return
	}
	date, ok := eb.dates.ymd(r[cDate])
	if !ok {
		eb.reject(b, line, cDate, "date %s is not a YYYYMMDD calendar date", quote(r[cDate]))
		return
	}
	code, base, root := r[cCode], r[cBase], r[cRoot]
	if !allDigits(code) || len(code) < 3 || len(code) > 4 {
		eb.reject(b, line, cCode, "event code %s is not a CAMEO code of 3 or 4 digits (leading zeros stripped?)", quote(code))
		return
	}
	if !allDigits(root) || len(root) != 2 || string(code[:2]) != string(root) {
		eb.reject(b, line, cRoot, "root code %s is not the first two digits of event code %s (leading zeros stripped?)", quote(root), quote(code))
		return
	}
	if len(base) > 0 && (!allDigits(base) || len(base) > len(code) || string(code[:len(base)]) != string(base)) {
		eb.reject(b, line, cBase, "base code %s is not a prefix of event code %s", quote(base), quote(code))
		return
	}
	quad := 0
	switch q := r[cQuad]; {
	case len(q) == 0:
		quad = cameo.QuadClass(string(root))
	case len(q) == 1 && q[0] >= '1' && q[0] <= '4':
		quad = int(q[0] - '0')
	default:
		eb.reject(b, line, cQuad, "QuadClass %s is not 1..4", quote(q))
		return
	}
	gold, ok := parseFloat(r[cGoldstein])
	if !ok || gold < -10 || gold > 10 {
		eb.reject(b, line, cGoldstein, "Goldstein %s is not a number in [-10, 10]", quote(r[cGoldstein]))
		return
	}
	var counts [3]int32
	for i, c := range [3]col{cMentions, cSources, cArticles} {
		n, ok := parseCount(r[c])
		if !ok {
			eb.reject(b, line, c, "count %s is not an integer", quote(r[c]))
			return
		}
		counts[i] = n
	}
	tone, ok := parseFloat(r[cTone])
	if !ok {
		eb.reject(b, line, cTone, "tone %s is not a number", quote(r[cTone]))
		return
	}
	lat, ok := parseFloat(r[cLat])
	if !ok || math.Abs(lat) > 90 {
		eb.reject(b, line, cLat, "latitude %s is not a number in [-90, 90]", quote(r[cLat]))
		return
	}
	lon, ok := parseFloat(r[cLon])
	if !ok || math.Abs(lon) > 180 {
		eb.reject(b, line, cLon, "longitude %s is not a number in [-180, 180]", quote(r[cLon]))
		return
	}
	added, ok := parseStamp(r[cAdded])
	if !ok {
		eb.reject(b, line, cAdded, "DATEADDED %s is not YYYYMMDD or YYYYMMDDHHMMSS", quote(r[cAdded]))
		return
	}
	geo := eb.fips(r[cGeoCountry])
	a := eb.arena
	codeS := a.str(code)
	baseS := codeS[:min(3, len(codeS))]
	if len(base) > 0 {
		baseS = codeS[:len(base)]
	}
	// Fill the event in place: building a literal and appending it would
	// copy ~370 bytes per row once more.
	if len(b.Events) == cap(b.Events) {
		b.Events = append(b.Events, Event{})
	} else {
		b.Events = b.Events[:len(b.Events)+1]
	}
	e := &b.Events[len(b.Events)-1]
	e.ID = a.str(r[cID])
	e.Date = date
	e.Source.Code, e.Source.Name = a.str(r[cA1Code]), a.str(r[cA1Name])
	e.Source.Country, e.Source.Type = a.str(r[cA1Country]), a.str(r[cA1Type])
	e.Target.Code, e.Target.Name = a.str(r[cA2Code]), a.str(r[cA2Name])
	e.Target.Country, e.Target.Type = a.str(r[cA2Country]), a.str(r[cA2Type])
	e.Code, e.Base, e.Root = codeS, baseS, codeS[:2]
	e.Quad = quad
	e.Goldstein, e.Tone = gold, tone
	e.Mentions, e.Sources, e.Articles = counts[0], counts[1], counts[2]
	e.GeoCountry = geo
	e.Lat, e.Lon = lat, lon
	e.URL = a.str(r[cURL])
	e.Added = added
	e.Dataset, e.File, e.Line = eb.dataset, eb.file, line
}

// gdeltTSV parses headerless GDELT event TSV rows of the given layouts.
type gdeltTSV struct {
	eb     *eventBuilder
	layout string                        // for messages: "GDELT 1.0" or "GDELT 2.0"
	pos    [gdelt2Fields + 2]*[nCols]int // by field count; nil: count not allowed
	want   string
}

func newGDELT1Parser(file string) lineParser {
	withURL := gdelt1Pos
	noURL := gdelt1Pos
	noURL[cURL] = -1
	p := &gdeltTSV{
		eb:     newEventBuilder(file, GDELT1),
		layout: "GDELT 1.0",
		want:   "57 (backfile) or 58 (daily file)",
	}
	p.pos[gdelt1Fields] = &withURL
	p.pos[gdelt1BackfileFields] = &noURL
	return p
}

func newGDELT2Parser(file string) lineParser {
	pos := gdelt2Pos
	p := &gdeltTSV{
		eb:     newEventBuilder(file, GDELT2),
		layout: "GDELT 2.0",
		want:   "61",
	}
	p.pos[gdelt2Fields] = &pos
	return p
}

func (p *gdeltTSV) newBatch(lines int) *Batch {
	return &Batch{Events: make([]Event, 0, lines)}
}

func (p *gdeltTSV) parseLine(line []byte, lineNo int64, b *Batch) {
	var bounds [gdelt2Fields + 2]int32
	n, ascii := splitTabs(line, bounds[:])
	var pos *[nCols]int
	if n < len(p.pos) {
		pos = p.pos[n]
	}
	if pos == nil {
		got := fmt.Sprint(n)
		if n == len(bounds) {
			got = fmt.Sprintf("more than %d", len(bounds)-2)
		}
		p.eb.reject(b, lineNo, -1, "%s tab-separated fields, want %s for %s", got, p.want, p.layout)
		return
	}
	var r gdeltRow
	for c, k := range pos {
		if k >= 0 {
			r[c] = line[bounds[k] : bounds[k+1]-1]
		}
	}
	if n > 1 && r[cID] != nil && string(r[cID]) == "GLOBALEVENTID" {
		return // a header row some tools add; not data
	}
	p.eb.build(&r, ascii, lineNo, b)
}
