package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"entente/bn/modelfile"
	"entente/cases"
	"entente/events"
	"entente/store"
)

func init() { subcommands = append(subcommands, newCaseCmd) }

func newCaseCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "case list | show NAME | export NAME DIR | load NAME",
		Short: "Inspect, export and load the built-in cases (chronology, scenario models, scenarios)",
		Long: `A case is a question about a partnership packaged as data + model + indicators:
a sourced, CAMEO-coded chronology, a static scenario model, a yearly durability
model, named shock scenarios and indicators to watch. The built-in case is
sino-russian ("Can Sino-Russian cooperation last?").

  entente case list                 the cases in this binary
  entente case show NAME            what a case holds
  entente case export NAME DIR      write its files (chronology.csv, claims.csv,
                                    model.yaml, durability.yaml, model.bif) to
                                    edit and re-run with 'entente report --model'
  entente case load NAME [--db P]   load its chronology into a store as the data
                                    set "chronology", so dyad, triangle, changes
                                    and events work on it (idempotent)

Exit statuses: 0 success; 1 the work failed; 2 bad usage or an unknown case.`,
	}
	c.AddCommand(newCaseListCmd(), newCaseShowCmd(), newCaseExportCmd(), newCaseLoadCmd())
	return c
}

func newCaseListCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the built-in cases",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
			for _, n := range cases.Names() {
				c, err := cases.Load(n)
				if err != nil {
					return err
				}
				fmt.Fprintf(tw, "%s\t%s\n", n, c.Title)
			}
			return tw.Flush()
		},
	}
}

// caseSummary is the JSON shape of `entente case show`.
type caseSummary struct {
	Name       string            `json:"name"`
	Title      string            `json:"title"`
	Dyad       [2]string         `json:"dyad"`
	Triangle   [3]string         `json:"triangle"`
	Outcome    string            `json:"outcome"`
	Holds      []string          `json:"holds_means"`
	StartYear  int               `json:"start_year"`
	Horizon    int               `json:"horizon"`
	Chronology chronologyInfo    `json:"chronology"`
	Model      modelInfo         `json:"model"`
	Durability modelInfo         `json:"durability"`
	Scenarios  []cases.Scenario  `json:"scenarios"`
	Indicators []cases.Indicator `json:"indicators"`
	Files      []string          `json:"files"`
}

type chronologyInfo struct {
	Events int    `json:"events"`
	First  string `json:"first"`
	Last   string `json:"last"`
}

type modelInfo struct {
	Nodes int      `json:"nodes"`
	Roots []string `json:"roots"`
}

func newCaseShowCmd() *cobra.Command {
	var format string
	c := &cobra.Command{
		Use:   "show NAME [--format text|json]",
		Short: "Show what a case holds",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := cases.Load(args[0])
			if err != nil {
				return usageError{err}
			}
			s, err := summarizeCase(c)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			switch format {
			case "json":
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(s)
			case "text":
				return writeCaseText(out, s)
			}
			return usagef("unknown --format %q: use text or json", format)
		},
	}
	c.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return c
}

func summarizeCase(c *cases.Case) (caseSummary, error) {
	evs, err := c.Chronology()
	if err != nil {
		return caseSummary{}, err
	}
	s := caseSummary{Name: c.Name, Title: c.Title, Dyad: c.Dyad, Triangle: c.Triangle, Outcome: c.Outcome, Holds: c.Good,
		StartYear: c.StartYear, Horizon: c.Horizon, Scenarios: c.Scenarios, Indicators: c.Indicators}
	s.Chronology.Events = len(evs)
	if len(evs) > 0 {
		s.Chronology.First, s.Chronology.Last = evs[0].Date.Format("2006-01-02"), evs[len(evs)-1].Date.Format("2006-01-02")
	}
	info := func(m *modelInfo, vars int, roots []string) { m.Nodes, m.Roots = vars, roots }
	var roots []string
	for _, v := range c.Model.Variables {
		if len(v.Parents) == 0 {
			roots = append(roots, v.Name)
		}
	}
	info(&s.Model, len(c.Model.Variables), roots)
	roots = nil
	for _, v := range c.Durability.Variables {
		if v.Previous != "" {
			roots = append(roots, v.Name+" (previous "+v.Previous+")")
		}
	}
	info(&s.Durability, len(c.Durability.Variables), roots)
	for n := range c.Files() {
		s.Files = append(s.Files, n)
	}
	sort.Strings(s.Files)
	return s, nil
}

