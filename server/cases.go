package server

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
	"sync"
	"time"

	"entente/bn"
	"entente/cameo"
	"entente/cases"
)

// caseEntry is a loaded case with its JSON description computed once (the
// case is immutable while the server runs) and a small cache of evaluated
// scenarios, so that moving a slider back and forth, or many viewers of the
// same shared URL, do not re-run inference.
type caseEntry struct {
	c    *cases.Case
	desc []byte // GET /api/case/{name} body

	mu    sync.Mutex
	cache map[string][]byte // canonical request JSON → response body
	keys  []string          // insertion order, for eviction
}

// scenarioCacheSize bounds the cached scenario results per case: the built-in
// case has five shocks of two or three states, 432 combinations per start
// year, and a result is about 10 kB.
const scenarioCacheSize = 512

func newCaseEntry(c *cases.Case) (*caseEntry, error) {
	d, err := describeCase(c)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return nil, fmt.Errorf("encode case: %w", err)
	}
	return &caseEntry{c: c, desc: buf.Bytes(), cache: map[string][]byte{}}, nil
}

// caseJSON is the shape of GET /api/case/{name}.
type caseJSON struct {
	Name        string           `json:"name"`
	Title       string           `json:"title"`
	Dyad        [2]string        `json:"dyad"`
	Triangle    [3]string        `json:"triangle"`
	Outcome     string           `json:"outcome"`
	Good        []string         `json:"good"`
	StartYear   int              `json:"start_year"`
	Horizon     int              `json:"horizon"`
	Why         string           `json:"why,omitempty"`
	Source      string           `json:"source,omitempty"`
	Nodes       []nodeJSON       `json:"nodes"`
	Durability  []string         `json:"durability_nodes"`
	Scenarios   []scenarioJSON   `json:"scenarios"`
	Indicators  []indicatorJSON  `json:"indicators"`
	Corrections []correctionJSON `json:"corrections"`
	Chronology  []chronologyJSON `json:"chronology"`
}

// scenarioJSON is a named scenario of the case.
type scenarioJSON struct {
	Name  string             `json:"name"`
	Label string             `json:"label"`
	Why   string             `json:"why,omitempty"`
	Do    []interventionJSON `json:"do"`
}

// indicatorJSON is something to watch in the data.
type indicatorJSON struct {
	Node   string `json:"node"`
	Label  string `json:"label"`
	Watch  string `json:"watch"`
	Signal string `json:"signal"`
}

// correctionJSON is a date the case's source text gets wrong.
type correctionJSON struct {
	Claim   string `json:"claim"`
	Essay   string `json:"essay"`
	Correct string `json:"correct"`
	Source  string `json:"source"`
	Note    string `json:"note,omitempty"`
}

// nodeJSON is one node of the static model, with its documentation.
type nodeJSON struct {
	Name        string   `json:"name"`
	States      []string `json:"states"`
	Parents     []string `json:"parents"`
	Shock       bool     `json:"shock"` // a root node the user may set
	Why         string   `json:"why,omitempty"`
	Source      string   `json:"source,omitempty"`
	TableWhy    string   `json:"table_why,omitempty"`
	TableSource string   `json:"table_source,omitempty"`
}

// chronologyJSON is one chronology entry. Description, citation and
// precision come from the case's chronology.csv when it has one (the
// events themselves carry only the CAMEO coding).
type chronologyJSON struct {
	ID          string  `json:"id"`
	Date        string  `json:"date"`
	Precision   string  `json:"precision,omitempty"`
	Source      string  `json:"source"`
	SourceName  string  `json:"source_name"`
	Target      string  `json:"target"`
	TargetName  string  `json:"target_name"`
	Code        string  `json:"code"`
	CAMEO       string  `json:"cameo"` // the CAMEO description of Code
	Quad        int     `json:"quad"`
	Goldstein   float64 `json:"goldstein"`
	Description string  `json:"description,omitempty"`
	Citation    string  `json:"citation,omitempty"`
}

