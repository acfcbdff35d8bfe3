// Package report answers a case's question in one document: the current
// state and trend of the relationship with the evidence used, the strategic
// triangle now and over time, the durability curve under the baseline and
// each shock, the factors the answer is most sensitive to, what to watch, and
// where the case's source text gets its dates wrong.
//
// Build computes a Report from a case and the evidence stores; WriteText,
// WriteJSON and WriteHTML render it. The JSON document (report.json) is the
// stable, machine-readable form: every number the text and HTML show is in
// it (see doc.go for its fields).
package report

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"entente/cases"
	"entente/events"
	"entente/store"
)

// Options configure Build.
type Options struct {
	Case *cases.Case
	// Chronology is a store holding the case's chronology (and nothing
	// else); it always backs the long-run series.
	Chronology store.Reader
	// Data is the user's event store (GDELT, ICEWS, …) or nil. When it holds
	// events of the case's dyad, the current state is read from its latest
	// twelve months instead of the chronology.
	Data store.Reader
	// DataName describes Data for people (its location).
	DataName string
	// Horizon is the last year of the durability curves; 0 means the case's.
	Horizon int
	// Now stamps the report; zero means time.Now().
	Now time.Time
}

// Report is everything the report shows. Field names are the JSON keys of
// report.json and are stable.
type Report struct {
	Case      string    `json:"case"`
	Title     string    `json:"title"`
	Generated time.Time `json:"generated"`
	StartYear int       `json:"start_year"`
	Horizon   int       `json:"horizon"`
	// Good names the outcome states that count as "the partnership holds".
	Outcome string   `json:"outcome_node"`
	Good    []string `json:"holds_means"`

	DataUsed []DataUse `json:"data_used"`
	Current  Current   `json:"current"`
	Triangle Triangle  `json:"triangle"`
	// Model is the static model's outcome distribution with the evidence.
	Model     ModelAnswer      `json:"model"`
	Scenarios []ScenarioResult `json:"scenarios"`
	Tornado   []TornadoBar     `json:"tornado"`

	Indicators      []Indicator      `json:"indicators"`
	DateCorrections []DateCorrection `json:"date_corrections"`

	// Series holds the data behind the charts.
	Series Series `json:"series"`

	// Elapsed is how long Build took, in seconds.
	Elapsed float64 `json:"elapsed_seconds"`
}

// DataUse is one data set the report read.
type DataUse struct {
	Dataset string `json:"dataset"`
	Store   string `json:"store"`
	Events  int64  `json:"events"`
	First   string `json:"first,omitempty"`
	Last    string `json:"last,omitempty"`
	UsedFor string `json:"used_for"`
}

// ModelAnswer is the static model's answer with the data's evidence.
type ModelAnswer struct {
	Outcome  cases.Marginal `json:"outcome"`
	Holds    float64        `json:"holds"`
	Evidence []Finding      `json:"evidence"`
}

// Finding is soft evidence passed to the model, with its provenance.
type Finding struct {
	Node       string             `json:"node"`
	Likelihood map[string]float64 `json:"likelihood"`
	Summary    string             `json:"summary"`
}

// ScenarioResult is one durability curve.
type ScenarioResult struct {
	Name          string             `json:"name"`
	Label         string             `json:"label"`
	Why           string             `json:"why,omitempty"`
	Interventions map[string]string  `json:"interventions"` // node → "state from YEAR"
	Holds         map[string]float64 `json:"holds"`         // year → P(holds)
	// StaticHolds is P(holds) by the horizon in the static model under the
	// same interventions.
	StaticHolds float64 `json:"static_holds"`
}

// TornadoBar is one factor of the sensitivity analysis.
type TornadoBar struct {
	Node      string  `json:"node"`
	Low       float64 `json:"low"`
	High      float64 `json:"high"`
	LowState  string  `json:"low_state"`
	HighState string  `json:"high_state"`
	Why       string  `json:"why,omitempty"`
}

// Indicator is a weakness or evidence node to watch, with its current
// probability in the model.
type Indicator struct {
	cases.Indicator
	// Belief is the node's distribution in the static model with the
	// evidence.
	Belief map[string]float64 `json:"belief"`
}

// DateCorrection is one of the source text's dates that the chronology
// corrects.
type DateCorrection struct {
	Claim   string `json:"claim"`
	Essay   string `json:"essay"`
	Correct string `json:"correct"`
	Source  string `json:"source"`
	Note    string `json:"note,omitempty"`
}

// ErrNoEvidence is returned when no store holds events of the case's dyad.
var ErrNoEvidence = errors.New("no events of the case's dyad in any store")

