package events

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// gdelt2Row returns a well-formed synthetic GDELT 2.0 row (61 fields) with
// the given 0-based columns replaced. Values follow the codebook: a Russian
// government actor consulting ("040") a Chinese one, action in Moscow (FIPS
// RS).
func gdelt2Row(set map[int]string) string {
	f := make([]string, gdelt2Fields)
	base := map[int]string{
		0: "1000001", 1: "20220204", 2: "202202", 3: "2022", 4: "2022.0959",
		5: "RUSGOV", 6: "RUSSIA", 7: "RUS", 12: "GOV",
		15: "CHNGOV", 16: "CHINA", 17: "CHN", 22: "GOV",
		25: "1", 26: "040", 27: "040", 28: "04", 29: "1", 30: "1", 31: "10", 32: "2", 33: "10", 34: "3.5",
		51: "4", 52: "Moscow, Moskva, Russia", 53: "RS", 54: "RS48", 56: "55.7522", 57: "37.6156", 58: "-2960561",
		59: "20220204120000", 60: "https://example.org/a",
	}
	for k, v := range base {
		f[k] = v
	}
	for k, v := range set {
		f[k] = v
	}
	return strings.Join(f, "\t")
}

func readString(t *testing.T, format, data string) (*Batch, error) {
	t.Helper()
	r, err := NewReader(BytesInput("mem", []byte(data)), format, Options{Workers: 2, ChunkSize: 256})
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return ReadAll(r)
}

// TestGDELT2BadRows puts one bad row between two good ones and checks that
// exactly the bad row is rejected, with file:line, column and reason, and
// that both good rows are kept with their line numbers.
func TestGDELT2BadRows(t *testing.T) {
	tests := []struct {
		name   string
		set    map[int]string
		column string // "" with reason "" means the row is kept
		reason string
	}{
		{"wrong field count", nil, "", "60 tab-separated fields, want 61 for GDELT 2.0"},
		{"empty id", map[int]string{0: ""}, "GLOBALEVENTID", "empty event id"},
		{"non-numeric id", map[int]string{0: "12a"}, "GLOBALEVENTID", `event id "12a" is not a number`},
		{"impossible date", map[int]string{1: "20150231"}, "SQLDATE", `date "20150231" is not a YYYYMMDD calendar date`},
		{"short date", map[int]string{1: "2015021"}, "SQLDATE", "not a YYYYMMDD"},
		{"scientific date", map[int]string{59: "2.02E+13"}, "DATEADDED", `DATEADDED "2.02E+13"`},
		{"bad Goldstein", map[int]string{30: "abc"}, "GoldsteinScale", `Goldstein "abc" is not a number in [-10, 10]`},
		{"Goldstein out of range", map[int]string{30: "11"}, "GoldsteinScale", "[-10, 10]"},
		{"fractional count", map[int]string{31: "1.5"}, "NumMentions", `count "1.5" is not an integer`},
		{"bad tone", map[int]string{34: "--1"}, "AvgTone", `tone "--1" is not a number`},
		{"latitude out of range", map[int]string{56: "91"}, "ActionGeo_Lat", "[-90, 90]"},
		{"bad UTF-8", map[int]string{6: "RUS\xffSIA"}, "Actor1Name", "invalid UTF-8"},
		{"stripped leading zeros", map[int]string{26: "12", 27: "12", 28: "1"}, "EventCode", "leading zeros stripped?"},
		{"stripped root only", map[int]string{28: "4"}, "EventRootCode", "leading zeros stripped?"},
		{"non-digit code", map[int]string{26: "04x"}, "EventCode", "not a CAMEO code"},
		{"base not a prefix", map[int]string{27: "041"}, "EventBaseCode", "not a prefix"},
		{"bad QuadClass", map[int]string{29: "5"}, "QuadClass", "not 1..4"},
		// Empty numbers and actors are normal in GDELT: kept.
		{"empty numbers", map[int]string{30: "", 31: "", 32: "", 33: "", 34: "", 56: "", 57: "", 29: ""}, "", ""},
		{"empty actors and geography", map[int]string{5: "", 6: "", 7: "", 12: "", 15: "", 16: "", 17: "", 22: "", 53: "", 52: ""}, "", ""},
		{"empty DATEADDED and URL", map[int]string{59: "", 60: ""}, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bad := gdelt2Row(tc.set)
			if tc.name == "wrong field count" {
				bad = bad[:strings.LastIndexByte(bad, '\t')]
			}
			data := gdelt2Row(nil) + "\n" + bad + "\n" + gdelt2Row(map[int]string{0: "1000003"}) + "\n"
			b, err := readString(t, FormatGDELT2, data)
			if err != nil {
				t.Fatal(err)
			}
			if tc.reason == "" {
				if len(b.Rejects) != 0 || len(b.Events) != 3 {
					t.Fatalf("got %d events, rejects %v; want 3 events", len(b.Events), b.Rejects)
				}
				return
			}
			if len(b.Events) != 2 || b.Events[0].Line != 1 || b.Events[1].Line != 3 || b.Events[1].ID != "1000003" {
				t.Fatalf("good rows not kept: %+v", b.Events)
			}
			if len(b.Rejects) != 1 {
				t.Fatalf("rejects = %v, want 1", b.Rejects)
			}
			re := b.Rejects[0]
			if re.File != "mem" || re.Line != 2 || re.Column != tc.column || !strings.Contains(re.Reason, tc.reason) {
				t.Errorf("reject = %q (column %q), want mem:2 column %q reason containing %q", re.Error(), re.Column, tc.column, tc.reason)
			}
		})
	}
}