func describeCase(c *cases.Case) (caseJSON, error) {
	d := caseJSON{Name: c.Name, Title: c.Title, Dyad: c.Dyad, Triangle: c.Triangle, Outcome: c.Outcome, Good: c.Good,
		StartYear: c.StartYear, Horizon: c.Horizon, Scenarios: []scenarioJSON{}, Indicators: []indicatorJSON{},
		Nodes: []nodeJSON{}, Durability: []string{}, Chronology: []chronologyJSON{}, Corrections: []correctionJSON{}}
	for _, sc := range c.Scenarios {
		j := scenarioJSON{Name: sc.Name, Label: sc.Label, Why: sc.Why, Do: []interventionJSON{}}
		for _, iv := range sc.Do {
			j.Do = append(j.Do, interventionJSON{Node: iv.Node, State: iv.State, From: iv.From})
		}
		d.Scenarios = append(d.Scenarios, j)
	}
	for _, in := range c.Indicators {
		d.Indicators = append(d.Indicators, indicatorJSON{Node: in.Node, Label: in.Label, Watch: in.Watch, Signal: in.Signal})
	}
	if c.Model == nil {
		return d, errors.New("no static model")
	}
	d.Why, d.Source = c.Model.Why, c.Model.Source
	for _, v := range c.Model.Variables {
		d.Nodes = append(d.Nodes, nodeJSON{Name: v.Name, States: v.States, Parents: nonNil(v.Parents), Shock: len(v.Parents) == 0 && !observed(c, v),
			Why: v.Why, Source: v.Source, TableWhy: v.TableWhy, TableSource: v.TableSource})
	}
	if c.Durability != nil {
		for _, v := range c.Durability.Variables {
			d.Durability = append(d.Durability, v.Name)
		}
	}
	if c.Corrections != nil {
		for _, x := range c.Corrections() {
			d.Corrections = append(d.Corrections, correctionJSON{Claim: x.Claim, Essay: x.Essay, Correct: x.Correct, Source: x.Source, Note: x.Note})
		}
	}
	if c.Chronology != nil {
		evs, err := c.Chronology()
		if err != nil {
			return d, fmt.Errorf("chronology: %w", err)
		}
		var notes map[string]map[string]string
		if c.Files != nil {
			if b, ok := c.Files()["chronology.csv"]; ok {
				if notes, err = chronologyNotes(b); err != nil {
					return d, err
				}
			}
		}
		for _, e := range evs {
			id := strings.TrimPrefix(e.ID, "chron-")
			j := chronologyJSON{ID: id, Date: e.Date.Format(time.DateOnly), Source: e.Source.Country, SourceName: e.Source.Name,
				Target: e.Target.Country, TargetName: e.Target.Name, Code: e.Code, Quad: e.Quad, Goldstein: e.Goldstein}
			if math.IsNaN(j.Goldstein) {
				j.Goldstein = 0
			}
			if ec, ok := cameo.Event(e.Code); ok {
				j.CAMEO = ec.Description
			}
			if n, ok := notes[id]; ok {
				j.Description, j.Citation, j.Precision = n["description"], n["citation"], n["precision"]
			}
			d.Chronology = append(d.Chronology, j)
		}
	}
	return d, nil
}

// observed reports whether v is an indicator (an evidence node fed from
// data), which the dashboard does not offer as a shock.
func observed(c *cases.Case, v *bn.Variable) bool {
	for _, in := range c.Indicators {
		if in.Node == v.Name {
			return true
		}
	}
	return false
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// chronologyNotes reads the prose columns of a chronology CSV by header name
// (id, description, citation, precision; see cases/sinorussian/chronology.md),
// keyed by id. Columns it does not find are left empty.
func chronologyNotes(b []byte) (map[string]map[string]string, error) {
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("chronology.csv: header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimSpace(h)] = i
	}
	idCol, ok := col["id"]
	if !ok {
		return nil, errors.New("chronology.csv: no id column")
	}
	out := map[string]map[string]string{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("chronology.csv: %w", err)
		}
		if idCol >= len(rec) {
			continue
		}
		m := map[string]string{}
		for _, k := range []string{"description", "citation", "precision"} {
			if i, ok := col[k]; ok && i < len(rec) {
				m[k] = rec[i]
			}
		}
		out[rec[idCol]] = m
	}
}

// caseSummary lists a case for GET /api/cases.
type caseSummary struct {
	Name  string `json:"name"`
	Title string `json:"title"`
}

// handleCases serves GET /api/cases: the built-in cases, default first.
func (s *Server) handleCases(w http.ResponseWriter, r *http.Request) {
	if err := newParams(r.URL.Query()).check(); err != nil {
		s.fail(w, r, err)
		return
	}
	out := []caseSummary{}
	for _, n := range s.order {
		out = append(out, caseSummary{Name: n, Title: s.cases[n].c.Title})
	}
	s.writeJSON(w, r, out)
}

// lookupCase finds a served case by name.
func (s *Server) lookupCase(name, param string) (*caseEntry, error) {
	e, ok := s.cases[name]
	if !ok {
		return nil, badParam(param, "unknown case %q; this server has %s", name, strings.Join(s.order, ", "))
	}
	return e, nil
}

// handleCase serves GET /api/case/{name}: the model's nodes with their why
// and source, the named scenarios, indicators, date corrections and the
// chronology.
func (s *Server) handleCase(w http.ResponseWriter, r *http.Request) {
	if err := newParams(r.URL.Query()).check(); err != nil {
		s.fail(w, r, err)
		return
	}
	e, err := s.lookupCase(r.PathValue("name"), "name")
	if err != nil {
		s.writeError(w, r, http.StatusNotFound, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(e.desc)
}
