package events

import (
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"entente/internal/shareddata"
)

// readAllFile reads one real file (or "zip!member") with the given format.
func readAllFile(t *testing.T, path, format string, opts Options) (*Batch, string) {
	t.Helper()
	ins, err := Inputs([]string{path})
	if err != nil {
		t.Fatalf("Inputs(%s): %v", path, err)
	}
	if len(ins) != 1 {
		t.Fatalf("Inputs(%s) gave %d inputs, want 1", path, len(ins))
	}
	r, err := NewReader(ins[0], format, opts)
	if err != nil {
		t.Fatalf("NewReader(%s): %v", path, err)
	}
	defer r.Close()
	b, err := ReadAll(r)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return b, r.Format()
}

// dyads counts events whose source and target countries are a and b in
// either order, as SOURCES.md counts them.
func dyads(evs []Event, a, b string) int {
	n := 0
	for _, e := range evs {
		s, t := e.Source.Country, e.Target.Country
		if s == a && t == b || s == b && t == a {
			n++
		}
	}
	return n
}

// TestRealFiles reads every event file of /work/shared/data/{gdelt1,gdelt2,icews}
// and checks the row counts and dyad counts against the table in
// /work/shared/data/SOURCES.md (columns Rows and "Dyads: RUS-CHN, RUS-USA,
// CHN-USA"). No real file has a malformed row, so rows == events + rejects
// with zero rejects; the spreadsheet copy is refused as a whole
// (TestSpreadsheetExport).
func TestRealFiles(t *testing.T) {
	const ud = "gdelt1/mpiccirilli-UNDP-BCPR-Project/individual_csvs/"
	tests := []struct {
		file                   string
		format                 string
		rows                   int // SOURCES.md "Rows"
		rusCHN, rusUSA, chnUSA int
	}{
		{"gdelt1/spark-gdelt/events1.csv", FormatGDELT1, 100, 0, 1, 0},
		{"gdelt1/reed9999-gdelt-demo/events.csv", FormatGDELT1, 710, 1, 3, 3},
		{ud + "apr2012.csv", FormatCSV, 5865, 0, 45, 2},
		{ud + "april13.csv", FormatCSV, 3542, 0, 34, 0},
		{ud + "aug2011.csv", FormatCSV, 5894, 4, 96, 1},
		{ud + "aug2012.csv", FormatCSV, 1255, 0, 44, 1},
		{ud + "dec2011.csv", FormatCSV, 3029, 0, 27, 3},
		{ud + "december12.csv", FormatCSV, 2575, 1, 113, 0},
		{ud + "feb2012.csv", FormatCSV, 8484, 0, 18, 12},
		{ud + "february13.csv", FormatCSV, 4672, 8, 86, 2},
		{ud + "jan2012.csv", FormatCSV, 4324, 0, 31, 9},
		{ud + "january13.csv", FormatCSV, 3196, 0, 59, 1},
		{ud + "july2011.csv", FormatCSV, 6303, 0, 56, 0},
		{ud + "july2012.csv", FormatCSV, 1509, 0, 23, 0},
		{ud + "june2011.csv", FormatCSV, 5274, 3, 31, 2},
		{ud + "june2012.csv", FormatCSV, 6237, 11, 56, 10},
		{ud + "mar2012.csv", FormatCSV, 8441, 0, 55, 4},
		{ud + "may13.csv", FormatCSV, 3268, 12, 33, 4},
		{ud + "may2012.csv", FormatCSV, 6601, 0, 23, 15},
		{ud + "nov2011.csv", FormatCSV, 5316, 0, 68, 7},
		{ud + "nov2012.csv", FormatCSV, 5230, 30, 44, 4},
		{ud + "oct2011.csv", FormatCSV, 4050, 0, 46, 7},
		{ud + "oct2012.csv", FormatCSV, 2300, 2, 80, 3},
		{ud + "sept2011.csv", FormatCSV, 5856, 0, 22, 3},
		{ud + "sept2012.csv", FormatCSV, 2223, 0, 34, 1},
		{"gdelt2/spark-gdelt/events.csv", FormatGDELT2, 100, 0, 0, 0},
		{"gdelt2/spark-gdelt/eventsT.csv", FormatGDELT2, 100, 0, 1, 2},
		{"gdelt2/spark-gdelt/mentions.csv", FormatMentions, 100, 0, 0, 0},
		{"gdelt2/spark-gdelt/mentionsT.csv", FormatMentions, 100, 0, 0, 0},
		{"gdelt2/arekziobrowski-gdelt-big-data/20191024143000.export.CSV", FormatGDELT2, 2111, 2, 2, 8},
		{"gdelt2/narayave-Insight-GDELT-Feed/20190121220000.export.CSV.zip", FormatGDELT2, 1629, 0, 0, 4},
		{"gdelt2/narayave-Insight-GDELT-Feed/events.csv", FormatGDELT2, 2116, 0, 8, 3},
		{"icews/andybega-icews/events.2018.sample.tab", FormatICEWS, 3705, 8, 20, 101},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			path := shareddata.Path(t, tc.file)
			b, format := readAllFile(t, path, FormatAuto, Options{})
			if format != tc.format {
				t.Errorf("detected format %q, want %q", format, tc.format)
			}
			for _, re := range b.Rejects {
				t.Errorf("unexpected reject: %v", &re)
			}
			if got := len(b.Events) + len(b.Mentions); got != tc.rows {
				t.Errorf("read %d rows, want %d (SOURCES.md)", got, tc.rows)
			}
			for _, d := range []struct {
				a, b string
				want int
			}{{"RUS", "CHN", tc.rusCHN}, {"RUS", "USA", tc.rusUSA}, {"CHN", "USA", tc.chnUSA}} {
				if got := dyads(b.Events, d.a, d.b); got != d.want {
					t.Errorf("%s-%s rows = %d, want %d (SOURCES.md)", d.a, d.b, got, d.want)
				}
			}
			// Every event is placed: non-empty id, a date, a root that
			// prefixes the code, and strictly increasing line numbers.
			var last int64
			for i, e := range b.Events {
				if e.ID == "" || e.Date.IsZero() || !strings.HasPrefix(e.Code, e.Root) || e.Line <= last {
					t.Fatalf("event %d malformed: %+v (previous line %d)", i, e, last)
				}
				last = e.Line
			}
		})
	}
}

