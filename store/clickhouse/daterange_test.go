package clickhouse

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"entente/events"
)

// TestDateRange: an event before 1970 is refused (ClickHouse's Date would
// wrap it to another century) and nothing of the file is stored.
func TestDateRange(t *testing.T) {
	s := openFresh(t)
	ctx := context.Background()
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	ev := func(id string, d time.Time) events.Event {
		return events.Event{ID: id, Date: d, Dataset: events.Chronology, Code: "057", Base: "057", Root: "05", Quad: 1,
			Source: events.Actor{Country: "RUS"}, Target: events.Actor{Country: "CHN"}, Goldstein: 8, Tone: math.NaN(),
			Lat: math.NaN(), Lon: math.NaN(), File: "chronology.csv", Line: 3}
	}
	err = tx.AppendEvents(ctx, []events.Event{
		ev("ok", time.Date(2001, 7, 16, 0, 0, 0, 0, time.UTC)),
		ev("nerchinsk", time.Date(1689, 8, 27, 0, 0, 0, 0, time.UTC)),
	})
	if !errors.Is(err, ErrDateRange) {
		t.Fatalf("err = %v, want ErrDateRange", err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Datasets) != 0 {
		t.Errorf("after a refused file the store holds %+v", st.Datasets)
	}
}
