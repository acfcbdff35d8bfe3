package fetch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// gdelt2Fixture serves GDELT 2.0 zips built from the real sample files
// (shared/data/gdelt2, see SOURCES.md). Slots on 2015-02-18/19:
//
//	230000 export   good                       (spark-gdelt events.csv)
//	230000 mentions good, not an export        (spark-gdelt mentions.csv)
//	231500 export   list has a wrong MD5       (spark-gdelt eventsT.csv)
//	233000 export   listed, server says 404
//	234500 export   cut mid-file once, then ok (narayave events.csv)
//	000000 export   cut mid-file every time    (arekziobrowski 20191024143000)
//	2015-02-20 001500 export outside the range
func gdelt2Fixture(t *testing.T) (*fakeGDELT, map[string][]byte) {
	fg := newFakeGDELT(t)
	src := map[string]string{
		"20150218230000.export.CSV.zip":   "gdelt2/spark-gdelt/events.csv",
		"20150218230000.mentions.CSV.zip": "gdelt2/spark-gdelt/mentions.csv",
		"20150218231500.export.CSV.zip":   "gdelt2/spark-gdelt/eventsT.csv",
		"20150218233000.export.CSV.zip":   "gdelt2/spark-gdelt/events.csv",
		"20150218234500.export.CSV.zip":   "gdelt2/narayave-Insight-GDELT-Feed/events.csv",
		"20150219000000.export.CSV.zip":   "gdelt2/arekziobrowski-gdelt-big-data/20191024143000.export.CSV",
		"20150220001500.export.CSV.zip":   "gdelt2/spark-gdelt/events.csv",
	}
	zips := map[string][]byte{}
	var names []string
	for name, rel := range src {
		zips[name] = zipOf(t, strings.TrimSuffix(name, ".zip"), readShared(t, rel))
		names = append(names, name)
	}
	slices.Sort(names)
	var list strings.Builder
	for _, name := range names {
		sum := md5hex(zips[name])
		if name == "20150218231500.export.CSV.zip" {
			sum = md5hex([]byte("not this file"))
		}
		fmt.Fprintf(&list, "%d %s http://data.gdeltproject.org/gdeltv2/%s\n", len(zips[name]), sum, name)
		if name != "20150218233000.export.CSV.zip" {
			fg.files[name] = zips[name]
		}
	}
	list.WriteString("- - http://data.gdeltproject.org/gdeltv2/broken.line\n")
	fg.master = list.String()
	fg.mode["20150218234500.export.CSV.zip"] = "cut-once"
	fg.mode["20150219000000.export.CSV.zip"] = "cut"
	return fg, zips
}

func testOptions(fg *fakeGDELT, dir string) Options {
	o := DefaultOptions()
	o.Dataset = GDELT2
	o.BaseURL = fg.srv.URL
	o.Dir = dir
	o.From = time.Date(2015, 2, 18, 0, 0, 0, 0, time.UTC)
	o.To = time.Date(2015, 2, 20, 0, 0, 0, 0, time.UTC) // --to 2015-02-19, inclusive
	o.Kinds = []string{"export"}
	o.Jobs = 3
	o.Attempts = 3
	o.RetryWait = time.Millisecond
	return o
}

func names(rs []Result) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.File.Name)
	}
	return out
}

