package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"entente/bench/ingest/synth"
	"entente/internal/shareddata"
	"entente/store/duckdb"
)

// TestMain lets a test re-execute this test binary as the entente command:
// with ENTENTE_TEST_AS_MAIN=1 the binary runs the command line it was given
// and exits, which the kill -9 test needs (a child process to kill).
func TestMain(m *testing.M) {
	if os.Getenv("ENTENTE_TEST_AS_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

func TestIngestAndStats(t *testing.T) {
	db := filepath.Join(t.TempDir(), "e.duckdb")
	// Counts from /work/shared/data/SOURCES.md: 5894 + 2111 rows; dyads
	// RUS-USA 96 + 2, CHN-USA 1 + 8, RUS-CHN 4 + 2 (but in two data sets:
	// the R re-export is read as data set "csv").
	aug := shareddata.Path(t, "gdelt1/mpiccirilli-UNDP-BCPR-Project/individual_csvs/aug2011.csv")
	g2 := shareddata.Path(t, "gdelt2/arekziobrowski-gdelt-big-data/20191024143000.export.CSV")
	var out bytes.Buffer
	if err := runIngest(context.Background(), ingestOptions{DB: db, Paths: []string{aug, g2}}, &out); err != nil {
		t.Fatalf("ingest: %v\n%s", err, out.String())
	}
	for _, want := range []string{
		"ingested " + aug + " [csv]: 5894 events stored, 0 duplicates, 0 rejected",
		"ingested " + g2 + " [gdelt2]: 2111 events stored, 0 duplicates, 0 rejected",
		"files: 2 (2 ingested, 0 already ingested, 0 failed)",
		"rows read: 8005, stored: 8005, duplicates skipped: 0, rejected: 0",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("ingest output lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if err := runIngest(context.Background(), ingestOptions{DB: db, Paths: []string{g2}}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "skipped  "+g2+": already ingested") ||
		!strings.Contains(out.String(), "files: 1 (0 ingested, 1 already ingested, 0 failed)") {
		t.Errorf("re-ingest output:\n%s", out.String())
	}

	out.Reset()
	if err := runStats(context.Background(), statsOptions{DB: db, Format: "json"}, &out); err != nil {
		t.Fatal(err)
	}
	var st statsJSON
	if err := json.Unmarshal(out.Bytes(), &st); err != nil {
		t.Fatal(err)
	}
	if st.Files != 2 || len(st.Datasets) != 2 ||
		st.Datasets[0] != (datasetJSON{Dataset: "csv", Events: 5894, First: "2011-08-01", Last: "2011-08-31"}) ||
		st.Datasets[1].Events != 2111 || st.Datasets[1].Dataset != "gdelt2" {
		t.Errorf("stats = %+v", st)
	}
	// RUS–USA leads: 96 (aug2011.csv) + 2 (20191024143000), SOURCES.md.
	if len(st.TopDyads) == 0 || st.TopDyads[0] != (dyadJSONItem{A: "RUS", B: "USA", Events: 98}) {
		t.Errorf("top dyads = %+v, want RUS–USA 98 first", st.TopDyads)
	}
	out.Reset()
	if err := runStats(context.Background(), statsOptions{DB: db, Format: "table"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "RUS–USA  98") || !strings.Contains(out.String(), "files ingested: 2") {
		t.Errorf("stats table:\n%s", out.String())
	}
}

func TestIngestRejectsAndErrors(t *testing.T) {
	dir := t.TempDir()
	good := shareddata.Path(t, "gdelt2/arekziobrowski-gdelt-big-data/20191024143000.export.CSV")
	sheet := shareddata.Path(t, "gdelt2/narayave-Insight-GDELT-Feed/20190121220000.export2.CSV")
	// A GDELT 2.0 file with two broken rows: one cut short, one bad date.
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	lines[2] = "123\t2019\n"
	f := strings.Split(lines[4], "\t")
	f[1] = "2019x024"
	lines[4] = strings.Join(f, "\t")
	bad := filepath.Join(dir, "bad.CSV")
	if err := os.WriteFile(bad, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "e.duckdb")
	rej := filepath.Join(dir, "rejects.csv")
	var out bytes.Buffer
	if err := runIngest(context.Background(), ingestOptions{DB: db, Paths: []string{bad}, Rejects: rej}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "rows read: 2111, stored: 2109, duplicates skipped: 0, rejected: 2") ||
		!strings.Contains(out.String(), "first rejected rows:\n  "+bad+":3: ") ||
		!strings.Contains(out.String(), "  "+bad+":5: ") {
		t.Errorf("output:\n%s", out.String())
	}
	csvText, err := os.ReadFile(rej)
	if err != nil {
		t.Fatal(err)
	}
	if rows := strings.Split(strings.TrimSpace(string(csvText)), "\n"); len(rows) != 3 || rows[0] != "file,line,column,reason" ||
		!strings.HasPrefix(rows[1], bad+",3,") || !strings.HasPrefix(rows[2], bad+",5,") {
		t.Errorf("rejects file:\n%s", csvText)
	}

	trunc := filepath.Join(dir, "trunc.zip")
	zipData, err := os.ReadFile(shareddata.Path(t, "gdelt2/narayave-Insight-GDELT-Feed/20190121220000.export.CSV.zip"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(trunc, zipData[:len(zipData)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(dir, "never.duckdb")
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"spreadsheet", []string{"ingest", "--db", db, sheet}, exitUsage, "looks like a spreadsheet re-export"},
		{"missing path", []string{"ingest", "--db", fresh, filepath.Join(dir, "nope.csv")}, exitUsage, "no such file"},
		{"truncated zip", []string{"ingest", "--db", fresh, trunc}, exitUsage, "truncated"},
		{"unknown format", []string{"ingest", "--db", fresh, "--format", "xls", good}, exitUsage, `unknown format "xls"`},
		{"clickhouse unreachable", []string{"ingest", "--db", "clickhouse://127.0.0.1:1/e?dial_timeout=1s", good}, exitError, "cannot reach ClickHouse at 127.0.0.1:1"},
		{"unknown store kind", []string{"ingest", "--db", "mysql://127.0.0.1/e", good}, exitUsage, "unknown store kind"},
		{"stats without store", []string{"stats", "--db", fresh}, exitUsage, "no store at"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(tc.args, &stdout, &stderr); code != tc.code || !strings.Contains(stderr.String(), tc.msg) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr.String(), tc.code, tc.msg)
			}
			if strings.Count(strings.TrimSpace(stderr.String()), "\n") != 0 {
				t.Errorf("stderr is not one line: %q", stderr.String())
			}
		})
	}
	if _, err := os.Stat(fresh); !os.IsNotExist(err) {
		t.Errorf("a failed ingest created the store %s", fresh)
	}
}

// TestIngestKill9 kills an ingest with SIGKILL while it writes a large
// generated file and checks that the store is exactly as before that file,
// then that a re-run stores every row.
func TestIngestKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("kill -9 test generates 120 MB; skipped with -short")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "e.duckdb")
	small := shareddata.Path(t, "gdelt2/arekziobrowski-gdelt-big-data/20191024143000.export.CSV")
	rows, err := synth.Rows([]string{filepath.Dir(small), shareddata.Path(t, "gdelt2/narayave-Insight-GDELT-Feed/events.csv")})
	if err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.export.CSV")
	// Ids from 10^10 cannot collide with the real file's (~8.8×10^8).
	n, err := synth.WriteFile(big, rows, 120<<20, 10_000_000_000, 1)
	if err != nil {
		t.Fatal(err)
	}
	if code := run([]string{"ingest", "--db", db, small}, new(bytes.Buffer), new(bytes.Buffer)); code != 0 {
		t.Fatalf("pre-state ingest exit %d", code)
	}
	before := storeCounts(t, db)
	if before.events != 2111 || before.files != 1 {
		t.Fatalf("pre-state %+v", before)
	}

	child := exec.Command(os.Args[0], "ingest", "--db", db, big)
	child.Env = append(os.Environ(), "ENTENTE_TEST_AS_MAIN=1")
	var childOut bytes.Buffer
	child.Stdout, child.Stderr = &childOut, &childOut
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill once the child has started writing rows into the store file or
	// its write-ahead log (the merge of staged rows), so the kill lands in
	// the middle of the file's transaction.
	size0 := fileSize(db) + fileSize(db+".wal")
	deadline := time.Now().Add(60 * time.Second)
	for fileSize(db)+fileSize(db+".wal") == size0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err = child.Wait()
	if ws, ok := child.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("child was not killed mid-way (%v); output:\n%s", err, childOut.String())
	}
	if after := storeCounts(t, db); after != before {
		t.Errorf("after kill -9: %+v, want the pre-kill state %+v", after, before)
	}

	var out bytes.Buffer
	if err := runIngest(context.Background(), ingestOptions{DB: db, Paths: []string{big}}, &out); err != nil {
		t.Fatalf("re-run: %v\n%s", err, out.String())
	}
	after := storeCounts(t, db)
	if after.events != 2111+n || after.files != 2 {
		t.Errorf("after re-run: %+v, want %d events in 2 files", after, 2111+n)
	}
	if after.cubeEvents != after.dyadEvents {
		t.Errorf("cube holds %d events, raw events with both countries %d", after.cubeEvents, after.dyadEvents)
	}
}

type counts struct {
	events, files, cubeEvents, dyadEvents int64
}

// storeCounts reads the store's totals with SQL, independently of the
// store's own query methods.
func storeCounts(t *testing.T, path string) counts {
	t.Helper()
	s, err := duckdb.Open(path, duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var c counts
	err = s.DB().QueryRow(`SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM ingest_log),
		(SELECT coalesce(sum(events), 0) FROM cube),
		(SELECT count(*) FROM events WHERE source_country <> '' AND target_country <> '')`).
		Scan(&c.events, &c.files, &c.cubeEvents, &c.dyadEvents)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func fileSize(p string) int64 {
	st, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return st.Size()
}
