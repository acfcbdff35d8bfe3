// Package clickhouse_test benchmarks the ClickHouse backend against its
// peers in the same run: ingest into the two-shard loopback cluster against
// clickhouse-client inserting the same file as TabSeparated, and dyad
// month-series latency on ClickHouse against DuckDB on the same data.
//
//	bash ci/clickhouse/start.sh
//	export ENTENTE_TEST_CLICKHOUSE='clickhouse://127.0.0.1:9101/entente_test?cluster=entente'
//	go test -run - -bench . -benchtime 5x ./bench/clickhouse/
//
// Data: real GDELT 2.0 and ICEWS files from /work/shared/data (SOURCES.md).
package clickhouse_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"entente/events"
	"entente/ingest"
	"entente/internal/shareddata"
	"entente/store"
	"entente/store/clickhouse"
	"entente/store/duckdb"
)

const gdelt2File = "gdelt2/arekziobrowski-gdelt-big-data/20191024143000.export.CSV"

var seriesFiles = []string{
	gdelt2File,
	"gdelt2/narayave-Insight-GDELT-Feed/events.csv",
	"gdelt2/narayave-Insight-GDELT-Feed/20190121220000.export.CSV.zip",
	"icews/andybega-icews/events.2018.sample.tab",
	"gdelt1/reed9999-gdelt-demo/events.csv",
}

func chOptions(b *testing.B, db string) clickhouse.Options {
	loc := os.Getenv("ENTENTE_TEST_CLICKHOUSE")
	if loc == "" {
		b.Skip("ENTENTE_TEST_CLICKHOUSE is not set: skipping ClickHouse benchmarks (bash ci/clickhouse/start.sh)")
	}
	o, err := clickhouse.ParseLocation(loc)
	if err != nil {
		b.Fatal(err)
	}
	o.Database = db
	return o
}

func dropDB(b *testing.B, s *clickhouse.Store, db string) {
	for _, addr := range s.Shards() {
		port := addr[len(addr)-4:]
		if out, err := exec.Command("clickhouse-client", "--host", "127.0.0.1", "--port", port, "--query", "DROP DATABASE IF EXISTS "+db).CombinedOutput(); err != nil {
			b.Logf("drop %s on %s: %v %s", db, addr, err, out)
		}
	}
}

func BenchmarkIngest(b *testing.B) {
	path := shareddata.Path(b, gdelt2File)
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.Run("entente-2shard", func(b *testing.B) {
		b.SetBytes(st.Size())
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			db := fmt.Sprintf("bench_ingest_%d", i)
			s, err := clickhouse.Open(ctx, chOptions(b, db))
			if err != nil {
				b.Fatal(err)
			}
			ins, _ := events.Inputs([]string{path})
			b.StartTimer()
			sum, err := ingest.Run(ctx, s, ins, ingest.Options{})
			b.StopTimer()
			if err != nil || sum.Stored != 2111 {
				b.Fatalf("stored %d, %v; want 2111", sum.Stored, err)
			}
			dropDB(b, s, db)
			s.Close()
		}
	})
	b.Run("clickhouse-client-tsv-2shard", func(b *testing.B) {
		b.SetBytes(st.Size())
		opts := chOptions(b, "bench_raw")
		port := opts.Addr[len(opts.Addr)-4:]
		cols := ""
		for c := 1; c <= 61; c++ {
			if c > 1 {
				cols += ", "
			}
			cols += fmt.Sprintf("c%d String", c)
		}
		q := func(sql string) {
			if out, err := exec.Command("clickhouse-client", "--port", port, "--query", sql).CombinedOutput(); err != nil {
				b.Fatalf("%s: %v %s", sql, err, out)
			}
		}
		for _, p := range []string{"9101", "9102"} {
			for _, sql := range []string{"CREATE DATABASE IF NOT EXISTS bench_raw",
				"CREATE TABLE IF NOT EXISTS bench_raw.raw_local (" + cols + ") ENGINE = MergeTree ORDER BY tuple()"} {
				if out, err := exec.Command("clickhouse-client", "--port", p, "--query", sql).CombinedOutput(); err != nil {
					b.Fatalf("%s: %v %s", sql, err, out)
				}
			}
		}
		q("CREATE TABLE IF NOT EXISTS bench_raw.raw AS bench_raw.raw_local ENGINE = Distributed(" + opts.Cluster + ", bench_raw, raw_local, rand())")
		for i := 0; i < b.N; i++ {
			f, err := os.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			cmd := exec.Command("clickhouse-client", "--port", port, "--insert_distributed_sync=1",
				"--query", "INSERT INTO bench_raw.raw FORMAT TabSeparated")
			cmd.Stdin = f
			out, err := cmd.CombinedOutput()
			f.Close()
			if err != nil {
				b.Fatalf("clickhouse-client: %v %s", err, out)
			}
		}
		b.StopTimer()
		for _, p := range []string{"9101", "9102"} {
			_ = exec.Command("clickhouse-client", "--port", p, "--query", "DROP DATABASE IF EXISTS bench_raw").Run()
		}
	})
}

// BenchmarkDyadMonthSeries: the RUS–CHN–USA month series (both directions
// of each dyad) the relations package asks for, on the same five real files
// in ClickHouse (2 shards) and DuckDB.
func BenchmarkDyadMonthSeries(b *testing.B) {
	ctx := context.Background()
	var paths []string
	for _, f := range seriesFiles {
		paths = append(paths, shareddata.Path(b, f))
	}
	ins, err := events.Inputs(paths)
	if err != nil {
		b.Fatal(err)
	}
	q := store.CubeQuery{By: store.Month, Pairs: []store.Pair{
		{Source: "RUS", Target: "CHN"}, {Source: "CHN", Target: "RUS"},
		{Source: "RUS", Target: "USA"}, {Source: "USA", Target: "RUS"},
		{Source: "CHN", Target: "USA"}, {Source: "USA", Target: "CHN"}}}
	run := func(b *testing.B, s store.Store) {
		if _, err := ingest.Run(ctx, s, ins, ingest.Options{}); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		var cells int
		for i := 0; i < b.N; i++ {
			c, err := s.CubeCells(ctx, q)
			if err != nil {
				b.Fatal(err)
			}
			cells = len(c)
		}
		b.ReportMetric(float64(cells), "cells")
	}
	b.Run("clickhouse-2shard", func(b *testing.B) {
		s, err := clickhouse.Open(ctx, chOptions(b, "bench_series"))
		if err != nil {
			b.Fatal(err)
		}
		defer func() { dropDB(b, s, "bench_series"); s.Close() }()
		run(b, s)
	})
	b.Run("duckdb", func(b *testing.B) {
		s, err := duckdb.Open(filepath.Join(b.TempDir(), "s.duckdb"), duckdb.Options{Threads: 2})
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		run(b, s)
	})
}
