package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"entente/bn/jtree"
)

func init() { bnSubcommands = append(bnSubcommands, newBnInfoCmd) }

// bnInfoOptions receives the flags of `entente bn info`.
type bnInfoOptions struct {
	Model      string
	Format     string // table or json
	MaxEntries int64
}

func newBnInfoCmd() *cobra.Command {
	var opts bnInfoOptions
	c := &cobra.Command{
		Use:   "info MODEL",
		Short: "Variables, states, arcs and junction-tree size of a model",
		Long: `Describe a model: its variables with their states and parents, the number
of arcs, and the junction tree exact inference would use (treewidth, largest
clique, total table entries and memory), computed without allocating the
tables, so it also reports models too large to run.

JSON shape (stable): {"model", "name", "variables": [{"name", "states",
"parents", "previous"}], "arcs", "factors", "junction_tree": {"cliques",
"treewidth", "largest_clique_entries", "largest_clique": [names],
"total_entries", "mib", "heuristic", "fits"}}.`,
		Example: `  entente bn info asia.bif
  entente bn info munin1.bif.gz --format json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Model = args[0]
			return runBnInfo(cmd.Context(), opts, cmd.OutOrStdout())
		},
	}
	c.Flags().StringVar(&opts.Format, "format", "table", "output format: table or json")
	c.Flags().Int64Var(&opts.MaxEntries, "max-entries", jtree.DefaultOptions().MaxEntries, "the memory bound inference would apply (table entries)")
	return c
}

type bnInfoVar struct {
	Name     string   `json:"name"`
	States   []string `json:"states"`
	Parents  []string `json:"parents"`
	Previous string   `json:"previous,omitempty"`
}

type bnInfoTree struct {
	Cliques        int      `json:"cliques"`
	Treewidth      int      `json:"treewidth"`
	LargestEntries int64    `json:"largest_clique_entries"`
	Largest        []string `json:"largest_clique"`
	TotalEntries   int64    `json:"total_entries"`
	MiB            float64  `json:"mib"`
	Heuristic      string   `json:"heuristic"`
	Fits           bool     `json:"fits"`
}

type bnInfoJSON struct {
	Model     string      `json:"model"`
	Name      string      `json:"name"`
	Variables []bnInfoVar `json:"variables"`
	Arcs      int         `json:"arcs"`
	Factors   int         `json:"factors"`
	Tree      *bnInfoTree `json:"junction_tree"`
}

func runBnInfo(_ context.Context, opts bnInfoOptions, stdout io.Writer) error {
	if opts.Format != "table" && opts.Format != "json" {
		return usagef("--format: unknown format %q; valid: table, json", opts.Format)
	}
	bm, err := loadBNModel(opts.Model)
	if err != nil {
		return err
	}
	m := bm.M
	out := bnInfoJSON{Model: opts.Model, Factors: len(m.Factors)}
	for v := 0; v < m.NumVars(); v++ {
		iv := bnInfoVar{Name: m.Names[v], States: m.States[v], Parents: []string{}}
		if bm.Net != nil {
			nv := bm.Net.Variables[v]
			iv.Parents = append(iv.Parents, nv.Parents...)
			iv.Previous = nv.Previous
			out.Arcs += len(nv.Parents)
		}
		out.Variables = append(out.Variables, iv)
	}
	if bm.Net != nil {
		out.Name = bm.Net.Name
	}
	// Plan with a generous bound so that too-large models still get sizes.
	st, err := jtree.Plan(m, jtree.Spec{}, jtree.Options{MaxEntries: 1 << 40})
	switch {
	case errors.Is(err, jtree.ErrTooLarge):
	case err != nil:
		return fmt.Errorf("info: %w", err)
	default:
		t := &bnInfoTree{Cliques: st.Cliques, Treewidth: st.Treewidth, LargestEntries: st.LargestClique,
			TotalEntries: st.TotalEntries, MiB: st.MiB(), Heuristic: st.Heuristic.String(),
			Fits: opts.MaxEntries <= 0 || st.TotalEntries <= opts.MaxEntries}
		t.Largest = names(m, st.LargestMembers)
		out.Tree = t
	}
	if opts.Format == "json" {
		return writeJSON(stdout, out)
	}
	tw := tabwriter.NewWriter(stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintf(tw, "model %s", opts.Model)
	if out.Name != "" {
		fmt.Fprintf(tw, " (network %q)", out.Name)
	}
	fmt.Fprintf(tw, ": %d variables, %d arcs, %d factors\n", len(out.Variables), out.Arcs, out.Factors)
	if t := out.Tree; t != nil {
		fit := "fits"
		if !t.Fits {
			fit = fmt.Sprintf("exceeds --max-entries %d", opts.MaxEntries)
		}
		fmt.Fprintf(tw, "junction tree (%s): %d cliques, treewidth %d, largest clique %d entries {%s}, total %d entries (%.1f MiB), %s\n",
			t.Heuristic, t.Cliques, t.Treewidth, t.LargestEntries, strings.Join(t.Largest, ", "), t.TotalEntries, t.MiB, fit)
	} else {
		fmt.Fprintln(tw, "junction tree: over 2^40 entries; exact inference is out of reach without evidence that cuts the model")
	}
	fmt.Fprintln(tw, "\nVARIABLE\tSTATES\tPARENTS")
	for _, v := range out.Variables {
		pa := strings.Join(v.Parents, ", ")
		if v.Previous != "" {
			pa = "(previous " + v.Previous + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", v.Name, strings.Join(v.States, ", "), pa)
	}
	return tw.Flush()
}
