package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

func init() { subcommands = append(subcommands, newStatsCmd) }

// statsOptions receives the flags of `entente stats`.
type statsOptions struct {
	DB     string
	Format string // "table" or "json"
}

func newStatsCmd() *cobra.Command {
	var opts statsOptions
	c := &cobra.Command{
		Use:   "stats [--db P] [--format table|json]",
		Short: "Show what the store holds: rows per data set, date ranges, files, top dyads",
		Long: `Show what the store holds: events and mentions per data set with their date
ranges, the number of files ingested, the size of the dyad-day cube and the
ten most frequent dyads (either direction, from the cube).

The store is opened read-only (--db, else $ENTENTE_DB, else ./entente.duckdb).

Exit statuses: 0 success; 1 the store could not be read; 2 bad usage or no
store at that location.`,
		Example: `  entente stats
  entente stats --db world.duckdb --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runStats(cmd.Context(), opts, cmd.OutOrStdout())
		},
	}
	f := c.Flags()
	f.StringVar(&opts.DB, "db", "", "store location (default $ENTENTE_DB or "+defaultStore+")")
	f.StringVar(&opts.Format, "format", "table", "output format: table or json")
	return c
}

// statsJSON is the JSON shape of `entente stats`.
type statsJSON struct {
	Files     int            `json:"files"`
	CubeCells int64          `json:"cube_cells"`
	Datasets  []datasetJSON  `json:"datasets"`
	TopDyads  []dyadJSONItem `json:"top_dyads"`
}

type datasetJSON struct {
	Dataset  string `json:"dataset"`
	Events   int64  `json:"events"`
	Mentions int64  `json:"mentions"`
	First    string `json:"first,omitempty"`
	Last     string `json:"last,omitempty"`
}

type dyadJSONItem struct {
	A      string `json:"a"`
	B      string `json:"b"`
	Events int64  `json:"events"`
}

func runStats(ctx context.Context, opts statsOptions, stdout io.Writer) (err error) {
	if opts.Format != "table" && opts.Format != "json" {
		return usagef("unknown format %q: use table or json", opts.Format)
	}
	st, err := openStore(storeLocation(opts.DB), readOnly)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, st.Close()) }()
	s, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	out := statsJSON{Files: s.Files, CubeCells: s.CubeCells, Datasets: []datasetJSON{}, TopDyads: []dyadJSONItem{}}
	for _, d := range s.Datasets {
		j := datasetJSON{Dataset: string(d.Dataset), Events: d.Events, Mentions: d.Mentions}
		if !d.First.IsZero() {
			j.First, j.Last = d.First.Format("2006-01-02"), d.Last.Format("2006-01-02")
		}
		out.Datasets = append(out.Datasets, j)
	}
	for _, d := range s.TopDyads {
		out.TopDyads = append(out.TopDyads, dyadJSONItem{A: d.Source, B: d.Target, Events: d.Events})
	}
	if opts.Format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	return printStats(stdout, out)
}

func printStats(w io.Writer, s statsJSON) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "dataset\tevents\tmentions\tfirst\tlast\t\n")
	for _, d := range s.Datasets {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t\n", d.Dataset, d.Events, d.Mentions, d.First, d.Last)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nfiles ingested: %d, cube rows: %d\n", s.Files, s.CubeCells)
	if len(s.TopDyads) == 0 {
		return nil
	}
	fmt.Fprintf(w, "\ntop dyads (either direction):\n")
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	for _, d := range s.TopDyads {
		fmt.Fprintf(tw, "%s–%s\t%d\t\n", d.A, d.B, d.Events)
	}
	return tw.Flush()
}
