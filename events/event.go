package events

import (
	"fmt"
	"time"
)

// Dataset names the origin of an event. It is stored with every row so that a
// figure can always be traced back to the data set behind it.
type Dataset string

// Known data sets.
const (
	GDELT1     Dataset = "gdelt1"
	GDELT2     Dataset = "gdelt2"
	ICEWS      Dataset = "icews"
	CSV        Dataset = "csv"
	Chronology Dataset = "chronology" // a case's hand-coded chronology
	Coded      Dataset = "coded"      // events coded by Entente's text coder
)

// Actor is one side of an event. Code is the full CAMEO actor code
// (e.g. "RUSGOV"), Country the CAMEO 3-letter country code (mostly ISO-3166
// alpha-3, e.g. "RUS"), Type the first CAMEO actor type code (e.g. "GOV").
// Empty fields mean the source did not code them, which is common in GDELT.
type Actor struct {
	Code    string
	Name    string
	Country string
	Type    string
}

// Event is one coded "who did what to whom, when" record.
//
// Numeric fields the source leaves empty are NaN (floats) or zero (counts);
// Quad is 0 when unknown. Lat/Lon are NaN when the event has no action
// geography.
type Event struct {
	ID         string    // GLOBALEVENTID for GDELT, Event ID for ICEWS; unique within a Dataset
	Date       time.Time // event date (UTC midnight), GDELT's SQLDATE
	Source     Actor
	Target     Actor
	Code       string  // full CAMEO event code, e.g. "0431" (leading zeros kept)
	Base       string  // 3-digit base code, e.g. "043"
	Root       string  // 2-digit root code, e.g. "04"
	Quad       int     // QuadClass 1..4 (verbal coop, material coop, verbal conflict, material conflict)
	Goldstein  float64 // Goldstein scale weight in [-10, +10]
	Tone       float64 // GDELT AvgTone; NaN where the source has none (ICEWS)
	Mentions   int32
	Sources    int32
	Articles   int32
	GeoCountry string    // action geography country, ISO-3166 alpha-3 (converted from FIPS 10-4 for GDELT)
	Lat, Lon   float64   // action geography
	URL        string    // SOURCEURL where the source has one
	Added      time.Time // when the source found the event (GDELT DATEADDED); zero when unknown

	Dataset Dataset
	File    string // file of origin (as given to the reader; for archives "a.zip!member")
	Line    int64  // 1-based physical line of origin in File
}

// Mention is one row of a GDELT 2.0 mentions file: an article mentioning an
// event, keyed by the event's GLOBALEVENTID.
type Mention struct {
	EventID        string
	EventTime      time.Time // EventTimeDate
	MentionTime    time.Time // MentionTimeDate
	MentionType    int32
	SourceName     string
	Identifier     string // URL or citation
	SentenceID     int32
	Actor1Offset   int32
	Actor2Offset   int32
	ActionOffset   int32
	InRawText      bool
	Confidence     int32
	DocLen         int32
	DocTone        float64
	DocTranslation string
	Extras         string

	File string
	Line int64
}

// RowError reports one rejected row: where it is and why. Readers return it
// for a bad row and go on with the next, so one bad row never costs a file.
type RowError struct {
	File   string
	Line   int64
	Column string // the column at fault, when known
	Reason string
}

func (e *RowError) Error() string {
	if e.Column != "" {
		return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Column, e.Reason)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason)
}
