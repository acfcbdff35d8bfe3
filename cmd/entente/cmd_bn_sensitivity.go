package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"entente/bn/jtree"
	"entente/bn/sensitivity"
)

func init() { bnSubcommands = append(bnSubcommands, newBnSensitivityCmd) }

// bnSensitivityOptions receives the flags of `entente bn sensitivity`.
type bnSensitivityOptions struct {
	Model      string
	Target     string   // Y=s1[|s2…]
	Nodes      []string // nodes to sweep; default the root nodes
	Mode       string   // do or observe
	Evidence   []string
	Plot       string
	Format     string
	MaxEntries int64
}

func newBnSensitivityCmd() *cobra.Command {
	var opts bnSensitivityOptions
	c := &cobra.Command{
		Use:   "sensitivity MODEL --target Y=s",
		Short: "Tornado and value of information for a target state",
		Long: `Which nodes move P(target) most?

Tornado: each node of --nodes (default: the root nodes, for which setting
and observing agree) is set to each of its states in turn and P(Y ∈ states
| evidence) recorded; nodes are ranked by the range (high - low). --mode do
(default) sets a node by intervention, do(X=x), so only its effects move;
--mode observe conditions on X=x, so its causes move too.

Value of information: for every unobserved node, the mutual information
I(node; Y | evidence) in bits, which is the expected reduction of Y's
entropy from observing the node, and its share of H(Y | evidence); ranked.

--target Y=s names the target event; several good states are joined with
'|' (Y=high|medium).

Output formats (stable):
  table  two ranked tables
  csv    section,node,state_or_low,high_or_state,value… :
         tornado,NODE,LOW,HIGH,RANGE,LOW_STATE,HIGH_STATE
         voi,NODE,MI_BITS,SHARE
  json   {"target", "states", "mode", "evidence", "base",
          "tornado": [{"node", "low", "high", "range", "low_state",
                       "high_state", "by_state": {STATE: p}}],
          "entropy_bits", "voi": [{"node", "mi_bits", "share"}]}`,
		Example: `  entente bn sensitivity asia.bif --target dysp=yes
  entente bn sensitivity asia.bif --target lung=yes --nodes smoke,asia,bronc --mode observe --plot tornado.png`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Model = args[0]
			return runBnSensitivity(cmd.Context(), opts, cmd.OutOrStdout())
		},
	}
	f := c.Flags()
	f.StringVar(&opts.Target, "target", "", "target event Y=s (several states: Y=s1|s2)")
	f.StringSliceVar(&opts.Nodes, "nodes", nil, "nodes to sweep in the tornado (default: root nodes)")
	f.StringVar(&opts.Mode, "mode", "do", "how nodes are set: do or observe")
	f.StringSliceVar(&opts.Evidence, "evidence", nil, "hard evidence X=s held fixed throughout")
	f.StringVar(&opts.Plot, "plot", "", "write the tornado figure here (.png or .svg)")
	f.StringVar(&opts.Format, "format", "table", "output format: table, csv or json")
	f.Int64Var(&opts.MaxEntries, "max-entries", jtree.DefaultOptions().MaxEntries, "refuse junction trees with more table entries than this")
	return c
}

type bnTornadoJSON struct {
	Node      string             `json:"node"`
	Low       float64            `json:"low"`
	High      float64            `json:"high"`
	Range     float64            `json:"range"`
	LowState  string             `json:"low_state"`
	HighState string             `json:"high_state"`
	ByState   map[string]float64 `json:"by_state"`
}

type bnVOIJSON struct {
	Node  string  `json:"node"`
	MI    float64 `json:"mi_bits"`
	Share float64 `json:"share"`
}

type bnSensitivityJSON struct {
	Target   string            `json:"target"`
	States   []string          `json:"states"`
	Mode     string            `json:"mode"`
	Evidence map[string]string `json:"evidence"`
	Base     float64           `json:"base"`
	Tornado  []bnTornadoJSON   `json:"tornado"`
	Entropy  float64           `json:"entropy_bits"`
	VOI      []bnVOIJSON       `json:"voi"`
}

