package sinorussian

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"entente/cameo"
)

// Precision says how much of an Entry's Date is known. A date known only to
// the month or year is stored as the first day of that month or year.
type Precision string

// Date precisions.
const (
	Day   Precision = "day"
	Month Precision = "month"
	Year  Precision = "year"
)

// Entry is one row of a chronology: who did what to whom, when, coded in
// CAMEO, with the reference that supports it.
type Entry struct {
	ID        string    // stable row id, e.g. "aigun-1858"; claims link to it
	Date      time.Time // UTC midnight; first day of the month/year for coarser precision
	Precision Precision
	Source    string  // CAMEO country code of the actor, e.g. "RUS"
	Target    string  // CAMEO country code of the recipient
	Code      string  // full CAMEO event code, leading zeros kept ("057")
	Goldstein float64 // the code's Goldstein weight (Goldstein 1992), equal to cameo.Goldstein(Code)
	// Description is a one-line account in the chronology's own words.
	Description string
	// Citation names the treaty, official statement or reference work.
	Citation string
	Line     int // 1-based line of the row in its file
}

// chronologyHeader is the required header of a chronology file.
var chronologyHeader = []string{"id", "date", "precision", "source", "target", "cameo", "goldstein", "description", "citation"}

// ErrChronology is matched (errors.Is) by every error ReadChronology
// returns for bad content, as opposed to a failing reader.
var ErrChronology = errors.New("invalid chronology")

// Chronology returns the embedded Russia–China chronology in date order.
// The slice is freshly allocated; the caller owns it.
func Chronology() ([]Entry, error) {
	return ReadChronology(bytes.NewReader(mustFile(ChronologyFile)), ChronologyFile)
}

// ReadChronology parses a chronology in the layout of chronology.csv (see
// chronology.md) and validates every row: the header, a unique non-empty id,
// an ISO date consistent with its precision (month and year precision use
// the first day), CAMEO country codes for both actors, a known CAMEO event
// code whose Goldstein weight equals the row's, a non-empty description and
// citation, and non-decreasing dates. The first bad row ends the read with an
// error naming file and line; a chronology is small and hand-written, so a
// partial one is never useful.
func ReadChronology(r io.Reader, file string) ([]Entry, error) {
	var out []Entry
	seen := map[string]int{}
	err := readTable(r, file, chronologyHeader, ErrChronology, func(rec []string, line int) error {
		e, err := parseEntry(rec, line)
		if err != nil {
			return fmt.Errorf("%s:%d: %w", file, line, err)
		}
		if prev, dup := seen[e.ID]; dup {
			return fmt.Errorf("%s:%d: id %q already used on line %d: %w", file, line, e.ID, prev, ErrChronology)
		}
		seen[e.ID] = line
		if n := len(out); n > 0 && e.Date.Before(out[n-1].Date) {
			return fmt.Errorf("%s:%d: %s is earlier than the previous row's %s (rows must be in date order): %w",
				file, line, e.Date.Format(time.DateOnly), out[n-1].Date.Format(time.DateOnly), ErrChronology)
		}
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// parseEntry parses and validates one record.
func parseEntry(rec []string, line int) (Entry, error) {
	bad := func(col, format string, args ...any) (Entry, error) {
		return Entry{}, fmt.Errorf("%s: %s: %w", col, fmt.Sprintf(format, args...), ErrChronology)
	}
	e := Entry{
		ID:          strings.TrimSpace(rec[0]),
		Precision:   Precision(rec[2]),
		Source:      rec[3],
		Target:      rec[4],
		Code:        rec[5],
		Description: strings.TrimSpace(rec[7]),
		Citation:    strings.TrimSpace(rec[8]),
		Line:        line,
	}
	if e.ID == "" || strings.ContainsAny(e.ID, " \t,") {
		return bad("id", "%q is empty or contains a space or comma", rec[0])
	}
	d, err := time.Parse(time.DateOnly, rec[1])
	if err != nil {
		return bad("date", "%q is not an ISO date (YYYY-MM-DD)", rec[1])
	}
	e.Date = d
	switch e.Precision {
	case Day:
	case Month:
		if d.Day() != 1 {
			return bad("date", "%s has month precision but is not the first of the month", rec[1])
		}
	case Year:
		if d.Day() != 1 || d.Month() != time.January {
			return bad("date", "%s has year precision but is not 1 January", rec[1])
		}
	default:
		return bad("precision", "%q is not day, month or year", rec[2])
	}
	for _, a := range []struct{ col, code string }{{"source", e.Source}, {"target", e.Target}} {
		if _, ok := cameo.Country(a.code); !ok {
			return bad(a.col, "%q is not a CAMEO country code", a.code)
		}
	}
	ev, ok := cameo.Event(e.Code)
	if !ok {
		return bad("cameo", "%q is not a CAMEO event code", e.Code)
	}
	g, err := strconv.ParseFloat(rec[6], 64)
	if err != nil {
		return bad("goldstein", "%q is not a number", rec[6])
	}
	if math.Abs(g-ev.Goldstein) > 1e-9 {
		return bad("goldstein", "%v, but CAMEO %s (%s) weighs %v", g, e.Code, ev.Description, ev.Goldstein)
	}
	e.Goldstein = g
	if e.Description == "" {
		return bad("description", "empty")
	}
	if e.Citation == "" {
		return bad("citation", "empty: every row needs a source")
	}
	return e, nil
}

func equalFields(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.TrimSpace(strings.TrimPrefix(a[i], "\ufeff")) != b[i] {
			return false
		}
	}
	return true
}
