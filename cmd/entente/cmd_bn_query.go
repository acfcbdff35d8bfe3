package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"entente/bn/jtree"
	"entente/bn/uai"
)

func init() { bnSubcommands = append(bnSubcommands, newBnQueryCmd) }

// bnQueryOptions receives the flags of `entente bn query`.
type bnQueryOptions struct {
	Model      string
	Evidence   []string // X=s
	Soft       []string // X=l1:l2:…
	Do         []string // X=s
	Evid       string   // UAI .evid file
	Targets    []string
	Joint      bool
	MPE        bool
	Format     string // table, csv, json, mar
	MaxEntries int64
	Relevant   bool // compile the requisite part only; no P(evidence)
}

func newBnQueryCmd() *cobra.Command {
	var opts bnQueryOptions
	c := &cobra.Command{
		Use:   "query MODEL",
		Short: "Posterior marginals, joint, P(evidence) or most probable explanation",
		Long: `Exact posterior probabilities given evidence and interventions.

--evidence X=s observes X in state s (conditioning: belief in X's causes
changes too). --do X=s sets X by intervention (Pearl's do-operator: X's
incoming arcs are cut, so only X's effects change). --soft X=l1:l2:… enters
likelihood (virtual) evidence, one non-negative number per state of X in
state order. --evid FILE applies a UAI evidence file (variable indices).

Without --target every variable's marginal is printed; with --target only
those variables' (cheaper: only their ancestors and the evidence's are
compiled). --joint prints the joint distribution of the targets instead.
--mpe prints the most probable configuration of all variables given the
evidence.

--relevant (with --target) goes further: evidence d-separated from the
targets by the other evidence, and the model parts only it needs, are
dropped before compiling (Shachter's Bayes-ball), so a question about a
corner of a large network costs what the corner costs. The marginals are
the same; P(evidence) is not computed (it needs every observation), the
table's first line says so and lists the observations left out, and JSON
gives null for log_p_evidence and p_evidence and the list as
"ignored_evidence".

Output formats (stable):
  table  human-readable; first line P(evidence)
  csv    marginals: variable,state,probability
         --joint:   one column per target (its state), then probability
         --mpe:     variable,state, then a final row "log_probability,<ln P(x,e)>"
  json   {"model", "evidence", "do", "soft", "log_p_evidence", "p_evidence",
          "marginals": {VAR: {STATE: p}},                     (default)
          "joint": {"variables": [...], "rows": [{"states": [...], "p": x}]},
          "mpe": {"assignment": {VAR: STATE}, "log_probability": ln P(x,e)},
          "ignored_evidence": [VAR, ...]}                     (--relevant)
  mar    all marginals in the UAI competition MAR format (variable order of
         the model; observed variables as 0/1 indicators)`,
		Example: `  entente bn query asia.bif --evidence dysp=yes --target lung,bronc
  entente bn query asia.bif --do smoke=no --target dysp --format json
  entente bn query asia.bif --soft xray=0.8:0.2 --mpe
  entente bn query munin.bif.gz --target L_MED_ALLCV_EW --evidence R_LNLW_MED_SEV=NO --relevant
  entente bn query Promedus_11.uai.gz --evid Promedus_11.uai.evid --format mar`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Model = args[0]
			return runBnQuery(cmd.Context(), opts, cmd.OutOrStdout())
		},
	}
	f := c.Flags()
	f.StringSliceVar(&opts.Evidence, "evidence", nil, "hard evidence X=s (comma-separated or repeated)")
	f.StringSliceVar(&opts.Soft, "soft", nil, "likelihood evidence X=l1:l2:… (one value per state)")
	f.StringSliceVar(&opts.Do, "do", nil, "intervention do(X=s)")
	f.StringVar(&opts.Evid, "evid", "", "UAI evidence file (.evid) to apply")
	f.StringSliceVar(&opts.Targets, "target", nil, "variables to report (default all)")
	f.BoolVar(&opts.Joint, "joint", false, "print the joint distribution of the --target variables")
	f.BoolVar(&opts.MPE, "mpe", false, "print the most probable explanation")
	f.StringVar(&opts.Format, "format", "table", "output format: table, csv, json or mar")
	f.BoolVar(&opts.Relevant, "relevant", false, "with --target: compile only what the targets depend on given the evidence (no P(evidence))")
	f.Int64Var(&opts.MaxEntries, "max-entries", jtree.DefaultOptions().MaxEntries, "refuse junction trees with more table entries than this (8 bytes each)")
	return c
}

