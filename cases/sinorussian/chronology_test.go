package sinorussian

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"entente/cameo"
)

func date(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// TestChronologyEmbedded checks the embedded file row by row against the
// CAMEO tables (package cameo), independently of ReadChronology's own checks.
func TestChronologyEmbedded(t *testing.T) {
	es, err := Chronology()
	if err != nil {
		t.Fatal(err)
	}
	if len(es) < 120 {
		t.Errorf("chronology has %d rows, want at least 120", len(es))
	}
	var before, after int
	ids := map[string]bool{}
	for i, e := range es {
		if ids[e.ID] {
			t.Errorf("line %d: duplicate id %q", e.Line, e.ID)
		}
		ids[e.ID] = true
		if strings.TrimSpace(e.Citation) == "" || strings.TrimSpace(e.Description) == "" {
			t.Errorf("line %d (%s): empty citation or description", e.Line, e.ID)
		}
		ev, ok := cameo.Event(e.Code)
		if !ok {
			t.Errorf("line %d (%s): %q is not a CAMEO event code", e.Line, e.ID, e.Code)
		} else if ev.Goldstein != e.Goldstein {
			t.Errorf("line %d (%s): Goldstein %v, CAMEO table says %v for %s", e.Line, e.ID, e.Goldstein, ev.Goldstein, e.Code)
		}
		for _, c := range []string{e.Source, e.Target} {
			if _, ok := cameo.Country(c); !ok {
				t.Errorf("line %d (%s): %q is not a CAMEO country", e.Line, e.ID, c)
			}
		}
		switch e.Precision {
		case Day:
		case Month:
			if e.Date.Day() != 1 {
				t.Errorf("line %d (%s): month precision on %v", e.Line, e.ID, e.Date)
			}
		case Year:
			if e.Date.YearDay() != 1 {
				t.Errorf("line %d (%s): year precision on %v", e.Line, e.ID, e.Date)
			}
		default:
			t.Errorf("line %d (%s): precision %q", e.Line, e.ID, e.Precision)
		}
		if i > 0 && e.Date.Before(es[i-1].Date) {
			t.Errorf("line %d (%s): out of date order", e.Line, e.ID)
		}
		if e.Line != i+2 {
			t.Errorf("row %d (%s): Line %d, want %d (one physical line per row after the header)", i, e.ID, e.Line, i+2)
		}
		if e.Date.Year() >= 1989 {
			after++
		} else {
			before++
		}
	}
	if es[0].ID != "albazin-1685" || !strings.HasPrefix(es[1].ID, "nerchinsk-1689") {
		t.Errorf("chronology starts %q, %q; want the Albazin siege then Nerchinsk", es[0].ID, es[1].ID)
	}
	if last := es[len(es)-1]; last.Date.Year() != 2025 {
		t.Errorf("chronology ends %s in %d, want 2025", last.ID, last.Date.Year())
	}
	// Denser after 1989: 36 years since, some 300 years before.
	if after <= before {
		t.Errorf("%d rows from 1989 on, %d before; want the recent period denser", after, before)
	}
}

// TestChronologyEssayEvents pins every historical event the essay names (and
// the Western moves the brief lists) to its row, with the date from the cited
// source: treaty texts, official statements and UN records for exact days;
// Robinson (APSR 1972) for the 1969 clashes; Stalin's Works vol. 13 for the
// speech; Gazprom and Transneft releases for the energy milestones.
func TestChronologyEssayEvents(t *testing.T) {
	es, err := Chronology()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]Entry{}
	for _, e := range es {
		byID[e.ID] = e
	}
	tests := []struct {
		id, date string
		prec     Precision
		src, tgt string
		code     string
	}{
		{"nerchinsk-1689", "1689-08-27", Day, "RUS", "CHN", "057"},
		{"aigun-1858", "1858-05-28", Day, "RUS", "CHN", "057"},
		{"peking-1860", "1860-11-14", Day, "RUS", "CHN", "057"},
		{"stalin-speech-1931", "1931-02-04", Day, "RUS", "WST", "010"},
		{"barbarossa-1941", "1941-06-22", Day, "DEU", "RUS", "190"},
		{"alliance-1950", "1950-02-14", Day, "RUS", "CHN", "057"},
		{"korea-1950", "1950-06-25", Day, "PRK", "KOR", "190"},
		{"air-cover-1950", "1950-10-01", Month, "RUS", "CHN", "1224"},
		{"tibet-india-1959", "1959-10-01", Month, "RUS", "CHN", "111"},
		{"zhenbao-ambush-1969", "1969-03-02", Day, "CHN", "RUS", "193"},
		{"zhenbao-battle-1969", "1969-03-15", Day, "RUS", "CHN", "194"},
		{"kissinger-beijing-1971", "1971-07-09", Day, "USA", "CHN", "042"},
		{"nixon-beijing-1972", "1972-02-21", Day, "USA", "CHN", "042"},
		{"gorbachev-beijing-1989", "1989-05-15", Day, "RUS", "CHN", "042"},
		{"us-arms-sanctions-1989", "1989-06-05", Day, "USA", "CHN", "163"},
		{"malta-1989", "1989-12-02", Day, "USA", "RUS", "044"},
		{"eastern-border-1991", "1991-05-16", Day, "RUS", "CHN", "057"},
		{"su27-1992", "1992-01-01", Year, "RUS", "CHN", "062"},
		{"nato-enlargement-1999", "1999-03-12", Day, "WST", "POL", "057"},
		{"sco-2001", "2001-06-15", Day, "RUS", "CHN", "057"},
		{"good-neighbour-2001", "2001-07-16", Day, "RUS", "CHN", "057"},
		{"sco-charter-2002", "2002-06-07", Day, "RUS", "CHN", "057"},
		{"nato-enlargement-2004", "2004-03-29", Day, "WST", "EST", "057"},
		{"border-supplement-2004", "2004-10-14", Day, "RUS", "CHN", "057"},
		{"orange-revolution-2004", "2004-11-22", Day, "UKR", "UKR", "141"},
		{"border-protocol-2008", "2008-07-21", Day, "RUS", "CHN", "057"},
		{"bric-2009", "2009-06-16", Day, "RUS", "CHN", "043"},
		{"espo-2011", "2011-01-01", Day, "RUS", "CHN", "061"},
		{"euromaidan-2013", "2013-11-21", Day, "UKR", "UKR", "141"},
		{"crimea-annexation-2014", "2014-03-18", Day, "RUS", "UKR", "192"},
		{"us-sanctions-2014", "2014-03-17", Day, "USA", "RUS", "163"},
		{"power-of-siberia-deal-2014", "2014-05-21", Day, "RUS", "CHN", "057"},
		{"s400-contract-2014", "2014-01-01", Year, "RUS", "CHN", "062"},
		{"trade-war-2018", "2018-07-06", Day, "USA", "CHN", "163"},
		{"s400-delivery-2018", "2018-01-01", Year, "RUS", "CHN", "062"},
		{"hong-kong-2019", "2019-08-01", Month, "RUS", "CHN", "052"},
		{"power-of-siberia-2019", "2019-12-02", Day, "RUS", "CHN", "061"},
		{"no-limits-2022", "2022-02-04", Day, "RUS", "CHN", "057"},
		{"invasion-2022", "2022-02-24", Day, "RUS", "UKR", "190"},
		{"unga-abstention-2022", "2022-03-02", Day, "CHN", "RUS", "010"},
		{"pelosi-support-2022", "2022-08-02", Day, "RUS", "CHN", "052"},
		{"north-interaction-2023", "2023-07-20", Day, "RUS", "CHN", "062"},
		{"alaska-patrol-2023", "2023-08-01", Month, "RUS", "USA", "150"},
		{"alaska-patrol-2023-chn", "2023-08-01", Month, "CHN", "USA", "150"},
		{"oil-record-2023", "2023-01-01", Year, "CHN", "RUS", "061"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			e, ok := byID[tt.id]
			if !ok {
				t.Fatalf("no chronology row %q", tt.id)
			}
			if !e.Date.Equal(date(tt.date)) || e.Precision != tt.prec {
				t.Errorf("date %s (%s), want %s (%s)", e.Date.Format(time.DateOnly), e.Precision, tt.date, tt.prec)
			}
			if e.Source != tt.src || e.Target != tt.tgt || e.Code != tt.code {
				t.Errorf("%s→%s %s, want %s→%s %s", e.Source, e.Target, e.Code, tt.src, tt.tgt, tt.code)
			}
		})
	}
}

