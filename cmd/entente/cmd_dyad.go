package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"entente/relations"
	"entente/store"
)

func init() { subcommands = append(subcommands, newDyadCmd) }

// seriesFlags are the flags dyad, triangle and changes share.
type seriesFlags struct {
	DB       string
	By       string
	From, To string
	Weight   string
	Dedupe   string
	Format   string
	Plot     string
}

func (f *seriesFlags) register(fs *pflag.FlagSet, defaultBy string) {
	fs.StringVar(&f.DB, "db", "", "store location (default $ENTENTE_DB or "+defaultStore+")")
	fs.StringVar(&f.By, "by", defaultBy, "period: day, week, month, quarter or year")
	fs.StringVar(&f.From, "from", "", "first day, YYYY-MM-DD (default: the first event)")
	fs.StringVar(&f.To, "to", "", "last day, YYYY-MM-DD (default: the last event)")
	fs.StringVar(&f.Weight, "weight", "none", "count each event once (none) or NumMentions times (mentions)")
	fs.StringVar(&f.Dedupe, "dedupe", "none", "none, or daily: one event per date, source, target and CAMEO code")
	fs.StringVar(&f.Format, "format", "table", "output format: table, csv or json")
	fs.StringVar(&f.Plot, "plot", "", "also draw a chart to FILE.png or FILE.svg")
}

// parsed turns the shared flags into typed values, or a usage error.
func (f seriesFlags) parsed() (by store.Period, from, to time.Time, err error) {
	if by, err = relations.ParsePeriod(f.By); err != nil {
		return "", from, to, usagef("--by: %v", err)
	}
	if from, err = parseDayFlag("--from", f.From); err != nil {
		return "", from, to, err
	}
	if to, err = parseDayFlag("--to", f.To); err != nil {
		return "", from, to, err
	}
	if !from.IsZero() && !to.IsZero() && from.After(to) {
		return "", from, to, usagef("--from %s is after --to %s", f.From, f.To)
	}
	switch f.Format {
	case "table", "csv", "json":
	default:
		return "", from, to, usagef("unknown --format %q: use table, csv or json", f.Format)
	}
	switch f.Weight {
	case "none", "mentions":
	default:
		return "", from, to, usagef("unknown --weight %q: use none or mentions", f.Weight)
	}
	switch f.Dedupe {
	case "none", "daily":
	default:
		return "", from, to, usagef("unknown --dedupe %q: use none or daily", f.Dedupe)
	}
	if f.Plot != "" {
		if !strings.HasSuffix(strings.ToLower(f.Plot), ".png") && !strings.HasSuffix(strings.ToLower(f.Plot), ".svg") {
			return "", from, to, usagef("--plot %s: use a .png or .svg file name", f.Plot)
		}
	}
	return by, from, to, nil
}

// parseDayFlag parses an ISO date flag; empty means unbounded.
func parseDayFlag(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, usagef("%s %q: want a date as YYYY-MM-DD", flag, s)
	}
	return t, nil
}

// relationsError maps the relations package's errors for people: unknown
// actors and bad queries are the user's to fix (exit status 2).
func relationsError(err error) error {
	var ua *relations.UnknownActorError
	switch {
	case errors.As(err, &ua):
		return usagef("unknown actor %q: not a CAMEO country code or group (NATO, EU, G7, BRICS, SCO); closest known codes: %s", ua.Code, strings.Join(ua.Closest, ", "))
	case errors.Is(err, relations.ErrBadQuery):
		return usagef("%v", err)
	}
	return err
}

// emptyStoreCheck explains an empty answer: an empty store is the user's to
// fix (run ingest); an empty dyad in a full store is a valid answer.
func emptyStoreCheck(ctx context.Context, st store.Summarizer, loc string) error {
	s, err := st.Stats(ctx)
	if err != nil {
		return fmt.Errorf("read store statistics: %w", err)
	}
	var n int64
	for _, d := range s.Datasets {
		n += d.Events
	}
	if n == 0 {
		return usagef("the store at %s holds no events: run 'entente ingest --db %s FILE...' first", loc, loc)
	}
	return nil
}

// dyadOptions receives the flags of `entente dyad`.
type dyadOptions struct {
	seriesFlags
	A, B     string
	Directed bool
	Index    bool
	K        float64
}