// bnQueryJSON is the JSON shape of `entente bn query`.
type bnQueryJSON struct {
	Model        string                        `json:"model"`
	Evidence     map[string]string             `json:"evidence"`
	Do           map[string]string             `json:"do"`
	Soft         map[string][]float64          `json:"soft"`
	LogPEvidence float64                       `json:"log_p_evidence"`
	PEvidence    float64                       `json:"p_evidence"`
	Marginals    map[string]map[string]float64 `json:"marginals,omitempty"`
	Joint        *bnJointJSON                  `json:"joint,omitempty"`
	MPE          *bnMPEJSON                    `json:"mpe,omitempty"`
	// IgnoredEvidence: with --relevant, the observed variables found
	// irrelevant to the targets.
	IgnoredEvidence []string `json:"ignored_evidence,omitempty"`
	// noPE: P(evidence) was not computed (--relevant); the JSON gives null.
	noPE bool
}

// MarshalJSON writes null for P(evidence) when it was not computed (NaN has
// no JSON form).
func (q bnQueryJSON) MarshalJSON() ([]byte, error) {
	type plain bnQueryJSON
	if !q.noPE {
		return json.Marshal(plain(q))
	}
	return json.Marshal(struct {
		plain
		LogPEvidence *float64 `json:"log_p_evidence"`
		PEvidence    *float64 `json:"p_evidence"`
	}{plain: plain(q)})
}

// evidenceLine is the table output's first line.
func (q bnQueryJSON) evidenceLine() string {
	if !q.noPE {
		return fmt.Sprintf("P(evidence) = %s  (ln %.6f)", fmtProb(q.PEvidence), q.LogPEvidence)
	}
	line := "P(evidence) not computed (--relevant)"
	if len(q.IgnoredEvidence) > 0 {
		line += "; evidence irrelevant to the targets, left out: " + strings.Join(q.IgnoredEvidence, ", ")
	}
	return line
}

type bnJointJSON struct {
	Variables []string     `json:"variables"`
	Rows      []bnJointRow `json:"rows"`
}

type bnJointRow struct {
	States []string `json:"states"`
	P      float64  `json:"p"`
}

type bnMPEJSON struct {
	Assignment     map[string]string `json:"assignment"`
	LogProbability float64           `json:"log_probability"`
}

