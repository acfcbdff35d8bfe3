package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"entente/cases/sinorussian"
	"entente/internal/shareddata"
	"entente/store/duckdb"
	"entente/store/memstore"
)

func TestIsLoopback(t *testing.T) {
	for _, tc := range []struct {
		addr string
		want bool
	}{
		{"127.0.0.1:8080", true}, {"127.1.2.3:80", true}, {"localhost:0", true}, {"[::1]:8080", true},
		{"0.0.0.0:8080", false}, {":8080", false}, {"192.168.1.5:8080", false}, {"[::]:8080", false}, {"example.org:80", false},
	} {
		got, err := isLoopback(tc.addr)
		if err != nil || got != tc.want {
			t.Errorf("isLoopback(%q) = %v, %v; want %v", tc.addr, got, err, tc.want)
		}
	}
	if _, err := isLoopback("8080"); err == nil {
		t.Error("isLoopback(\"8080\"): want an error for a missing port separator")
	}
}

func TestServeUsage(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"public without token", []string{"serve", "--addr", "0.0.0.0:0", "--db", filepath.Join(dir, "x.duckdb")}, "not a loopback address"},
		{"bad address", []string{"serve", "--addr", "nowhere", "--db", filepath.Join(dir, "x.duckdb")}, "--addr"},
		{"no store", []string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "missing.duckdb")}, "no store at"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			t.Setenv("ENTENTE_TOKEN", "")
			if code := run(tc.args, io.Discard, &stderr); code != exitUsage || !strings.Contains(stderr.String(), tc.want) {
				t.Fatalf("exit %d, stderr %q; want %d mentioning %q", code, stderr.String(), exitUsage, tc.want)
			}
		})
	}
}

// serving runs `entente serve` on a free loopback port until the test ends
// and returns its base URL and a buffer holding its access log.
func serving(t *testing.T, opts serveOptions) (string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	opts.Addr = "127.0.0.1:0"
	opts.Ready = func(a string) { addrc <- a }
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, opts, io.Discard, logs) }()
	select {
	case a := <-addrc:
		t.Cleanup(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
		})
		return "http://" + a, logs
	case err := <-done:
		cancel()
		t.Fatalf("serve did not start: %v", err)
	}
	return "", nil
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func get(t *testing.T, url string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

// ingestStore builds a DuckDB store from real shared files with the ingest
// verb.
func ingestStore(t *testing.T, files ...string) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "serve.duckdb")
	var paths []string
	for _, f := range files {
		paths = append(paths, shareddata.Path(t, f))
	}
	if err := runIngest(context.Background(), ingestOptions{DB: db, Paths: paths}, io.Discard); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestServeMatchesCLI: over the same DuckDB store, each API endpoint answers
// with the bytes the matching CLI verb prints with --format json.
func TestServeMatchesCLI(t *testing.T) {
	db := ingestStore(t, "gdelt1/reed9999-gdelt-demo/events.csv", "gdelt2/narayave-Insight-GDELT-Feed/events.csv")
	// Add the case chronology, whose RUS–CHN series has a break in 2022.
	st, err := duckdb.Open(db, duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	chron, err := sinorussian.ChronologyEvents()
	if err != nil {
		t.Fatal(err)
	}
	if err := memstore.Load(context.Background(), st, chron); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	base, logs := serving(t, serveOptions{DB: db})
	for _, tc := range []struct {
		api string
		cli func(io.Writer) error
	}{
		{"/api/dyad?a=USA&b=RUS&by=year&index=1", func(w io.Writer) error {
			o := dyadOptions{A: "USA", B: "RUS", Index: true, K: 10}
			o.seriesFlags = seriesFlags{DB: db, By: "year", Weight: "none", Dedupe: "none", Format: "json"}
			return runDyad(context.Background(), o, w, io.Discard)
		}},
		{"/api/dyad?a=NATO&b=RUS&by=quarter&directed=1&weight=mentions&from=2016-01-01&to=2019-12-31", func(w io.Writer) error {
			o := dyadOptions{A: "NATO", B: "RUS", Directed: true, K: 10}
			o.seriesFlags = seriesFlags{DB: db, By: "quarter", From: "2016-01-01", To: "2019-12-31", Weight: "mentions", Dedupe: "none", Format: "json"}
			return runDyad(context.Background(), o, w, io.Discard)
		}},
		{"/api/changes?a=RUS&b=CHN&by=year&from=1990-01-01", func(w io.Writer) error {
			o := changesOptions{A: "RUS", B: "CHN", Penalty: "bic", MinSegment: 2}
			o.seriesFlags = seriesFlags{DB: db, By: "year", From: "1990-01-01", Weight: "none", Dedupe: "none", Format: "json"}
			return runChanges(context.Background(), o, w, io.Discard)
		}},
		{"/api/triangle?a=USA&b=RUS&c=CHN&by=year&min_events=1", func(w io.Writer) error {
			o := triangleOptions{A: "USA", B: "RUS", C: "CHN", Band: 0.5, MinEvents: 1, Bootstrap: 1000, Seed: 1}
			o.seriesFlags = seriesFlags{DB: db, By: "year", Weight: "none", Dedupe: "none", Format: "json"}
			return runTriangle(context.Background(), o, w, io.Discard)
		}},
		{"/api/events?a=USA&b=RUS&limit=100", func(w io.Writer) error {
			return runEvents(context.Background(), eventsOptions{DB: db, A: "USA", B: "RUS", Limit: 100, Format: "json"}, w, io.Discard)
		}},
		{"/api/stats", func(w io.Writer) error {
			return runStats(context.Background(), statsOptions{DB: db, Format: "json"}, w)
		}},
	} {
		t.Run(tc.api, func(t *testing.T) {
			code, got := get(t, base+tc.api)
			if code != 200 {
				t.Fatalf("status %d: %s", code, got)
			}
			var want bytes.Buffer
			// The CLI opens the store read-only too: both may hold it at once.
			if err := tc.cli(&want); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want.Bytes()) {
				t.Errorf("API and CLI differ:\n API %.400s\n CLI %.400s", got, want.Bytes())
			}
			if len(want.Bytes()) < 40 {
				t.Errorf("the CLI printed %q: the comparison is vacuous", want.Bytes())
			}
		})
	}
	if !strings.Contains(logs.String(), `"path":"/api/stats"`) {
		t.Errorf("access log lacks the requests:\n%s", logs.String())
	}
}

