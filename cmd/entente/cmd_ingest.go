package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"entente/events"
	"entente/ingest"
)

func init() { subcommands = append(subcommands, newIngestCmd) }

// ingestOptions receives the flags of `entente ingest`.
type ingestOptions struct {
	DB      string   // store location (see storeopen.go)
	Format  string   // events format name or "auto"
	Rejects string   // CSV file receiving every rejected row; "" for none
	Paths   []string // files, directories, globs, zip archives
	// Progress, when set, receives a progress bar (the command sets it to
	// stderr when stderr is a terminal).
	Progress io.Writer
}

func newIngestCmd() *cobra.Command {
	var opts ingestOptions
	c := &cobra.Command{
		Use:   "ingest [--db P] [--format F] [--rejects FILE] PATH...",
		Short: "Load GDELT, ICEWS or CSV event files into the store",
		Long: `Load event files into the store (a DuckDB file; --db, else $ENTENTE_DB,
else ./entente.duckdb, created if missing).

PATH may be a file, a directory (every file below it), a glob, a zip archive
(every member) or "archive.zip!member"; gzip files are read as they are.
--format names the layout (auto, gdelt1, gdelt2, gdelt2-mentions, icews, csv);
auto detects each file's layout from its content.

Each file is one transaction: its events, mentions, dyad-day cube rows and
ingest-log record commit together, so an interrupted run (even kill -9)
leaves the store as it was before that file and the next run picks up there.
A file whose sha256 is in the ingest log is skipped. An event whose id
(GLOBALEVENTID, ICEWS Event ID) is already stored for its data set is
skipped and counted as a duplicate. Malformed rows are rejected, counted and
listed (the first few here, all of them with --rejects FILE as CSV:
file,line,column,reason); they never stop a file.

Exit statuses: 0 every file ingested or skipped; 1 a file could not be
read or stored; 2 bad usage, a path that does not exist, or a file in no
known format (e.g. a spreadsheet re-export, which is explained).`,
		Example: `  entente ingest 20191024143000.export.CSV
  entente ingest --db /data/entente.duckdb --rejects rejects.csv gdelt/*.zip
  ENTENTE_DB=world.duckdb entente ingest --format icews events.2018.tab`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if isTerminal(cmd.ErrOrStderr()) {
				opts.Progress = cmd.ErrOrStderr()
			}
			return runIngest(cmd.Context(), opts, cmd.OutOrStdout())
		},
	}
	f := c.Flags()
	f.StringVar(&opts.DB, "db", "", "store location (default $ENTENTE_DB or "+defaultStore+")")
	f.StringVar(&opts.Format, "format", "auto", "input format: "+strings.Join(events.Formats(), ", "))
	f.StringVar(&opts.Rejects, "rejects", "", "write every rejected row to this CSV file")
	return c
}

// rejectLines is how many rejected rows the summary shows.
const rejectLines = 5

func runIngest(ctx context.Context, opts ingestOptions, stdout io.Writer) (err error) {
	if opts.Format == "" {
		opts.Format = events.FormatAuto
	}
	if !slices.Contains(events.Formats(), opts.Format) {
		return usagef("unknown format %q: use one of %s", opts.Format, strings.Join(events.Formats(), ", "))
	}
	if len(opts.Paths) == 0 {
		return usagef("no files to ingest: give at least one PATH")
	}
	inputs, err := events.Inputs(opts.Paths)
	if err != nil {
		return usageError{err}
	}
	if len(inputs) == 0 {
		return usagef("no files found in %s", strings.Join(opts.Paths, " "))
	}
	st, err := openStore(storeLocation(opts.DB), readWrite)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, st.Close()) }()

	iopts := ingest.Options{Format: opts.Format, RejectSamples: rejectLines}
	if opts.Rejects != "" {
		f, err := os.Create(opts.Rejects)
		if err != nil {
			return fmt.Errorf("create rejects file: %w", err)
		}
		rw := ingest.NewRejectWriter(f)
		defer func() { err = errors.Join(err, rw.Flush(), f.Close()) }()
		iopts.Rejects = rw.Write
	}
	var bar *progressbar.ProgressBar
	if opts.Progress != nil {
		var total int64
		for _, in := range inputs {
			total += in.Size
		}
		bar = progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(opts.Progress), progressbar.OptionShowBytes(true),
			progressbar.OptionSetDescription("ingest"), progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(), progressbar.OptionSetWidth(30))
		iopts.Progress = func(done, _ int64) { _ = bar.Set64(done) }
	}
	iopts.OnFile = func(r ingest.FileResult) {
		if bar != nil {
			_ = bar.Clear()
		}
		printFileResult(stdout, r)
	}
	sum, runErr := ingest.Run(ctx, st, inputs, iopts)
	if bar != nil {
		_ = bar.Finish()
	}
	printSummary(stdout, sum)
	if runErr != nil {
		if errors.Is(runErr, events.ErrUnknownFormat) {
			return usageError{runErr}
		}
		return runErr
	}
	return compactIfNeeded(ctx, st, stdout)
}

// compacter is the optional capability of backends whose dyad-day cube is
// kept sorted by pair by an occasional rewrite (store/duckdb).
type compacter interface {
	NeedsCompaction(ctx context.Context) (bool, error)
	Compact(ctx context.Context) error
}

// compactIfNeeded rewrites the cube after an ingest when its unsorted tail
// has grown past the backend's threshold, so dyad queries stay fast.
func compactIfNeeded(ctx context.Context, st any, w io.Writer) error {
	c, ok := st.(compacter)
	if !ok {
		return nil
	}
	need, err := c.NeedsCompaction(ctx)
	if err != nil || !need {
		return err
	}
	start := time.Now()
	if err := c.Compact(ctx); err != nil {
		return err
	}
	fmt.Fprintf(w, "cube compacted and sorted by dyad in %s\n", time.Since(start).Round(time.Millisecond))
	return nil
}

func printFileResult(w io.Writer, r ingest.FileResult) {
	switch {
	case r.Err != nil:
		fmt.Fprintf(w, "failed   %s (rolled back)\n", r.Input)
	case r.Skipped:
		fmt.Fprintf(w, "skipped  %s: already ingested %s as %s (sha256 %.12s)\n", r.Input,
			r.Previous.Started.Format("2006-01-02 15:04"), r.Previous.File, r.SHA256)
	default:
		what := fmt.Sprintf("%d events stored, %d duplicates, %d rejected", r.Stored, r.Duplicates, r.Rejected)
		if r.Mentions > 0 {
			what = fmt.Sprintf("%d mentions stored, %d rejected", r.Mentions, r.Rejected)
		}
		fmt.Fprintf(w, "ingested %s [%s]: %s in %s\n", r.Input, r.Format, what, r.Duration.Round(time.Millisecond))
	}
}

func printSummary(w io.Writer, s ingest.Summary) {
	fmt.Fprintf(w, "\nfiles: %d (%d ingested, %d already ingested, %d failed)\n", s.Files, s.Ingested, s.Skipped, s.Failed)
	fmt.Fprintf(w, "rows read: %d, stored: %d, duplicates skipped: %d, rejected: %d", s.Read+s.Rejected, s.Stored, s.Duplicates, s.Rejected)
	if s.Mentions > 0 {
		fmt.Fprintf(w, ", mentions stored: %d", s.Mentions)
	}
	fmt.Fprintln(w)
	if len(s.RejectSamples) > 0 {
		fmt.Fprintf(w, "first rejected rows:\n")
		for _, r := range s.RejectSamples {
			fmt.Fprintf(w, "  %s\n", r.Error())
		}
	}
}
