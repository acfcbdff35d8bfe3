package ingest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"entente/events"
	"entente/internal/shareddata"
	"entente/store"
)

// fakeWriter is a store.Writer that remembers committed files and ids, so
// that these tests check the pipeline without a database (ingest may not
// import a backend; the DuckDB path is tested in cmd/entente and storetest).
type fakeWriter struct {
	log    map[string]store.IngestRecord
	ids    map[string]bool
	rolled int
}

func newFake() *fakeWriter {
	return &fakeWriter{log: map[string]store.IngestRecord{}, ids: map[string]bool{}}
}

func (w *fakeWriter) Ingested(_ context.Context, sha string) (store.IngestRecord, bool, error) {
	r, ok := w.log[sha]
	return r, ok, nil
}

func (w *fakeWriter) Begin(context.Context) (store.Tx, error) {
	return &fakeTx{w: w, seen: map[string]bool{}}, nil
}

type fakeTx struct {
	w      *fakeWriter
	seen   map[string]bool
	counts store.TxCounts
}

func (t *fakeTx) AppendEvents(_ context.Context, evs []events.Event) error {
	for _, e := range evs {
		k := string(e.Dataset) + "/" + e.ID
		if t.w.ids[k] || t.seen[k] {
			t.counts.Duplicates++
			continue
		}
		t.seen[k] = true
		t.counts.Stored++
	}
	return nil
}

func (t *fakeTx) AppendMentions(_ context.Context, ms []events.Mention) error {
	t.counts.Mentions += int64(len(ms))
	return nil
}

func (t *fakeTx) Counts(context.Context) (store.TxCounts, error) { return t.counts, nil }

func (t *fakeTx) Commit(_ context.Context, rec store.IngestRecord) error {
	for k := range t.seen {
		t.w.ids[k] = true
	}
	rec.Stored, rec.Duplicates, rec.Mentions = t.counts.Stored, t.counts.Duplicates, t.counts.Mentions
	t.w.log[rec.SHA256] = rec
	return nil
}

func (t *fakeTx) Rollback() error { t.w.rolled++; return nil }

func inputs(t *testing.T, paths ...string) []events.Input {
	t.Helper()
	ins, err := events.Inputs(paths)
	if err != nil {
		t.Fatal(err)
	}
	return ins
}

func TestRunCountsAndSkip(t *testing.T) {
	// Counts from /work/shared/data/SOURCES.md: 2111 rows, 1629 rows in the
	// zip's one member; the ICEWS sample 3705 rows.
	a := shareddata.Path(t, "gdelt2/arekziobrowski-gdelt-big-data/20191024143000.export.CSV")
	z := shareddata.Path(t, "gdelt2/narayave-Insight-GDELT-Feed/20190121220000.export.CSV.zip")
	ic := shareddata.Path(t, "icews/andybega-icews/events.2018.sample.tab")
	w := newFake()
	var files []FileResult
	var lastDone, lastTotal int64
	sum, err := Run(context.Background(), w, inputs(t, a, z, ic), Options{
		OnFile:   func(r FileResult) { files = append(files, r) },
		Progress: func(d, tot int64) { lastDone, lastTotal = d, tot },
	})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Files != 3 || sum.Ingested != 3 || sum.Stored != 2111+1629+3705 || sum.Duplicates != 0 || sum.Rejected != 0 {
		t.Errorf("first run summary %+v", sum)
	}
	if len(files) != 3 || files[0].Format != "gdelt2" || files[2].Dataset != events.ICEWS || files[1].Stored != 1629 {
		t.Errorf("file results %+v", files)
	}
	if lastDone != lastTotal || lastTotal == 0 {
		t.Errorf("progress ended at %d of %d, want all", lastDone, lastTotal)
	}
	// Same files again: skipped by sha256, nothing read.
	sum, err = Run(context.Background(), w, inputs(t, a, z, ic), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Skipped != 3 || sum.Ingested != 0 || sum.Stored != 0 || !sum.Results[0].Skipped ||
		sum.Results[0].Previous.Stored != 2111 {
		t.Errorf("second run summary %+v", sum)
	}
}

func TestRunDuplicatesAcrossFiles(t *testing.T) {
	// A copy of a file with one extra byte has another sha256 but the same
	// GLOBALEVENTIDs: all 2111 rows are duplicates.
	a := shareddata.Path(t, "gdelt2/arekziobrowski-gdelt-big-data/20191024143000.export.CSV")
	data, err := os.ReadFile(a)
	if err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(t.TempDir(), "copy.CSV")
	if err := os.WriteFile(cp, append(data, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := Run(context.Background(), newFake(), inputs(t, a, cp), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Stored != 2111 || sum.Duplicates != 2111 || sum.Results[1].Stored != 0 {
		t.Errorf("summary %+v", sum)
	}
}

func TestRunFailures(t *testing.T) {
	dir := t.TempDir()
	good := shareddata.Path(t, "gdelt2/arekziobrowski-gdelt-big-data/20191024143000.export.CSV")
	zipData, err := os.ReadFile(shareddata.Path(t, "gdelt2/narayave-Insight-GDELT-Feed/20190121220000.export.CSV.zip"))
	if err != nil {
		t.Fatal(err)
	}
	// Truncated zip: keep the local header and part of the data, drop the
	// central directory.
	trunc := filepath.Join(dir, "trunc.zip")
	if err := os.WriteFile(trunc, zipData[:len(zipData)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := events.Inputs([]string{trunc}); err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("Inputs(truncated zip) = %v, want an error saying truncated", err)
	}
	sheet := shareddata.Path(t, "gdelt2/narayave-Insight-GDELT-Feed/20190121220000.export2.CSV")
	junk := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(junk, []byte("hello\nworld\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w := newFake()
	sum, err := Run(context.Background(), w, inputs(t, sheet, good, junk), Options{})
	if err == nil {
		t.Fatal("want an error for the spreadsheet and the text file")
	}
	var se *events.SpreadsheetError
	if !errors.As(err, &se) || !errors.Is(err, events.ErrUnknownFormat) {
		t.Errorf("error %v: want a *SpreadsheetError and ErrUnknownFormat", err)
	}
	if sum.Failed != 2 || sum.Ingested != 1 || sum.Stored != 2111 {
		t.Errorf("summary %+v: want 2 failed, the good file stored", sum)
	}
	if len(w.log) != 1 {
		t.Errorf("ingest log has %d files, want only the good one", len(w.log))
	}
}

func TestRejectWriter(t *testing.T) {
	var buf bytes.Buffer
	rw := NewRejectWriter(&buf)
	for _, r := range []events.RowError{
		{File: "a.csv", Line: 7, Column: "SQLDATE", Reason: `bad date "2019-13-01"`},
		{File: "b, with comma.tsv", Line: 12, Reason: "57 fields, want 58 or 61"},
	} {
		if err := rw.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := rw.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "file,line,column,reason\na.csv,7,SQLDATE,\"bad date \"\"2019-13-01\"\"\"\n\"b, with comma.tsv\",12,,\"57 fields, want 58 or 61\"\n"
	if buf.String() != want {
		t.Errorf("rejects CSV:\n%s\nwant:\n%s", buf.String(), want)
	}
}
