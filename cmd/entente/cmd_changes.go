package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"entente/relations"
)

func init() { subcommands = append(subcommands, newChangesCmd) }

// changesOptions receives the flags of `entente changes`.
type changesOptions struct {
	seriesFlags
	A, B       string
	Directed   bool
	Penalty    string
	MinSegment int
}

func newChangesCmd() *cobra.Command {
	var opts changesOptions
	c := &cobra.Command{
		Use:   "changes A B [--by month] [--penalty bic|aic|NUMBER] [--format table|csv|json] [--plot FILE]",
		Short: "Dated structural breaks in a dyad's relationship index",
		Long: `Find the dates where the mean of the relationship index of A and B changes,
by PELT (Killick, Fearnhead & Eckley, JASA 107(500), 2012): the exact
minimum of the normal mean-change cost plus a penalty per break. The noise
SD is estimated robustly from first differences. Each break is listed with
the mean index of the segment before and after it, and the shift.

--penalty: bic (2·ln n, the default), aic (4), or a positive number; a larger
penalty finds fewer breaks. --min-segment is the shortest segment in
periods. --plot draws the series with the breaks marked.

Exit statuses: 0 success; 1 the store could not be read; 2 bad usage or an
empty store.`,
		Example: `  entente changes RUS CHN --by month
  entente changes RUS USA --by quarter --penalty 20 --plot rus-usa-breaks.svg`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.A, opts.B = args[0], args[1]
			return runChanges(cmd.Context(), opts, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	opts.seriesFlags.register(c.Flags(), "month")
	c.Flags().BoolVar(&opts.Directed, "directed", false, "look for breaks in A→B and B→A separately")
	c.Flags().StringVar(&opts.Penalty, "penalty", "bic", "penalty per break: bic, aic or a positive number")
	c.Flags().IntVar(&opts.MinSegment, "min-segment", 2, "shortest segment, in periods")
	return c
}

func runChanges(ctx context.Context, opts changesOptions, stdout, stderr io.Writer) (err error) {
	by, from, to, err := opts.parsed()
	if err != nil {
		return err
	}
	if opts.MinSegment < 1 {
		return usagef("--min-segment must be at least 1, got %d", opts.MinSegment)
	}
	co := relations.ChangeOptions{Penalty: opts.Penalty, MinSegment: opts.MinSegment}
	for _, a := range []string{opts.A, opts.B} {
		if _, err := relations.ResolveActor(a); err != nil {
			return relationsError(err)
		}
	}
	loc := storeLocation(opts.DB)
	st, err := openStore(loc, readOnly)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, st.Close()) }()
	cs, err := relations.Changes(ctx, st, relations.DyadQuery{A: opts.A, B: opts.B, By: by, From: from, To: to,
		Directed: opts.Directed, Weight: relations.Weight(opts.Weight), Dedupe: relations.Dedupe(opts.Dedupe)}, co)
	if err != nil {
		return relationsError(err)
	}
	if len(cs.Lines) == 0 || len(cs.Lines[0].Rows) == 0 {
		if err := emptyStoreCheck(ctx, st, loc); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "entente: no events between %s and %s in the store\n", cs.A.Code, cs.B.Code)
	}
	switch opts.Format {
	case "csv":
		err = cs.WriteCSV(stdout)
	case "json":
		err = cs.WriteJSON(stdout)
	default:
		err = cs.WriteTable(stdout)
	}
	if err != nil {
		return err
	}
	if opts.Plot != "" {
		return plotSeries(cs.Series, cs.Breaks, opts.Plot)
	}
	return nil
}
