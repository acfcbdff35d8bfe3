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

Output formats (stable):
  table  human-readable; first line P(evidence)
  csv    marginals: variable,state,probability
         --joint:   one column per target (its state), then probability
         --mpe:     variable,state, then a final row "log_probability,<ln P(x,e)>"
  json   {"model", "evidence", "do", "soft", "log_p_evidence", "p_evidence",
          "marginals": {VAR: {STATE: p}},                     (default)
          "joint": {"variables": [...], "rows": [{"states": [...], "p": x}]},
          "mpe": {"assignment": {VAR: STATE}, "log_probability": ln P(x,e)}}
  mar    all marginals in the UAI competition MAR format (variable order of
         the model; observed variables as 0/1 indicators)`,
		Example: `  entente bn query asia.bif --evidence dysp=yes --target lung,bronc
  entente bn query asia.bif --do smoke=no --target dysp --format json
  entente bn query asia.bif --soft xray=0.8:0.2 --mpe
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
		j, lpe, err := e.Joint(ev, targets)
		if err != nil {
			return inferenceError(err)
		}
		out.LogPEvidence, out.PEvidence = lpe, math.Exp(lpe)
		out.Joint = &bnJointJSON{}
		for _, v := range targets {
			out.Joint.Variables = append(out.Joint.Variables, m.Names[v])
		}
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
	p, err := e.Marginals(ev, tg)
	if err != nil {
		return inferenceError(err)
	}
	out.LogPEvidence, out.PEvidence = p.LogPE, math.Exp(p.LogPE)
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
	fmt.Fprintf(tw, "P(evidence) = %s  (ln %.6f)\n", fmtProb(out.PEvidence), out.LogPEvidence)
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
	fmt.Fprintf(tw, "P(evidence) = %s  (ln %.6f)\n", fmtProb(out.PEvidence), out.LogPEvidence)
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

// fmtProb prints a probability with 6 significant digits.
func fmtProb(p float64) string { return strconv.FormatFloat(p, 'g', 6, 64) }

// csvField quotes a CSV field when needed.
func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}
