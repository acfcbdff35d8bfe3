package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"entente/internal/shareddata"
)

// The expected numbers below come from bn-reference/computed/asia.json
// (independent exact elimination, case 1: dysp=yes) and from hand
// computation on asia's CPTs where stated.

func asiaPath(t *testing.T) string { return shareddata.Path(t, "bn/bif/asia.bif.gz") }

func TestRunBnQueryJSON(t *testing.T) {
	var out bytes.Buffer
	opts := bnQueryOptions{Model: asiaPath(t), Evidence: []string{"dysp=yes"}, Targets: []string{"lung", "bronc"}, Format: "json", MaxEntries: 1 << 20}
	if err := runBnQuery(context.Background(), opts, &out); err != nil {
		t.Fatal(err)
	}
	var got bnQueryJSON
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, c := range []struct {
		v, s string
		p    float64
	}{{"lung", "yes", 0.1027592228}, {"bronc", "yes", 0.8339673363}} {
		if p := got.Marginals[c.v][c.s]; math.Abs(p-c.p) > 1e-9 {
			t.Errorf("P(%s=%s|dysp=yes) = %v, want %v", c.v, c.s, p, c.p)
		}
	}
	if math.Abs(got.PEvidence-0.4359706) > 1e-9 {
		t.Errorf("P(dysp=yes) = %v, want 0.4359706", got.PEvidence)
	}
	if len(got.Marginals) != 2 {
		t.Errorf("got %d marginals, want the 2 targets", len(got.Marginals))
	}
}

// TestRunBnQueryDo: setting either=yes by intervention leaves its cause tub
// at its prior (observing either=yes would raise it).
func TestRunBnQueryDo(t *testing.T) {
	var out bytes.Buffer
	opts := bnQueryOptions{Model: asiaPath(t), Do: []string{"either=yes"}, Targets: []string{"tub"}, Format: "csv", MaxEntries: 1 << 20}
	if err := runBnQuery(context.Background(), opts, &out); err != nil {
		t.Fatal(err)
	}
	// P(tub=yes) = 0.01·0.05 + 0.99·0.01 = 0.0104
	want := "variable,state,probability\ntub,yes,0.0104\ntub,no,0.9896\n"
	if out.String() != want {
		t.Errorf("do(either=yes):\n%s\nwant\n%s", out.String(), want)
	}
}

func TestRunBnQueryJointAndMPE(t *testing.T) {
	var out bytes.Buffer
	opts := bnQueryOptions{Model: asiaPath(t), Targets: []string{"smoke", "lung"}, Joint: true, Format: "csv", MaxEntries: 1 << 20}
	if err := runBnQuery(context.Background(), opts, &out); err != nil {
		t.Fatal(err)
	}
	// P(smoke, lung) = 0.5·P(lung|smoke): 0.05, 0.45, 0.005, 0.495.
	want := "smoke,lung,probability\nyes,yes,0.05\nyes,no,0.45\nno,yes,0.005\nno,no,0.495\n"
	if out.String() != want {
		t.Errorf("joint:\n%s\nwant\n%s", out.String(), want)
	}
	out.Reset()
	opts = bnQueryOptions{Model: asiaPath(t), MPE: true, Format: "csv", MaxEntries: 1 << 20}
	if err := runBnQuery(context.Background(), opts, &out); err != nil {
		t.Fatal(err)
	}
	// Without evidence the MPE is every variable at "no" except... by hand:
	// asia=no .99, tub=no .99, smoke=no .5, lung=no .99, bronc=no .7,
	// either=no 1, xray=no .95, dysp=no .9: product 0.2248…, better than
	// smoke=yes (0.5·0.9·0.4 = 0.18 < 0.5·0.99·0.7 = 0.3465).
	if !strings.Contains(out.String(), "smoke,no\n") || !strings.Contains(out.String(), "log_probability,") {
		t.Errorf("mpe:\n%s", out.String())
	}
	wantLog := math.Log(0.99 * 0.99 * 0.5 * 0.99 * 0.7 * 1 * 0.95 * 0.9)
	line := out.String()[strings.LastIndex(out.String(), "log_probability,")+len("log_probability,"):]
	var got float64
	if err := json.Unmarshal([]byte(strings.TrimSpace(line)), &got); err != nil || math.Abs(got-wantLog) > 1e-9 {
		t.Errorf("MPE ln P = %q, want %v", line, wantLog)
	}
}

