package sinorussian

import (
	"math"

	"entente/cameo"
	"entente/events"
)

// ChronologyEvents returns the embedded chronology as events of data set
// events.Chronology, so it can be stored and measured beside GDELT and ICEWS.
//
// Each entry becomes one event: ID "chron-<id>", both actors coded by country
// only (Code and Country the CAMEO country code, Name its CAMEO label), Base
// and Root cut from the event code, Quad from cameo.QuadClass(Root), the
// row's Goldstein weight, Tone and Lat/Lon NaN (a chronology has no tone or
// geography), counts zero, File "chronology.csv" and Line the row's line.
// Date precision is lost in the conversion; use Chronology when it matters.
func ChronologyEvents() ([]events.Event, error) {
	es, err := Chronology()
	if err != nil {
		return nil, err
	}
	return toEvents(es, ChronologyFile), nil
}

func toEvents(es []Entry, file string) []events.Event {
	out := make([]events.Event, len(es))
	for i, e := range es {
		ev := events.Event{
			ID:        "chron-" + e.ID,
			Date:      e.Date,
			Source:    countryActor(e.Source),
			Target:    countryActor(e.Target),
			Code:      e.Code,
			Root:      e.Code[:2],
			Goldstein: e.Goldstein,
			Tone:      math.NaN(),
			Lat:       math.NaN(),
			Lon:       math.NaN(),
			Dataset:   events.Chronology,
			File:      file,
			Line:      int64(e.Line),
		}
		if len(e.Code) >= 3 {
			ev.Base = e.Code[:3]
		}
		ev.Quad = cameo.QuadClass(ev.Root)
		out[i] = ev
	}
	return out
}

func countryActor(code string) events.Actor {
	name, _ := cameo.Country(code)
	return events.Actor{Code: code, Name: name, Country: code}
}
