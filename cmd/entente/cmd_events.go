package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"entente/relations"
)

func init() { subcommands = append(subcommands, newEventsCmd) }

// eventsOptions receives the flags of `entente events`.
type eventsOptions struct {
	DB       string
	A, B     string
	From, To string
	Roots    []string
	Limit    int
	Format   string
}

func newEventsCmd() *cobra.Command {
	var opts eventsOptions
	c := &cobra.Command{
		Use:   "events A B [--from DATE] [--to DATE] [--root CODE] [--limit N] [--format table|csv|json]",
		Short: "The raw events behind a dyad figure, with their file and line of origin",
		Long: `List the raw events between A and B (both directions; countries or groups,
as for 'entente dyad'), ordered by date: date, actors, CAMEO code and its
description, quad class, Goldstein, tone, mentions, source URL, and the data
set, file and line each row came from, so any figure can be traced back.

--root keeps only events of a 2-digit CAMEO root (e.g. 19 "fight"); repeat
or separate with commas for several.

Exit statuses: 0 success; 1 the store could not be read; 2 bad usage or an
empty store.`,
		Example: `  entente events RUS CHN --from 2012-11-01 --to 2012-11-30
  entente events RUS USA --root 19 --limit 20 --format csv`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.A, opts.B = args[0], args[1]
			return runEvents(cmd.Context(), opts, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := c.Flags()
	f.StringVar(&opts.DB, "db", "", "store location (default $ENTENTE_DB or "+defaultStore+")")
	f.StringVar(&opts.From, "from", "", "first day, YYYY-MM-DD")
	f.StringVar(&opts.To, "to", "", "last day, YYYY-MM-DD")
	f.StringSliceVar(&opts.Roots, "root", nil, "keep only these 2-digit CAMEO root codes")
	f.IntVar(&opts.Limit, "limit", 100, "at most N events (0: all)")
	f.StringVar(&opts.Format, "format", "table", "output format: table, csv or json")
	return c
}

func runEvents(ctx context.Context, opts eventsOptions, stdout, stderr io.Writer) (err error) {
	from, err := parseDayFlag("--from", opts.From)
	if err != nil {
		return err
	}
	to, err := parseDayFlag("--to", opts.To)
	if err != nil {
		return err
	}
	switch opts.Format {
	case "table", "csv", "json":
	default:
		return usagef("unknown --format %q: use table, csv or json", opts.Format)
	}
	if opts.Limit < 0 {
		return usagef("--limit must not be negative")
	}
	for _, a := range []string{opts.A, opts.B} {
		if _, err := relations.ResolveActor(a); err != nil {
			return relationsError(err)
		}
	}
	q := relations.EventsQuery{A: opts.A, B: opts.B, From: from, To: to, Roots: opts.Roots, Limit: opts.Limit}
	if !from.IsZero() && !to.IsZero() && from.After(to) {
		return usagef("--from %s is after --to %s", opts.From, opts.To)
	}
	loc := storeLocation(opts.DB)
	st, err := openStore(loc, readOnly)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, st.Close()) }()
	evs, err := relations.Events(ctx, st, q)
	if err != nil {
		return relationsError(err)
	}
	if len(evs) == 0 {
		if err := emptyStoreCheck(ctx, st, loc); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "entente: no events between %s and %s match\n", opts.A, opts.B)
	}
	switch opts.Format {
	case "csv":
		return relations.WriteEventsCSV(stdout, evs)
	case "json":
		return relations.WriteEventsJSON(stdout, evs)
	}
	return relations.WriteEventsTable(stdout, evs)
}
