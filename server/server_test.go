package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"entente/cases"
	_ "entente/cases/sinorussian" // registers the built-in case
	"entente/events"
	"entente/ingest"
	"entente/internal/shareddata"
	"entente/store"
	"entente/store/memstore"
)

// fixture is a memstore holding the Sino-Russian chronology (207 sourced
// RUS/CHN events, 1685–2025) and, when the shared data is present, the real
// GDELT 1.0 sample gdelt1/reed9999-gdelt-demo/events.csv (710 rows).
type fixture struct {
	store *memstore.Store
	chron []events.Event
}

var (
	fixOnce sync.Once
	fix     fixture
	fixErr  error
)

func loadFixture(t testing.TB, withGDELT bool) fixture {
	t.Helper()
	ctx := context.Background()
	st := memstore.New()
	c, err := cases.Load("sino-russian")
	if err != nil {
		t.Fatal(err)
	}
	chron, err := c.Chronology()
	if err != nil {
		t.Fatal(err)
	}
	if err := memstore.Load(ctx, st, chron); err != nil {
		t.Fatal(err)
	}
	if withGDELT {
		p := shareddata.Path(t, "gdelt1/reed9999-gdelt-demo/events.csv")
		sum, err := ingest.Run(ctx, st, []events.Input{events.FileInput(p)}, ingest.Options{})
		if err != nil {
			t.Fatalf("ingest %s: %v (%+v)", p, err, sum)
		}
	}
	return fixture{store: st, chron: chron}
}

// chronologyFixture is shared by the tests that only read it.
func chronologyFixture(t testing.TB) fixture {
	fixOnce.Do(func() {
		st := memstore.New()
		c, err := cases.Load("sino-russian")
		if err != nil {
			fixErr = err
			return
		}
		chron, err := c.Chronology()
		if err != nil {
			fixErr = err
			return
		}
		fixErr = memstore.Load(context.Background(), st, chron)
		fix = fixture{store: st, chron: chron}
	})
	if fixErr != nil {
		t.Fatal(fixErr)
	}
	return fix
}

func newTestServer(t testing.TB, cfg Config) *Server {
	t.Helper()
	if cfg.Store == nil {
		cfg.Store = Static(chronologyFixture(t).store)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// do runs one request through the handler and returns status and body.
func do(t testing.TB, h http.Handler, method, target string, body string) (int, []byte, http.Header) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, rd)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes(), rec.Header()
}

func TestNewNeedsStore(t *testing.T) {
	if _, err := New(Config{}); err == nil {
		t.Fatal("New without a store: want an error")
	}
	if _, err := New(Config{Store: Static(memstore.New()), Cases: []string{"no-such-case"}}); err == nil {
		t.Fatal("New with an unknown case: want an error")
	}
}

