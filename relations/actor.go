package relations

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"entente/cameo"
	"entente/store"
)

// Actor is one side of a dyad: a country (a CAMEO country code) or a group
// of countries with dated memberships.
type Actor struct {
	Code  string // as the user gave it, upper-cased: "RUS", "NATO"
	Name  string // "Russia", "North Atlantic Treaty Organization ..."
	Group *Group // nil for a country
}

// members returns the actor's memberships: a country is its own member for
// all time.
func (a Actor) members() []Membership {
	if a.Group == nil {
		return []Membership{{Country: a.Code}}
	}
	return a.Group.Members
}

// UnknownActorError reports a code that is neither a CAMEO country code nor
// a known group, with the closest known codes as suggestions.
type UnknownActorError struct {
	Code    string
	Closest []string
}

func (e *UnknownActorError) Error() string {
	return fmt.Sprintf("unknown actor %q: not a CAMEO country code or group; closest known codes: %s", e.Code, strings.Join(e.Closest, ", "))
}

// ResolveActor maps a code to an Actor: a group name (NATO, EU, G7, BRICS,
// SCO; any case) or a CAMEO country code (RUS, CHN, USA; any case). Anything
// else is an *UnknownActorError listing the closest known codes.
func ResolveActor(code string) (Actor, error) {
	c := strings.ToUpper(strings.TrimSpace(code))
	if g, ok := LookupGroup(c); ok {
		return Actor{Code: g.Name, Name: g.About, Group: &g}, nil
	}
	if name, ok := cameo.Country(c); ok && len(c) == 3 {
		return Actor{Code: c, Name: name}, nil
	}
	return Actor{}, &UnknownActorError{Code: code, Closest: closestCodes(c, 5)}
}

// closestCodes ranks every known code (countries and groups) by edit
// distance to c, then by whether the country name starts with c (so "CHINA"
// suggests CHN), and returns the n best.
func closestCodes(c string, n int) []string {
	type cand struct {
		code string
		dist int
	}
	var cands []cand
	add := func(code, name string) {
		d := cameo.Distance(c, code)
		if len(c) > 3 && strings.HasPrefix(strings.ToUpper(name), c) {
			d = 0
		}
		cands = append(cands, cand{code, d})
	}
	for _, k := range cameo.Countries() {
		if len(k.Code) == 3 {
			add(k.Code, k.Name)
		}
	}
	for _, g := range groups {
		add(g.Name, g.Name)
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].dist != cands[j].dist {
			return cands[i].dist < cands[j].dist
		}
		return cands[i].code < cands[j].code
	})
	out := make([]string, 0, n)
	for _, k := range cands {
		if len(out) == n {
			break
		}
		out = append(out, k.code)
	}
	return out
}

// Pairs returns the directed (source, target) country pairs that make up
// "a acts on b", each valid while both countries are members of their
// sides. Semantics, for groups:
//
//   - a country never forms a pair with itself, so "NATO vs USA" is the
//     United States with its NATO allies (the rest of NATO), and "NATO vs
//     NATO" is the alliance's internal relations;
//   - a pair appears once even when both countries belong to both sides (EU
//     vs NATO counts France→Germany once), with the union of its validity
//     windows when they overlap.
func Pairs(a, b Actor) []store.Pair {
	var out []store.Pair
	for _, ma := range a.members() {
		for _, mb := range b.members() {
			if ma.Country == mb.Country {
				continue
			}
			from, to := later(ma.From, mb.From), earlier(ma.To, mb.To)
			if !from.IsZero() && !to.IsZero() && from.After(to) {
				continue
			}
			out = append(out, store.Pair{Source: ma.Country, Target: mb.Country, From: from, To: to})
		}
	}
	return mergePairs(out)
}

// undirectedPairs is Pairs(a, b) ∪ Pairs(b, a), each directed pair once.
func undirectedPairs(a, b Actor) []store.Pair {
	return mergePairs(append(Pairs(a, b), Pairs(b, a)...))
}

// mergePairs sorts pairs and merges the windows of equal (source, target)
// pairs that overlap or touch, so that no event is counted twice.
func mergePairs(ps []store.Pair) []store.Pair {
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].Source != ps[j].Source {
			return ps[i].Source < ps[j].Source
		}
		if ps[i].Target != ps[j].Target {
			return ps[i].Target < ps[j].Target
		}
		return ps[i].From.Before(ps[j].From)
	})
	var out []store.Pair
	for _, p := range ps {
		if n := len(out); n > 0 {
			q := &out[n-1]
			if q.Source == p.Source && q.Target == p.Target && (q.To.IsZero() || !p.From.After(q.To.AddDate(0, 0, 1))) {
				if q.To.IsZero() || p.To.IsZero() {
					q.To = time.Time{}
				} else if p.To.After(q.To) {
					q.To = p.To
				}
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// later returns the later of two window starts (zero = unbounded).
func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// earlier returns the earlier of two window ends (zero = unbounded).
func earlier(a, b time.Time) time.Time {
	switch {
	case a.IsZero():
		return b
	case b.IsZero():
		return a
	case a.Before(b):
		return a
	}
	return b
}
