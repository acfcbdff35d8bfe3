package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"entente/cases"
)

// scenarioRequest is the body of POST /api/scenario. Every field is
// optional; an empty body evaluates the default case's baseline.
type scenarioRequest struct {
	// Case is the case's name; empty means the server's default case.
	Case string `json:"case"`
	// Scenario names one of the case's scenarios, whose interventions are
	// applied before Do.
	Scenario string `json:"scenario"`
	// Evidence observes nodes of the static model: node → state.
	Evidence map[string]string `json:"evidence"`
	// Soft is likelihood evidence: node → one non-negative number per state.
	Soft map[string][]float64 `json:"soft"`
	// Do intervenes: do(node=state) from year From (0: from the start).
	Do []interventionJSON `json:"do"`
	// Horizon is the last year of the durability curve; 0 means the case's.
	Horizon int `json:"horizon"`
	// Tornado asks for the sensitivity bars (default true); TornadoTop keeps
	// the largest n (0: all).
	Tornado    *bool `json:"tornado"`
	TornadoTop int   `json:"tornado_top"`
}

type interventionJSON struct {
	Node  string `json:"node"`
	State string `json:"state"`
	From  int    `json:"from"`
}

// maxScenarioBody bounds the request body.
const maxScenarioBody = 64 << 10

// maxHorizonYears bounds how far past the start year the durability model is
// unrolled.
const maxHorizonYears = 100

// handleScenario serves POST /api/scenario: the request mapped onto
// cases.Request, the answer cases.Result as JSON.
func (s *Server) handleScenario(w http.ResponseWriter, r *http.Request) {
	if err := newParams(r.URL.Query()).check(); err != nil {
		s.fail(w, r, err)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxScenarioBody+1))
	if err != nil {
		s.fail(w, r, badParam("body", "read: %v", err))
		return
	}
	if len(body) > maxScenarioBody {
		s.fail(w, r, badParam("body", "larger than %d bytes", maxScenarioBody))
		return
	}
	var req scenarioRequest
	if len(bytes.TrimSpace(body)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			s.fail(w, r, badParam("body", "not a scenario request: %v (fields: case, scenario, evidence, soft, do, horizon, tornado, tornado_top)", err))
			return
		}
		if dec.More() {
			s.fail(w, r, badParam("body", "one JSON object expected, found more after it"))
			return
		}
	}
	name := req.Case
	if name == "" {
		if len(s.order) == 0 {
			s.fail(w, r, badParam("case", "this server has no cases"))
			return
		}
		name = s.order[0]
	}
	e, err := s.lookupCase(name, "case")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	creq, err := e.request(req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out, err := e.evaluate(creq)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(out)
}

// request maps the JSON body onto cases.Request, checking what cases does
// not: the named scenario, empty names, the horizon's upper bound.
func (e *caseEntry) request(req scenarioRequest) (cases.Request, error) {
	c := e.c
	out := cases.Request{Evidence: req.Evidence, Soft: req.Soft, Horizon: req.Horizon, Tornado: true, TornadoTop: req.TornadoTop}
	if req.Tornado != nil {
		out.Tornado = *req.Tornado
	}
	if req.TornadoTop < 0 {
		return out, badParam("tornado_top", "must not be negative, got %d", req.TornadoTop)
	}
	if req.Horizon != 0 && (req.Horizon < c.StartYear || req.Horizon > c.StartYear+maxHorizonYears) {
		return out, badParam("horizon", "%d is outside %d to %d", req.Horizon, c.StartYear, c.StartYear+maxHorizonYears)
	}
	if req.Scenario != "" {
		found := false
		var names []string
		for _, sc := range c.Scenarios {
			names = append(names, sc.Name)
			if sc.Name == req.Scenario {
				out.Do = append(out.Do, sc.Do...)
				found = true
			}
		}
		if !found {
			return out, badParam("scenario", "unknown scenario %q; the case has %v", req.Scenario, names)
		}
	}
	seen := map[string]bool{}
	for i, iv := range req.Do {
		if iv.Node == "" || iv.State == "" {
			return out, badParam("do", "intervention %d needs a node and a state", i)
		}
		if seen[iv.Node] {
			return out, badParam("do", "node %s is intervened on twice", iv.Node)
		}
		seen[iv.Node] = true
		if iv.From != 0 && (iv.From < c.StartYear || iv.From > c.StartYear+maxHorizonYears) {
			return out, badParam("do", "intervention on %s starts in %d, outside %d to %d (0 means from the start)", iv.Node, iv.From, c.StartYear, c.StartYear+maxHorizonYears)
		}
		out.Do = append(out.Do, cases.Intervention{Node: iv.Node, State: iv.State, From: iv.From})
	}
	return out, nil
}

// evaluate runs the request, or returns the cached body of an identical one.
func (e *caseEntry) evaluate(req cases.Request) ([]byte, error) {
	key, err := json.Marshal(req) // maps marshal with sorted keys: canonical
	if err != nil {
		return nil, badParam("body", "cannot encode the request: %v", err)
	}
	e.mu.Lock()
	b, ok := e.cache[string(key)]
	e.mu.Unlock()
	if ok {
		return b, nil
	}
	res, err := e.c.Evaluate(req)
	if err != nil {
		if errors.Is(err, cases.ErrScenario) {
			return nil, err
		}
		return nil, fmt.Errorf("evaluate case %s: %w", e.c.Name, err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(res); err != nil {
		// NaN or Inf from the models (e.g. evidence of probability zero)
		// cannot be written as JSON.
		return nil, fmt.Errorf("%w: the result is not a number (impossible evidence?): %v", cases.ErrScenario, err)
	}
	b = buf.Bytes()
	e.mu.Lock()
	if _, ok := e.cache[string(key)]; !ok {
		if len(e.keys) >= scenarioCacheSize {
			delete(e.cache, e.keys[0])
			e.keys = e.keys[1:]
		}
		e.cache[string(key)] = b
		e.keys = append(e.keys, string(key))
	}
	e.mu.Unlock()
	return b, nil
}
