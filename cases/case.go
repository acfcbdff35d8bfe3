// Package cases holds Entente's built-in cases: a question about a
// partnership between states, packaged as data + model + indicators, and the
// scenario computations every front end (CLI report, HTTP API, dashboard)
// shares.
//
// A case is
//
//   - a chronology: dated, CAMEO-coded, sourced events, loadable into the store
//     as its own data set;
//   - a static scenario model (a Bayesian network whose roots are shocks and
//     whose outcome node is the partnership's state by the horizon);
//   - a dynamic (two-slice) model of the same partnership for durability: the
//     probability that it holds, year by year;
//   - scenarios: named interventions on the shocks (do(X=x) from a year on);
//   - indicators: evidence nodes fed from data, and the weaknesses to watch.
//
// Package cases/sinorussian provides the first case; a second case is another
// package (or directory of files) providing the same pieces.
package cases

import (
	"fmt"
	"sort"
	"strings"

	"entente/bn"
	"entente/events"
)

// Case is one built-in question.
type Case struct {
	Name  string // short id used on the command line, e.g. "sino-russian"
	Title string // the question, e.g. "Can Sino-Russian cooperation last?"

	// Dyad and Triangle name the actors the evidence is about (CAMEO codes).
	Dyad     [2]string
	Triangle [3]string

	Model      *bn.Network // static scenario model
	Durability *bn.Network // two-slice model (nodes with Previous links)

	// Outcome is the outcome node (present in both models) and Good its
	// states that count as "the partnership holds".
	Outcome string
	Good    []string

	// StartYear is the first slice of the durability model.
	StartYear int
	// Horizon is the default last year.
	Horizon int

	Scenarios  []Scenario
	Indicators []Indicator

	// Chronology returns the case's chronology as events (data set
	// events.Chronology).
	Chronology func() ([]events.Event, error)
	// Corrections returns the date corrections of the source text.
	Corrections func() []Correction
	// Files returns the case's raw files by name, for export.
	Files func() map[string][]byte
}

// Scenario is a named set of interventions on shock nodes.
type Scenario struct {
	Name  string // machine name, e.g. "taiwan-war"
	Label string // one line for people
	Why   string // what the scenario stands for in the source's argument
	// Do fixes nodes to states (graph surgery) from year From on (0: from the
	// first year) in the durability model, and in the static model.
	Do []Intervention
}

// Intervention is do(Node=State) from year From on.
type Intervention struct {
	Node, State string
	From        int
}

// Indicator is something to watch: a model node, what signals it in the
// data, and which way a movement points.
type Indicator struct {
	Node   string
	Label  string
	Watch  string // what to look for in the data (dyads, CAMEO roots, thresholds)
	Signal string // what movement would signal for the partnership
}

// Correction is one dated claim of the case's source text that disagrees
// with the chronology.
type Correction struct {
	Claim   string
	Essay   string // the date as the source text gives it
	Correct string // the date per the chronology
	Source  string // where the correct date comes from
	Note    string
}

var registry = map[string]func() (*Case, error){}

// Register makes a case available by name. Case packages call it from init.
func Register(name string, load func() (*Case, error)) {
	if _, dup := registry[name]; dup {
		panic("cases: Register called twice for " + name)
	}
	registry[name] = load
}

// Names lists the registered cases, sorted.
func Names() []string {
	var n []string
	for k := range registry {
		n = append(n, k)
	}
	sort.Strings(n)
	return n
}

// Load returns the named case, freshly loaded (callers may modify it).
func Load(name string) (*Case, error) {
	load, ok := registry[name]
	if !ok {
		return nil, fmt.Errorf("unknown case %q (known: %s)", name, strings.Join(Names(), ", "))
	}
	return load()
}
