package sinorussian

import (
	"bytes"
	"fmt"

	"entente/bn"
	"entente/bn/yamlmodel"
	"entente/cases"
	"entente/events"
)

// Name is the case's id on the command line.
const Name = "sino-russian"

func init() { cases.Register(Name, Case) }

// Case assembles the built-in case from the embedded files.
func Case() (*cases.Case, error) {
	model, err := parseEmbedded(ModelFile)
	if err != nil {
		return nil, err
	}
	dur, err := parseEmbedded(DurabilityFile)
	if err != nil {
		return nil, err
	}
	return &cases.Case{
		Name:        Name,
		Title:       "Can Sino-Russian cooperation last?",
		Dyad:        [2]string{"RUS", "CHN"},
		Triangle:    [3]string{"USA", "RUS", "CHN"},
		Model:       model,
		Durability:  dur,
		Outcome:     "Partnership",
		Good:        []string{"formal_alliance", "strategic_partnership"},
		StartYear:   2025,
		Horizon:     2035,
		Scenarios:   Scenarios(),
		Indicators:  Indicators(),
		Chronology:  ChronologyEvents,
		Corrections: corrections,
		Files:       allFiles,
	}, nil
}

// parseEmbedded parses and validates one of the embedded model files.
func parseEmbedded(name string) (*bn.Network, error) {
	net, err := yamlmodel.Read(bytes.NewReader(mustFile(name)))
	if err != nil {
		return nil, fmt.Errorf("sinorussian: embedded %s: %w", name, err)
	}
	if err := net.Validate(); err != nil {
		return nil, fmt.Errorf("sinorussian: embedded %s: %w", name, err)
	}
	return net, nil
}

// Scenarios are the essay's shocks as interventions. The years are when each
// shock is assumed to start in the durability model; the static model applies
// them as of the horizon.
func Scenarios() []cases.Scenario {
	return []cases.Scenario{
		{Name: "baseline", Label: "Baseline: shocks follow their priors and yearly hazards",
			Why: "No shock is forced; each evolves as the model's priors and transition tables say."},
		{Name: "russia-loses", Label: "Russia loses in Ukraine, regime at risk (from 2026)",
			Why: "Essay: \"If Putin is at risk of losing the Ukraine War and his regime looks set to collapse ... both nations will lean more on the other\"; Leeds & Savun 2007: regime change raises abrogation.",
			Do:  []cases.Intervention{{Node: "UkraineWar", State: "russia_loses_regime_at_risk", From: 2026}}},
		{Name: "russia-prevails", Label: "Russia prevails in Ukraine (from 2026)",
			Why: "A Russia that wins needs Chinese support less.",
			Do:  []cases.Intervention{{Node: "UkraineWar", State: "russia_prevails", From: 2026}}},
		{Name: "taiwan-crisis", Label: "Taiwan crisis short of war (from 2027)",
			Why: "A crisis raises China's need for a secure northern border and a supplier outside Western reach.",
			Do:  []cases.Intervention{{Node: "Taiwan", State: "crisis", From: 2027}}},
		{Name: "taiwan-war", Label: "Sino-American war over Taiwan (from 2027)",
			Why: "Essay: \"a Sino-American war over Taiwan might precipitate\" a formal military alliance.",
			Do:  []cases.Intervention{{Node: "Taiwan", State: "war_with_us", From: 2027}}},
		{Name: "us-russia-thaw", Label: "US-Russia grand bargain (from 2026)",
			Why: "Essay: a US administration could \"scale back American support for Kyiv and offer Putin better relations\", which \"would reduce Russia's support for China\".",
			Do:  []cases.Intervention{{Node: "USRussiaThaw", State: "grand_bargain", From: 2026}}},
		{Name: "western-pressure", Label: "High Western pressure on China (from 2026)",
			Why: "Essay: the G7 \"exploring what they have learned from sanctioning Russia that could be applied to China\".",
			Do:  []cases.Intervention{{Node: "WesternPressureOnChina", State: "high", From: 2026}}},
		{Name: "sanctions-tightened", Label: "Sanctions on Russia tightened (from 2026)",
			Why: "Tighter sanctions push Russia's trade further toward China.",
			Do:  []cases.Intervention{{Node: "SanctionsOnRussia", State: "tightened", From: 2026}}},
		{Name: "sanctions-eased", Label: "Sanctions on Russia eased (from 2026)",
			Why: "Eased sanctions reopen Western markets and lessen Russian dependence.",
			Do:  []cases.Intervention{{Node: "SanctionsOnRussia", State: "eased", From: 2026}}},
	}
}

// Indicators are the essay's weaknesses and the model's evidence nodes, with
// what to watch in the data.
func Indicators() []cases.Indicator {
	return []cases.Indicator{
		{Node: "ObservedCloseness", Label: "Russia-China closeness (relationship index)",
			Watch:  "entente dyad RUS CHN --by month --index: the index leaving its top tercile for two quarters or more; entente changes RUS CHN for a dated break",
			Signal: "A fall toward mixed or cold years lowers P(holds); the model takes it as soft evidence."},
		{Node: "HistoricalGrievance", Label: "Historical grievance (unequal treaties, 1969)",
			Watch:  "RUS-CHN verbal conflict (quad 3: CAMEO roots 10-14) about history or borders; official revisionist maps or statements on Aigun/Peking",
			Signal: "Salient grievance raises strain; a rise in quad-3 share from near zero is the early sign."},
		{Node: "PowerAsymmetry", Label: "Power asymmetry and junior-partner resentment",
			Watch:  "Russian complaints about trade terms or pipeline pricing (CAMEO 11x disapprove, 12x reject on RUS->CHN); the trade balance; yuan share of Russian trade",
			Signal: "Resentment voiced by Russian officials raises strain and the hazard of leaving the partnership."},
		{Node: "FarEastFriction", Label: "The Russian Far East (migration, land; 2017 poll: a third see expansion, half a threat)",
			Watch:  "FarEastIncidents: RUS-CHN conflict events (quad 3-4) with action geography in the Russian Far East; local protests (CAMEO 14) over Chinese land leases",
			Signal: "Many incidents are soft evidence of high friction."},
		{Node: "AbandonmentFear", Label: "Chinese fear of Russian abandonment",
			Watch:  "USA-RUS cooperation (entente triangle USA RUS CHN: a move from stable marriage toward a romantic triangle with Russia as pivot); USA-RUS meetings (CAMEO 04x) and agreements (057)",
			Signal: "A warming USA-RUS dyad raises Chinese fear of abandonment and lowers P(holds)."},
		{Node: "ThirdWeakness", Label: "The essay's third weakness (Part II, not available)",
			Watch:  "Edit the model's ThirdWeakness node when Part II is known",
			Signal: "A placeholder with a uniform prior and a modest effect on strain."},
	}
}

func corrections() []cases.Correction {
	var out []cases.Correction
	for _, c := range DateCorrections() {
		correct := ""
		if !c.CorrectDate.IsZero() {
			correct = c.CorrectDate.Format("2006-01-02")
		}
		out = append(out, cases.Correction{Claim: c.Text, Essay: c.EssayDate, Correct: correct, Source: c.Source, Note: c.Note})
	}
	return out
}

func allFiles() map[string][]byte {
	m := map[string][]byte{}
	for _, n := range FileNames {
		m[n] = mustFile(n)
	}
	return m
}

// compile-time check that ChronologyEvents has the shape cases.Case wants.
var _ func() ([]events.Event, error) = ChronologyEvents
