package server

import (
	"encoding/json"
	"net/http/httptest"
	"testing"
)

// fuzzEndpoints are the GET endpoints FuzzAPI aims at.
var fuzzEndpoints = []string{"/api/dyad", "/api/changes", "/api/triangle", "/api/events", "/api/stats", "/api/case/sino-russian", "/api/actors", "/api/cases", "/api/x"}

// FuzzAPI sends arbitrary query strings to every GET endpoint: no input may
// give a 5xx or a body that is not JSON. Run bounded, e.g.
//
//	go test ./server -run '^$' -fuzz FuzzAPI -fuzztime 30s
func FuzzAPI(f *testing.F) {
	for _, seed := range []struct {
		ep    uint8
		query string
	}{
		{0, "a=RUS&b=CHN&by=month&index=1"},
		{0, "a=NATO&b=RUS&by=week&from=2022-01-01&to=2022-03-01&directed=1&weight=mentions&dedupe=daily&k=0.5"},
		{1, "a=RUS&b=CHN&by=year&penalty=aic&min_segment=3"},
		{1, "a=RUS&b=CHN&penalty=-1"},
		{2, "a=USA&b=RUS&c=CHN&by=year&band=1&bootstrap=10&seed=3"},
		{3, "a=RUS&b=CHN&root=01,19&limit=5"},
		{3, "a=RUS&b=CHN&from=0001-01-01&to=9999-12-31"},
		{0, "a=%00&b=%ff&by=%"},
		{4, "token=x"},
	} {
		f.Add(seed.ep, seed.query)
	}
	s := newTestServer(f, Config{})
	f.Fuzz(func(t *testing.T, ep uint8, query string) {
		target := fuzzEndpoints[int(ep)%len(fuzzEndpoints)]
		// Set the raw query after building the request, so that any bytes
		// reach the handlers, as a hand-written client could send them.
		req := httptest.NewRequest("GET", target, nil)
		req.URL.RawQuery = query
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		code, body := rec.Code, rec.Body.Bytes()
		target += "?" + query
		if code >= 500 {
			t.Fatalf("GET %s: status %d: %s", target, code, body)
		}
		if !json.Valid(body) {
			t.Fatalf("GET %s: status %d, body is not JSON: %.200s", target, code, body)
		}
	})
}

// FuzzScenario posts arbitrary bodies to /api/scenario.
func FuzzScenario(f *testing.F) {
	for _, seed := range []string{
		``, `{}`, `{"do":[{"node":"Taiwan","state":"war_with_us","from":2027}]}`,
		`{"scenario":"taiwan-war","horizon":2030,"tornado":false}`,
		`{"soft":{"ObservedCloseness":[0,0,1]}}`, `{"evidence":{"Partnership":"rupture"}}`,
		`{"soft":{"ObservedCloseness":[1e308,1e308,1e308]}}`, `{"tornado_top":-1}`, `[1,2]`, `null`,
	} {
		f.Add(seed)
	}
	s := newTestServer(f, Config{})
	f.Fuzz(func(t *testing.T, body string) {
		code, out, _ := do(t, s, "POST", "/api/scenario", body)
		if code >= 500 {
			t.Fatalf("POST %q: status %d: %s", body, code, out)
		}
		if !json.Valid(out) {
			t.Fatalf("POST %q: body is not JSON: %.200s", body, out)
		}
	})
}
