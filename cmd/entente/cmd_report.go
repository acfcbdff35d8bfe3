package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"entente/bn/modelfile"
	"entente/cases"
	_ "entente/cases/sinorussian" // registers the built-in case
	"entente/report"
	"entente/store"
	"entente/store/memstore"
)

func init() { subcommands = append(subcommands, newReportCmd) }

// reportOptions receives the flags of `entente report`.
type reportOptions struct {
	Case       string
	DB         string
	Out        string
	Horizon    int
	Model      string
	Durability string
	Format     string // text or json, for the terminal
}

func newReportCmd() *cobra.Command {
	var opts reportOptions
	c := &cobra.Command{
		Use:   "report [--case sino-russian] [--db P] [--out DIR] [--horizon 2035] [--model FILE]",
		Short: "Answer the case's question: state, trend, triangle, durability under shocks, sensitivity, indicators",
		Long: `Answer the built-in case's question ("Can Sino-Russian cooperation last?") from
its embedded chronology and scenario models, and from your event data when a
store holds any.

It prints a concise answer to the terminal:
  NOW          the relationship index of the case's dyad over the latest
               period, its reading against the dyad's own history (warm,
               mixed, cold), the trend and the latest structural break;
  TRIANGLE     Dittmer's strategic triangle of the case's three players now
               and in recent periods;
  OUTLOOK      P(the partnership holds) in the static model with the data's
               evidence, and the durability curve, P(holds) in 2030 and at
               the horizon, under the baseline and under each shock;
  SENSITIVITY  the five factors the answer is most sensitive to (tornado);
  WATCH        the weaknesses and evidence nodes to watch, with their current
               probabilities and what movement in the data would signal;
  DATE CORRECTIONS  where the case's source text gets its dates wrong;
and writes DIR/index.html (self-contained: charts embedded as SVG, no network
needed) and DIR/report.json (every number; its fields are documented in
'entente report --help' of the report package doc and the README).

Data: the chronology always backs the long-run series. When --db (else
$ENTENTE_DB, else ./entente.duckdb if it exists) names a store that holds
events of the dyad, the current state comes from its latest twelve months.

Edit the case: 'entente case export sino-russian DIR', change DIR/model.yaml or
DIR/durability.yaml, then 'entente report --model DIR/model.yaml
--durability DIR/durability.yaml'.

Exit statuses: 0 success; 1 the work failed; 2 bad usage, a broken model file,
an unknown case or a horizon before the start year.`,
		Example: `  entente report
  entente report --horizon 2030 --out /tmp/r
  entente report --db gdelt.duckdb
  entente report --model edited.yaml --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runReport(cmd.Context(), opts, cmd.OutOrStdout())
		},
	}
	f := c.Flags()
	f.StringVar(&opts.Case, "case", "sino-russian", "built-in case to answer (see 'entente case list')")
	f.StringVar(&opts.DB, "db", "", "event store with data for the recent years (default $ENTENTE_DB, else ./entente.duckdb if present)")
	f.StringVar(&opts.Out, "out", "entente-report", "directory for index.html and report.json (\"\" writes no files)")
	f.IntVar(&opts.Horizon, "horizon", 0, "last year of the durability curves (default: the case's, 2035)")
	f.StringVar(&opts.Model, "model", "", "static scenario model to use instead of the case's (YAML, BIF, XMLBIF, NET)")
	f.StringVar(&opts.Durability, "durability", "", "two-slice durability model to use instead of the case's (YAML)")
	f.StringVar(&opts.Format, "format", "text", "terminal output: text or json")
	return c
}

func runReport(ctx context.Context, opts reportOptions, stdout io.Writer) error {
	if opts.Format != "text" && opts.Format != "json" {
		return usagef("unknown --format %q: use text or json", opts.Format)
	}
	c, err := loadCase(opts.Case, opts.Model, opts.Durability)
	if err != nil {
		return err
	}
	if opts.Horizon != 0 && opts.Horizon < c.StartYear {
		return usagef("--horizon %d is before the model's start year %d: give %d or later", opts.Horizon, c.StartYear, c.StartYear)
	}
	chron, err := chronologyStore(ctx, c)
	if err != nil {
		return err
	}
	ro := report.Options{Case: c, Chronology: chron, Horizon: opts.Horizon}
	if data, name, err := reportDataStore(opts.DB); err != nil {
		return err
	} else if data != nil {
		defer data.Close()
		ro.Data, ro.DataName = data, name
	}
	r, err := report.Build(ctx, ro)
	if err != nil {
		if errors.Is(err, cases.ErrScenario) {
			return usageError{err}
		}
		return err
	}
	if opts.Out != "" {
		if err := writeReportFiles(r, opts.Out); err != nil {
			return err
		}
	}
	if opts.Format == "json" {
		return r.WriteJSON(stdout)
	}
	if err := r.WriteText(stdout); err != nil {
		return err
	}
	if opts.Out != "" {
		fmt.Fprintf(stdout, "Report written to %s and %s.\n", filepath.Join(opts.Out, "index.html"), filepath.Join(opts.Out, "report.json"))
	}
	return nil
}

// loadCase loads the named case and swaps in edited models.
func loadCase(name, model, durability string) (*cases.Case, error) {
	c, err := cases.Load(name)
	if err != nil {
		return nil, usageError{err}
	}
	if model != "" {
		net, err := modelfile.Load(model)
		if err != nil {
			return nil, usagef("--model: %v", err)
		}
		if err := cases.CheckModel(c, net, false); err != nil {
			return nil, usagef("--model %s: %v", model, err)
		}
		c.Model = net
	}
	if durability != "" {
		net, err := modelfile.Load(durability)
		if err != nil {
			return nil, usagef("--durability: %v", err)
		}
		if err := cases.CheckModel(c, net, true); err != nil {
			return nil, usagef("--durability %s: %v", durability, err)
		}
		c.Durability = net
	}
	return c, nil
}

// chronologyStore loads the case's chronology into an in-memory store.
func chronologyStore(ctx context.Context, c *cases.Case) (store.Reader, error) {
	evs, err := c.Chronology()
	if err != nil {
		return nil, fmt.Errorf("case %s: chronology: %w", c.Name, err)
	}
	s := memstore.New()
	if err := memstore.Load(ctx, s, evs); err != nil {
		return nil, fmt.Errorf("case %s: loading the chronology: %w", c.Name, err)
	}
	return s, nil
}

// reportDataStore opens the user's event store for the report: the one
// --db or $ENTENTE_DB names (which must exist), else the default file if it
// exists, else none.
func reportDataStore(flag string) (store.Store, string, error) {
	loc := storeLocation(flag)
	if flag == "" && os.Getenv("ENTENTE_DB") == "" {
		if _, err := os.Stat(defaultStore); errors.Is(err, fs.ErrNotExist) {
			return nil, "", nil
		}
	}
	s, err := openStore(loc, readOnly)
	if err != nil {
		return nil, "", err
	}
	return s, loc, nil
}

// writeReportFiles writes index.html and report.json into dir, each under a
// temporary name renamed into place.
func writeReportFiles(r *report.Report, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	write := func(name string, fn func(io.Writer) error) error {
		tmp, err := os.CreateTemp(dir, "."+name+"-*")
		if err != nil {
			return fmt.Errorf("report: %w", err)
		}
		defer os.Remove(tmp.Name())
		if err := fn(tmp); err != nil {
			tmp.Close()
			return fmt.Errorf("report: writing %s: %w", name, err)
		}
		if err := tmp.Close(); err != nil {
			return fmt.Errorf("report: writing %s: %w", name, err)
		}
		return os.Rename(tmp.Name(), filepath.Join(dir, name))
	}
	if err := write("report.json", r.WriteJSON); err != nil {
		return err
	}
	return write("index.html", r.WriteHTML)
}