// TestRealFilesGeoDyads checks the extra dyads SOURCES.md lists for the
// UNDP-BCPR re-exports (RUS-GEO, USA-GEO), on two files: one with the R
// row-number column and one without.
func TestRealFilesGeoDyads(t *testing.T) {
	for _, tc := range []struct {
		file           string
		rusGEO, usaGEO int
	}{
		{"gdelt1/mpiccirilli-UNDP-BCPR-Project/individual_csvs/december12.csv", 8, 22},
		{"gdelt1/mpiccirilli-UNDP-BCPR-Project/individual_csvs/june2012.csv", 3, 54},
	} {
		b, _ := readAllFile(t, shareddata.Path(t, tc.file), FormatAuto, Options{})
		if got := dyads(b.Events, "RUS", "GEO"); got != tc.rusGEO {
			t.Errorf("%s: RUS-GEO = %d, want %d", tc.file, got, tc.rusGEO)
		}
		if got := dyads(b.Events, "USA", "GEO"); got != tc.usaGEO {
			t.Errorf("%s: USA-GEO = %d, want %d", tc.file, got, tc.usaGEO)
		}
		// The filter of that project: ActionGeo_CountryCode=GG (Georgia).
		for _, e := range b.Events {
			if e.GeoCountry != "GEO" {
				t.Fatalf("%s:%d: GeoCountry %q, want GEO (FIPS GG)", tc.file, e.Line, e.GeoCountry)
			}
		}
	}
}

func near(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b))
}