func TestBadRequests(t *testing.T) {
	s := newTestServer(t, Config{})
	for _, tc := range []struct {
		name, method, target, body string
		status                     int
		param                      string
	}{
		{"missing a", "GET", "/api/dyad?b=CHN", "", 400, "a"},
		{"unknown actor", "GET", "/api/dyad?a=RUX&b=CHN", "", 400, "a"},
		{"bad period", "GET", "/api/dyad?a=RUS&b=CHN&by=fortnight", "", 400, "by"},
		{"bad date", "GET", "/api/dyad?a=RUS&b=CHN&from=2020-13-01", "", 400, "from"},
		{"from after to", "GET", "/api/dyad?a=RUS&b=CHN&from=2021-01-01&to=2020-01-01", "", 400, "from"},
		{"bad bool", "GET", "/api/dyad?a=RUS&b=CHN&index=maybe", "", 400, "index"},
		{"bad k", "GET", "/api/dyad?a=RUS&b=CHN&k=-1", "", 400, "k"},
		{"NaN k", "GET", "/api/dyad?a=RUS&b=CHN&k=NaN", "", 400, "k"},
		{"unknown parameter", "GET", "/api/dyad?a=RUS&b=CHN&form=2020-01-01", "", 400, "form"},
		{"repeated parameter", "GET", "/api/dyad?a=RUS&b=CHN&by=month&by=year", "", 400, "by"},
		{"too many days", "GET", "/api/dyad?a=RUS&b=CHN&by=day", "", 400, "by"},
		{"bad weight", "GET", "/api/dyad?a=RUS&b=CHN&weight=heavy", "", 400, "weight"},
		{"bad penalty", "GET", "/api/changes?a=RUS&b=CHN&penalty=lots", "", 400, ""},
		{"bad min_segment", "GET", "/api/changes?a=RUS&b=CHN&min_segment=0", "", 400, "min_segment"},
		{"missing c", "GET", "/api/triangle?a=USA&b=RUS", "", 400, "c"},
		{"bootstrap too big", "GET", "/api/triangle?a=USA&b=RUS&c=CHN&by=month&bootstrap=100000", "", 400, "bootstrap"},
		{"bad root", "GET", "/api/events?a=RUS&b=CHN&root=21", "", 400, "root"},
		{"limit too big", "GET", "/api/events?a=RUS&b=CHN&limit=100001", "", 400, "limit"},
		{"stats takes nothing", "GET", "/api/stats?x=1", "", 400, "x"},
		{"unknown endpoint", "GET", "/api/nope", "", 404, ""},
		{"unknown case", "GET", "/api/case/nope", "", 404, "name"},
		{"wrong method", "POST", "/api/dyad?a=RUS&b=CHN", "", 405, ""},
		{"scenario not JSON", "POST", "/api/scenario", "{", 400, "body"},
		{"scenario unknown field", "POST", "/api/scenario", `{"shock":1}`, 400, "body"},
		{"scenario two objects", "POST", "/api/scenario", `{} {}`, 400, "body"},
		{"scenario unknown node", "POST", "/api/scenario", `{"do":[{"node":"Mars","state":"red"}]}`, 400, ""},
		{"scenario unknown state", "POST", "/api/scenario", `{"do":[{"node":"Taiwan","state":"peace"}]}`, 400, ""},
		{"scenario twice", "POST", "/api/scenario", `{"do":[{"node":"Taiwan","state":"crisis"},{"node":"Taiwan","state":"status_quo"}]}`, 400, "do"},
		{"scenario horizon", "POST", "/api/scenario", `{"horizon":1990}`, 400, "horizon"},
		{"scenario far horizon", "POST", "/api/scenario", `{"horizon":99999}`, 400, "horizon"},
		{"scenario from", "POST", "/api/scenario", `{"do":[{"node":"Taiwan","state":"crisis","from":3000}]}`, 400, "do"},
		{"scenario named", "POST", "/api/scenario", `{"scenario":"moon-landing"}`, 400, "scenario"},
		{"scenario case", "POST", "/api/scenario", `{"case":"nope"}`, 400, "case"},
		{"soft wrong length", "POST", "/api/scenario", `{"soft":{"Taiwan":[1]}}`, 400, ""},
		{"soft all zero", "POST", "/api/scenario", `{"soft":{"Taiwan":[0,0,0]}}`, 400, ""},
		{"evidence unknown", "POST", "/api/scenario", `{"evidence":{"Taiwan":"peace"}}`, 400, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body, _ := do(t, s, tc.method, tc.target, tc.body)
			if code != tc.status {
				t.Fatalf("status %d, want %d; body %s", code, tc.status, body)
			}
			if tc.status == 405 {
				return // the mux's own answer
			}
			var e errorJSON
			if err := json.Unmarshal(body, &e); err != nil || e.Error == "" {
				t.Fatalf("body %q is not a JSON error: %v", body, err)
			}
			if e.Param != tc.param {
				t.Errorf("param %q, want %q (error %q)", e.Param, tc.param, e.Error)
			}
		})
	}
}