func runBnQuery(_ context.Context, opts bnQueryOptions, stdout io.Writer) error {
	switch opts.Format {
	case "table", "csv", "json", "mar":
	default:
		return usagef("--format: unknown format %q; valid: table, csv, json, mar", opts.Format)
	}
	if opts.Joint && opts.MPE {
		return usagef("--joint and --mpe answer different questions; give one")
	}
	if opts.Format == "mar" && (opts.Joint || opts.MPE || len(opts.Targets) > 0) {
		return usagef("--format mar prints all marginals; drop --joint, --mpe and --target")
	}
	if opts.Relevant && (opts.MPE || len(opts.Targets) == 0) {
		return usagef("--relevant prunes the model to what --target variables depend on; give --target, and not with --mpe (a most probable explanation involves every variable)")
	}
	bm, err := loadBNModel(opts.Model)
	if err != nil {
		return err
	}
	m := bm.M
	hard, err := parseAssignments(m, "--evidence", opts.Evidence)
	if err != nil {
		return err
	}
	if opts.Evid != "" {
		f, err := os.Open(opts.Evid)
		if err != nil {
			return usagef("--evid: %v", err)
		}
		ev, err := uai.ReadEvid(f)
		f.Close()
		if err != nil {
			return usagef("--evid %s: %v", opts.Evid, err)
		}
		for v, s := range ev {
			if v < 0 || v >= m.NumVars() || s < 0 || s >= m.Card(v) {
				return usagef("--evid %s: variable %d state %d is not in the model (%d variables)", opts.Evid, v, s, m.NumVars())
			}
			hard[v] = s
		}
	}
	soft, err := parseSoft(m, opts.Soft)
	if err != nil {
		return err
	}
	do, err := parseAssignments(m, "--do", opts.Do)
	if err != nil {
		return err
	}
	for v := range do {
		if _, ok := hard[v]; ok {
			return usagef("--do and --evidence both name %s; a variable is either set or observed", m.Names[v])
		}
	}
	targets, err := parseNames(m, "--target", opts.Targets)
	if err != nil {
		return err
	}
	if opts.Joint && len(targets) < 1 {
		return usagef("--joint needs --target with the variables of the joint")
	}
	qm := m
	if len(do) > 0 {
		if qm, err = m.Intervene(do); err != nil {
			return usagef("--do: %v", err)
		}
	}
	e, err := jtree.NewEngine(qm, jtree.Options{MaxEntries: opts.MaxEntries})
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	ev := jtree.Evidence{Hard: hard, Soft: soft}
	out := bnQueryJSON{Model: opts.Model, Evidence: map[string]string{}, Do: map[string]string{}, Soft: map[string][]float64{}}
	for v, s := range hard {
		out.Evidence[m.Names[v]] = m.States[v][s]
	}
	for v, s := range do {
		out.Do[m.Names[v]] = m.States[v][s]
	}
	for v, l := range soft {
		out.Soft[m.Names[v]] = l
	}
	switch {
	case opts.MPE:
		x, lp, err := e.MPE(ev)
		if err != nil {
			return inferenceError(err)
		}
		out.MPE = &bnMPEJSON{Assignment: map[string]string{}, LogProbability: lp}
		for v, s := range x {
			out.MPE.Assignment[m.Names[v]] = m.States[v][s]
		}
		// P(evidence), so that P(x | evidence) can be printed too.
		if evv := ev.Vars(); len(evv) > 0 {
			p, err := e.Marginals(ev, evv)
			if err != nil {
				return inferenceError(err)
			}
			out.LogPEvidence = p.LogPE
		}
		out.PEvidence = math.Exp(out.LogPEvidence)
		return writeMPE(stdout, opts.Format, m, x, out)
	case opts.Joint:
		var j []float64
		if opts.Relevant {
			var ignored []int
			if j, ignored, err = e.ConditionalJoint(ev, targets); err != nil {
				return inferenceError(err)
			}
			out.noPE, out.IgnoredEvidence = true, names(m, ignored)
		} else {
			var lpe float64
			if j, lpe, err = e.Joint(ev, targets); err != nil {
				return inferenceError(err)
			}
			out.LogPEvidence, out.PEvidence = lpe, math.Exp(lpe)
		}
		out.Joint = &bnJointJSON{Variables: names(m, targets)}
		cfg := make([]int, len(targets))
		for i := range j {
			row := bnJointRow{P: j[i]}
			for k, v := range targets {
				row.States = append(row.States, m.States[v][cfg[k]])
			}
			out.Joint.Rows = append(out.Joint.Rows, row)
			for k := len(cfg) - 1; k >= 0; k-- {
				if cfg[k]++; cfg[k] < m.Card(targets[k]) {
					break
				}
				cfg[k] = 0
			}
		}
		return writeJoint(stdout, opts.Format, out)
	}
	var tg []int
	if len(targets) > 0 {
		tg = targets
	}
	var p *jtree.Posterior
	if opts.Relevant {
		p, err = e.Conditional(ev, tg)
		if err == nil {
			out.noPE, out.IgnoredEvidence = true, names(m, p.Ignored)
		}
	} else {
		p, err = e.Marginals(ev, tg)
		if err == nil {
			out.LogPEvidence, out.PEvidence = p.LogPE, math.Exp(p.LogPE)
		}
	}
	if err != nil {
		return inferenceError(err)
	}
	if opts.Format == "mar" {
		return uai.WriteMAR(stdout, p.Marginals)
	}
	order := tg
	if order == nil {
		for v := 0; v < m.NumVars(); v++ {
			order = append(order, v)
		}
	}
	out.Marginals = map[string]map[string]float64{}
	for _, v := range order {
		mv := map[string]float64{}
		for s, x := range p.Marginals[v] {
			mv[m.States[v][s]] = x
		}
		out.Marginals[m.Names[v]] = mv
	}
	switch opts.Format {
	case "json":
		return writeJSON(stdout, out)
	case "csv":
		var b strings.Builder
		b.WriteString("variable,state,probability\n")
		for _, v := range order {
			for s, x := range p.Marginals[v] {
				fmt.Fprintf(&b, "%s,%s,%s\n", csvField(m.Names[v]), csvField(m.States[v][s]), fmtProb(x))
			}
		}
		_, err := io.WriteString(stdout, b.String())
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, out.evidenceLine())
	fmt.Fprintln(tw, "VARIABLE\tSTATE\tPROBABILITY")
	for _, v := range order {
		for s, x := range p.Marginals[v] {
			name := m.Names[v]
			if s > 0 {
				name = ""
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\n", name, m.States[v][s], fmtProb(x))
		}
	}
	return tw.Flush()
}

func writeJoint(w io.Writer, format string, out bnQueryJSON) error {
	switch format {
	case "json":
		return writeJSON(w, out)
	case "csv":
		var b strings.Builder
		for _, n := range out.Joint.Variables {
			b.WriteString(csvField(n) + ",")
		}
		b.WriteString("probability\n")
		for _, r := range out.Joint.Rows {
			for _, s := range r.States {
				b.WriteString(csvField(s) + ",")
			}
			b.WriteString(fmtProb(r.P) + "\n")
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, out.evidenceLine())
	fmt.Fprintln(tw, strings.ToUpper(strings.Join(out.Joint.Variables, "\t"))+"\tPROBABILITY")
	for _, r := range out.Joint.Rows {
		fmt.Fprintln(tw, strings.Join(r.States, "\t")+"\t"+fmtProb(r.P))
	}
	return tw.Flush()
}

func writeMPE(w io.Writer, format string, m *jtree.Model, x []int, out bnQueryJSON) error {
	switch format {
	case "json":
		return writeJSON(w, out)
	case "csv":
		var b strings.Builder
		b.WriteString("variable,state\n")
		for v, s := range x {
			fmt.Fprintf(&b, "%s,%s\n", csvField(m.Names[v]), csvField(m.States[v][s]))
		}
		fmt.Fprintf(&b, "log_probability,%s\n", strconv.FormatFloat(out.MPE.LogProbability, 'g', 12, 64))
		_, err := io.WriteString(w, b.String())
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 2, 2, ' ', 0)
	fmt.Fprintf(tw, "most probable explanation: P(x, evidence) = %s (ln %.6f); P(x | evidence) = %s\n",
		fmtProb(math.Exp(out.MPE.LogProbability)), out.MPE.LogProbability, fmtProb(math.Exp(out.MPE.LogProbability-out.LogPEvidence)))
	fmt.Fprintln(tw, "VARIABLE\tSTATE")
	for v, s := range x {
		fmt.Fprintf(tw, "%s\t%s\n", m.Names[v], m.States[v][s])
	}
	return tw.Flush()
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// names returns the model names of variables vs.
func names(m *jtree.Model, vs []int) []string {
	var out []string
	for _, v := range vs {
		out = append(out, m.Names[v])
	}
	return out
}

// fmtProb prints a probability with 6 significant digits.
func fmtProb(p float64) string { return strconv.FormatFloat(p, 'g', 6, 64) }

// csvField quotes a CSV field when needed.
func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}
