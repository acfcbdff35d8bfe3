package main

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"entente/internal/shareddata"
)

// fetchServer serves a GDELT 2.0 master list naming two export files built
// from the real spark-gdelt sample (shared/data/gdelt2/spark-gdelt/events.csv);
// the second is listed but missing (404).
func fetchServer(t *testing.T) (*httptest.Server, int) {
	t.Helper()
	raw, err := os.ReadFile(shareddata.Path(t, "gdelt2/spark-gdelt/events.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("20150218230000.export.CSV")
	w.Write(raw)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	body := b.Bytes()
	sum := md5.Sum(body)
	list := fmt.Sprintf("%d %s http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip\n"+
		"%d %s http://data.gdeltproject.org/gdeltv2/20150218231500.export.CSV.zip\n",
		len(body), hex.EncodeToString(sum[:]), len(body), hex.EncodeToString(sum[:]))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/gdeltv2/masterfilelist.txt":
			fmt.Fprint(w, list)
		case "/gdeltv2/20150218230000.export.CSV.zip":
			w.Write(body)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, len(body)
}

func TestRunFetch(t *testing.T) {
	srv, size := fetchServer(t)
	dir := t.TempDir()
	opts := fetchOptions{Dataset: "gdelt2", From: "2015-02-18", To: "20150218", Dir: dir, BaseURL: srv.URL, Jobs: 2, Attempts: 2}
	var out, errb bytes.Buffer
	err := runFetch(context.Background(), opts, &out, &errb)
	if err == nil || err.Error() != "1 of 2 files failed" {
		t.Errorf("err = %v, want '1 of 2 files failed'", err)
	}
	want := fmt.Sprintf("gdelt2 2015-02-18..2015-02-18 (export) into %s: 2 files selected\n"+
		"downloaded 1 (%.1f KiB), present 0, failed 1\n"+
		"failed 20150218231500.export.CSV.zip after 1 attempt(s): GET %s/gdeltv2/20150218231500.export.CSV.zip: HTTP 404 Not Found\n",
		dir, float64(size)/1024, srv.URL)
	if out.String() != want {
		t.Errorf("report:\n%s\nwant:\n%s", out.String(), want)
	}
	if errb.Len() != 0 {
		t.Errorf("stderr not quiet when not a terminal: %q", errb.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "20150218230000.export.CSV.zip")); err != nil {
		t.Error(err)
	}
	// Second run: the verified file is skipped.
	out.Reset()
	runFetch(context.Background(), opts, &out, &errb)
	if !strings.Contains(out.String(), "downloaded 0 (0 B), present 1, failed 1") {
		t.Errorf("second run report:\n%s", out.String())
	}
}

// TestRunFetchIngest: --ingest stores each verified file; a second run
// finds the file present and its content already in the ingest log.
func TestRunFetchIngest(t *testing.T) {
	srv, _ := fetchServer(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "f.duckdb")
	opts := fetchOptions{Dataset: "gdelt2", From: "2015-02-18", To: "2015-02-18", Dir: filepath.Join(dir, "dl"), BaseURL: srv.URL, Jobs: 1, Attempts: 1, Ingest: true, DB: db}
	var out bytes.Buffer
	runFetch(context.Background(), opts, &out, &bytes.Buffer{}) // one file is a 404
	if !strings.Contains(out.String(), "ingested 1, ingest errors 0") {
		t.Fatalf("report:\n%s", out.String())
	}
	var stats bytes.Buffer
	if code := run([]string{"stats", "--db", db, "--format", "json"}, &stats, &bytes.Buffer{}); code != 0 {
		t.Fatalf("stats exit %d", code)
	}
	// SOURCES.md: gdelt2/spark-gdelt/events.csv has 100 rows.
	if !strings.Contains(stats.String(), `"events": 100`) {
		t.Errorf("stats after fetch --ingest:\n%s", stats.String())
	}
}

func TestRunFetchUsage(t *testing.T) {
	base := fetchOptions{Dataset: "gdelt2", From: "2015-02-18", To: "2015-02-18", Dir: t.TempDir(), BaseURL: "http://127.0.0.1:1", Jobs: 1, Attempts: 1}
	tests := []struct {
		name string
		mod  func(*fetchOptions)
		want string
	}{
		{"dataset", func(o *fetchOptions) { o.Dataset = "icews" }, "unknown dataset"},
		{"no dates", func(o *fetchOptions) { o.From = "" }, "required"},
		{"bad date", func(o *fetchOptions) { o.To = "18/02/2015" }, "not a date"},
		{"reversed", func(o *fetchOptions) { o.From = "2015-02-19" }, "before"},
		{"kind", func(o *fetchOptions) { o.Kinds = []string{"backfile"} }, "not a gdelt2 file kind"},
		{"jobs", func(o *fetchOptions) { o.Jobs = 0 }, "at least 1"},
		{"ingest without store", func(o *fetchOptions) { o.Ingest = true; o.DB = "mysql://x" }, "unknown store kind"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := base
			tc.mod(&o)
			err := runFetch(context.Background(), o, &bytes.Buffer{}, &bytes.Buffer{})
			var ue usageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want a usage error containing %q", err, tc.want)
			}
		})
	}
}
