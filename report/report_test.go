package report

import (
	"bytes"
	"context"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"entente/cases"
	_ "entente/cases/sinorussian"
	"entente/events"
	"entente/store"
	"entente/store/memstore"
)

func chronology(t *testing.T, c *cases.Case) store.Reader {
	t.Helper()
	evs, err := c.Chronology()
	if err != nil {
		t.Fatal(err)
	}
	s := memstore.New()
	if err := memstore.Load(context.Background(), s, evs); err != nil {
		t.Fatal(err)
	}
	return s
}

// gdeltLike builds perMonth RUS→CHN events a month for months months
// ending in Dec 2024, all with the given Goldstein weight.
func gdeltLike(t *testing.T, months, perMonth int, goldstein float64) store.Reader {
	t.Helper()
	var evs []events.Event
	id := 0
	for m := 0; m < months; m++ {
		day := time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC).AddDate(0, -m, 0)
		for k := 0; k < perMonth; k++ {
			id++
			evs = append(evs, events.Event{
				ID: "g" + strconv.Itoa(id), Date: day, Dataset: events.GDELT2,
				Source: events.Actor{Country: "RUS"}, Target: events.Actor{Country: "CHN"},
				Code: "042", Base: "042", Root: "04", Quad: 1, Goldstein: goldstein + float64(m%3)*0.5,
				Tone: 1, Lat: math.NaN(), Lon: math.NaN(), Mentions: 1,
			})
		}
	}
	s := memstore.New()
	if err := memstore.Load(context.Background(), s, evs); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestBuildUsesDataStore(t *testing.T) {
	c, err := cases.Load("sino-russian")
	if err != nil {
		t.Fatal(err)
	}
	chron := chronology(t, c)
	cases := []struct {
		name       string
		data       store.Reader
		wantSource string
		wantNote   bool
	}{
		{"no store", nil, "embedded case chronology", false},
		{"thin store", gdeltLike(t, 24, 1, 1.9), "embedded case chronology", true},
		{"rich store", gdeltLike(t, 36, 20, 1.9), "test.duckdb", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Build(context.Background(), Options{Case: c, Chronology: chron, Data: tc.data, DataName: "test.duckdb"})
			if err != nil {
				t.Fatal(err)
			}
			if r.Current.Source != tc.wantSource {
				t.Errorf("current source = %q, want %q", r.Current.Source, tc.wantSource)
			}
			if (r.Current.Note != "") != tc.wantNote {
				t.Errorf("note = %q, want note: %v", r.Current.Note, tc.wantNote)
			}
			if tc.data != nil {
				found := false
				for _, d := range r.DataUsed {
					found = found || (d.Store == "test.duckdb" && d.Dataset == "gdelt2")
				}
				if !found {
					t.Errorf("data_used does not list the store: %+v", r.DataUsed)
				}
			}
			if tc.wantSource == "test.duckdb" {
				if r.Current.Period != "2024-01..2024-12" || r.Current.Events != 240 {
					t.Errorf("present = %s with %d events, want 2024-01..2024-12 with 240", r.Current.Period, r.Current.Events)
				}
				if len(r.Series.Recent) == 0 {
					t.Error("no recent series from the store")
				}
			}
			var b bytes.Buffer
			if err := r.WriteHTML(&b); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), tc.wantSource) {
				t.Errorf("HTML does not name the data used (%s)", tc.wantSource)
			}
		})
	}
}

// TestPool checks the pooled index against a hand computation of the
// relations formula.
func TestPool(t *testing.T) {
	c, _ := cases.Load("sino-russian")
	r, err := Build(context.Background(), Options{Case: c, Chronology: chronology(t, c), Data: gdeltLike(t, 36, 20, 1.9), DataName: "x"})
	if err != nil {
		t.Fatal(err)
	}
	// Every window mixes months with Goldstein 1.9, 2.4, 2.9 equally, so the
	// pooled mean of the last 12 months is 2.4 and the long-run mean is 2.4:
	// shrinkage leaves 2.4.
	if math.Abs(r.Current.Index-2.4) > 1e-9 {
		t.Errorf("index = %.6f, want 2.4", r.Current.Index)
	}
}