func runBnSensitivity(_ context.Context, opts bnSensitivityOptions, stdout io.Writer) error {
	if opts.Format != "table" && opts.Format != "csv" && opts.Format != "json" {
		return usagef("--format: unknown format %q; valid: table, csv, json", opts.Format)
	}
	var mode sensitivity.Mode
	switch opts.Mode {
	case "do":
		mode = sensitivity.Do
	case "observe":
		mode = sensitivity.Observe
	default:
		return usagef("--mode: unknown mode %q; valid: do, observe", opts.Mode)
	}
	if opts.Target == "" {
		return usagef("--target Y=s is required (the event whose probability is analysed)")
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
	m := bm.M
	if !m.IsBayesian() {
		return usagef("sensitivity needs a Bayesian network; %s is a Markov network", opts.Model)
	}
	name, states, ok := strings.Cut(opts.Target, "=")
	if !ok || states == "" {
		return usagef("--target: %q is not Y=s", opts.Target)
	}
	tv, err := bnVar(m, "--target", name)
	if err != nil {
		return err
	}
	target := sensitivity.Target{Var: tv}
	for _, s := range strings.Split(states, "|") {
		x, err := bnState(m, "--target", tv, s)
		if err != nil {
			return err
		}
		target.States = append(target.States, x)
	}
	hard, err := parseAssignments(m, "--evidence", opts.Evidence)
	if err != nil {
		return err
	}
	if _, ok := hard[tv]; ok {
		return usagef("--evidence observes the target %s; its probability would be fixed", name)
	}
	ev := jtree.Evidence{Hard: hard}
	var nodes []int
	if len(opts.Nodes) > 0 {
		if nodes, err = parseNames(m, "--nodes", opts.Nodes); err != nil {
			return err
		}
		for _, v := range nodes {
			if v == tv {
				return usagef("--nodes includes the target %s", name)
			}
			if _, ok := hard[v]; ok {
				return usagef("--nodes includes %s, which --evidence already fixes", m.Names[v])
			}
		}
	} else {
		nodes = sensitivity.DefaultNodes(m, tv, ev)
	}
	jopts := jtree.Options{MaxEntries: opts.MaxEntries}
	tor, err := sensitivity.TornadoOf(m, ev, target, nodes, mode, jopts)
	if err != nil {
		return inferenceError(err)
	}
	h, infos, err := sensitivity.VOI(m, ev, tv, nil, jopts)
	if err != nil {
		return inferenceError(err)
	}
	out := bnSensitivityJSON{Target: name, Mode: mode.String(), Evidence: map[string]string{}, Base: tor.Base, Entropy: h}
	for _, x := range target.States {
		out.States = append(out.States, m.States[tv][x])
	}
	for v, s := range hard {
		out.Evidence[m.Names[v]] = m.States[v][s]
	}
	for _, b := range tor.Bars {
		tj := bnTornadoJSON{Node: m.Names[b.Var], Low: b.Low, High: b.High, Range: b.Range(),
			LowState: m.States[b.Var][b.LowState], HighState: m.States[b.Var][b.HighState], ByState: map[string]float64{}}
		for x, p := range b.Probs {
			if !math.IsNaN(p) {
				tj.ByState[m.States[b.Var][x]] = p
			}
		}
		out.Tornado = append(out.Tornado, tj)
	}
	for _, in := range infos {
		out.VOI = append(out.VOI, bnVOIJSON{Node: m.Names[in.Var], MI: in.MI, Share: in.Share})
	}
	event := fmt.Sprintf("P(%s=%s)", name, strings.Join(out.States, "|"))
	if opts.Plot != "" {
		bars := make([]tornadoBar, len(out.Tornado))
		for i, b := range out.Tornado {
			bars[i] = tornadoBar{Label: b.Node, Low: b.Low, High: b.High}
		}
		title := fmt.Sprintf("Tornado: %s as each node is set (%s)", event, out.Mode)
		if err := saveTornado(opts.Plot, title, event, tor.Base, bars); err != nil {
			return err
		}
	}
	switch opts.Format {
	case "json":
		return writeJSON(stdout, out)
	case "csv":
		var b strings.Builder
		b.WriteString("section,node,a,b,c,d,e\n")
		for _, t := range out.Tornado {
			fmt.Fprintf(&b, "tornado,%s,%s,%s,%s,%s,%s\n", csvField(t.Node), fmtProb(t.Low), fmtProb(t.High), fmtProb(t.Range), csvField(t.LowState), csvField(t.HighState))
		}
		for _, v := range out.VOI {
			fmt.Fprintf(&b, "voi,%s,%s,%s,,,\n", csvField(v.Node), fmtProb(v.MI), fmtProb(v.Share))
		}
		_, err := io.WriteString(stdout, b.String())
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintf(tw, "%s = %s given the evidence; nodes set by %s\n\n", event, fmtProb(tor.Base), out.Mode)
	fmt.Fprintln(tw, "NODE\tLOW\tHIGH\tRANGE\tLOW AT\tHIGH AT")
	for _, t := range out.Tornado {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", t.Node, fmtProb(t.Low), fmtProb(t.High), fmtProb(t.Range), t.LowState, t.HighState)
	}
	fmt.Fprintf(tw, "\nvalue of information for %s: H = %.4f bits\n", name, h)
	fmt.Fprintln(tw, "NODE\tMI (bits)\tSHARE OF H")
	for _, v := range out.VOI {
		fmt.Fprintf(tw, "%s\t%.5f\t%.1f%%\n", v.Node, v.MI, 100*v.Share)
	}
	return tw.Flush()
}
