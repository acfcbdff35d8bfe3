package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"entente/cases"
)

// chromiumPath is Debian's chromium (apt-get install chromium
// chromium-driver); the browser tests skip without it.
const chromiumPath = "/usr/bin/chromium"

// browser starts headless Chromium with a fresh profile and returns a
// chromedp context whose window is w×h.
func browser(t *testing.T, w, h int) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("%s not found: install Debian's chromium and chromium-driver to run the browser tests", chromiumPath)
	}
	if testing.Short() {
		t.Skip("browser tests are slow; skipped with -short")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(w, h),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	// Start the browser on a context without a deadline (a deadline on the
	// first call would bound the browser's life), then bound the test.
	if err := chromedp.Do(ctx); err != nil {
		cancelC()
		cancelA()
		t.Fatalf("start chromium: %v", err)
	}
	ctx, cancelT := context.WithTimeout(ctx, 120*time.Second)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	return ctx
}

// screenshotDir is $ENTENTE_SCREENSHOTS, or a temporary directory.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("ENTENTE_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)
	return dir
}

func shot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// tab wraps a chromedp context with test helpers that fail the test.
type tab struct {
	t   *testing.T
	ctx context.Context
}

func (b tab) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatal(err)
	}
}

func (b tab) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.TextContent(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

func evaluate[T any](b tab, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// waitFor polls a JavaScript predicate for up to 20 s.
func (b tab) waitFor(expr, what string) {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// TestDashboardInChromium loads every page of the dashboard in real headless
// Chromium against a memstore holding the case chronology and a real GDELT
// sample, clicks a period to list its events, changes a shock and checks
// that the displayed P(holds) becomes the value the API returns for that
// scenario, and saves a screenshot of each page.
func TestDashboardInChromium(t *testing.T) {
	b := tab{t, browser(t, 1280, 800)}
	dir := screenshotDir(t)
	fx := loadFixture(t, true)
	s := newTestServer(t, Config{Store: Static(fx.store)})
	ts := httptest.NewServer(s)
	defer ts.Close()
	shoot := func(name string) { shot(t, b.ctx, dir, name) }

	t.Run("relationship", func(t *testing.T) {
		b.t = t
		// Count the RUS–CHN rows of 2022 in the chronology independently.
		want := 0
		for _, e := range fx.chron {
			if e.Date.Year() == 2022 && (e.Source.Country == "RUS" && e.Target.Country == "CHN" || e.Source.Country == "CHN" && e.Target.Country == "RUS") {
				want++
			}
		}
		b.do(chromedp.Navigate(ts.URL+"/#/relationship?a=RUS&b=CHN&by=year&from=1990-01-01&to=2025-12-31"),
			chromedp.WaitVisible(chromedp.CSS(`svg.chart`)))
		shoot("1-relationship")
		b.do(chromedp.Click(chromedp.CSS(`rect.hit[data-period="2022"]`)), chromedp.WaitVisible(chromedp.CSS(`#events table`)))
		rows := evaluate[int](b, `document.querySelectorAll("#events tbody tr").length`)
		caption := b.text(`#events h3`)
		if rows != want || want == 0 || !strings.HasPrefix(caption, fmt.Sprintf("2022: %d events", want)) {
			t.Errorf("clicking 2022 lists %d events under %q, want %d (chronology rows of 2022)", rows, caption, want)
		}
		if sel := evaluate[string](b, `document.getElementById("period").selectedOptions[0].textContent`); !strings.HasPrefix(sel, "2022") {
			t.Errorf("the period picker shows %q after clicking 2022", sel)
		}
		shoot("2-relationship-events")
	})

	t.Run("triangle", func(t *testing.T) {
		b.t = t
		b.do(chromedp.Navigate(ts.URL+"/#/triangle?a=USA&b=RUS&c=CHN&by=year&from=2000-01-01&to=2025-12-31&min_events=1"),
			chromedp.WaitVisible(chromedp.CSS(`#triangle-table`)))
		rows := evaluate[int](b, `document.querySelectorAll("#triangle-table tbody tr").length`)
		if rows != 26 {
			t.Errorf("triangle table has %d rows, want 26 (years 2000–2025)", rows)
		}
		shoot("3-triangle")
	})

	t.Run("scenario", func(t *testing.T) {
		b.t = t
		c, err := cases.Load("sino-russian")
		if err != nil {
			t.Fatal(err)
		}
		from := c.StartYear + 1 // the page's default start of a shock
		_, body, _ := do(t, s, "POST", "/api/scenario", fmt.Sprintf(`{"case":"sino-russian","horizon":%d,"do":[{"node":"Taiwan","state":"war_with_us","from":%d}]}`, c.Horizon, from))
		var war cases.Result
		must(t, json.Unmarshal(body, &war))
		_, body, _ = do(t, s, "POST", "/api/scenario", `{}`)
		var base cases.Result
		must(t, json.Unmarshal(body, &base))
		pct := func(p float64) string { return fmt.Sprintf("%.1f%%", p*100) }

		b.do(chromedp.Navigate(ts.URL+"/#/scenario"), chromedp.WaitVisible(chromedp.CSS(`#tornado svg`)))
		before := b.text(`#p-holds`)
		if !strings.HasPrefix(before, pct(base.Holds)) {
			t.Errorf("baseline shows %q, want %s", before, pct(base.Holds))
		}
		shoot("4-scenario-baseline")
		// Pick the state from the keyboard, as a keyboard user would: focus
		// the select and type the start of the option's text.
		b.do(chromedp.Focus(chromedp.CSS(`#shock-Taiwan`)), chromedp.SetValue(chromedp.CSS(`#shock-Taiwan`), "war_with_us"))
		evaluate[bool](b, `document.getElementById("shock-Taiwan").dispatchEvent(new Event("change"))`)
		b.waitFor(fmt.Sprintf(`document.getElementById("p-holds").textContent.startsWith(%q)`, pct(war.Holds)),
			"after choosing a Taiwan war P(holds) should show "+pct(war.Holds))
		after := b.text(`#p-holds`)
		if before == after {
			t.Errorf("P(holds) did not change: %q", after)
		}
		hash := evaluate[string](b, `location.hash`)
		if !strings.Contains(hash, "do=Taiwan%3Awar_with_us") {
			t.Errorf("the URL %q does not encode the scenario", hash)
		}
		b.do(chromedp.Click(chromedp.CSS(`button.info[aria-label="Why and source of Taiwan"]`)))
		if info := b.text(`#node-info`); !strings.Contains(info, "Source:") || !strings.Contains(info, "Taiwan") {
			t.Errorf("node info %q lacks the node's source", info)
		}
		shoot("5-scenario-taiwan-war")

		// The shared URL reproduces the scenario in a fresh load.
		b.do(chromedp.Navigate("about:blank"), chromedp.Navigate(ts.URL+"/"+hash))
		b.waitFor(fmt.Sprintf(`!!document.getElementById("p-holds") && document.getElementById("p-holds").textContent.startsWith(%q)`, pct(war.Holds)),
			"the shared URL "+hash+" should show "+pct(war.Holds))
	})

	t.Run("evidence", func(t *testing.T) {
		b.t = t
		// A cold reading of the relationship index, entered as certain
		// (100%), is the hard evidence ObservedCloseness=cold: the page
		// must show what the API gives for that likelihood vector.
		_, body, _ := do(t, s, "POST", "/api/scenario", `{"soft":{"ObservedCloseness":[0,0,1]}}`)
		var cold cases.Result
		must(t, json.Unmarshal(body, &cold))
		pct := func(p float64) string { return fmt.Sprintf("%.1f%%", p*100) }
		b.do(chromedp.Navigate("about:blank"), chromedp.Navigate(ts.URL+"/#/scenario"), chromedp.WaitVisible(chromedp.CSS(`#ev-ObservedCloseness`)))
		b.do(chromedp.SetValue(chromedp.CSS(`#ev-ObservedCloseness`), "cold"))
		evaluate[bool](b, `document.getElementById("ev-ObservedCloseness").dispatchEvent(new Event("change"))`)
		b.do(chromedp.SetValue(chromedp.CSS(`#conf-ObservedCloseness`), "100"))
		evaluate[bool](b, `document.getElementById("conf-ObservedCloseness").dispatchEvent(new Event("change"))`)
		b.waitFor(fmt.Sprintf(`document.getElementById("p-holds").textContent.startsWith(%q)`, pct(cold.Holds)),
			"after entering a certain cold reading P(holds) should show "+pct(cold.Holds))
		if hash := evaluate[string](b, `location.hash`); !strings.Contains(hash, "ev=ObservedCloseness%3Acold%3A100") {
			t.Errorf("the URL %q does not encode the evidence", hash)
		}
		if note := b.text(`#evnote-ObservedCloseness`); !strings.HasPrefix(note, "after the evidence: ") {
			t.Errorf("evidence note %q", note)
		}
		shoot("5b-scenario-evidence")
	})

	t.Run("chronology", func(t *testing.T) {
		b.t = t
		b.do(chromedp.Navigate(ts.URL+"/#/chronology"), chromedp.WaitVisible(chromedp.CSS(`#chronology tbody tr`)))
		shoot("6-chronology")
		b.do(chromedp.SendKeys(chromedp.CSS(`#chron-text`), "Nerchinsk"))
		rows := evaluate[int](b, `document.querySelectorAll("#chronology tbody tr").length`)
		count := b.text(`#chron-count`)
		if rows < 1 || rows > 3 || count != fmt.Sprintf("%d of %d entries", rows, len(fx.chron)) {
			t.Errorf("filter Nerchinsk: %d rows, count %q", rows, count)
		}
		shoot("7-chronology-filtered")
	})

	t.Run("narrow", func(t *testing.T) {
		b.t = t
		b.do(chromedp.EmulateViewport(400, 800), chromedp.Navigate(ts.URL+"/#/scenario"), chromedp.WaitVisible(chromedp.CSS(`#tornado svg`)))
		if evaluate[bool](b, `document.documentElement.scrollWidth > window.innerWidth + 1`) {
			t.Errorf("the scenario page scrolls sideways in a 400 px window")
		}
		shoot("8-scenario-narrow")
		b.do(chromedp.Navigate(ts.URL+"/#/relationship?a=RUS&b=CHN&by=year&from=1990-01-01"), chromedp.WaitVisible(chromedp.CSS(`svg.chart`)))
		if evaluate[bool](b, `document.documentElement.scrollWidth > window.innerWidth + 1`) {
			t.Errorf("the relationship page scrolls sideways in a 400 px window")
		}
		shoot("9-relationship-narrow")
	})
}
