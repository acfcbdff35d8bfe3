// Package export writes what a store holds as Hive-partitioned Parquet, so
// that Spark, Trino, BigQuery and DuckDB users can take Entente's cleaned,
// de-duplicated events and its dyad-day cube into their own engines.
//
// # Layout
//
//	OUT/events/year=2019/month=01/part-0.parquet
//	OUT/cube/year=2019/month=01/part-0.parquet
//
// year and month live in the directory names only (Hive convention: Spark's
// and Trino's partition discovery, DuckDB's hive_partitioning=true and
// BigQuery's hive partitioned external tables all read them from the path).
// Files are written with github.com/apache/arrow-go/v18/parquet/pqarrow,
// typed columns (DATE, TIMESTAMP(ms, UTC), INT8/32/64, DOUBLE, STRING) and
// zstd compression. Missing Goldstein, tone, coordinates and DATEADDED are
// Parquet NULLs, as in the stores.
//
// # Reading from any backend
//
// The exporter reads through store.Reader only (Events and CubeCells,
// one month at a time, so memory is bounded by the largest month) and works
// the same on DuckDB and ClickHouse. Each file is written under a temporary
// name and renamed into place, so a reader never sees half a file.
package export