// TestGDELT2EmptyValues pins the schema's empty-value contract.
func TestGDELT2EmptyValues(t *testing.T) {
	row := gdelt2Row(map[int]string{29: "", 30: "", 31: "", 34: "", 53: "", 56: "", 57: "", 59: ""})
	b, err := readString(t, FormatGDELT2, row+"\n")
	if err != nil || len(b.Events) != 1 {
		t.Fatalf("events %v, err %v", b, err)
	}
	e := b.Events[0]
	if !math.IsNaN(e.Goldstein) || !math.IsNaN(e.Tone) || !math.IsNaN(e.Lat) || !math.IsNaN(e.Lon) {
		t.Errorf("empty floats = %v %v %v %v, want NaN", e.Goldstein, e.Tone, e.Lat, e.Lon)
	}
	if e.Mentions != 0 || e.GeoCountry != "" || !e.Added.IsZero() {
		t.Errorf("empty Mentions/GeoCountry/Added = %d %q %v", e.Mentions, e.GeoCountry, e.Added)
	}
	if e.Quad != 1 { // derived from root 04 by cameo.QuadClass
		t.Errorf("Quad from root 04 = %d, want 1", e.Quad)
	}
	if e.Source.Country != "RUS" || e.Target.Country != "CHN" || e.Code != "040" {
		t.Errorf("event = %+v", e)
	}
}

// TestCRLFAccepted: CRLF line ends in otherwise fine files read as LF, for
// every tab-separated format and for CSV.
func TestCRLFAccepted(t *testing.T) {
	rows := gdelt2Row(nil) + "\r\n" + gdelt2Row(map[int]string{0: "2"}) + "\r\n"
	b, err := readString(t, FormatAuto, rows)
	if err != nil || len(b.Events) != 2 || len(b.Rejects) != 0 {
		t.Fatalf("gdelt2 CRLF: %v, err %v", b, err)
	}
	if b.Events[0].URL != "https://example.org/a" || b.Events[1].Line != 2 {
		t.Errorf("CR kept in last field or line wrong: %q line %d", b.Events[0].URL, b.Events[1].Line)
	}
	icews := icewsHeader + "\r\n" + icewsRow(nil) + "\r\n"
	b, err = readString(t, FormatAuto, icews)
	if err != nil || len(b.Events) != 1 || b.Events[0].Lon != 37.6 {
		t.Fatalf("icews CRLF: %+v, err %v", b, err)
	}
	csvData := "\"GLOBALEVENTID\",\"SQLDATE\",\"EventCode\",\"EventRootCode\"\r\n1,20220204,\"040\",\"04\"\r\n"
	b, err = readString(t, FormatAuto, csvData)
	if err != nil || len(b.Events) != 1 || b.Events[0].Root != "04" {
		t.Fatalf("csv CRLF: %+v, err %v", b, err)
	}
}