// TestBnUsageErrors: unknown names and bad flags exit 2 with one sentence
// listing the valid names.
func TestBnUsageErrors(t *testing.T) {
	asia := asiaPath(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"bn", "query", asia, "--evidence", "dysp=maybe"}, "valid states: yes, no"},
		{[]string{"bn", "query", asia, "--target", "lungs"}, "valid names: asia, tub"},
		{[]string{"bn", "query", asia, "--soft", "xray=0.5"}, "2 states"},
		{[]string{"bn", "query", asia, "--format", "xml"}, "valid: table, csv, json, mar"},
		{[]string{"bn", "query", asia, "--evidence", "either=no,lung=yes"}, "impossible"},
		{[]string{"bn", "sensitivity", asia, "--target", "dysp=often"}, "valid states"},
		{[]string{"bn", "unroll", asia, "--target", "dysp"}, "no node with Previous"},
		{[]string{"bn", "info", "/nonexistent.bif"}, "no such file"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(tc.args, &stdout, &stderr); code != exitUsage {
			t.Errorf("%v: exit %d, want %d (stderr %q)", tc.args, code, exitUsage, stderr.String())
		}
		if !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%v: stderr %q does not contain %q", tc.args, stderr.String(), tc.want)
		}
	}
}

func TestRunBnSensitivityAndPlot(t *testing.T) {
	dir := t.TempDir()
	plot := filepath.Join(dir, "tornado.png")
	var out bytes.Buffer
	opts := bnSensitivityOptions{Model: asiaPath(t), Target: "lung=yes", Nodes: []string{"smoke", "asia"}, Mode: "do", Format: "json", Plot: plot, MaxEntries: 1 << 20}
	if err := runBnSensitivity(context.Background(), opts, &out); err != nil {
		t.Fatal(err)
	}
	var got bnSensitivityJSON
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	// lung depends on smoke only: do(smoke=yes) 0.1, do(smoke=no) 0.01;
	// asia is d-separated from lung: range 0. Base 0.5·0.1 + 0.5·0.01.
	if len(got.Tornado) != 2 || got.Tornado[0].Node != "smoke" || math.Abs(got.Tornado[0].Range-0.09) > 1e-12 || got.Tornado[1].Range > 1e-12 {
		t.Errorf("tornado = %+v", got.Tornado)
	}
	if math.Abs(got.Base-0.055) > 1e-12 {
		t.Errorf("base = %v, want 0.055", got.Base)
	}
	b, err := os.ReadFile(plot)
	if err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
		t.Errorf("plot %s not written as PNG (%v)", plot, err)
	}
}

// TestRunBnUnroll runs the case study's durability model (BIF cannot hold
// Previous links). Only the shape and the shock's timing are asserted here;
// unrolling's numbers are pinned in package dbn.
func TestRunBnUnroll(t *testing.T) {
	model := filepath.Join("..", "..", "cases", "sinorussian", "durability.yaml")
	if _, err := os.Stat(model); err != nil {
		t.Skipf("case model not present: %v", err)
	}
	dir := t.TempDir()
	plot := filepath.Join(dir, "curve.svg")
	var out bytes.Buffer
	opts := bnUnrollOptions{Model: model, Years: 5, Start: 2025, Target: "Partnership", Good: []string{"formal_alliance", "strategic_partnership"},
		DoAt: []string{"2027:USRussiaThaw=grand_bargain"}, Format: "json", Plot: plot, MaxEntries: 1 << 20}
	if err := runBnUnroll(context.Background(), opts, &out); err != nil {
		t.Fatal(err)
	}
	var got bnUnrollJSON
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Years) != 5 || got.Years[0] != 2025 || len(got.Baseline) != 5 {
		t.Fatalf("years %v baseline %v", got.Years, got.Baseline)
	}
	for i := 0; i < 2; i++ {
		if got.PGood[i] != got.Baseline[i] {
			t.Errorf("%d: shock before its year changed the curve: %v vs %v", got.Years[i], got.PGood[i], got.Baseline[i])
		}
	}
	if got.PGood[2] == got.Baseline[2] {
		t.Errorf("2027: shock had no effect")
	}
	b, err := os.ReadFile(plot)
	if err != nil || !bytes.Contains(b, []byte("<svg")) {
		t.Errorf("plot %s not written as SVG (%v)", plot, err)
	}

	// Without --good, the model's own good states for the target count
	// (durability.yaml declares them), not its first state alone.
	opts.Good, opts.Plot = nil, ""
	out.Reset()
	if err := runBnUnroll(context.Background(), opts, &out); err != nil {
		t.Fatal(err)
	}
	var def bnUnrollJSON
	if err := json.Unmarshal(out.Bytes(), &def); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(def.Good, []string{"formal_alliance", "strategic_partnership"}) || !slices.Equal(def.PGood, got.PGood) {
		t.Errorf("default good states %v, curve %v; want the model's, curve %v", def.Good, def.PGood, got.PGood)
	}
}

