package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"entente/events"
	"entente/fetch"
	"entente/ingest"
)

func init() { subcommands = append(subcommands, newFetchCmd) }

// fetchOptions receives the flags of `entente fetch`.
type fetchOptions struct {
	Dataset  string // gdelt1 or gdelt2
	From, To string // inclusive dates, YYYY-MM-DD or YYYYMMDD
	Dir      string // default: ./data/<dataset>
	Kinds    []string
	BaseURL  string
	Jobs     int
	Attempts int
	Ingest   bool
	DB       string // store for --ingest
	Progress bool   // draw a progress bar on stderr (set when stderr is a terminal)
}

func newFetchCmd() *cobra.Command {
	def := fetch.DefaultOptions()
	opts := fetchOptions{BaseURL: def.BaseURL, Jobs: def.Jobs, Attempts: def.Attempts}
	c := &cobra.Command{
		Use:   "fetch gdelt1|gdelt2 --from DATE --to DATE",
		Short: "Download GDELT event files for a date range, verified against GDELT's checksums",
		Long: `Download GDELT event files for a date range.

gdelt1 reads GDELT 1.0's file lists (events/filesizes and events/md5sums) and
fetches the daily YYYYMMDD.export.CSV.zip files (and the yearly/monthly
backfile zips before April 2013); gdelt2 reads gdeltv2/masterfilelist.txt and
fetches the 15-minute YYYYMMDDHHMMSS.export.CSV.zip files (--kinds adds
mentions and gkg). DATE is YYYY-MM-DD or YYYYMMDD; --to is inclusive.

Every file is checked against the size and MD5 in GDELT's list, written as
NAME.part and renamed only once verified. Files already present and verified
are skipped, so rerunning after an interruption resumes. Transient errors
(cut connections, 5xx) are retried with back-off up to --attempts times;
a 404 is not retried. A summary lists what was downloaded, skipped and
failed, with reasons.

Exit statuses: 0 all files present and verified, 1 some failed or the run was
interrupted, 2 bad usage.`,
		Example: `  entente fetch gdelt2 --from 2022-02-24 --to 2022-02-24 --dir data/gdelt2
  entente fetch gdelt1 --from 20140301 --to 20140331 --jobs 8`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dataset = args[0]
			opts.Progress = isTerminal(cmd.ErrOrStderr())
			return runFetch(cmd.Context(), opts, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := c.Flags()
	f.StringVar(&opts.From, "from", "", "first day, YYYY-MM-DD (required)")
	f.StringVar(&opts.To, "to", "", "last day, inclusive, YYYY-MM-DD (required)")
	f.StringVar(&opts.Dir, "dir", "", "target directory (default data/<dataset>)")
	f.StringSliceVar(&opts.Kinds, "kinds", nil, "gdelt2: export, mentions, gkg (default export); gdelt1: export, backfile (default both)")
	f.StringVar(&opts.BaseURL, "base-url", opts.BaseURL, "GDELT server or mirror; lists and files are read below it")
	f.IntVar(&opts.Jobs, "jobs", opts.Jobs, "parallel downloads")
	f.IntVar(&opts.Attempts, "attempts", opts.Attempts, "tries per file before giving up")
	f.BoolVar(&opts.Ingest, "ingest", false, "ingest each verified file into the store (see --db)")
	f.StringVar(&opts.DB, "db", "", "store for --ingest (default $ENTENTE_DB or "+defaultStore+")")
	return c
}

// isTerminal reports whether w is a character device (a terminal): progress
// bars are drawn there and nowhere else, so logs and pipes stay clean.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// parseDay reads YYYY-MM-DD or YYYYMMDD as a UTC day.
func parseDay(s string) (time.Time, error) {
	for _, layout := range []string{time.DateOnly, "20060102"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date (want YYYY-MM-DD or YYYYMMDD)", s)
}

// fetchOptionsToLib turns flags into fetch.Options, or a usage error.
func fetchOptionsToLib(o fetchOptions) (fetch.Options, error) {
	lib := fetch.DefaultOptions()
	if o.Dataset != fetch.GDELT1 && o.Dataset != fetch.GDELT2 {
		return lib, usagef("unknown dataset %q: use gdelt1 or gdelt2", o.Dataset)
	}
	if o.From == "" || o.To == "" {
		return lib, usagef("--from and --to are required (dates, YYYY-MM-DD)")
	}
	from, err := parseDay(o.From)
	if err != nil {
		return lib, usagef("--from: %v", err)
	}
	to, err := parseDay(o.To)
	if err != nil {
		return lib, usagef("--to: %v", err)
	}
	if to.Before(from) {
		return lib, usagef("--to %s is before --from %s", o.To, o.From)
	}
	if o.Jobs < 1 || o.Attempts < 1 {
		return lib, usagef("--jobs and --attempts must be at least 1")
	}
	kinds := o.Kinds
	valid := map[string]bool{"export": true, "backfile": true}
	if o.Dataset == fetch.GDELT2 {
		valid = map[string]bool{"export": true, "mentions": true, "gkg": true}
		if len(kinds) == 0 {
			kinds = []string{"export"}
		}
	}
	for _, k := range kinds {
		if !valid[k] {
			return lib, usagef("--kinds: %q is not a %s file kind", k, o.Dataset)
		}
	}
	lib.Dataset, lib.From, lib.To, lib.Kinds = o.Dataset, from, to.AddDate(0, 0, 1), kinds
	lib.Dir = o.Dir
	if lib.Dir == "" {
		lib.Dir = filepath.Join("data", o.Dataset)
	}
	lib.BaseURL, lib.Jobs, lib.Attempts = o.BaseURL, o.Jobs, o.Attempts
	return lib, nil
}

func runFetch(ctx context.Context, o fetchOptions, stdout, stderr io.Writer) error {
	opts, err := fetchOptionsToLib(o)
	if err != nil {
		return err
	}
	var st compacter
	if o.Ingest {
		// Each verified file goes through the same pipeline as `entente
		// ingest` (sha256 skip, one transaction per file); fetch calls the
		// hook one file at a time, so one read-write store handle suffices.
		s, err := openStore(storeLocation(o.DB), readWrite)
		if err != nil {
			return err
		}
		defer s.Close()
		st, _ = s.(compacter)
		opts.Ingest = func(ctx context.Context, path string) error {
			inputs, err := events.Inputs([]string{path})
			if err != nil {
				return err
			}
			sum, err := ingest.Run(ctx, s, inputs, ingest.Options{Format: events.FormatAuto, RejectSamples: rejectLines})
			if err != nil {
				return err
			}
			for _, r := range sum.Results {
				if r.Err != nil {
					return r.Err
				}
			}
			return nil
		}
	}
	var bar *progressbar.ProgressBar
	if o.Progress {
		bar = progressbar.NewOptions64(-1,
			progressbar.OptionSetWriter(stderr),
			progressbar.OptionSetDescription("fetch "+o.Dataset),
			progressbar.OptionShowBytes(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		opts.Progress = bar
	}
	rep, runErr := fetch.Run(ctx, opts)
	if bar != nil {
		bar.Finish()
	}
	if rep == nil {
		return fmt.Errorf("fetch %s: %w", o.Dataset, runErr)
	}
	printFetchReport(stdout, opts, rep)
	if st != nil {
		if err := compactIfNeeded(ctx, st, stdout); err != nil {
			return err
		}
	}
	if runErr != nil {
		return runErr
	}
	if n := len(rep.Failed); n > 0 {
		return fmt.Errorf("%d of %d files failed", n, rep.Selected)
	}
	if n := len(rep.IngestErrors); n > 0 {
		return fmt.Errorf("%d files failed to ingest", n)
	}
	return nil
}

func printFetchReport(w io.Writer, opts fetch.Options, rep *fetch.Report) {
	fmt.Fprintf(w, "%s %s..%s (%s) into %s: %d files selected\n", opts.Dataset,
		opts.From.Format(time.DateOnly), opts.To.AddDate(0, 0, -1).Format(time.DateOnly),
		strings.Join(opts.Kinds, ","), opts.Dir, rep.Selected)
	if rep.ListStats.Skipped > 0 {
		fmt.Fprintf(w, "file list: %d lines, %d skipped as malformed or unmatched\n", rep.ListStats.Lines, rep.ListStats.Skipped)
	}
	fmt.Fprintf(w, "downloaded %d (%s), present %d, failed %d", len(rep.Downloaded), humanBytes(rep.Bytes()), len(rep.Present), len(rep.Failed))
	if len(rep.NotAttempted) > 0 {
		fmt.Fprintf(w, ", not attempted %d", len(rep.NotAttempted))
	}
	fmt.Fprintln(w)
	if opts.Ingest != nil {
		fmt.Fprintf(w, "ingested %d, ingest errors %d\n", rep.Ingested, len(rep.IngestErrors))
	}
	for _, r := range rep.Failed {
		fmt.Fprintf(w, "failed %s after %d attempt(s): %v\n", r.File.Name, r.Attempts, r.Err)
	}
	for _, r := range rep.IngestErrors {
		fmt.Fprintf(w, "not ingested %s: %v\n", r.File.Name, r.Err)
	}
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
