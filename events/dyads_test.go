package events

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"entente/internal/shareddata"
)

// dyadsOfEvents is the reference for AggregateDyads: the Reader's events
// summed by (day, source, target, root, quad) in file order.
func dyadsOfEvents(evs []Event) []DyadCell {
	type key struct {
		day            int64
		source, target string
		root           string
		quad           int
	}
	idx := map[key]int{}
	var cells []DyadCell
	for _, e := range evs {
		k := key{e.Date.Unix(), e.Source.Country, e.Target.Country, e.Root, e.Quad}
		i, ok := idx[k]
		if !ok {
			i = len(cells)
			idx[k] = i
			cells = append(cells, DyadCell{Day: e.Date, Source: k.source, Target: k.target, Root: k.root, Quad: k.quad})
		}
		c := &cells[i]
		c.Events++
		c.Mentions += int64(e.Mentions)
		if !math.IsNaN(e.Goldstein) {
			c.Goldstein += e.Goldstein
		}
		if !math.IsNaN(e.Tone) {
			c.Tone += e.Tone
			c.ToneN++
		}
	}
	SortDyadCells(cells)
	return cells
}

// compareDyads checks that AggregateDyads on in gives exactly the cells and
// rejects of the Reader. With one worker the sums are added in the same
// order, so they must be equal to the bit; with more, partial sums are
// merged and may differ in the last place (relative 1e-12).
func compareDyads(t *testing.T, in Input, format string, opts Options) *DyadSummary {
	t.Helper()
	r, err := NewReader(in, format, opts)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ReadAll(r)
	r.Close()
	if err != nil {
		t.Fatal(err)
	}
	got, err := AggregateDyads(in, format, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got.Format != r.Format() {
		t.Errorf("format %q, want %q", got.Format, r.Format())
	}
	if got.Events != int64(len(want.Events)) {
		t.Errorf("aggregated %d rows, the Reader built %d events", got.Events, len(want.Events))
	}
	if got.Bytes != want.Bytes {
		t.Errorf("read %d bytes, the Reader %d", got.Bytes, want.Bytes)
	}
	if !reflect.DeepEqual(got.Rejects, want.Rejects) {
		t.Errorf("rejects differ:\n got %v\nwant %v", got.Rejects, want.Rejects)
	}
	wantCells := dyadsOfEvents(want.Events)
	gotCells := got.Cells()
	if len(gotCells) != len(wantCells) || got.Groups() != len(wantCells) {
		t.Fatalf("%d cells (Groups %d), want %d", len(gotCells), got.Groups(), len(wantCells))
	}
	tol := 0.0
	if opts.Workers != 1 {
		tol = 1e-12
	}
	for i, g := range gotCells {
		w := wantCells[i]
		gs, ws := g, w
		gs.Goldstein, gs.Tone, ws.Goldstein, ws.Tone = 0, 0, 0, 0
		if gs != ws || !closeTo(g.Goldstein, w.Goldstein, tol) || !closeTo(g.Tone, w.Tone, tol) {
			t.Fatalf("cell %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
	return got
}

func closeTo(a, b, rel float64) bool {
	return a == b || math.Abs(a-b) <= rel*math.Max(math.Abs(a), math.Abs(b))
}

// TestAggregateDyadsMatchesReader holds the fast path equal to the Reader
// on every real GDELT event file (SOURCES.md), with one worker (sums equal
// to the bit) and with two workers and small chunks (merged partial maps).
func TestAggregateDyadsMatchesReader(t *testing.T) {
	files := []string{
		"gdelt1/spark-gdelt/events1.csv",
		"gdelt1/reed9999-gdelt-demo/events.csv",
		"gdelt2/spark-gdelt/events.csv",
		"gdelt2/spark-gdelt/eventsT.csv",
		"gdelt2/arekziobrowski-gdelt-big-data/20191024143000.export.CSV",
		"gdelt2/narayave-Insight-GDELT-Feed/20190121220000.export.CSV.zip",
		"gdelt2/narayave-Insight-GDELT-Feed/events.csv",
	}
	for _, f := range files {
		for _, opts := range []Options{{Workers: 1}, {Workers: 2, ChunkSize: 4096}} {
			t.Run(fmt.Sprintf("%s/workers=%d", f, opts.Workers), func(t *testing.T) {
				ins, err := Inputs([]string{shareddata.Path(t, f)})
				if err != nil {
					t.Fatal(err)
				}
				compareDyads(t, ins[0], FormatAuto, opts)
			})
		}
	}
}

// TestAggregateDyadsRealCounts checks dyad totals against the table of
// /work/shared/data/SOURCES.md (rows; RUS-CHN, RUS-USA, CHN-USA in either
// direction) on the 2019-10-24 GDELT 2.0 export.
func TestAggregateDyadsRealCounts(t *testing.T) {
	path := shareddata.Path(t, "gdelt2/arekziobrowski-gdelt-big-data/20191024143000.export.CSV")
	s, err := AggregateDyads(FileInput(path), FormatGDELT2, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Events != 2111 || len(s.Rejects) != 0 {
		t.Errorf("%d rows, %d rejects; want 2111 and 0 (SOURCES.md)", s.Events, len(s.Rejects))
	}
	count := func(a, b string) int64 {
		var n int64
		for _, c := range s.Cells() {
			if c.Source == a && c.Target == b || c.Source == b && c.Target == a {
				n += c.Events
			}
		}
		return n
	}
	for _, d := range []struct {
		a, b string
		want int64
	}{{"RUS", "CHN", 2}, {"RUS", "USA", 2}, {"CHN", "USA", 8}} {
		if got := count(d.a, d.b); got != d.want {
			t.Errorf("%s-%s = %d, want %d (SOURCES.md)", d.a, d.b, got, d.want)
		}
	}
}

// TestAggregateDyadsOffTheFastPath mixes good rows with every kind of row
// the fast path hands to the full parser (bad values, empty QuadClass,
// exponents, non-ASCII names, long country codes, a header row, wrong field
// counts) and checks the result against the Reader.
func TestAggregateDyadsOffTheFastPath(t *testing.T) {
	rows := []string{
		"GLOBALEVENTID\tSQLDATE",
		gdelt2Row(nil),
		gdelt2Row(map[int]string{0: "", 1: "20150231"}),
		gdelt2Row(map[int]string{0: "12a"}),
		gdelt2Row(map[int]string{1: "20150231"}),
		gdelt2Row(map[int]string{59: "2.02E+13"}),
		gdelt2Row(map[int]string{59: "20220204"}),
		gdelt2Row(map[int]string{59: "20220204246000"}),
		gdelt2Row(map[int]string{30: "abc"}),
		gdelt2Row(map[int]string{30: "-1e1"}),
		gdelt2Row(map[int]string{30: "11"}),
		gdelt2Row(map[int]string{31: "1.5"}),
		gdelt2Row(map[int]string{31: "-3"}),
		gdelt2Row(map[int]string{34: "--1"}),
		gdelt2Row(map[int]string{34: "1.00000000000000001"}),
		gdelt2Row(map[int]string{56: "91"}),
		gdelt2Row(map[int]string{57: "-180.5"}),
		gdelt2Row(map[int]string{56: "90", 57: "-180"}),
		gdelt2Row(map[int]string{56: "90.0000001"}),
		gdelt2Row(map[int]string{56: "+1.", 57: "-0179.9"}),
		gdelt2Row(map[int]string{56: "1e1", 57: ".5"}),
		gdelt2Row(map[int]string{56: "4.5.6"}),
		gdelt2Row(map[int]string{1: "20220205", 59: "20220205000000"}),
		gdelt2Row(map[int]string{1: "20220205", 59: "20220205"}),
		gdelt2Row(map[int]string{6: "RUS\xffSIA"}),
		gdelt2Row(map[int]string{6: "МОСКВА"}),
		gdelt2Row(map[int]string{60: "https://example.org/\xff"}),
		gdelt2Row(map[int]string{7: "РФ", 52: "Москва", 60: "https://example.org/é"}),
		gdelt2Row(map[int]string{7: "RÉ", 17: "É"}),
		gdelt2Row(map[int]string{26: "12", 27: "12", 28: "1"}),
		gdelt2Row(map[int]string{28: "4"}),
		gdelt2Row(map[int]string{26: "04x"}),
		gdelt2Row(map[int]string{27: "041"}),
		gdelt2Row(map[int]string{27: ""}),
		gdelt2Row(map[int]string{29: "5"}),
		gdelt2Row(map[int]string{29: ""}),
		gdelt2Row(map[int]string{26: "190", 27: "190", 28: "19", 29: ""}),
		gdelt2Row(map[int]string{30: "", 31: "", 32: "", 33: "", 34: "", 56: "", 57: ""}),
		gdelt2Row(map[int]string{7: "", 17: ""}),
		gdelt2Row(map[int]string{7: "RUSSIA", 17: "C"}),
		gdelt2Row(map[int]string{7: "RUSSIA", 17: "CH", 1: "20220205"}),
		gdelt2Row(nil)[:40],
		gdelt2Row(nil) + "\textra",
		"",
		gdelt2Row(map[int]string{1: "20220205"}) + "\r",
	}
	data := strings.Join(rows, "\n") + "\n"
	for _, opts := range []Options{{Workers: 1}, {Workers: 2, ChunkSize: 700}} {
		s := compareDyads(t, BytesInput("mem", []byte(data)), FormatAuto, opts)
		if len(s.Rejects) == 0 || s.Events == 0 {
			t.Fatalf("fixture lost its point: %d rows, %d rejects", s.Events, len(s.Rejects))
		}
	}
}

// TestAggregateDyadsFormats: only GDELT event TSV can be aggregated; other
// formats and unknown names are errors, an empty input gives no cells.
func TestAggregateDyadsFormats(t *testing.T) {
	if _, err := AggregateDyads(BytesInput("m", []byte(mentionsRow(nil)+"\n")), FormatAuto, Options{}); err == nil || !strings.Contains(err.Error(), "not GDELT event TSV") {
		t.Errorf("mentions: err = %v", err)
	}
	if _, err := AggregateDyads(BytesInput("m", []byte(gdelt2Row(nil)+"\n")), "gdelt3", Options{}); err == nil {
		t.Error("unknown format: no error")
	}
	s, err := AggregateDyads(BytesInput("m", nil), FormatAuto, Options{})
	if err != nil || s.Groups() != 0 || len(s.Cells()) != 0 || s.Events != 0 {
		t.Errorf("empty input: %+v, %v", s, err)
	}
	s, err = AggregateDyads(BytesInput("m", []byte(gdelt2Row(nil)+"\n"+gdelt2Row(nil)+"\n")), FormatGDELT2, Options{})
	want := DyadCell{Day: time.Date(2022, 2, 4, 0, 0, 0, 0, time.UTC), Source: "RUS", Target: "CHN", Root: "04", Quad: 1,
		Events: 2, Goldstein: 2, Tone: 7, ToneN: 2, Mentions: 20} // gdelt2Row's values, twice
	if err != nil || !reflect.DeepEqual(s.Cells(), []DyadCell{want}) {
		t.Errorf("two equal rows: %+v, %v", s, err)
	}
}

// FuzzAggregateDyads: on any input the fast path agrees with the Reader.
func FuzzAggregateDyads(f *testing.F) {
	f.Add(gdelt2Row(nil) + "\n" + gdelt2Row(map[int]string{1: "2015023"}) + "\r\n")
	f.Add(gdelt2Row(map[int]string{29: "", 30: "1e1"}) + "\n")
	f.Fuzz(func(t *testing.T, data string) {
		in := BytesInput("fuzz", []byte(data))
		if _, err := AggregateDyads(in, FormatGDELT2, Options{Workers: 2, ChunkSize: 512}); err != nil {
			return
		}
		compareDyads(t, in, FormatGDELT2, Options{Workers: 1})
	})
}

// TestCoordOK: the shortcut accepts only what the Reader's coordinate
// check accepts (parseFloat, then |value| <= limit), on the forms it takes
// itself and on those it leaves to dyadFloat; it declines exponents, which
// the full path then accepts.
func TestCoordOK(t *testing.T) {
	for _, c := range []struct {
		in    string
		limit int
		want  bool
	}{
		{"38.8951", 90, true},
		{"-77.0364", 180, true},
		{"", 90, true}, // NaN: the Reader lets an empty coordinate through
		{"0", 90, true},
		{"+1.", 90, true},
		{"-89.999999999999", 90, true},
		{"-89.99999999999999999999", 90, true}, // long fraction: strconv rounds it
		{"90", 90, true},                       // the limit itself: exact test
		{"-90.0", 90, true},
		{"90.0000001", 90, false},
		{"91", 90, false},
		{"179.5", 180, true},
		{"-180.5", 180, false},
		{"0089.5", 90, true}, // leading zeros: exact test
		{"1234", 180, false},
		{"1e1", 90, false}, // exponent: the full path's strconv accepts it
		{".5", 90, true},
		{"4.5.6", 90, false},
		{"-", 90, false},
		{"+", 90, false},
		{".", 90, false},
		{"12a", 90, false},
		{"NaN", 90, false},
		{"38", 90, true},
		{"38.", 90, true},
		{"-8.123456789012", 90, true},  // 15 bytes: two words
		{"-8.1234567890123", 90, true}, // 16 bytes after the sign
		{"89.9x", 90, false},
		{"8.9.", 90, false},
		{"179.99999999999", 180, true},
		{"180.0000000001", 180, false},
		{"18\t0", 180, false},
	} {
		f, ok := parseFloat([]byte(c.in))
		reader := ok && !(math.Abs(f) > float64(c.limit))
		// Alone, and followed within capacity by digits and a point, as a
		// field is by the rest of its line.
		tight := []byte(c.in)
		slack := append([]byte(c.in), "9.99999999999999999"...)[:len(c.in)]
		for _, b := range [][]byte{tight, slack} {
			if got := coordOK(b, c.limit); got != c.want || got && !reader {
				t.Errorf("coordOK(%q, %d) (cap %d) = %v, want %v (Reader: %v)", c.in, c.limit, cap(b), got, c.want, reader)
			}
		}
	}
}

// TestStampCache: cached answers equal checkStamp's, for values seen
// again, values sharing a slot, and invalid values (never entered).
func TestStampCache(t *testing.T) {
	var c stampCache
	stamps := []string{"20220204143000", "20220204", "20220204246000", "2022020414300", "20220204143000", "20220230", "2022020414300a", "20220205000000"}
	for d := range 200 {
		stamps = append(stamps, time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(d)*97*time.Minute).Format("20060102150405"))
	}
	for round := range 3 {
		for _, s := range stamps {
			_, _, want := checkStamp([]byte(s))
			if got := c.added([]byte(s)); got != want {
				t.Fatalf("round %d: added(%q) = %v, want %v", round, s, got, want)
			}
		}
	}
}

// TestYMD8 checks the word-at-a-time SQLDATE parse against atoiDigits and
// validYMD (the Reader's dateCache.ymd), on every day of 1799-2201 and on
// bytes next to each digit's range.
func TestYMD8(t *testing.T) {
	check := func(s string) {
		t.Helper()
		v, ok := ymd8([]byte(s))
		want, wok := atoiDigits([]byte(s))
		wok = wok && len(s) == 8 && validYMD(int(want/10000), int(want/100%100), int(want%100))
		if ok != wok || ok && v != uint64(want) {
			t.Fatalf("ymd8(%q) = %d, %v; want %d, %v", s, v, ok, want, wok)
		}
	}
	for d := time.Date(1799, 12, 25, 0, 0, 0, 0, time.UTC); d.Year() < 2202; d = d.AddDate(0, 0, 1) {
		check(d.Format("20060102"))
	}
	for _, s := range []string{"20220231", "20230229", "18000101", "22001231", "00000000", "99999999", "2022020", "202202041", ""} {
		check(s)
	}
	for pos := range 8 {
		for _, c := range []byte{'/', ':', 0, 0x80, 0xb0, 0xb9, 0xff, 'a', ' '} {
			b := []byte("20220204")
			b[pos] = c
			check(string(b))
		}
	}
}

// FuzzCoordOK: coordOK accepts only what the Reader accepts, and at least
// what dyadFloat and the range test accept, whatever follows the field
// within capacity.
func FuzzCoordOK(f *testing.F) {
	for _, s := range []string{"38.8951", "-77.0364", "90", "-180.5", "1e1", "", "0089.5", "8.9.", "-8.1234567890123"} {
		f.Add(s, "\t9.99")
	}
	f.Fuzz(func(t *testing.T, s, after string) {
		b := append([]byte(s), after...)[:len(s)]
		for _, limit := range []int{90, 180} {
			got := coordOK(b, limit)
			v, ok := parseFloat([]byte(s))
			reader := ok && !(math.Abs(v) > float64(limit))
			fv, fok := dyadFloat([]byte(s))
			fast := fok && !(math.Abs(fv) > float64(limit))
			if got && !reader || fast && !got {
				t.Fatalf("coordOK(%q + %q, %d) = %v; Reader %v, dyadFloat %v", s, after, limit, got, reader, fast)
			}
		}
	})
}