func TestAccessLogAndToken(t *testing.T) {
	var logBuf bytes.Buffer
	s := newTestServer(t, Config{Token: "s3cret", Log: slog.New(slog.NewJSONHandler(&logBuf, nil))})
	if code, _, h := do(t, s, "GET", "/api/stats", ""); code != 401 || h.Get("WWW-Authenticate") == "" {
		t.Fatalf("no token: status %d, want 401 with WWW-Authenticate", code)
	}
	if code, _, _ := do(t, s, "GET", "/api/stats?token=wrong", ""); code != 401 {
		t.Fatalf("wrong token: status %d, want 401", code)
	}
	req := httptest.NewRequest("GET", "/api/stats", nil)
	req.Header.Set("Authorization", "Bearer s3cret")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("bearer token: status %d, want 200", rec.Code)
	}
	code, _, h := do(t, s, "GET", "/?token=s3cret", "")
	if code != 200 {
		t.Fatalf("?token: status %d, want 200", code)
	}
	cookie := h.Get("Set-Cookie")
	if !strings.Contains(cookie, tokenCookie+"=s3cret") || !strings.Contains(cookie, "HttpOnly") {
		t.Fatalf("?token: Set-Cookie %q, want an HttpOnly %s cookie", cookie, tokenCookie)
	}
	req = httptest.NewRequest("GET", "/api/stats", nil)
	req.AddCookie(&http.Cookie{Name: tokenCookie, Value: "s3cret"})
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("cookie: status %d, want 200", rec.Code)
	}
	logs := logBuf.String()
	if strings.Contains(logs, "s3cret") {
		t.Errorf("the access log leaks the token:\n%s", logs)
	}
	var first map[string]any
	if err := json.Unmarshal([]byte(strings.SplitN(logs, "\n", 2)[0]), &first); err != nil {
		t.Fatalf("access log is not JSON lines: %v\n%s", err, logs)
	}
	for _, k := range []string{"method", "path", "status", "bytes", "duration_ms", "remote"} {
		if _, ok := first[k]; !ok {
			t.Errorf("access log record lacks %q: %v", k, first)
		}
	}
	if first["status"].(float64) != 401 || first["path"] != "/api/stats" {
		t.Errorf("first record %v, want the 401 on /api/stats", first)
	}
}

func TestStaticAndDocs(t *testing.T) {
	s := newTestServer(t, Config{})
	for _, tc := range []struct{ path, want string }{
		{"/", "<title>Entente dashboard</title>"},
		{"/app.js", "function relationshipPage"},
		{"/charts.js", "function seriesChart"},
		{"/style.css", "--vermillion: #D55E00"},
		{"/api", "POST /api/scenario"},
	} {
		code, body, _ := do(t, s, "GET", tc.path, "")
		if code != 200 || !bytes.Contains(body, []byte(tc.want)) {
			t.Errorf("GET %s: status %d, body lacks %q", tc.path, code, tc.want)
		}
	}
	if code, _, _ := do(t, s, "GET", "/nope.js", ""); code != 404 {
		t.Errorf("GET /nope.js: status %d, want 404", code)
	}
}

// panicSource panics in Acquire, standing in for a handler bug.
type panicSource struct{}

func (panicSource) Acquire(context.Context) (r store.Reader, release func(), err error) {
	panic("boom")
}

func TestPanicIsA500(t *testing.T) {
	var logBuf bytes.Buffer
	s := newTestServer(t, Config{Store: panicSource{}, Log: slog.New(slog.NewTextHandler(&logBuf, nil))})
	code, body, _ := do(t, s, "GET", "/api/stats", "")
	if code != 500 || !bytes.Contains(body, []byte(`"error"`)) {
		t.Fatalf("status %d body %s, want a JSON 500", code, body)
	}
	if !strings.Contains(logBuf.String(), "boom") {
		t.Errorf("the panic is not logged:\n%s", logBuf.String())
	}
}

// busySource reports a store locked by a writer.
type busySource struct{}

func (busySource) Acquire(context.Context) (store.Reader, func(), error) {
	return nil, nil, ErrBusy
}

func TestBusyIs503(t *testing.T) {
	s := newTestServer(t, Config{Store: busySource{}})
	code, body, h := do(t, s, "GET", "/api/stats", "")
	if code != 503 || h.Get("Retry-After") == "" || !bytes.Contains(body, []byte("another process")) {
		t.Fatalf("status %d, Retry-After %q, body %s; want 503 naming the writer", code, h.Get("Retry-After"), body)
	}
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}
