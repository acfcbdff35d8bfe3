// Package duckdb is Entente's embedded event store: one DuckDB database file
// (github.com/duckdb/duckdb-go/v2, cgo) behind the interfaces of package
// store. The conformance suite in store/storetest holds it to the same answers
// as every other backend.
//
// # Files and processes
//
// The store is a single file (plus DuckDB's write-ahead log beside it while
// open). DuckDB locks the file: one process may hold it read-write, or any
// number of processes read-only, never both. An ingest therefore opens it
// read-write; a server opens it with Options.ReadOnly and sees new data after
// re-opening once the ingest has finished.
//
// # Schema
//
// events — one row per stored event; (dataset, id) is unique, enforced on
// ingest by an anti-join rather than an index (an ART index on tens of
// millions of ids costs memory and slows appends for no query that needs it):
//
//	dataset VARCHAR, id VARCHAR, day DATE,
//	source_code, source_name, source_country, source_type VARCHAR,
//	target_code, target_name, target_country, target_type VARCHAR,
//	code, base, root VARCHAR, quad TINYINT (0 unknown),
//	goldstein DOUBLE, tone DOUBLE (NULL when the source has none),
//	mentions, sources, articles INTEGER,
//	geo_country VARCHAR, lat, lon DOUBLE (NULL when absent), url VARCHAR,
//	added TIMESTAMP (NULL when unknown), file VARCHAR, line BIGINT
//
// mentions — GDELT 2.0 mention rows, keyed by the event's id:
//
//	dataset, event_id VARCHAR, event_time, mention_time TIMESTAMP,
//	mention_type INTEGER, source_name, identifier VARCHAR,
//	sentence_id, actor1_offset, actor2_offset, action_offset INTEGER,
//	in_raw_text BOOLEAN, confidence, doc_len INTEGER, doc_tone DOUBLE,
//	doc_translation, extras, file VARCHAR, line BIGINT
//
// cube — the dyad-day cube of package store, as partial aggregates: each
// ingest chunk adds one row per key it touched, and queries sum rows per
// key. Appending partial rows instead of upserting avoids a unique index on
// the cube and keeps the per-file work proportional to the file:
//
//	dataset VARCHAR, day DATE, source, target, code, root VARCHAR, quad TINYINT,
//	events BIGINT, goldstein DOUBLE, tone DOUBLE, tone_n BIGINT,
//	mentions BIGINT, goldstein_mentions DOUBLE
//
// ingest_log — one row per ingested file, written in the file's transaction:
//
//	sha256 VARCHAR PRIMARY KEY, file VARCHAR, size BIGINT, format, dataset VARCHAR,
//	stored, rejected, duplicates, mentions BIGINT,
//	started TIMESTAMP, duration_ms BIGINT
//
// meta — key/value pairs; "schema_version" guards against opening a file
// written by an incompatible Entente.
//
// # Ingest
//
// A Tx is one DuckDB transaction on one connection. Every appended event is
// sorted, in Go, into one of three kinds (dedupe.go):
//
//  1. a repeat of an id the Tx has already seen for its data set: counted as
//     a duplicate and dropped (the first occurrence wins);
//  2. certainly new, because its id lies outside [min, max] of the ids
//     stored for its data set before the Tx (byte-wise bounds, read once per
//     Tx and data set): streamed into events by one INSERT ... SELECT over a
//     parallel Go table function (stream.go), so that DuckDB's threads copy
//     the values and write and compress the row groups, and added to a Go
//     hash table of cube keys (cube.go) written to cube as partial rows at
//     Commit (or when it grows past a million keys);
//  3. possibly stored: appended through DuckDB's Appender into a temporary
//     staging table, and every Options.ChunkRows rows (and at Commit) merged
//     by SQL: rows already in events are deleted from staging (duplicates),
//     the rest inserted into events, their GROUP BY per cube key into cube,
//     and staging emptied.
//
// GDELT ids grow with time, so a new export is all kind 2 and never pays for
// the anti-join against stored events; re-ingesting overlapping data takes
// the exact SQL path. Both paths write the same partial cube rows, which
// queries sum per key. Commit writes the ingest_log row and commits; a crash
// before that leaves nothing behind, as DuckDB discards uncommitted
// transactions (including the streamed rows) on recovery.
//
// # Ingest performance
//
// Measured with bench/ingest (a GDELT 2.0 file resampled from real rows,
// `entente ingest` against DuckDB's own CREATE TABLE AS SELECT * FROM
// read_csv on the same file); see the README for the figures. What mattered,
// in order: the SQL anti-join of every staged chunk against all stored
// events (quadratic in the store's size; now only for ids within the stored
// bounds), the single-threaded Appender (value boxing, one cgo call per
// string, and row-group compression on the appending goroutine when the
// target is a persistent table; now DuckDB's threads do all three), and the
// staging round trip (rows written to a temporary table and read back).
package duckdb
