package report

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
)

// WriteJSON writes the report as indented JSON (report.json).
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes the concise terminal answer.
func (r *Report) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	p := ew.printf
	p("%s\n%s\n\n", r.Title, strings.Repeat("=", len([]rune(r.Title))))

	c := r.Current
	p("NOW  %s-%s relationship index %.2f [%.2f, %.2f] over %s (%d events, %s): %s on balance;\n",
		c.Dyad[0], c.Dyad[1], c.Index, c.IndexLo, c.IndexHi, c.Period, c.Events, c.Source, absolute(c.Index))
	p("     reads %q against its own history (%s; cuts %.2f and %.2f).\n", c.Reading, c.Reference, c.Cuts[0], c.Cuts[1])
	if c.Note != "" {
		p("     Note: %s.\n", c.Note)
	}
	p("     Trend: %s (last five years vs the five before: %+.2f).", c.Trend, c.TrendDelta)
	if n := len(c.Changes); n > 0 {
		last := c.Changes[n-1]
		p(" Latest break in the long-run index: %s (mean %.2f before, %.2f after).", last.Period, last.Before, last.After)
	}
	p("\n")
	for _, f := range r.Model.Evidence {
		p("     Evidence passed to the model: %s; likelihoods %s.\n", f.Summary, fmtLikelihood(f.Likelihood))
	}
	p("\n")

	t := r.Triangle
	p("TRIANGLE  %s-%s-%s (Dittmer 1981), by year from the chronology: %s in %s", t.Players[0], t.Players[1], t.Players[2], t.Now.Config, t.Now.Period)
	if t.Now.Kind == "indeterminate" && t.LastClear.Period != "" {
		p("; last clear configuration %s in %s", t.LastClear.Config, t.LastClear.Period)
	}
	p(".\n")
	hist := t.History
	var clear []TriangleRun
	for _, h := range hist {
		if h.Kind != "indeterminate" {
			clear = append(clear, h)
		}
	}
	if len(clear) > 8 {
		clear = clear[len(clear)-8:]
	}
	if len(clear) > 0 {
		var parts []string
		for _, h := range clear {
			span := h.From
			if h.To != h.From {
				span += "-" + h.To
			}
			parts = append(parts, fmt.Sprintf("%s %s", span, h.Config))
		}
		p("     Recent clear periods: %s.\n", strings.Join(parts, "; "))
	}
	p("\n")

	p("OUTLOOK  P(partnership holds: %s) in the static model with the evidence: %.0f%%  (%s)\n", strings.Join(r.Good, " or "), 100*r.Model.Holds, fmtMarginal(r.Model.Outcome.States, r.Model.Outcome.Probs))
	mid := strconv.Itoa(min(2030, r.Horizon))
	end := strconv.Itoa(r.Horizon)
	p("     Durability, P(holds) by year (yearly model from %d):\n", r.StartYear)
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "     scenario\t%s\t%s\t\n", mid, end)
	for _, s := range r.Scenarios {
		fmt.Fprintf(tw, "     %s\t%.0f%%\t%.0f%%\t\n", s.Label, 100*s.Holds[mid], 100*s.Holds[end])
	}
	tw.Flush()
	p("\n")

	p("SENSITIVITY  the five factors P(holds) moves most with (each set to its least and most favourable state):\n")
	for i, b := range r.Tornado {
		if i == 5 {
			break
		}
		p("     %d. %-22s %3.0f%% (%s) .. %3.0f%% (%s)\n", i+1, b.Node, 100*b.Low, b.LowState, 100*b.High, b.HighState)
	}
	p("\n")

	p("WATCH\n")
	for _, ind := range r.Indicators {
		p("     - %s [%s now: %s]\n       watch: %s\n       signal: %s\n", ind.Label, ind.Node, fmtBelief(ind.Belief), ind.Watch, ind.Signal)
	}
	p("\n")

	if len(r.DateCorrections) > 0 {
		p("DATE CORRECTIONS  where the essay's dates disagree with the chronology:\n")
		for _, d := range r.DateCorrections {
			p("     - %q: essay %s, correct %s (%s)\n", d.Claim, d.Essay, d.Correct, d.Source)
		}
		p("\n")
	}
	var data []string
	for _, d := range r.DataUsed {
		data = append(data, fmt.Sprintf("%s (%d events, %s..%s)", d.Dataset, d.Events, d.First, d.Last))
	}
	p("Data: %s. Computed in %.2f s.\n", strings.Join(data, "; "), r.Elapsed)
	return ew.err
}

// absolute reads an index value on the Goldstein scale itself, with the
// triangle's neutral band.
func absolute(x float64) string {
	switch {
	case x > 0.5:
		return "cooperative"
	case x < -0.5:
		return "conflictual"
	}
	return "neutral"
}

func fmtMarginal(states []string, probs []float64) string {
	var parts []string
	for i, s := range states {
		parts = append(parts, fmt.Sprintf("%s %.0f%%", s, 100*probs[i]))
	}
	return strings.Join(parts, ", ")
}

func fmtBelief(b map[string]float64) string {
	keys := make([]string, 0, len(b))
	for k := range b {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return b[keys[i]] > b[keys[j]] })
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %.0f%%", k, 100*b[k]))
	}
	return strings.Join(parts, ", ")
}

func fmtLikelihood(l map[string]float64) string {
	keys := make([]string, 0, len(l))
	for k := range l {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %.2f", k, l[k]))
	}
	return strings.Join(parts, ", ")
}

// errWriter remembers the first write error so the text can be written
// without checking every line.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(b []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(b)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, a ...any) { fmt.Fprintf(e, format, a...) }
