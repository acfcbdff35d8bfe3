package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"entente/bn/modelfile"
	"entente/cases"
)

// reportJSON reads DIR/report.json into a generic map.
func reportJSON(t *testing.T, dir string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestReportDefault runs the main job as a newcomer does: no store, no
// flags, in an empty directory.
func TestReportDefault(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("ENTENTE_DB", "")
	var out, errb bytes.Buffer
	if code := run([]string{"report"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	text := out.String()
	for _, want := range []string{"NOW", "TRIANGLE", "OUTLOOK", "SENSITIVITY", "WATCH", "DATE CORRECTIONS", "2022-02-24", "2004-11-22"} {
		if !strings.Contains(text, want) {
			t.Errorf("terminal answer lacks %q", want)
		}
	}
	m := reportJSON(t, filepath.Join(dir, "entente-report"))
	for _, k := range []string{"case", "generated", "data_used", "current", "triangle", "scenarios", "tornado", "indicators", "date_corrections"} {
		if _, ok := m[k]; !ok {
			t.Errorf("report.json lacks %q", k)
		}
	}
	scen := m["scenarios"].([]any)
	if len(scen) < 6 || scen[0].(map[string]any)["name"] != "baseline" {
		t.Fatalf("scenarios = %v", scen)
	}
	for _, s := range scen {
		holds := s.(map[string]any)["holds"].(map[string]any)
		for y := 2026; y <= 2035; y++ {
			p, ok := holds[itoa(y)].(float64)
			if !ok || p < 0 || p > 1 {
				t.Errorf("scenario %v: holds[%d] = %v", s.(map[string]any)["name"], y, holds[itoa(y)])
			}
		}
	}
	for _, b := range m["tornado"].([]any) {
		bar := b.(map[string]any)
		if bar["low"].(float64) > bar["high"].(float64) {
			t.Errorf("tornado bar %v: low > high", bar["node"])
		}
	}
	html, err := os.ReadFile(filepath.Join(dir, "entente-report", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(html, []byte("<svg")); n < 4 {
		t.Errorf("index.html embeds %d SVG charts, want at least 4 (dyad, triangle, durability, tornado)", n)
	}
	if bytes.Contains(html, []byte("http://")) && bytes.Contains(html, []byte("<script src")) {
		t.Error("index.html loads a remote script; it must be self-contained")
	}
}

func itoa(y int) string { return strconv.Itoa(y) }

// TestReportEditedModel: an exported, edited model changes the numbers.
func TestReportEditedModel(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("ENTENTE_DB", "")
	t.Chdir(dir)
	c, err := cases.Load("sino-russian")
	if err != nil {
		t.Fatal(err)
	}
	// Make a grand bargain certain: P(holds) must fall.
	thaw := c.Model.Var("USRussiaThaw")
	for i := range thaw.CPT {
		thaw.CPT[i] = 0
	}
	thaw.CPT[len(thaw.CPT)-1] = 1
	thaw.Elicitation = nil
	edited := filepath.Join(dir, "edited.yaml")
	if err := modelfile.Save(edited, c.Model); err != nil {
		t.Fatal(err)
	}
	holds := func(args ...string) float64 {
		var out, errb bytes.Buffer
		if code := run(append([]string{"report", "--format", "json", "--out", ""}, args...), &out, &errb); code != 0 {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		var m struct {
			Model struct{ Holds float64 } `json:"model"`
		}
		if err := json.Unmarshal(out.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		return m.Model.Holds
	}
	base, ed := holds(), holds("--model", edited)
	if !(ed < base-0.01) {
		t.Errorf("P(holds) with a certain grand bargain = %.4f, baseline %.4f: want lower", ed, base)
	}
}

func TestReportBadInput(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("ENTENTE_DB", "")
	t.Chdir(dir)
	broken := filepath.Join(dir, "broken.yaml")
	os.WriteFile(broken, []byte("name: x\nnodes:\n  - name: A\n    states: [a, b]\n    table: {probs: [0.3, 0.3]}\n"), 0o644)
	noOutcome := filepath.Join(dir, "other.yaml")
	os.WriteFile(noOutcome, []byte("name: x\nnodes:\n  - name: A\n    states: [a, b]\n    table: {probs: [0.5, 0.5]}\n"), 0o644)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"report", "--model", broken}, "broken.yaml"},
		{[]string{"report", "--model", noOutcome}, "no outcome node Partnership"},
		{[]string{"report", "--horizon", "2020"}, "before the model's start year"},
		{[]string{"report", "--case", "nope"}, "unknown case"},
		{[]string{"report", "--format", "xml"}, "unknown --format"},
		{[]string{"report", "--db", filepath.Join(dir, "missing.duckdb")}, "no store"},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		code := run(c.args, &out, &errb)
		if code != 2 || !strings.Contains(errb.String(), c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 mentioning %q", c.args, code, errb.String(), c.want)
		}
		if strings.Count(strings.TrimSpace(errb.String()), "\n") > 0 {
			t.Errorf("%v: error is more than one line: %q", c.args, errb.String())
		}
	}
}

// BenchmarkReport measures P5: the whole report (evidence, all scenarios,
// tornado, durability curves, HTML and JSON) from the embedded case.
func BenchmarkReport(b *testing.B) {
	dir := b.TempDir()
	for i := 0; i < b.N; i++ {
		if err := runReport(context.Background(), reportOptions{Case: "sino-russian", Out: dir, Format: "json"}, &bytes.Buffer{}); err != nil {
			b.Fatal(err)
		}
	}
}