// TestRealFieldValues compares parsed events with their raw lines, read by
// hand (`sed -n Np FILE | tr '\t' '\n' | cat -n`).
func TestRealFieldValues(t *testing.T) {
	nan := math.NaN()
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		file string
		line int64
		want Event
	}{{
		// 57-column 1979 backfile row: no SOURCEURL, no Actor1 (columns 6-15
		// empty); ActionGeo CH (FIPS) = CHN.
		file: "gdelt1/spark-gdelt/events1.csv", line: 4,
		want: Event{ID: "3", Date: day(1979, 1, 1),
			Target: Actor{Code: "CHN", Name: "CHINA", Country: "CHN"},
			Code:   "043", Base: "043", Root: "04", Quad: 1, Goldstein: 2.8, Tone: 7.73943889068043,
			Mentions: 2, Sources: 1, Articles: 2, GeoCountry: "CHN", Lat: 23.0036, Lon: 106.359,
			Added: day(2013, 2, 3), Dataset: GDELT1},
	}, {
		// 58-column daily row; Actor2Code keeps its leading space; AG = DZA.
		file: "gdelt1/spark-gdelt/events1.csv", line: 41,
		want: Event{ID: "253461011", Date: day(2003, 4, 4),
			Source: Actor{Code: "AFG", Name: "AFGHANISTAN", Country: "AFG"},
			Target: Actor{Code: " UIS", Name: "THE INTERNATIONAL COMMUNITY", Type: "UIS"},
			Code:   "043", Base: "043", Root: "04", Quad: 1, Goldstein: 2.8, Tone: 0,
			Mentions: 6, Sources: 1, Articles: 6, GeoCountry: "DZA", Lat: 28, Lon: 3,
			URL: "BBC Monitoring", Added: day(2013, 4, 1), Dataset: GDELT1},
	}, {
		// GDELT 2.0; ActionGeo SF (FIPS) = ZAF; DATEADDED with time.
		file: "gdelt2/spark-gdelt/events.csv", line: 1,
		want: Event{ID: "410412347", Date: day(2014, 2, 18),
			Target: Actor{Code: "GOV", Name: "PRESIDENT", Type: "GOV"},
			Code:   "043", Base: "043", Root: "04", Quad: 1, Goldstein: 2.8, Tone: -4.4776119402985,
			Mentions: 5, Sources: 1, Articles: 5, GeoCountry: "ZAF", Lat: -30.3098, Lon: 25.2971,
			URL:     "http://www.dailymaverick.co.za/article/2015-02-19-sona2015-jamming-state-security-agency-steps-forward-blames-low-ranking-operator/",
			Added:   time.Date(2015, 2, 18, 23, 0, 0, 0, time.UTC),
			Dataset: GDELT2},
	}, {
		// ICEWS: names mapped to codes, no tone, QuadClass from root 04.
		file: "icews/andybega-icews/events.2018.sample.tab", line: 2,
		want: Event{ID: "32889836", Date: day(2018, 6, 1),
			Source: Actor{Name: "Foreign Affairs (Bangladesh)", Country: "BGD"},
			Target: Actor{Name: "High Ranking Military Personnel (Vietnam)", Country: "VNM"},
			Code:   "040", Base: "040", Root: "04", Quad: 1, Goldstein: 1, Tone: nan,
			GeoCountry: "VNM", Lat: 21.0245, Lon: 105.841, Dataset: ICEWS},
	}, {
		// R re-export with a leading row-number column ("11783"), NA empties.
		file: "gdelt1/mpiccirilli-UNDP-BCPR-Project/individual_csvs/april13.csv", line: 2,
		want: Event{ID: "253472894", Date: day(2013, 4, 1),
			Source: Actor{Code: "GOV", Name: "MINISTRY ", Type: "GOV"},
			Target: Actor{Code: " ARM", Name: "ARMENIA", Country: "ARM"},
			Code:   "010", Base: "010", Root: "01", Quad: 1, Goldstein: 0, Tone: 1.61290322580645,
			Mentions: 2, Sources: 1, Articles: 2, GeoCountry: "GEO", Lat: 42.6567, Lon: 44.6433,
			URL: "http://armenpress.am/eng/news/713439/", Added: day(2013, 4, 1), Dataset: CSV},
	}}
	for _, tc := range tests {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			path := shareddata.Path(t, tc.file)
			b, _ := readAllFile(t, path, FormatAuto, Options{})
			var got *Event
			for i := range b.Events {
				if b.Events[i].Line == tc.line {
					got = &b.Events[i]
				}
			}
			if got == nil {
				t.Fatalf("no event from line %d", tc.line)
			}
			w := tc.want
			w.File, w.Line = path, tc.line
			g := *got
			floats := [][2]float64{{g.Goldstein, w.Goldstein}, {g.Tone, w.Tone}, {g.Lat, w.Lat}, {g.Lon, w.Lon}}
			for i, f := range floats {
				if !near(f[0], f[1]) {
					t.Errorf("float field %d (Goldstein, Tone, Lat, Lon) = %v, want %v", i, f[0], f[1])
				}
			}
			g.Goldstein, g.Tone, g.Lat, g.Lon = 0, 0, 0, 0
			w.Goldstein, w.Tone, w.Lat, w.Lon = 0, 0, 0, 0
			if g != w {
				t.Errorf("got  %+v\nwant %+v", g, w)
			}
		})
	}
}

