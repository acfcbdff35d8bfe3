package fetch

import (
	"strings"
	"testing"
	"time"
)

// The lines are the first entries of GDELT's masterfilelist.txt as quoted in
// linwoodc3/gdeltPyR notebook/earlyConceptsnFunctionality.md.
const masterHead = `150383 297a16b493de7cf6ca809a7cc31d0b93 http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip
318084 bb27f78ba45f69a17ea6ed7755e9f8ff http://data.gdeltproject.org/gdeltv2/20150218230000.mentions.CSV.zip
10768507 ea8dde0beb0ba98810a92db068c0ce99 http://data.gdeltproject.org/gdeltv2/20150218230000.gkg.csv.zip
149211 2a91041d7e72b0fc6a629e2ff867b240 http://data.gdeltproject.org/gdeltv2/20150218231500.export.CSV.zip

garbage
`

func TestParseMasterList(t *testing.T) {
	files, st, err := ParseMasterList(strings.NewReader(masterHead))
	if err != nil {
		t.Fatal(err)
	}
	if st != (ListStats{Lines: 5, Skipped: 1}) || len(files) != 4 {
		t.Fatalf("stats %+v, %d files; want 5 lines, 1 skipped, 4 files", st, len(files))
	}
	want := File{
		Name: "20150218230000.gkg.csv.zip", URL: "http://data.gdeltproject.org/gdeltv2/20150218230000.gkg.csv.zip",
		Size: 10768507, MD5: "ea8dde0beb0ba98810a92db068c0ce99", Kind: "gkg",
		Start: time.Date(2015, 2, 18, 23, 0, 0, 0, time.UTC), End: time.Date(2015, 2, 18, 23, 15, 0, 0, time.UTC),
	}
	if files[2] != want {
		t.Errorf("got %+v\nwant %+v", files[2], want)
	}
	sel := Select(files, time.Date(2015, 2, 18, 23, 15, 0, 0, time.UTC), time.Date(2015, 2, 19, 0, 0, 0, 0, time.UTC), []string{"export"})
	if len(sel) != 1 || sel[0].Name != "20150218231500.export.CSV.zip" {
		t.Errorf("Select = %+v, want the 231500 export only", sel)
	}
}

func TestParseV1Lists(t *testing.T) {
	sizes := "GDELT.MASTERREDUCEDV2.1979-2013.zip\n100 1979.zip\n200 200601.zip\n300 20130401.export.CSV.zip\n400 20130402.export.CSV.zip\n"
	sums := "0123456789abcdef0123456789abcdef  1979.zip\n" +
		"0123456789ABCDEF0123456789ABCDEF  200601.zip\n" +
		"00000000000000000000000000000000 *20130401.export.CSV.zip\n"
	files, st, err := ParseV1Lists(strings.NewReader(sizes), strings.NewReader(sums), "http://x/events/")
	if err != nil {
		t.Fatal(err)
	}
	// Skipped: the one-field line, and 20130402 which has no MD5.
	if st != (ListStats{Lines: 8, Skipped: 2}) {
		t.Errorf("stats %+v", st)
	}
	if len(files) != 3 {
		t.Fatalf("%d files: %+v", len(files), files)
	}
	tests := []struct {
		i          int
		name, kind string
		start, end time.Time
	}{
		{0, "1979.zip", "backfile", time.Date(1979, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)},
		{1, "200601.zip", "backfile", time.Date(2006, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2006, 2, 1, 0, 0, 0, 0, time.UTC)},
		{2, "20130401.export.CSV.zip", "export", time.Date(2013, 4, 1, 0, 0, 0, 0, time.UTC), time.Date(2013, 4, 2, 0, 0, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		f := files[tc.i]
		if f.Name != tc.name || f.Kind != tc.kind || !f.Start.Equal(tc.start) || !f.End.Equal(tc.end) {
			t.Errorf("file %d = %+v, want %s %s %v–%v", tc.i, f, tc.name, tc.kind, tc.start, tc.end)
		}
	}
	if files[1].MD5 != "0123456789abcdef0123456789abcdef" || files[2].URL != "http://x/events/20130401.export.CSV.zip" {
		t.Errorf("md5 %q url %q", files[1].MD5, files[2].URL)
	}
	// A range inside 1979 selects the yearly backfile.
	sel := Select(files, time.Date(1979, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(1979, 6, 2, 0, 0, 0, 0, time.UTC), nil)
	if len(sel) != 1 || sel[0].Name != "1979.zip" {
		t.Errorf("Select(1979-06-01) = %+v", sel)
	}
}

func FuzzParseMasterList(f *testing.F) {
	f.Add(masterHead)
	f.Fuzz(func(t *testing.T, s string) {
		files, st, err := ParseMasterList(strings.NewReader(s))
		if err != nil {
			return
		}
		if len(files)+st.Skipped != st.Lines {
			t.Fatalf("%d files + %d skipped != %d lines", len(files), st.Skipped, st.Lines)
		}
		for _, f := range files {
			if f.Size < 0 || len(f.MD5) != 32 || !f.End.After(f.Start) {
				t.Fatalf("bad file %+v", f)
			}
		}
	})
}