type statsTotals struct {
	Files    int `json:"files"`
	Datasets []struct {
		Events int64 `json:"events"`
	} `json:"datasets"`
}

func totalEvents(t *testing.T, b []byte) (int, int64) {
	t.Helper()
	var s statsTotals
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("stats %s: %v", b, err)
	}
	var n int64
	for _, d := range s.Datasets {
		n += d.Events
	}
	return s.Files, n
}

// TestServeWhileIngesting runs `entente ingest` in another process into the
// store a running server reads: the ingest succeeds, the server answers 503
// (never 500) while a writer holds the file, and /api/stats shows the new
// data once the ingest has finished.
func TestServeWhileIngesting(t *testing.T) {
	db := ingestStore(t, "gdelt1/reed9999-gdelt-demo/events.csv")
	second := shareddata.Path(t, "gdelt1/spark-gdelt/events1.csv")
	base, _ := serving(t, serveOptions{DB: db, Linger: 100 * time.Millisecond})
	code, b := get(t, base+"/api/stats")
	if code != 200 {
		t.Fatalf("stats: %d %s", code, b)
	}
	files0, n0 := totalEvents(t, b)

	// A writer in another process holds the file: the API says 503.
	hold := exec.Command(os.Args[0], "-test.run=^TestHelperHoldWriteLock$")
	hold.Env = append(os.Environ(), "ENTENTE_TEST_HOLD_LOCK="+db)
	stdin, err := hold.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := hold.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // past the server's linger: the file is free
	if err := hold.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "locked") {
		t.Fatalf("lock holder: %q, %v", line, err)
	}
	code, b = get(t, base+"/api/stats")
	stdin.Close()
	if err := hold.Wait(); err != nil {
		t.Fatalf("lock holder: %v", err)
	}
	if code != http.StatusServiceUnavailable || !bytes.Contains(b, []byte("another process")) {
		t.Fatalf("while a writer holds the store: status %d %s, want 503", code, b)
	}

	// A real ingest in another process, the server idle meanwhile.
	child := exec.Command(os.Args[0], "ingest", "--db", db, second)
	child.Env = append(os.Environ(), "ENTENTE_TEST_AS_MAIN=1")
	if msg, err := child.CombinedOutput(); err != nil {
		t.Fatalf("ingest beside the server: %v\n%s", err, msg)
	}
	code, b = get(t, base+"/api/stats")
	if code != 200 {
		t.Fatalf("stats after the ingest: %d %s", code, b)
	}
	files1, n1 := totalEvents(t, b)
	// events1.csv has 100 rows of which none repeat reed9999's ids.
	if files1 != files0+1 || n1 <= n0 {
		t.Fatalf("after the ingest the API reports %d files and %d events, before %d and %d: the new data is not visible", files1, n1, files0, n0)
	}
	var cli bytes.Buffer
	if err := runStats(context.Background(), statsOptions{DB: db, Format: "json"}, &cli); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, cli.Bytes()) {
		t.Errorf("API stats differ from 'entente stats' after the ingest:\n%s\n%s", b, cli.Bytes())
	}
}

// TestHelperHoldWriteLock is not a test: run as a child process with
// ENTENTE_TEST_HOLD_LOCK=path it opens that store read-write (taking
// DuckDB's exclusive lock), prints "locked" and holds it until stdin closes.
func TestHelperHoldWriteLock(t *testing.T) {
	path := os.Getenv("ENTENTE_TEST_HOLD_LOCK")
	if path == "" {
		t.Skip("helper process for TestServeWhileIngesting")
	}
	st, err := duckdb.Open(path, duckdb.Options{})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	fmt.Println("locked")
	io.Copy(io.Discard, os.Stdin)
	st.Close()
	os.Exit(0)
}