// TestGDELT1Layouts: 57- and 58-column rows mix in one file (SOURCES.md:
// reed9999 events.csv); other counts are rejected.
func TestGDELT1Layouts(t *testing.T) {
	row := func(n int) string {
		f := make([]string, n)
		f[0], f[1], f[7], f[17], f[26], f[27], f[28], f[29], f[30] = "7", "19820102", "RUS", "USA", "190", "190", "19", "4", "-10"
		f[51], f[53], f[54], f[56] = "UP", "50.45", "30.5233", "20130203"
		if n == gdelt1Fields {
			f[57] = "http://example.org"
		}
		return strings.Join(f, "\t")
	}
	data := row(58) + "\n" + row(57) + "\n" + row(61) + "\n" + row(58) + "\n"
	b, err := readString(t, FormatAuto, data)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Events) != 3 || len(b.Rejects) != 1 {
		t.Fatalf("events %d rejects %v, want 3 and 1", len(b.Events), b.Rejects)
	}
	if b.Events[0].URL != "http://example.org" || b.Events[1].URL != "" || b.Events[0].GeoCountry != "UKR" {
		t.Errorf("URL/geo: %q %q %q", b.Events[0].URL, b.Events[1].URL, b.Events[0].GeoCountry)
	}
	if re := b.Rejects[0]; re.Line != 3 || !strings.Contains(re.Reason, "61 tab-separated fields, want 57 (backfile) or 58") {
		t.Errorf("reject %v", re.Error())
	}
}

// mentionsRow is a synthetic 16-field mentions row.
func mentionsRow(set map[int]string) string {
	f := []string{"1000001", "20220204120000", "20220204121500", "1", "example.org", "https://example.org/a",
		"3", "-1", "120", "88", "1", "80", "2400", "-1.25", "", ""}
	for k, v := range set {
		f[k] = v
	}
	return strings.Join(f, "\t")
}

func TestMentionsBadRows(t *testing.T) {
	tests := []struct {
		name, column, reason string
		set                  map[int]string
	}{
		{"empty id", "GLOBALEVENTID", "empty event id", map[int]string{0: ""}},
		{"bad timestamp", "MentionTimeDate", "not YYYYMMDDHHMMSS", map[int]string{2: "2022020412150"}},
		{"bad offset", "Actor2CharOffset", "not an integer", map[int]string{8: "x"}},
		{"bad InRawText", "InRawText", "not 0 or 1", map[int]string{10: "2"}},
		{"bad tone", "MentionDocTone", "not a number", map[int]string{13: "1,5"}},
		{"bad UTF-8", "MentionSourceName", "invalid UTF-8", map[int]string{4: "\xc3"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := mentionsRow(nil) + "\n" + mentionsRow(tc.set) + "\n" + mentionsRow(nil) + "\n"
			b, err := readString(t, FormatMentions, data)
			if err != nil {
				t.Fatal(err)
			}
			if len(b.Mentions) != 2 || len(b.Rejects) != 1 {
				t.Fatalf("mentions %d rejects %v", len(b.Mentions), b.Rejects)
			}
			if re := b.Rejects[0]; re.Line != 2 || re.Column != tc.column || !strings.Contains(re.Reason, tc.reason) {
				t.Errorf("reject %q column %q", re.Error(), re.Column)
			}
		})
	}
}

