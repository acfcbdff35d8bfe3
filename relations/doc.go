// Package relations measures how dyads and triangles of states move between
// cooperation and conflict: dyad series read from the store's dyad-day cube,
// a smoothed relationship index, Dittmer's strategic triangle and
// changepoints. Every computation is a function over store.CubeCell values
// and the resulting series, so the CLI, the report and the web API share
// them.
//
// # Actors and groups
//
// A side of a dyad is a CAMEO country code (RUS, CHN, USA; CAMEO spells
// Romania ROM and Montenegro MTN) or a group: NATO, EU, G7, BRICS, SCO. A
// group is a dated membership table (groups.go, with its sources): a member
// counts only from its joining date and until its leaving date, so NATO–RUS
// in 2022 does not include Finland and EU–CHN in 2021 does not include the
// United Kingdom. A group side expands to directed country pairs, each valid
// while both countries are members (store.Pair windows), with two rules:
//
//   - no country pairs with itself: "NATO vs USA" is the United States with
//     its NATO allies, "NATO vs NATO" the alliance's internal relations;
//   - a directed pair is counted once even if both countries sit on both
//     sides (EU vs NATO), over the union of its windows.
//
// # Dyad series
//
// Dyad sums cube cells per period (day, ISO week, month, quarter, year).
// Undirected series add A→B and B→A; directed series keep them apart.
// Periods without events are kept with zero counts: a gap is information.
// Columns: events, the four GDELT quad classes q1..q4 (verbal cooperation,
// material cooperation, verbal conflict, material conflict), the Goldstein
// sum and mean (Goldstein, "A Conflict-Cooperation Scale for WEIS Events
// Data", Journal of Conflict Resolution 36(2), 1992), coop_share =
// (q1+q2)/events, the mean AvgTone and the mentions. WeightMentions counts
// each event NumMentions times; DedupeDaily counts one event per (date,
// source, target, CAMEO code), as the Phoenix pipeline did. Tone is never
// weighted or de-duplicated (the cube keeps one tone sum per cell).
//
// # Relationship index
//
// A period's mean Goldstein is noisy when it rests on a few events: a month
// of 3 events must not read like a month of 3,000. The index is a normal
// (empirical-Bayes) shrinkage of the period mean m_t toward the line's
// long-run mean μ over the queried range, with a prior worth K pseudo-events
// (IndexOptions.K, default 10):
//
//	I_t  = (n_t·m_t + K·μ) / (n_t + K)
//	s²_t = (n_t·v_t + K·σ²) / (n_t + K)
//	band = I_t ± Z·s_t / √(n_t + K)        (Z = 1.96: 95%)
//
// n_t is the period's unweighted event count (distinct events with
// DedupeDaily), v_t its within-period variance of Goldstein and σ² the
// pooled within-period variance of the line. An empty period gets μ with the
// prior's band, Z·σ/√K.
//
// The cube holds Goldstein sums, not sums of squares, so v_t is approximated
// by the law of total variance over quad classes: the spread of the four
// per-class means around m_t plus, inside each class, the variance of the
// Goldstein weights of the CAMEO codes in that class (from package cameo,
// each code counted once). This ignores how events spread over codes inside
// a class, which a Goldstein² sum in the cube would capture; the store's
// cube contract could add one, and the formula would then use it.
//
// # Strategic triangle
//
// Triangle classifies each period of three actors after Dittmer, "The
// Strategic Triangle: An Elementary Game-Theoretical Analysis", World
// Politics 33(4), 1981, pp. 485–515. Each undirected dyad's index gives a
// sign: amity above +Band, enmity below −Band, neutral between (default band
// ±0.5 Goldstein points), or thin with fewer than MinEvents events. Three
// amities are a ménage à trois; two amities and one enmity a romantic
// triangle whose pivot is the player opposite the hostile dyad (the others
// are its wings); one amity and two enmities a stable marriage whose outcast
// is the player opposite the couple; three enmities a unit veto. A neutral
// or thin dyad makes the period indeterminate.
//
// The confidence of a classification is the share of bootstrap replicates
// (seeded, default 1000) that give the same configuration with the same
// roles. Because the cube keeps aggregates, the bootstrap is parametric: it
// redraws the period's events across quad classes from a multinomial with
// the observed shares and each class's Goldstein sum from a normal with the
// class mean and the within-class code-weight variance (bootstrap.go).
//
// # Changepoints
//
// Changes finds structural breaks in the mean of a line's index with PELT
// (Killick, Fearnhead & Eckley, JASA 107(500), 2012), exact for the normal
// mean-change cost Σ(y−ȳ)²/σ², σ estimated robustly from first differences,
// penalty 2·ln n (BIC) by default. Each break reports the mean index of the
// segments before and after it.
package relations
