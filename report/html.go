package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
)

//go:embed report.html.tmpl
var htmlTemplate string

var tmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct": func(p float64) string { return fmt.Sprintf("%.0f%%", 100*p) },
	"f2":  func(x float64) string { return fmt.Sprintf("%.2f", x) },
	"holds": func(s ScenarioResult, y int) string {
		return fmt.Sprintf("%.0f%%", 100*s.Holds[strconv.Itoa(y)])
	},
	"delta": func(s ScenarioResult, base ScenarioResult, y int) string {
		k := strconv.Itoa(y)
		d := 100 * (s.Holds[k] - base.Holds[k])
		if s.Name == base.Name {
			return ""
		}
		return fmt.Sprintf("%+.0f", d)
	},
	"belief": fmtBelief,
}).Parse(htmlTemplate))

// htmlView is what the template sees: the report plus its rendered charts.
type htmlView struct {
	*Report
	Charts   map[string]template.HTML
	Mid      int
	Baseline ScenarioResult
	Outcome  []outcomeShare
}

type outcomeShare struct {
	State string
	P     float64
}

// WriteHTML writes the self-contained HTML report: one file, inline CSS, the
// charts inline as SVG, no scripts and no network access needed to view it.
func (r *Report) WriteHTML(w io.Writer) error {
	svgs, err := r.svgCharts()
	if err != nil {
		return err
	}
	v := htmlView{Report: r, Charts: map[string]template.HTML{}, Mid: min(2030, r.Horizon)}
	for name, b := range svgs {
		// The charts are our own renderings (gonum/plot's SVG backend), not
		// user input: safe to inline once the XML prolog is dropped.
		if i := bytes.Index(b, []byte("<svg")); i > 0 {
			b = b[i:]
		}
		v.Charts[name] = template.HTML(b)
	}
	for _, s := range r.Scenarios {
		if s.Name == "baseline" {
			v.Baseline = s
		}
	}
	for i, s := range r.Model.Outcome.States {
		v.Outcome = append(v.Outcome, outcomeShare{State: s, P: r.Model.Outcome.Probs[i]})
	}
	return tmpl.Execute(w, v)
}
