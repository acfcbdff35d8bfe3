package server

import (
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"entente/relations"
	"entente/store"
)

// paramError is a request parameter the client must fix: it becomes a 400
// whose JSON names the parameter.
type paramError struct {
	Param  string
	Reason string
}

func (e *paramError) Error() string {
	if e.Param == "" {
		return e.Reason
	}
	return e.Param + ": " + e.Reason
}

func badParam(param, format string, a ...any) *paramError {
	return &paramError{Param: param, Reason: fmt.Sprintf(format, a...)}
}

// params reads typed values from a query string, remembering the first
// error so that a handler can read everything and check once. Every
// parameter a handler reads is marked known; check refuses the others.
type params struct {
	q     url.Values
	known map[string]bool
	err   *paramError
}

func newParams(q url.Values) *params {
	return &params{q: q, known: map[string]bool{"token": true}}
}

func (p *params) fail(e *paramError) {
	if p.err == nil {
		p.err = e
	}
}

// raw returns the single value of name ("" when absent); a repeated
// parameter is an error, so ?by=month&by=year is not silently resolved.
func (p *params) raw(name string) string {
	p.known[name] = true
	vs := p.q[name]
	if len(vs) > 1 {
		p.fail(badParam(name, "given %d times; give it once", len(vs)))
	}
	if len(vs) == 0 {
		return ""
	}
	return strings.TrimSpace(vs[0])
}

// actor reads a required actor code and resolves it, so that an unknown one
// is reported with the closest known codes.
func (p *params) actor(name string) string {
	v := p.raw(name)
	if v == "" {
		p.fail(badParam(name, "required: a CAMEO country code (RUS, CHN, USA, ...) or a group (NATO, EU, G7, BRICS, SCO)"))
		return ""
	}
	if _, err := relations.ResolveActor(v); err != nil {
		p.fail(badParam(name, "%v", err))
	}
	return v
}

// period reads a bucket width, def when absent.
func (p *params) period(name string, def store.Period) store.Period {
	v := p.raw(name)
	if v == "" {
		return def
	}
	by, err := relations.ParsePeriod(v)
	if err != nil {
		p.fail(badParam(name, "%v", err))
		return def
	}
	return by
}

// day reads an optional ISO date; absent is the zero time (unbounded).
func (p *params) day(name string) time.Time {
	v := p.raw(name)
	if v == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		p.fail(badParam(name, "%q is not a date; want YYYY-MM-DD", v))
		return time.Time{}
	}
	if t.Year() < 1 {
		p.fail(badParam(name, "%q is before year 1", v))
	}
	return t
}

// dayRange reads from and to and checks their order.
func (p *params) dayRange() (from, to time.Time) {
	from, to = p.day("from"), p.day("to")
	if !from.IsZero() && !to.IsZero() && from.After(to) {
		p.fail(badParam("from", "%s is after to=%s", from.Format(time.DateOnly), to.Format(time.DateOnly)))
	}
	return from, to
}

// boolean reads 1/0/true/false/yes/no; absent is def.
func (p *params) boolean(name string, def bool) bool {
	v := strings.ToLower(p.raw(name))
	switch v {
	case "":
		return def
	case "1", "true", "yes", "on":
		return true
	case "0", "false", "no", "off":
		return false
	}
	p.fail(badParam(name, "%q is not a boolean; use 1 or 0", v))
	return def
}

// choice reads one of the allowed values; absent is def.
func (p *params) choice(name, def string, allowed ...string) string {
	v := strings.ToLower(p.raw(name))
	if v == "" {
		return def
	}
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	p.fail(badParam(name, "%q is not one of %s", v, strings.Join(allowed, ", ")))
	return def
}

// float reads a finite number in (lo, hi]; absent is def.
func (p *params) float(name string, def, lo, hi float64) float64 {
	v := p.raw(name)
	if v == "" {
		return def
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		p.fail(badParam(name, "%q is not a number", v))
		return def
	}
	if x <= lo || x > hi {
		p.fail(badParam(name, "%v is out of range: want more than %v and at most %v", x, lo, hi))
		return def
	}
	return x
}

// integer reads an integer in [lo, hi]; absent is def.
func (p *params) integer(name string, def, lo, hi int64) int64 {
	v := p.raw(name)
	if v == "" {
		return def
	}
	x, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		p.fail(badParam(name, "%q is not a whole number", v))
		return def
	}
	if x < lo || x > hi {
		p.fail(badParam(name, "%d is out of range: want %d to %d", x, lo, hi))
		return def
	}
	return x
}

// roots reads 2-digit CAMEO root codes, repeated or comma-separated.
func (p *params) roots(name string) []string {
	p.known[name] = true
	var out []string
	for _, v := range p.q[name] {
		for _, r := range strings.Split(v, ",") {
			r = strings.TrimSpace(r)
			if r == "" {
				continue
			}
			n, err := strconv.Atoi(r)
			if err != nil || len(r) != 2 || n < 1 || n > 20 {
				p.fail(badParam(name, "%q is not a CAMEO root code; use 01 to 20", r))
				return nil
			}
			out = append(out, r)
		}
	}
	return out
}

// check returns the first error, or refuses parameters no reader asked for.
func (p *params) check() *paramError {
	if p.err != nil {
		return p.err
	}
	var unknown []string
	for k := range p.q {
		if !p.known[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		var known []string
		for k := range p.known {
			if k != "token" {
				known = append(known, k)
			}
		}
		sort.Strings(known)
		return badParam(unknown[0], "unknown parameter; this endpoint takes %s", strings.Join(known, ", "))
	}
	return nil
}
