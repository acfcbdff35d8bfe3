package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"entente/export"
	"entente/store"
)

func init() { subcommands = append(subcommands, newExportCmd) }

// exportOptions receives the flags of `entente export parquet`.
type exportOptions struct {
	DB       string // store location (see storeopen.go)
	From, To string // inclusive days, YYYY-MM-DD; "" for unbounded
	Out      string // output directory
}

func newExportCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "export",
		Short: "Export the store for other engines (Parquet for Spark, Trino, BigQuery, DuckDB)",
	}
	var opts exportOptions
	pq := &cobra.Command{
		Use:   "parquet [--db P] [--from YYYY-MM-DD] [--to YYYY-MM-DD] OUT/",
		Short: "Write events and the dyad-day cube as Hive-partitioned Parquet",
		Long: `Write the store's de-duplicated events and its dyad-day cube under OUT as
Hive-partitioned Parquet (zstd, typed columns):

  OUT/events/year=2019/month=01/part-0.parquet
  OUT/cube/year=2019/month=01/part-0.parquet

Spark (spark.read.parquet("OUT/events")), Trino (a Hive table with
partitioned_by year, month), BigQuery (hive-partitioned external table) and
DuckDB (read_parquet('OUT/events/*/*/*.parquet', hive_partitioning=true))
read them as they are. Works on every store (--db a DuckDB file or
clickhouse://…). --from/--to keep whole days; existing partition files are
replaced.

Exit statuses: 0 written; 1 the store could not be read or a file written;
2 bad usage (bad date, empty store).`,
		Example: `  entente export parquet --db world.duckdb out/
  entente export parquet --db 'clickhouse://ch1:9000/entente?cluster=prod' --from 2022-01-01 out/`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Out = args[0]
			return runExportParquet(cmd.Context(), opts, cmd.OutOrStdout())
		},
	}
	f := pq.Flags()
	f.StringVar(&opts.DB, "db", "", "store location (default $ENTENTE_DB or "+defaultStore+")")
	f.StringVar(&opts.From, "from", "", "first day to export (YYYY-MM-DD)")
	f.StringVar(&opts.To, "to", "", "last day to export (YYYY-MM-DD)")
	c.AddCommand(pq)
	return c
}

func runExportParquet(ctx context.Context, opts exportOptions, stdout io.Writer) (err error) {
	var eo export.Options
	for _, d := range []struct {
		flag, v string
		dst     *time.Time
	}{{"--from", opts.From, &eo.From}, {"--to", opts.To, &eo.To}} {
		if d.v == "" {
			continue
		}
		t, perr := time.Parse("2006-01-02", d.v)
		if perr != nil {
			return usagef("%s %q is not a date: use YYYY-MM-DD", d.flag, d.v)
		}
		*d.dst = t
	}
	if !eo.From.IsZero() && !eo.To.IsZero() && eo.To.Before(eo.From) {
		return usagef("--to %s is before --from %s", opts.To, opts.From)
	}
	if opts.Out == "" {
		return usagef("no output directory: give OUT/")
	}
	st, err := openStore(storeLocation(opts.DB), readOnly)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, st.Close()) }()
	start := time.Now()
	res, err := export.Parquet(ctx, st, opts.Out, eo)
	if errors.Is(err, store.ErrEmpty) {
		return usagef("the store holds no events: nothing to export")
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "exported %d events and %d cube rows in %d months to %s (%d files, %.1f MB) in %s\n",
		res.Events, res.CubeCells, res.Months, opts.Out, res.Files, float64(res.Bytes)/1e6, time.Since(start).Round(time.Millisecond))
	return nil
}