func newDyadCmd() *cobra.Command {
	var opts dyadOptions
	c := &cobra.Command{
		Use:   "dyad A B [--by month] [--from DATE] [--to DATE] [--directed] [--index] [--format table|csv|json] [--plot FILE]",
		Short: "Series of events, quad classes, Goldstein and tone between two states or groups",
		Long: `Print the series of relations between A and B per period, read from the
store's dyad-day cube: events, quad-class counts q1..q4 (verbal cooperation,
material cooperation, verbal conflict, material conflict), the Goldstein sum
and mean, coop_share = (q1+q2)/events, mean tone and mentions. Periods
without events are listed with zeros.

A and B are CAMEO country codes (RUS, CHN, USA, ...) or groups: NATO, EU, G7,
BRICS, SCO. A group counts each member only from its joining date (and until
its leaving date: the UK leaves the EU on 2020-01-31); a country never pairs
with itself, so "NATO USA" is the United States with its allies.

The series is undirected (A→B plus B→A) unless --directed, which prints both
directions as separate rows. --index adds the relationship index: the
period's mean Goldstein shrunk toward the dyad's mean over the range by K
pseudo-events (--k, default 10), with a 95% band (index, index_lo,
index_hi). --plot draws the index with its band over the events by quad
class.

CSV columns, in this order: period,source,target,events,q1,q2,q3,q4,
goldstein_sum,goldstein_mean,coop_share,tone_mean,mentions[,index,index_lo,
index_hi]. Period labels: 2012-11-05, 2012-W45, 2012-11, 2012-Q4, 2012.

Exit statuses: 0 success; 1 the store could not be read; 2 bad usage (unknown
actor, bad date or period, --from after --to) or an empty store.`,
		Example: `  entente dyad RUS CHN --by month
  entente dyad RUS USA --by year --directed --format csv
  entente dyad NATO RUS --by quarter --index --plot nato-rus.png
  entente dyad RUS CHN --weight mentions --from 2012-01-01 --to 2012-12-31`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.A, opts.B = args[0], args[1]
			return runDyad(cmd.Context(), opts, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	opts.seriesFlags.register(c.Flags(), "month")
	c.Flags().BoolVar(&opts.Directed, "directed", false, "print A→B and B→A separately")
	c.Flags().BoolVar(&opts.Index, "index", false, "add the relationship index columns index, index_lo, index_hi")
	c.Flags().Float64Var(&opts.K, "k", relations.DefaultIndexK, "index prior strength in pseudo-events")
	return c
}

func runDyad(ctx context.Context, opts dyadOptions, stdout, stderr io.Writer) (err error) {
	by, from, to, err := opts.parsed()
	if err != nil {
		return err
	}
	if opts.K <= 0 {
		return usagef("--k must be positive, got %v", opts.K)
	}
	q := relations.DyadQuery{A: opts.A, B: opts.B, By: by, From: from, To: to, Directed: opts.Directed,
		Weight: relations.Weight(opts.Weight), Dedupe: relations.Dedupe(opts.Dedupe), Index: relations.IndexOptions{K: opts.K}}
	// Resolve actors before opening the store, so a typo is reported even
	// without one.
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
	s, err := relations.Dyad(ctx, st, q)
	if err != nil {
		return relationsError(err)
	}
	if len(s.Lines) == 0 || len(s.Lines[0].Rows) == 0 {
		if err := emptyStoreCheck(ctx, st, loc); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "entente: no events between %s and %s in the store; give --from and --to to list empty periods\n", s.A.Code, s.B.Code)
	}
	if err := writeSeries(s, opts.Format, opts.Index, stdout); err != nil {
		return err
	}
	if opts.Plot != "" {
		return plotSeries(s, nil, opts.Plot)
	}
	return nil
}

func writeSeries(s relations.Series, format string, index bool, w io.Writer) error {
	switch format {
	case "csv":
		return s.WriteCSV(w, index)
	case "json":
		return s.WriteJSON(w, index)
	}
	return s.WriteTable(w, index)
}

func plotSeries(s relations.Series, breaks [][]relations.Change, path string) error {
	c, err := relations.SeriesChart(s, breaks)
	if err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	return c.Save(path)
}
