package relations

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"text/tabwriter"
	"time"

	"entente/cameo"
	"entente/events"
	"entente/store"
)

// EventsQuery asks for the raw events behind a dyad figure: both
// directions between A and B (countries or groups, with the same membership
// windows as Dyad), ordered by date.
type EventsQuery struct {
	A, B     string
	From, To time.Time
	Roots    []string // 2-digit CAMEO roots; empty keeps all
	Datasets []events.Dataset
	Limit    int // 0 means no limit
}

// Events returns the raw events between q.A and q.B for drill-down and
// provenance: every event keeps its data set, file and line of origin.
func Events(ctx context.Context, src store.EventSource, q EventsQuery) ([]events.Event, error) {
	if !q.From.IsZero() && !q.To.IsZero() && q.From.After(q.To) {
		return nil, fmt.Errorf("%w: from %s is after to %s", ErrBadQuery, q.From.Format(time.DateOnly), q.To.Format(time.DateOnly))
	}
	if q.Limit < 0 {
		return nil, fmt.Errorf("%w: limit must not be negative, got %d", ErrBadQuery, q.Limit)
	}
	for _, r := range q.Roots {
		if len(r) != 2 || cameo.QuadClass(r) == 0 {
			return nil, fmt.Errorf("%w: %q is not a CAMEO root code: use two digits, 01 to 20", ErrBadQuery, r)
		}
	}
	a, err := ResolveActor(q.A)
	if err != nil {
		return nil, err
	}
	b, err := ResolveActor(q.B)
	if err != nil {
		return nil, err
	}
	pairs := undirectedPairs(a, b)
	if len(pairs) == 0 {
		return nil, nil // an empty Pairs list would mean every pair
	}
	evs, err := src.Events(ctx, store.EventQuery{Pairs: pairs, From: q.From, To: q.To, Roots: q.Roots, Datasets: q.Datasets, Limit: q.Limit})
	if err != nil {
		return nil, fmt.Errorf("read events %s–%s: %w", a.Code, b.Code, err)
	}
	return evs, nil
}

// EventColumns are the columns of an event listing.
var EventColumns = []string{"date", "source", "source_name", "target", "target_name", "code", "description",
	"quad", "goldstein", "tone", "mentions", "url", "dataset", "file", "line", "id"}

func fnum(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	return num(x)
}

func eventRecord(e events.Event) []string {
	desc := ""
	if c, ok := cameo.Event(e.Code); ok {
		desc = c.Description
	}
	return []string{e.Date.Format(time.DateOnly), e.Source.Country, e.Source.Name, e.Target.Country, e.Target.Name,
		e.Code, desc, strconv.Itoa(e.Quad), fnum(e.Goldstein), fnum(e.Tone), strconv.Itoa(int(e.Mentions)),
		e.URL, string(e.Dataset), e.File, strconv.FormatInt(e.Line, 10), e.ID}
}

// WriteEventsCSV writes events as CSV with EventColumns. Missing numbers
// are empty.
func WriteEventsCSV(w io.Writer, evs []events.Event) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(EventColumns); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	for _, e := range evs {
		if err := cw.Write(eventRecord(e)); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// WriteEventsJSON writes events as a JSON array of objects keyed by
// EventColumns.
func WriteEventsJSON(w io.Writer, evs []events.Event) error {
	out := make([]map[string]any, 0, len(evs))
	for _, e := range evs {
		rec := eventRecord(e)
		m := make(map[string]any, len(rec))
		for i, k := range EventColumns {
			m[k] = rec[i]
		}
		m["quad"], m["mentions"], m["line"] = e.Quad, e.Mentions, e.Line
		for _, k := range []string{"goldstein", "tone"} {
			if v := m[k].(string); v != "" {
				m[k] = json.Number(v)
			} else {
				m[k] = nil
			}
		}
		out = append(out, m)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}

// WriteEventsTable writes events as a table for people: date, direction,
// code and description, Goldstein, tone, and where the row came from.
func WriteEventsTable(w io.Writer, evs []events.Event) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "date\tsource\ttarget\tcode\tdescription\tgoldstein\ttone\tmentions\torigin\turl\t")
	for _, e := range evs {
		r := eventRecord(e)
		desc := r[6]
		if len(desc) > 40 {
			desc = desc[:37] + "..."
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s:%s:%s\t%s\t\n", r[0], r[1], r[3], r[5], desc, r[8], r[9], r[10], r[12], r[13], r[14], r[11])
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	return nil
}