const icewsHeader = "Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\tCAMEO Code\tIntensity\tTarget Name\tTarget Sectors\tTarget Country\tStory ID\tSentence Number\tPublisher\tCity\tDistrict\tProvince\tCountry\tLatitude\tLongitude"

func icewsRow(set map[int]string) string {
	f := []string{"1", "2022-02-04", "Vladimir Putin", "Executive,Government", "Russian Federation", "Consult", "040", "1",
		"Xi Jinping", "Executive,Government", "China", "9", "1", "Xinhua", "Beijing", "NA", "Beijing", "China", "39.9", "37.6"}
	for k, v := range set {
		f[k] = v
	}
	return strings.Join(f, "\t")
}

func TestICEWSBadRows(t *testing.T) {
	tests := []struct {
		name, column, reason string
		set                  map[int]string
	}{
		{"empty id", "Event ID", "empty event id", map[int]string{0: ""}},
		{"bad date", "Event Date", "not a YYYY-MM-DD", map[int]string{1: "2022/02/04"}},
		{"stripped code", "CAMEO Code", `"40" (event text "Consult") is not 3 or 4 digits`, map[int]string{6: "40"}},
		{"bad intensity", "Intensity", "not a number", map[int]string{7: "high"}},
		{"bad UTF-8", "Target Name", "invalid UTF-8", map[int]string{8: "X\xffi"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := icewsHeader + "\n" + icewsRow(nil) + "\n" + icewsRow(tc.set) + "\n"
			b, err := readString(t, FormatAuto, data)
			if err != nil {
				t.Fatal(err)
			}
			if len(b.Events) != 1 || len(b.Rejects) != 1 {
				t.Fatalf("events %d rejects %v", len(b.Events), b.Rejects)
			}
			if re := b.Rejects[0]; re.Line != 3 || re.Column != tc.column || !strings.Contains(re.Reason, tc.reason) {
				t.Errorf("reject %q column %q", re.Error(), re.Column)
			}
		})
	}
	// "NA" countries and coordinates are missing values, not errors.
	data := icewsHeader + "\n" + icewsRow(map[int]string{4: "NA", 18: "NA", 19: "NA", 17: "NA"}) + "\n"
	b, err := readString(t, FormatAuto, data)
	if err != nil || len(b.Events) != 1 {
		t.Fatalf("NA row: %v %v", b, err)
	}
	e := b.Events[0]
	if e.Source.Country != "" || e.Target.Country != "CHN" || !math.IsNaN(e.Lat) || e.Quad != 1 || !math.IsNaN(e.Tone) {
		t.Errorf("NA row parsed as %+v", e)
	}
}

func TestCSVBadRows(t *testing.T) {
	header := `"GLOBALEVENTID","SQLDATE","Actor1CountryCode","Actor2CountryCode","EventCode","EventBaseCode","EventRootCode","GoldsteinScale","AvgTone"` + "\n"
	data := header +
		`1,20120401,"RUS","USA","040","040","04",1,2.5` + "\n" +
		`2,20120401,"RUS"` + "\n" + // wrong field count
		`3,20120431,"RUS","USA","040","040","04",1,2.5` + "\n" + // bad date
		`4,20120401,NA,NA,"040","040","04",NA,NA` + "\n" + // NA empties: kept
		`5,20120401,"R"US","USA","040","040","04",1,2.5` + "\n" + // bare quote
		`6,20120401,"RUS","USA",40,40,4,1,2.5` + "\n" // R stripped the zeros
	b, err := readString(t, FormatAuto, data)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Events) != 2 || b.Events[0].ID != "1" || b.Events[1].ID != "4" || b.Events[1].Source.Country != "" || !math.IsNaN(b.Events[1].Goldstein) {
		t.Fatalf("events %+v", b.Events)
	}
	want := []struct {
		line   int64
		column string
		reason string
	}{
		{3, "", "3 comma-separated fields, want 9"},
		{4, "SQLDATE", "calendar date"},
		{6, "", `extraneous or missing " in quoted-field`},
		{7, "EventCode", `event code "40" is not a CAMEO code`},
	}
	if len(b.Rejects) != len(want) {
		t.Fatalf("rejects %v", b.Rejects)
	}
	for i, w := range want {
		re := b.Rejects[i]
		if re.Line != w.line || re.Column != w.column || !strings.Contains(re.Reason, w.reason) {
			t.Errorf("reject %d = %q (column %q), want line %d column %q reason %q", i, re.Error(), re.Column, w.line, w.column, w.reason)
		}
	}
}