func dirState(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func TestRunGDELT2(t *testing.T) {
	fg, zips := gdelt2Fixture(t)
	dir := t.TempDir()
	opts := testOptions(fg, dir)
	prog := &fakeProgress{}
	opts.Progress = prog
	rep, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Selected != 5 {
		t.Errorf("selected %d files, want 5", rep.Selected)
	}
	if rep.ListStats != (ListStats{Lines: 8, Skipped: 1}) {
		t.Errorf("list stats %+v, want 8 lines, 1 skipped", rep.ListStats)
	}
	wantDown := []string{"20150218230000.export.CSV.zip", "20150218234500.export.CSV.zip"}
	if got := names(rep.Downloaded); !slices.Equal(got, wantDown) {
		t.Errorf("downloaded %v, want %v", got, wantDown)
	}
	if len(rep.Present) != 0 || len(rep.NotAttempted) != 0 {
		t.Errorf("present %v, not attempted %v; want none", names(rep.Present), rep.NotAttempted)
	}
	wantFail := map[string]struct {
		attempts int
		is       func(error) bool
	}{
		"20150218231500.export.CSV.zip": {3, func(err error) bool { return errors.Is(err, ErrVerify) && strings.Contains(err.Error(), "MD5") }},
		"20150218233000.export.CSV.zip": {1, func(err error) bool {
			var he *HTTPError
			return errors.As(err, &he) && he.Status == 404
		}},
		"20150219000000.export.CSV.zip": {3, func(err error) bool { return strings.Contains(err.Error(), "unexpected EOF") }},
	}
	if len(rep.Failed) != len(wantFail) {
		t.Errorf("failed %v, want 3", names(rep.Failed))
	}
	for _, r := range rep.Failed {
		w, ok := wantFail[r.File.Name]
		if !ok {
			t.Errorf("unexpected failure %s: %v", r.File.Name, r.Err)
			continue
		}
		if r.Attempts != w.attempts || !w.is(r.Err) {
			t.Errorf("%s: %d attempts, error %v; want %d attempts and the expected cause", r.File.Name, r.Attempts, r.Err, w.attempts)
		}
	}
	// The cut-once file took two requests; nothing outside the range or of
	// another kind was requested.
	for name, want := range map[string]int{
		"20150218234500.export.CSV.zip":   2,
		"20150220001500.export.CSV.zip":   0,
		"20150218230000.mentions.CSV.zip": 0,
	} {
		if got := fg.count(name); got != want {
			t.Errorf("%s requested %d times, want %d", name, got, want)
		}
	}
	// Only verified files, byte-identical, and no .part leftovers.
	if got := dirState(t, dir); !slices.Equal(got, wantDown) {
		t.Errorf("directory holds %v, want %v", got, wantDown)
	}
	for _, name := range wantDown {
		b, _ := os.ReadFile(filepath.Join(dir, name))
		if md5hex(b) != md5hex(zips[name]) {
			t.Errorf("%s differs from what the server holds", name)
		}
	}
	if want := int64(len(zips[wantDown[0]]) + len(zips[wantDown[1]])); prog.cur != want || rep.Bytes() != want {
		t.Errorf("progress ended at %d, report says %d bytes; want %d", prog.cur, rep.Bytes(), want)
	}
}

// TestRunResume interrupts a run after its first file and checks that the
// second run completes without downloading that file again.
func TestRunResume(t *testing.T) {
	fg, _ := gdelt2Fixture(t)
	delete(fg.mode, "20150219000000.export.CSV.zip")
	fg.mode["20150218234500.export.CSV.zip"] = ""
	dir := t.TempDir()
	opts := testOptions(fg, dir)
	opts.Jobs = 1
	opts.Kinds = nil // exports and mentions

	ctx, cancel := context.WithCancel(context.Background())
	first := "20150218230000.export.CSV.zip"
	fg.onGet = func(name string) {
		if name != first {
			// The first file is done; interrupt before the second is
			// served, and hold the response until the client has seen the
			// cancellation, so its body cannot arrive first.
			cancel()
			time.Sleep(200 * time.Millisecond)
		}
	}
	rep, err := Run(ctx, opts)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: err = %v, want context.Canceled", err)
	}
	if got := names(rep.Downloaded); !slices.Equal(got, []string{first}) {
		t.Fatalf("interrupted run downloaded %v, want [%s]", got, first)
	}
	if len(rep.NotAttempted) != rep.Selected-1 {
		t.Errorf("interrupted run: %d not attempted of %d", len(rep.NotAttempted), rep.Selected)
	}
	if got := dirState(t, dir); !slices.Equal(got, []string{first}) {
		t.Errorf("after interruption the directory holds %v, want only %s", got, first)
	}

	fg.onGet = nil
	rep, err = Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(rep.Present); !slices.Equal(got, []string{first}) {
		t.Errorf("second run found present %v, want [%s]", got, first)
	}
	wantDown := []string{"20150218230000.mentions.CSV.zip", "20150218234500.export.CSV.zip", "20150219000000.export.CSV.zip"}
	if got := names(rep.Downloaded); !slices.Equal(got, wantDown) {
		t.Errorf("second run downloaded %v, want %v", got, wantDown)
	}
	if n := fg.count(first); n != 1 {
		t.Errorf("%s requested %d times over both runs, want 1", first, n)
	}
}

// TestRunReplacesCorruptFile: a bad file under the final name is fetched
// again; a stale .part from a killed run is overwritten.
func TestRunReplacesCorruptFile(t *testing.T) {
	fg, zips := gdelt2Fixture(t)
	dir := t.TempDir()
	name := "20150218230000.export.CSV.zip"
	os.WriteFile(filepath.Join(dir, name), []byte("truncated"), 0o644)
	os.WriteFile(filepath.Join(dir, "20150218234500.export.CSV.zip.part"), []byte("stale"), 0o644)
	opts := testOptions(fg, dir)
	opts.To = time.Date(2015, 2, 19, 0, 0, 0, 0, time.UTC)
	if _, err := Run(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, name))
	if md5hex(b) != md5hex(zips[name]) {
		t.Error("corrupt file was not replaced")
	}
	want := []string{name, "20150218234500.export.CSV.zip"}
	if got := dirState(t, dir); !slices.Equal(got, want) {
		t.Errorf("directory holds %v, want %v", got, want)
	}
}