const goodHeader = "id,date,precision,source,target,cameo,goldstein,description,citation\n"

func TestReadChronology(t *testing.T) {
	in := goodHeader +
		"a-1858,1858-05-28,day,RUS,CHN,057,8.0,Treaty,\"Treaty of Aigun, 28 May 1858\"\n" +
		"b-1969,1969-03-01,month,CHN,RUS,193,-10,\"Clash, island\",Robinson (1972)\n"
	es, err := ReadChronology(strings.NewReader(in), "t.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{
		{ID: "a-1858", Date: date("1858-05-28"), Precision: Day, Source: "RUS", Target: "CHN", Code: "057", Goldstein: 8,
			Description: "Treaty", Citation: "Treaty of Aigun, 28 May 1858", Line: 2},
		{ID: "b-1969", Date: date("1969-03-01"), Precision: Month, Source: "CHN", Target: "RUS", Code: "193", Goldstein: -10,
			Description: "Clash, island", Citation: "Robinson (1972)", Line: 3},
	}
	if len(es) != len(want) {
		t.Fatalf("got %d entries, want %d", len(es), len(want))
	}
	for i := range want {
		if es[i] != want[i] {
			t.Errorf("entry %d:\n got %+v\nwant %+v", i, es[i], want[i])
		}
	}
}