// TestCSVRowNumberColumn: R's row names give every row one field more than
// the header; the leading field is skipped.
func TestCSVRowNumberColumn(t *testing.T) {
	data := `"GLOBALEVENTID","SQLDATE","EventCode","EventRootCode"` + "\n" + `"17",9,20120401,"0231","02"` + "\n"
	b, err := readString(t, FormatCSV, data)
	if err != nil || len(b.Events) != 1 || b.Events[0].ID != "9" || b.Events[0].Code != "0231" || b.Events[0].Base != "023" {
		t.Fatalf("%+v %v", b, err)
	}
}

func TestUnknownFormat(t *testing.T) {
	tests := []struct {
		name, format, data, want string
	}{
		{"unknown name", "phoenix", "x\n", `unknown format "phoenix": use one of auto, gdelt1`},
		{"prose", FormatAuto, "hello world\nthis is text\n", "the first line has 0 tabs"},
		{"wrong TSV width", FormatAuto, "a\tb\tc\n1\t2\t3\n", "tab-separated rows have 3 fields"},
		{"binary", FormatAuto, strings.Repeat("\x00\x01", 100), "binary data (NUL bytes)"},
		{"one endless line", FormatAuto, strings.Repeat("x", 70000), "no line end in the first 65536 bytes"},
		{"61 fields without dates", FormatAuto, strings.Repeat(strings.Repeat("x\t", 60)+"x\n", 3), "only 0 of 3 sampled rows have a 8-digit date"},
		{"CSV without GDELT columns", FormatCSV, "a,b\n1,2\n", "lacks GDELT column(s) GLOBALEVENTID, SQLDATE, EventCode, EventRootCode"},
		{"ICEWS without columns", FormatICEWS, "Event ID\tfoo\n1\t2\n", `ICEWS header lacks column(s) "Event Date"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readString(t, tc.format, tc.data)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			var fe *FormatError
			if strings.HasPrefix(tc.name, "unknown") || tc.format == FormatAuto {
				if !errors.As(err, &fe) || !errors.Is(err, ErrUnknownFormat) {
					t.Errorf("error %T does not match ErrUnknownFormat", err)
				}
			}
		})
	}
}

func TestEmptyInput(t *testing.T) {
	b, err := readString(t, FormatAuto, "")
	if err != nil || len(b.Events) != 0 {
		t.Fatalf("empty input: %v %v", b, err)
	}
}

// TestHeaderRowSkipped: a GDELT TSV with a codebook header row reads.
func TestHeaderRowSkipped(t *testing.T) {
	names := make([]string, gdelt2Fields)
	names[0] = "GLOBALEVENTID"
	for i := 1; i < gdelt2Fields; i++ {
		names[i] = "C"
	}
	b, err := readString(t, FormatAuto, strings.Join(names, "\t")+"\n"+gdelt2Row(nil)+"\n")
	if err != nil || len(b.Events) != 1 || len(b.Rejects) != 0 || b.Events[0].Line != 2 {
		t.Fatalf("%+v %v", b, err)
	}
}