// Build computes the report.
func Build(ctx context.Context, o Options) (*Report, error) {
	t0 := time.Now()
	c := o.Case
	if c == nil {
		return nil, errors.New("report: no case")
	}
	horizon := o.Horizon
	if horizon == 0 {
		horizon = c.Horizon
	}
	if horizon < c.StartYear {
		return nil, fmt.Errorf("%w: horizon %d is before the model's start year %d; give --horizon %d or later", cases.ErrScenario, horizon, c.StartYear, c.StartYear)
	}
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	r := &Report{
		Case: c.Name, Title: c.Title, Generated: now.UTC().Truncate(time.Second),
		StartYear: c.StartYear, Horizon: horizon, Outcome: c.Outcome, Good: c.Good,
	}
	if err := r.addDataUse(ctx, o); err != nil {
		return nil, err
	}
	soft, err := r.addCurrent(ctx, o)
	if err != nil {
		return nil, err
	}
	if err := r.addTriangle(ctx, o); err != nil {
		return nil, err
	}
	if err := r.addModel(c, soft, horizon); err != nil {
		return nil, err
	}
	for _, dc := range c.Corrections() {
		r.DateCorrections = append(r.DateCorrections, DateCorrection(dc))
	}
	r.Elapsed = time.Since(t0).Seconds()
	return r, nil
}

// addModel runs the baseline with the data's evidence (marginals, tornado),
// then every scenario, and fills the model, scenario and indicator sections.
func (r *Report) addModel(c *cases.Case, soft map[string][]float64, horizon int) error {
	base, err := c.Evaluate(cases.Request{Soft: soft, Horizon: horizon, Tornado: true})
	if err != nil {
		return err
	}
	r.Model = ModelAnswer{Outcome: base.Outcome, Holds: base.Holds, Evidence: r.Model.Evidence}
	for _, b := range base.Tornado {
		why := ""
		if v := c.Model.Var(b.Node); v != nil {
			why = v.Why
		}
		r.Tornado = append(r.Tornado, TornadoBar{Node: b.Node, Low: b.Low, High: b.High, LowState: b.LowState, HighState: b.HighState, Why: why})
	}
	beliefs := map[string]cases.Marginal{}
	for _, m := range base.Marginals {
		beliefs[m.Node] = m
	}
	for _, ind := range c.Indicators {
		b := map[string]float64{}
		if m, ok := beliefs[ind.Node]; ok {
			for i, s := range m.States {
				b[s] = m.Probs[i]
			}
		}
		r.Indicators = append(r.Indicators, Indicator{Indicator: ind, Belief: b})
	}
	for _, sc := range c.Scenarios {
		res := base
		if len(sc.Do) > 0 {
			if res, err = c.Evaluate(cases.Request{Soft: soft, Do: sc.Do, Horizon: horizon}); err != nil {
				return fmt.Errorf("scenario %s: %w", sc.Name, err)
			}
		}
		sr := ScenarioResult{Name: sc.Name, Label: sc.Label, Why: sc.Why, Interventions: map[string]string{}, Holds: map[string]float64{}, StaticHolds: res.Holds}
		for _, iv := range sc.Do {
			sr.Interventions[iv.Node] = fmt.Sprintf("%s from %d", iv.State, iv.From)
		}
		for _, yp := range res.Curve {
			sr.Holds[strconv.Itoa(yp.Year)] = yp.P
		}
		r.Scenarios = append(r.Scenarios, sr)
	}
	return nil
}

// addDataUse lists the data sets of both stores.
func (r *Report) addDataUse(ctx context.Context, o Options) error {
	add := func(s store.Reader, name, usedFor string) error {
		st, err := s.Stats(ctx)
		if err != nil {
			return fmt.Errorf("report: stats of %s: %w", name, err)
		}
		for _, d := range st.Datasets {
			du := DataUse{Dataset: string(d.Dataset), Store: name, Events: d.Events, UsedFor: usedFor}
			if !d.First.IsZero() {
				du.First, du.Last = d.First.Format("2006-01-02"), d.Last.Format("2006-01-02")
			}
			r.DataUsed = append(r.DataUsed, du)
		}
		return nil
	}
	if err := add(o.Chronology, "embedded case chronology", "long-run dyad and triangle series; current state when no other data covers the dyad"); err != nil {
		return err
	}
	if o.Data != nil {
		if err := add(o.Data, o.DataName, "current state (latest 12 months) and recent series of the dyad"); err != nil {
			return err
		}
	}
	return nil
}

// dataset filters for the chronology store.
var chronologyOnly = []events.Dataset{events.Chronology}