func TestReadChronologyRejects(t *testing.T) {
	ok := "a-1858,1858-05-28,day,RUS,CHN,057,8.0,Treaty,Aigun\n"
	tests := []struct {
		name, in, want string // want: substring of the error
	}{
		{"header", "id,date\n" + ok, "t.csv:1: header"},
		{"field count", goodHeader + "a,1858-05-28,day,RUS,CHN,057,8.0,Treaty\n", "t.csv:2: 8 fields, want 9"},
		{"empty id", goodHeader + ",1858-05-28,day,RUS,CHN,057,8.0,T,C\n", "t.csv:2: id"},
		{"duplicate id", goodHeader + ok + ok, "t.csv:3: id \"a-1858\" already used on line 2"},
		{"bad date", goodHeader + "a,1858-5-28,day,RUS,CHN,057,8.0,T,C\n", "t.csv:2: date"},
		{"month not first", goodHeader + "a,1858-05-28,month,RUS,CHN,057,8.0,T,C\n", "month precision"},
		{"year not Jan 1", goodHeader + "a,1858-05-01,year,RUS,CHN,057,8.0,T,C\n", "year precision"},
		{"precision", goodHeader + "a,1858-05-28,week,RUS,CHN,057,8.0,T,C\n", "precision: \"week\""},
		{"source", goodHeader + "a,1858-05-28,day,SUN,CHN,057,8.0,T,C\n", "source: \"SUN\""},
		{"target", goodHeader + "a,1858-05-28,day,RUS,PRC,057,8.0,T,C\n", "target: \"PRC\""},
		{"stripped zero", goodHeader + "a,1858-05-28,day,RUS,CHN,57,8.0,T,C\n", "cameo: \"57\""},
		{"goldstein mismatch", goodHeader + "a,1858-05-28,day,RUS,CHN,057,7.0,T,C\n", "CAMEO 057 (Sign formal agreement) weighs 8"},
		{"goldstein not a number", goodHeader + "a,1858-05-28,day,RUS,CHN,057,x,T,C\n", "goldstein: \"x\""},
		{"no description", goodHeader + "a,1858-05-28,day,RUS,CHN,057,8.0, ,C\n", "description"},
		{"no citation", goodHeader + "a,1858-05-28,day,RUS,CHN,057,8.0,T,\n", "citation: empty"},
		{"order", goodHeader + ok + "b,1858-01-01,day,RUS,CHN,057,8.0,T,C\n", "earlier than the previous row"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadChronology(strings.NewReader(tt.in), "t.csv")
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
			if !errors.Is(err, ErrChronology) {
				t.Errorf("error %q does not match ErrChronology", err)
			}
		})
	}
}

func TestChronologyEvents(t *testing.T) {
	evs, err := ChronologyEvents()
	if err != nil {
		t.Fatal(err)
	}
	es, _ := Chronology()
	if len(evs) != len(es) {
		t.Fatalf("%d events for %d entries", len(evs), len(es))
	}
	// The first two rows of chronology.csv, field by field.
	first, second := evs[0], evs[1]
	if first.ID != "chron-albazin-1685" || !first.Date.Equal(date("1685-01-01")) ||
		first.Source.Country != "CHN" || first.Source.Code != "CHN" || first.Source.Name != "China" ||
		first.Target.Country != "RUS" || first.Code != "190" || first.Base != "190" || first.Root != "19" ||
		first.Quad != 4 || first.Goldstein != -10 || first.Line != 2 || first.File != "chronology.csv" ||
		first.Dataset != "chronology" {
		t.Errorf("first event %+v", first)
	}
	if !math.IsNaN(first.Tone) || !math.IsNaN(first.Lat) || !math.IsNaN(first.Lon) {
		t.Errorf("Tone/Lat/Lon = %v/%v/%v, want NaN", first.Tone, first.Lat, first.Lon)
	}
	if second.ID != "chron-nerchinsk-1689" || second.Root != "05" || second.Quad != 1 || second.Goldstein != 8 || second.Line != 3 {
		t.Errorf("second event %+v", second)
	}
	// Four-digit codes keep their base and root; QuadClass per DOMAIN.md's table.
	for _, ev := range evs {
		if ev.ID == "chron-air-cover-1950" && (ev.Code != "1224" || ev.Base != "122" || ev.Root != "12" || ev.Quad != 3) {
			t.Errorf("air-cover event %+v", ev)
		}
		if ev.Quad < 1 || ev.Quad > 4 {
			t.Errorf("%s: Quad %d", ev.ID, ev.Quad)
		}
	}
}
