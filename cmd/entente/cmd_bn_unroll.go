package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"entente/bn/dbn"
	"entente/bn/jtree"
)

func init() { bnSubcommands = append(bnSubcommands, newBnUnrollCmd) }

// bnUnrollOptions receives the flags of `entente bn unroll`.
type bnUnrollOptions struct {
	Model      string
	Years      int
	Start      int
	DoAt       []string // YEAR:X=s
	PriorAt    []string // YEAR:X=p1:p2:…
	Target     string
	Good       []string
	Plot       string
	Format     string
	MaxEntries int64
}

func newBnUnrollCmd() *cobra.Command {
	var opts bnUnrollOptions
	c := &cobra.Command{
		Use:   "unroll MODEL --years N --target Y",
		Short: "Run a two-time-slice model year by year: a survival curve",
		Long: `Unroll a 2-time-slice model (nodes with a "previous" link stand for a node's
value the year before) over --years yearly slices from --start, by exact
forward filtering (package bn/dbn), and print P(target in --good states) by
year.

Shocks start in a year and last to the end:
  --do-at 2027:X=s        do(X=s) from 2027 on (intervention: X's causes are cut)
  --prior-at 2027:X=p1:p2 from 2027 on X's CPT is replaced by these numbers
                          (for a root node: its prior, one number per state)
With shocks, the unshocked baseline is printed (and drawn) beside them.

--good defaults to the target's good states as the model declares them
(a YAML node's "good:" list), else to its first state.

Output formats (stable):
  table  year, P(good) [, baseline]
  csv    year,p_good[,p_good_baseline]
  json   {"target", "good", "years": [..], "p_good": [..],
          "p_good_baseline": [..] (with shocks), "shocks": [{"year", "do", "prior"}],
          "marginals": [{VAR: {STATE: p}} per year]}`,
		Example: `  entente bn unroll durability.yaml --years 10 --start 2025 --target Holds --good yes
  entente bn unroll durability.yaml --years 10 --do-at 2027:Sanctions=severe --target Holds --plot curve.png`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Model = args[0]
			return runBnUnroll(cmd.Context(), opts, cmd.OutOrStdout())
		},
	}
	f := c.Flags()
	f.IntVar(&opts.Years, "years", 10, "number of yearly slices")
	f.IntVar(&opts.Start, "start", 2025, "calendar year of the first slice")
	f.StringArrayVar(&opts.DoAt, "do-at", nil, "shock YEAR:X=s, do(X=s) from YEAR on (repeatable)")
	f.StringArrayVar(&opts.PriorAt, "prior-at", nil, "shock YEAR:X=p1:p2:…, X's CPT from YEAR on (repeatable)")
	f.StringVar(&opts.Target, "target", "", "target variable")
	f.StringSliceVar(&opts.Good, "good", nil, "target states counted as survival (default: the model's good states for the target, else its first state)")
	f.StringVar(&opts.Plot, "plot", "", "write the survival curve here (.png or .svg)")
	f.StringVar(&opts.Format, "format", "table", "output format: table, csv or json")
	f.Int64Var(&opts.MaxEntries, "max-entries", jtree.DefaultOptions().MaxEntries, "refuse junction trees with more table entries than this")
	return c
}

type bnShockJSON struct {
	Year  int                  `json:"year"`
	Do    map[string]string    `json:"do,omitempty"`
	Prior map[string][]float64 `json:"prior,omitempty"`
}

type bnUnrollJSON struct {
	Target    string                          `json:"target"`
	Good      []string                        `json:"good"`
	Years     []int                           `json:"years"`
	PGood     []float64                       `json:"p_good"`
	Baseline  []float64                       `json:"p_good_baseline,omitempty"`
	Shocks    []bnShockJSON                   `json:"shocks"`
	Marginals []map[string]map[string]float64 `json:"marginals"`
}

// parseYearShock splits "YEAR:REST".
func parseYearShock(flag, s string, start, years int) (int, string, error) {
	ys, rest, ok := strings.Cut(s, ":")
	y, err := strconv.Atoi(ys)
	if !ok || err != nil {
		return 0, "", usagef("%s: %q is not YEAR:…", flag, s)
	}
	if y < start || y >= start+years {
		return 0, "", usagef("%s: year %d is outside the run %d–%d", flag, y, start, start+years-1)
	}
	return y - start, rest, nil
}