func writeCaseText(w io.Writer, s caseSummary) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "case\t%s: %s\n", s.Name, s.Title)
	fmt.Fprintf(tw, "dyad\t%s-%s\n", s.Dyad[0], s.Dyad[1])
	fmt.Fprintf(tw, "triangle\t%s-%s-%s\n", s.Triangle[0], s.Triangle[1], s.Triangle[2])
	fmt.Fprintf(tw, "chronology\t%d events, %s to %s\n", s.Chronology.Events, s.Chronology.First, s.Chronology.Last)
	fmt.Fprintf(tw, "static model\t%d nodes; shocks (roots): %v\n", s.Model.Nodes, s.Model.Roots)
	fmt.Fprintf(tw, "durability model\t%d nodes per yearly slice, %d-%d; carried over: %v\n", s.Durability.Nodes, s.StartYear, s.Horizon, s.Durability.Roots)
	fmt.Fprintf(tw, "outcome\t%s; holds = %v\n", s.Outcome, s.Holds)
	fmt.Fprintf(tw, "files\t%v\n", s.Files)
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nscenarios:")
	for _, sc := range s.Scenarios {
		fmt.Fprintf(w, "  %-20s %s\n", sc.Name, sc.Label)
	}
	fmt.Fprintln(w, "\nindicators:")
	for _, in := range s.Indicators {
		fmt.Fprintf(w, "  %-20s %s\n", in.Node, in.Label)
	}
	return nil
}

func newCaseExportCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "export NAME DIR",
		Short: "Write a case's chronology, claims and models to DIR for editing",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCaseExport(args[0], args[1], cmd.OutOrStdout())
		},
	}
}

func runCaseExport(name, dir string, out io.Writer) error {
	c, err := cases.Load(name)
	if err != nil {
		return usageError{err}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("case export: %w", err)
	}
	files := c.Files()
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := writeFileAtomic(filepath.Join(dir, n), files[n]); err != nil {
			return fmt.Errorf("case export: %w", err)
		}
		fmt.Fprintln(out, filepath.Join(dir, n))
	}
	// The static model in BIF too, for pgmpy, bnlearn, GeNIe and SamIam
	// users (BIF keeps no why/source: the YAML file is the master copy).
	bif := filepath.Join(dir, "model.bif")
	if err := modelfile.Save(bif, c.Model); err != nil {
		return fmt.Errorf("case export: %w", err)
	}
	fmt.Fprintln(out, bif)
	return nil
}

func writeFileAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func newCaseLoadCmd() *cobra.Command {
	var db string
	c := &cobra.Command{
		Use:   "load NAME [--db P]",
		Short: "Load a case's chronology into a store as the data set \"chronology\"",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCaseLoad(cmd.Context(), args[0], db, cmd.OutOrStdout())
		},
	}
	c.Flags().StringVar(&db, "db", "", "store location (default $ENTENTE_DB or "+defaultStore+")")
	return c
}

// runCaseLoad stores the chronology in one transaction, logged like an
// ingested file under the sha256 of its events, so loading twice is a no-op.
func runCaseLoad(ctx context.Context, name, db string, out io.Writer) error {
	c, err := cases.Load(name)
	if err != nil {
		return usageError{err}
	}
	evs, err := c.Chronology()
	if err != nil {
		return err
	}
	h := sha256.New()
	for _, e := range evs {
		fmt.Fprintf(h, "%s\t%s\t%s\t%s\t%s\t%g\n", e.ID, e.Date.Format("2006-01-02"), e.Source.Country, e.Target.Country, e.Code, e.Goldstein)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	loc := storeLocation(db)
	s, err := openStore(loc, readWrite)
	if err != nil {
		return err
	}
	defer s.Close()
	if rec, ok, err := s.Ingested(ctx, sum); err != nil {
		return err
	} else if ok {
		fmt.Fprintf(out, "%s: the %s chronology (%d events) is already loaded (on %s)\n", loc, name, rec.Stored+rec.Duplicates, rec.Started.Format("2006-01-02"))
		return nil
	}
	start := time.Now()
	tx, err := s.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.AppendEvents(ctx, evs); err != nil {
		return err
	}
	rec := store.IngestRecord{File: "case:" + name + "/chronology.csv", SHA256: sum, Format: "chronology", Dataset: events.Chronology, Started: start, Duration: time.Since(start)}
	if err := tx.Commit(ctx, rec); err != nil {
		return err
	}
	fmt.Fprintf(out, "%s: loaded the %s chronology, %d events, as data set %q; try 'entente dyad RUS CHN --by year --db %s'\n", loc, name, len(evs), events.Chronology, loc)
	return nil
}