func TestRunIngest(t *testing.T) {
	fg, _ := gdelt2Fixture(t)
	dir := t.TempDir()
	opts := testOptions(fg, dir)
	var active, maxActive atomic.Int32
	var got []string
	opts.Ingest = func(ctx context.Context, path string) error {
		if n := active.Add(1); n > maxActive.Load() {
			maxActive.Store(n)
		}
		defer active.Add(-1)
		time.Sleep(time.Millisecond)
		got = append(got, filepath.Base(path))
		if strings.HasPrefix(filepath.Base(path), "20150218234500") {
			return errors.New("bad rows")
		}
		return nil
	}
	rep, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	want := []string{"20150218230000.export.CSV.zip", "20150218234500.export.CSV.zip"}
	if !slices.Equal(got, want) {
		t.Errorf("ingested %v, want %v", got, want)
	}
	if maxActive.Load() != 1 {
		t.Errorf("%d concurrent ingest calls, want 1", maxActive.Load())
	}
	if rep.Ingested != 1 || len(rep.IngestErrors) != 1 || !strings.Contains(rep.IngestErrors[0].Err.Error(), "bad rows") {
		t.Errorf("ingested %d, errors %v; want 1 and one 'bad rows'", rep.Ingested, rep.IngestErrors)
	}
}

// TestRunGDELT1 serves GDELT 1.0's two lists and a daily zip built from the
// real spark-gdelt events1.csv sample.
func TestRunGDELT1(t *testing.T) {
	fg := newFakeGDELT(t)
	day := zipOf(t, "20130401.export.CSV", readShared(t, "gdelt1/spark-gdelt/events1.csv"))
	other := zipOf(t, "20160728.export.CSV", readShared(t, "gdelt1/reed9999-gdelt-demo/events.csv"))
	year := zipOf(t, "1979.csv", []byte("x"))
	fg.files["20130401.export.CSV.zip"] = day
	fg.files["20160728.export.CSV.zip"] = other
	fg.files["1979.zip"] = year
	fg.v1Sizes = fmt.Sprintf("%d 20160728.export.CSV.zip\n%d 20130401.export.CSV.zip\n%d 1979.zip\n123 GDELT.MASTERREDUCEDV2.1979-2013.zip\n",
		len(other), len(day), len(year))
	fg.v1MD5s = fmt.Sprintf("%s  20160728.export.CSV.zip\n%s  20130401.export.CSV.zip\n%s  1979.zip\n",
		md5hex(other), md5hex(day), md5hex(year))
	dir := t.TempDir()
	opts := testOptions(fg, dir)
	opts.Dataset = GDELT1
	opts.Kinds = nil
	opts.From = time.Date(2013, 4, 1, 0, 0, 0, 0, time.UTC)
	opts.To = time.Date(2013, 4, 2, 0, 0, 0, 0, time.UTC)
	rep, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(rep.Downloaded); !slices.Equal(got, []string{"20130401.export.CSV.zip"}) || rep.Selected != 1 {
		t.Errorf("downloaded %v of %d selected, want only 20130401.export.CSV.zip", got, rep.Selected)
	}
	// 4 size lines + 3 md5 lines; the MASTERREDUCED archive has no MD5.
	if rep.ListStats != (ListStats{Lines: 7, Skipped: 1}) {
		t.Errorf("list stats %+v", rep.ListStats)
	}
	if got := dirState(t, dir); !slices.Equal(got, []string{"20130401.export.CSV.zip"}) {
		t.Errorf("directory holds %v", got)
	}
}

func TestRunOptionErrors(t *testing.T) {
	base := DefaultOptions()
	base.Dataset, base.Dir = GDELT2, t.TempDir()
	base.From = time.Date(2015, 2, 18, 0, 0, 0, 0, time.UTC)
	base.To = base.From.AddDate(0, 0, 1)
	tests := []struct {
		name string
		mod  func(*Options)
		want string
	}{
		{"dataset", func(o *Options) { o.Dataset = "icews" }, "unknown dataset"},
		{"range", func(o *Options) { o.To = o.From }, "empty date range"},
		{"jobs", func(o *Options) { o.Jobs = 0 }, "jobs"},
		{"attempts", func(o *Options) { o.Attempts = 0 }, "attempts"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := base
			tc.mod(&o)
			if _, err := Run(context.Background(), o); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestRunListUnavailable(t *testing.T) {
	fg := newFakeGDELT(t)
	opts := testOptions(fg, t.TempDir())
	opts.Dataset = GDELT1 // the fake serves empty 1.0 lists: nothing selected
	rep, err := Run(context.Background(), opts)
	if err != nil || rep.Selected != 0 {
		t.Fatalf("empty lists: %v, %+v", err, rep)
	}
	opts.BaseURL = fg.srv.URL + "/nowhere"
	opts.Dataset = GDELT2
	if _, err := Run(context.Background(), opts); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("missing master list: err = %v, want a 404", err)
	}
}