// TestRealMentionValues checks line 1 of mentions.csv against the raw row.
func TestRealMentionValues(t *testing.T) {
	path := shareddata.Path(t, "gdelt2/spark-gdelt/mentions.csv")
	b, _ := readAllFile(t, path, FormatAuto, Options{})
	stamp := time.Date(2015, 2, 18, 23, 0, 0, 0, time.UTC)
	want := Mention{EventID: "410412347", EventTime: stamp, MentionTime: stamp, MentionType: 1,
		SourceName: "dailymaverick.co.za",
		Identifier: "http://www.dailymaverick.co.za/article/2015-02-19-sona2015-jamming-state-security-agency-steps-forward-blames-low-ranking-operator/",
		SentenceID: 19, Actor1Offset: -1, Actor2Offset: 4594, ActionOffset: 4634, InRawText: true,
		Confidence: 50, DocLen: 6665, DocTone: -4.4776119402985, File: path, Line: 1}
	if got := b.Mentions[0]; got != want {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	// mentionsT.csv carries translation info (SOURCES.md).
	bt, _ := readAllFile(t, shareddata.Path(t, "gdelt2/spark-gdelt/mentionsT.csv"), FormatAuto, Options{})
	if got := bt.Mentions[0].DocTranslation; got != "srclc:spa;eng:GT-SPA 1.0" {
		t.Errorf("DocTranslation = %q", got)
	}
}

// TestSpreadsheetExport: the spreadsheet copy of 20190121220000.export.CSV
// must be refused with an explanation, whatever format is asked for.
func TestSpreadsheetExport(t *testing.T) {
	path := shareddata.Path(t, "gdelt2/narayave-Insight-GDELT-Feed/20190121220000.export2.CSV")
	for _, format := range []string{FormatAuto, FormatGDELT2, FormatCSV} {
		_, err := NewReader(FileInput(path), format, Options{})
		var se *SpreadsheetError
		if !errors.As(err, &se) {
			t.Fatalf("format %s: error %v, want *SpreadsheetError", format, err)
		}
		if se.Layout != "GDELT 2.0" {
			t.Errorf("Layout = %q, want GDELT 2.0", se.Layout)
		}
		msg := err.Error()
		for _, want := range []string{"spreadsheet re-export of GDELT 2.0", "semicolon separators", "CRLF",
			`scientific notation`, `"2.02E+13"`, "stripped leading zeros", `EventCode "12" with EventRootCode "1"`, "re-download the original"} {
			if !strings.Contains(msg, want) {
				t.Errorf("message lacks %q:\n%s", want, msg)
			}
		}
		if !errors.Is(err, ErrUnknownFormat) {
			t.Errorf("SpreadsheetError does not match ErrUnknownFormat")
		}
	}
}

// TestChunkingKeepsLines reads a real file with tiny chunks and several
// workers and checks that events and line numbers equal a single-chunk read.
func TestChunkingKeepsLines(t *testing.T) {
	path := shareddata.Path(t, "gdelt2/arekziobrowski-gdelt-big-data/20191024143000.export.CSV")
	whole, _ := readAllFile(t, path, FormatAuto, Options{Workers: 1, ChunkSize: 64 << 20})
	for _, opts := range []Options{{Workers: 3, ChunkSize: 1000}, {Workers: 2, ChunkSize: 64 << 10}} {
		parts, _ := readAllFile(t, path, FormatAuto, opts)
		if len(parts.Events) != len(whole.Events) {
			t.Fatalf("%+v: %d events, want %d", opts, len(parts.Events), len(whole.Events))
		}
		for i := range whole.Events {
			a, b := whole.Events[i], parts.Events[i]
			if a.ID != b.ID || a.Line != b.Line || a.URL != b.URL {
				t.Fatalf("%+v: event %d = %s line %d, want %s line %d", opts, i, b.ID, b.Line, a.ID, a.Line)
			}
			if int64(i+1) != a.Line {
				t.Fatalf("event %d on line %d, want %d (no blank lines in the file)", i, a.Line, i+1)
			}
		}
	}
}
