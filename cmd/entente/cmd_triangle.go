package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"entente/relations"
)

func init() { subcommands = append(subcommands, newTriangleCmd) }

// triangleOptions receives the flags of `entente triangle`.
type triangleOptions struct {
	seriesFlags
	A, B, C   string
	Band      float64
	MinEvents int64
	Bootstrap int
	Seed      uint64
}

func newTriangleCmd() *cobra.Command {
	var opts triangleOptions
	c := &cobra.Command{
		Use:   "triangle A B C [--by month] [--band X] [--format table|csv|json] [--plot FILE]",
		Short: "Dittmer's strategic triangle of three states or groups, per period",
		Long: `Classify the strategic triangle of A, B and C in every period (Lowell
Dittmer, "The Strategic Triangle", World Politics 33(4), 1981).

Each of the three dyads A-B, A-C, B-C is in amity (+) when its relationship
index is above +band, in enmity (-) below -band, neutral (0) in between, and
thin (?) with fewer than --min-events events. The configuration is:

  menage-a-trois   + + +  all three in amity
  romantic         two amities, one enmity: the pivot is friends with two
                   wings hostile to each other
  stable-marriage  one amity, two enmities: a couple and an outcast
  unit-veto        - - -  all three hostile
  indeterminate    a dyad is neutral or thin

The confidence is the share of --bootstrap replicates (a parametric bootstrap
from the cube's aggregates, seeded by --seed) classified the same way, roles
included. --plot draws the three indices above a strip of configurations.

Exit statuses: 0 success; 1 the store could not be read; 2 bad usage or an
empty store.`,
		Example: `  entente triangle USA RUS CHN --by year
  entente triangle USA RUS CHN --by quarter --band 1 --format csv --plot triangle.png`,
		Args: cobra.ExactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.A, opts.B, opts.C = args[0], args[1], args[2]
			return runTriangle(cmd.Context(), opts, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	opts.seriesFlags.register(c.Flags(), "month")
	c.Flags().Float64Var(&opts.Band, "band", relations.DefaultBand, "neutral band on the index, in Goldstein points")
	c.Flags().Int64Var(&opts.MinEvents, "min-events", relations.DefaultMinEvents, "fewer events in a period make a dyad too thin to classify")
	c.Flags().IntVar(&opts.Bootstrap, "bootstrap", relations.DefaultBootstrap, "bootstrap replicates for the confidence")
	c.Flags().Uint64Var(&opts.Seed, "seed", 1, "random seed of the bootstrap")
	return c
}

func runTriangle(ctx context.Context, opts triangleOptions, stdout, stderr io.Writer) (err error) {
	by, from, to, err := opts.parsed()
	if err != nil {
		return err
	}
	if opts.Band <= 0 || opts.MinEvents < 1 || opts.Bootstrap < 1 {
		return usagef("--band, --min-events and --bootstrap must be positive")
	}
	for _, a := range []string{opts.A, opts.B, opts.C} {
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
	ts, err := relations.Triangle(ctx, st, relations.TriangleQuery{
		A: opts.A, B: opts.B, C: opts.C, By: by, From: from, To: to,
		Weight: relations.Weight(opts.Weight), Dedupe: relations.Dedupe(opts.Dedupe),
		Band: opts.Band, MinEvents: opts.MinEvents, Bootstrap: opts.Bootstrap, Seed: opts.Seed,
	})
	if err != nil {
		return relationsError(err)
	}
	if len(ts.Rows) == 0 {
		if err := emptyStoreCheck(ctx, st, loc); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "entente: no events among %s, %s and %s in the store\n", ts.Players[0], ts.Players[1], ts.Players[2])
	}
	switch opts.Format {
	case "csv":
		err = ts.WriteCSV(stdout)
	case "json":
		err = ts.WriteJSON(stdout)
	default:
		err = ts.WriteTable(stdout)
	}
	if err != nil {
		return err
	}
	if opts.Plot != "" {
		c, err := relations.TriangleChart(ts)
		if err != nil {
			return fmt.Errorf("plot: %w", err)
		}
		return c.Save(opts.Plot)
	}
	return nil
}