func runBnUnroll(_ context.Context, opts bnUnrollOptions, stdout io.Writer) error {
	if opts.Format != "table" && opts.Format != "csv" && opts.Format != "json" {
		return usagef("--format: unknown format %q; valid: table, csv, json", opts.Format)
	}
	if opts.Years < 1 || opts.Years > 1000 {
		return usagef("--years: %d is not between 1 and 1000", opts.Years)
	}
	if opts.Target == "" {
		return usagef("--target is required (the variable whose survival is tracked)")
	}
	if opts.Plot != "" {
		if err := checkPlotPath(opts.Plot); err != nil {
			return err
		}
	}
	bm, err := loadBNModel(opts.Model)
	if err != nil {
		return err
	}
	if bm.Net == nil {
		return usagef("unroll needs a Bayesian network with previous-slice nodes; %s is a Markov network", opts.Model)
	}
	m := bm.M
	d, err := dbn.New(bm.Net, jtree.Options{MaxEntries: opts.MaxEntries})
	if err != nil {
		return usagef("%v", err)
	}
	tv, err := bnVar(m, "--target", opts.Target)
	if err != nil {
		return err
	}
	good := opts.Good
	if len(good) == 0 {
		good = bm.Net.Var(m.Names[tv]).Good
	}
	if len(good) == 0 {
		good = []string{m.States[tv][0]}
	}
	for _, g := range good {
		if _, err := bnState(m, "--good", tv, g); err != nil {
			return err
		}
	}
	out := bnUnrollJSON{Target: opts.Target, Good: good}
	var shocks []dbn.Shock
	for _, s := range opts.DoAt {
		k, rest, err := parseYearShock("--do-at", s, opts.Start, opts.Years)
		if err != nil {
			return err
		}
		as, err := parseAssignments(m, "--do-at", []string{rest})
		if err != nil {
			return err
		}
		sh := dbn.Shock{From: k, Do: map[string]string{}}
		for v, x := range as {
			sh.Do[m.Names[v]] = m.States[v][x]
		}
		shocks = append(shocks, sh)
		out.Shocks = append(out.Shocks, bnShockJSON{Year: opts.Start + k, Do: sh.Do})
	}
	for _, s := range opts.PriorAt {
		k, rest, err := parseYearShock("--prior-at", s, opts.Start, opts.Years)
		if err != nil {
			return err
		}
		name, vals, ok := strings.Cut(rest, "=")
		if !ok {
			return usagef("--prior-at: %q is not YEAR:X=p1:p2:…", s)
		}
		v, err := bnVar(m, "--prior-at", name)
		if err != nil {
			return err
		}
		var ps []float64
		for _, p := range strings.Split(vals, ":") {
			x, err := strconv.ParseFloat(p, 64)
			if err != nil || x < 0 || x > 1 {
				return usagef("--prior-at: %q is not a probability", p)
			}
			ps = append(ps, x)
		}
		sh := dbn.Shock{From: k, Prior: map[string][]float64{m.Names[v]: ps}}
		shocks = append(shocks, sh)
		out.Shocks = append(out.Shocks, bnShockJSON{Year: opts.Start + k, Prior: sh.Prior})
	}
	steps, err := d.Unroll(opts.Years, shocks)
	if err != nil {
		return usagef("%v", err)
	}
	if out.PGood, err = dbn.Survival(steps, opts.Target, good, m.States[tv]); err != nil {
		return err
	}
	if len(shocks) > 0 {
		base, err := d.Unroll(opts.Years, nil)
		if err != nil {
			return err
		}
		if out.Baseline, err = dbn.Survival(base, opts.Target, good, m.States[tv]); err != nil {
			return err
		}
	}
	for i, st := range steps {
		out.Years = append(out.Years, opts.Start+i)
		mm := map[string]map[string]float64{}
		for name, marg := range st.Marginals {
			v, _ := m.Var(name)
			sm := map[string]float64{}
			for x, p := range marg {
				sm[m.States[v][x]] = p
			}
			mm[name] = sm
		}
		out.Marginals = append(out.Marginals, mm)
	}
	event := fmt.Sprintf("P(%s in {%s})", opts.Target, strings.Join(good, ", "))
	if opts.Plot != "" {
		xs := make([]float64, len(out.Years))
		for i, y := range out.Years {
			xs[i] = float64(y)
		}
		label := "model"
		if len(shocks) > 0 {
			label = "with shocks"
		}
		curves := []curve{{Label: label, X: xs, Y: out.PGood}}
		if out.Baseline != nil {
			curves = append(curves, curve{Label: "baseline", X: xs, Y: out.Baseline})
		}
		title := fmt.Sprintf("Survival: %s by year", event)
		if err := saveCurves(opts.Plot, title, "probability", curves); err != nil {
			return err
		}
	}
	switch opts.Format {
	case "json":
		return writeJSON(stdout, out)
	case "csv":
		var b strings.Builder
		b.WriteString("year,p_good")
		if out.Baseline != nil {
			b.WriteString(",p_good_baseline")
		}
		b.WriteString("\n")
		for i, y := range out.Years {
			fmt.Fprintf(&b, "%d,%s", y, fmtProb(out.PGood[i]))
			if out.Baseline != nil {
				fmt.Fprintf(&b, ",%s", fmtProb(out.Baseline[i]))
			}
			b.WriteString("\n")
		}
		_, err := io.WriteString(stdout, b.String())
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintf(tw, "%s by year (interface: %s)\n", event, strings.Join(d.Interface(), ", "))
	if out.Baseline != nil {
		fmt.Fprintln(tw, "YEAR\tWITH SHOCKS\tBASELINE")
	} else {
		fmt.Fprintln(tw, "YEAR\tP")
	}
	for i, y := range out.Years {
		if out.Baseline != nil {
			fmt.Fprintf(tw, "%d\t%s\t%s\n", y, fmtProb(out.PGood[i]), fmtProb(out.Baseline[i]))
		} else {
			fmt.Fprintf(tw, "%d\t%s\n", y, fmtProb(out.PGood[i]))
		}
	}
	return tw.Flush()
}