func TestRunBnInfoAndConvert(t *testing.T) {
	var out bytes.Buffer
	if err := runBnInfo(context.Background(), bnInfoOptions{Model: asiaPath(t), Format: "json", MaxEntries: 1 << 20}, &out); err != nil {
		t.Fatal(err)
	}
	var got bnInfoJSON
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Variables) != 8 || got.Arcs != 8 || got.Tree == nil || got.Tree.Treewidth != 2 || got.Tree.LargestEntries != 8 {
		t.Errorf("info = %+v tree %+v", got, got.Tree)
	}
	dst := filepath.Join(t.TempDir(), "asia.xmlbif")
	out.Reset()
	if err := runBnConvert(context.Background(), bnConvertOptions{In: asiaPath(t), Out: dst}, &out); err != nil {
		t.Fatal(err)
	}
	// The converted file answers the same query.
	out.Reset()
	if err := runBnQuery(context.Background(), bnQueryOptions{Model: dst, Evidence: []string{"dysp=yes"}, Targets: []string{"lung"}, Format: "csv", MaxEntries: 1 << 20}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "lung,yes,0.102759\n") {
		t.Errorf("converted model: %s", out.String())
	}
}

// TestRunBnQueryRelevant: on asia, asia=yes is d-separated from bronc given
// smoke=yes (the only path runs through the unobserved collider either), so
// --relevant leaves it out and P(bronc=yes | smoke=yes) is the CPT entry
// 0.6; the joint with lung is the product 0.6 · 0.1 (lung and bronc are
// independent given smoke). P(evidence) is null, not a number.
func TestRunBnQueryRelevant(t *testing.T) {
	var out bytes.Buffer
	opts := bnQueryOptions{Model: asiaPath(t), Evidence: []string{"smoke=yes", "asia=yes"}, Targets: []string{"bronc"}, Format: "json", MaxEntries: 1 << 20, Relevant: true}
	if err := runBnQuery(context.Background(), opts, &out); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if got["p_evidence"] != nil || got["log_p_evidence"] != nil {
		t.Errorf("P(evidence) = %v, %v; want null with --relevant", got["p_evidence"], got["log_p_evidence"])
	}
	if ig, _ := got["ignored_evidence"].([]any); len(ig) != 1 || ig[0] != "asia" {
		t.Errorf("ignored_evidence = %v, want [asia]", got["ignored_evidence"])
	}
	if p := got["marginals"].(map[string]any)["bronc"].(map[string]any)["yes"].(float64); math.Abs(p-0.6) > 1e-12 {
		t.Errorf("P(bronc=yes | smoke=yes) = %v, want 0.6", p)
	}

	out.Reset()
	opts.Targets, opts.Joint, opts.Format = []string{"bronc", "lung"}, true, "csv"
	if err := runBnQuery(context.Background(), opts, &out); err != nil {
		t.Fatal(err)
	}
	want := "bronc,lung,probability\nyes,yes,0.06\nyes,no,0.54\nno,yes,0.04\nno,no,0.36\n"
	if out.String() != want {
		t.Errorf("--joint --relevant:\n%s\nwant\n%s", out.String(), want)
	}

	for _, bad := range []bnQueryOptions{
		{Model: asiaPath(t), Relevant: true, Format: "table", MaxEntries: 1 << 20},                                       // no --target
		{Model: asiaPath(t), Relevant: true, MPE: true, Targets: []string{"lung"}, Format: "table", MaxEntries: 1 << 20}, // --mpe
	} {
		err := runBnQuery(context.Background(), bad, &out)
		var ue usageError
		if err == nil || !strings.Contains(err.Error(), "--relevant") || !asUsage(err, &ue) {
			t.Errorf("%+v: got %v, want a usage error about --relevant", bad, err)
		}
	}
}
