// Command server is a bounded loopback load test of the HTTP API: N
// requests at concurrency C against /api/dyad and /api/scenario, reporting
// latency percentiles and every non-200 answer.
//
// By default it serves, in process on 127.0.0.1, a memstore holding the
// Sino-Russian case chronology (and any GDELT/ICEWS files given with -ingest).
// With -url it targets a running `entente serve` instead, e.g. one over a
// DuckDB store:
//
//	go run ./bench/server -n 1000 -c 16
//	entente serve --db world.duckdb & go run ./bench/server -url http://127.0.0.1:8080
//
// Scenario bodies cycle through every combination of the five shocks' states
// (162 for the built-in case) in a seeded random order, so the first pass
// measures inference and later ones the server's result cache; -scenarios
// bounds how many distinct bodies are used.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"entente/cases"
	_ "entente/cases/sinorussian"
	"entente/events"
	"entente/ingest"
	"entente/server"
	"entente/store/memstore"
)

func main() {
	n := flag.Int("n", 1000, "requests per endpoint")
	c := flag.Int("c", 16, "concurrent clients")
	url := flag.String("url", "", "base URL of a running server (default: serve a memstore in process)")
	files := flag.String("ingest", "", "comma-separated event files to add to the in-process memstore")
	distinct := flag.Int("scenarios", 0, "distinct scenario bodies to cycle through (0: every shock combination)")
	seed := flag.Uint64("seed", 1, "seed of the scenario order")
	flag.Parse()
	if err := run(*n, *c, *url, *files, *distinct, *seed, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(n, conc int, base, files string, distinct int, seed uint64, out io.Writer) error {
	if base == "" {
		st := memstore.New()
		c, err := cases.Load("sino-russian")
		if err != nil {
			return err
		}
		chron, err := c.Chronology()
		if err != nil {
			return err
		}
		ctx := context.Background()
		if err := memstore.Load(ctx, st, chron); err != nil {
			return err
		}
		if files != "" {
			var in []events.Input
			for _, f := range strings.Split(files, ",") {
				in = append(in, events.FileInput(f))
			}
			if _, err := ingest.Run(ctx, st, in, ingest.Options{}); err != nil {
				return fmt.Errorf("ingest: %w", err)
			}
		}
		srv, err := server.New(server.Config{Store: server.Static(st)})
		if err != nil {
			return err
		}
		ts := httptest.NewServer(srv)
		defer ts.Close()
		base = ts.URL
	}
	bodies, err := scenarioBodies(base, distinct, seed)
	if err != nil {
		return err
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conc}, Timeout: 60 * time.Second}
	fmt.Fprintf(out, "%d requests per endpoint at concurrency %d against %s\n", n, conc, base)
	for _, ep := range []struct {
		name string
		req  func(i int) (*http.Request, error)
	}{
		{"GET /api/dyad (RUS-CHN by month, index)", func(i int) (*http.Request, error) {
			return http.NewRequest("GET", base+"/api/dyad?a=RUS&b=CHN&by=month&index=1&from=1990-01-01", nil)
		}},
		{fmt.Sprintf("POST /api/scenario (%d distinct bodies)", len(bodies)), func(i int) (*http.Request, error) {
			return http.NewRequest("POST", base+"/api/scenario", bytes.NewReader(bodies[i%len(bodies)]))
		}},
	} {
		lat, errs, wall := load(client, n, conc, ep.req)
		fmt.Fprintf(out, "%-48s p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  %6.0f req/s  errors %d\n", ep.name,
			ms(pct(lat, 0.50)), ms(pct(lat, 0.99)), ms(pct(lat, 1)), float64(n)/wall.Seconds(), len(errs))
		for i, e := range errs {
			if i == 5 {
				fmt.Fprintf(out, "  ... %d more\n", len(errs)-5)
				break
			}
			fmt.Fprintf(out, "  error: %s\n", e)
		}
	}
	return nil
}

// scenarioBodies lists do() bodies over every combination of the shocks'
// states, shuffled with seed, at most distinct of them.
func scenarioBodies(base string, distinct int, seed uint64) ([][]byte, error) {
	resp, err := http.Get(base + "/api/case/sino-russian")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var c struct {
		StartYear int `json:"start_year"`
		Nodes     []struct {
			Name   string   `json:"name"`
			States []string `json:"states"`
			Shock  bool     `json:"shock"`
		} `json:"nodes"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&c); err != nil {
		return nil, fmt.Errorf("case: %w", err)
	}
	type iv struct {
		Node  string `json:"node"`
		State string `json:"state"`
		From  int    `json:"from"`
	}
	combos := [][]iv{nil}
	for _, nd := range c.Nodes {
		if !nd.Shock {
			continue
		}
		var next [][]iv
		for _, cb := range combos {
			for _, s := range nd.States {
				next = append(next, append(slices.Clone(cb), iv{nd.Name, s, c.StartYear + 1}))
			}
		}
		combos = next
	}
	r := rand.New(rand.NewPCG(seed, 0))
	r.Shuffle(len(combos), func(i, j int) { combos[i], combos[j] = combos[j], combos[i] })
	if distinct > 0 && distinct < len(combos) {
		combos = combos[:distinct]
	}
	var out [][]byte
	for _, cb := range combos {
		b, _ := json.Marshal(map[string]any{"do": cb})
		out = append(out, b)
	}
	return out, nil
}

// load sends n requests from conc goroutines and returns every latency and
// every failure (transport errors and non-200 statuses).
func load(client *http.Client, n, conc int, mk func(int) (*http.Request, error)) ([]time.Duration, []string, time.Duration) {
	var (
		mu   sync.Mutex
		lat  []time.Duration
		errs []string
		wg   sync.WaitGroup
		next = make(chan int)
	)
	start := time.Now()
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				req, err := mk(i)
				if err != nil {
					mu.Lock()
					errs = append(errs, err.Error())
					mu.Unlock()
					continue
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				var status int
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					status = resp.StatusCode
				}
				d := time.Since(t0)
				mu.Lock()
				lat = append(lat, d)
				if err != nil {
					errs = append(errs, err.Error())
				} else if status != 200 {
					errs = append(errs, fmt.Sprintf("status %d", status))
				}
				mu.Unlock()
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return lat, errs, time.Since(start)
}

func pct(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(p*float64(len(s))+0.5) - 1
	return s[max(0, min(i, len(s)-1))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
