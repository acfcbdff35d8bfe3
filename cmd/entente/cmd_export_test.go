package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"entente/internal/shareddata"
)

// TestExportParquet ingests a real GDELT 2.0 file (2111 rows, SOURCES.md)
// into a DuckDB store and exports it; then checks the usage errors.
func TestExportParquet(t *testing.T) {
	file := shareddata.Path(t, "gdelt2/arekziobrowski-gdelt-big-data/20191024143000.export.CSV")
	dir := t.TempDir()
	db := filepath.Join(dir, "s.duckdb")
	var out bytes.Buffer
	if err := runIngest(context.Background(), ingestOptions{DB: db, Format: "auto", Paths: []string{file}}, &out); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := runExportParquet(context.Background(), exportOptions{DB: db, Out: filepath.Join(dir, "pq")}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "exported 2111 events") {
		t.Errorf("output %q, want 2111 events exported", out.String())
	}
	// SQLDATE 20181024-20191024: 13 months, the last one 2019-10.
	if _, err := os.Stat(filepath.Join(dir, "pq", "events", "year=2019", "month=10", "part-0.parquet")); err != nil {
		t.Error(err)
	}
	for _, c := range []struct {
		opts exportOptions
		want string
	}{
		{exportOptions{DB: db, Out: dir, From: "2019-13-01"}, "is not a date"},
		{exportOptions{DB: db, Out: dir, From: "2019-10-02", To: "2019-10-01"}, "before --from"},
		{exportOptions{DB: filepath.Join(dir, "none.duckdb"), Out: dir}, "no store at"},
	} {
		err := runExportParquet(context.Background(), c.opts, &out)
		var ue usageError
		if err == nil || !strings.Contains(err.Error(), c.want) || !asUsage(err, &ue) {
			t.Errorf("%+v: error %v, want a usage error containing %q", c.opts, err, c.want)
		}
	}
}

func asUsage(err error, ue *usageError) bool {
	u, ok := err.(usageError)
	if ok {
		*ue = u
	}
	return ok
}
