// Package clickhouse is Entente's scale-out event store: a ClickHouse
// server or cluster (github.com/ClickHouse/clickhouse-go/v2, native
// protocol) behind the interfaces of package store. The conformance suite in
// store/storetest holds it to the same answers as the DuckDB backend.
//
// # Servers
//
// ClickHouse 18.16 (what Debian ships) and newer servers. The client's HTTP
// mode fails on 18.16 ("Unknown setting client_protocol_version"), so only
// the native port is used. Batches name their columns (a bare INSERT INTO t
// fails on 18.16 with "expected 0 arguments"), and single rows are inserted
// through batches too, because Exec of INSERT … VALUES waits for a data
// block forever on 18.16.
//
// # Layout
//
// With a cluster (location parameter cluster=NAME, a remote_servers entry
// of the entry server) each shard holds local tables and a Distributed table
// over them; reads and inserts go through the entry server's Distributed
// tables. 18.16 has no ON CLUSTER DDL without ZooKeeper, so Open reads the
// shards from system.clusters and creates the tables on each directly.
// Without a cluster the local tables are used directly.
//
//	events_local      MergeTree, PARTITION BY toYYYYMM(day),
//	                  ORDER BY (dataset, source_country, target_country, day):
//	                  dyad and window queries read a few granules per month.
//	event_ids_local   MergeTree ORDER BY (dataset, id): the de-duplication index.
//	cube_local        SummingMergeTree over (events, goldstein, tone, tone_n,
//	                  mentions, goldstein_mentions), PARTITION BY month,
//	                  ORDER BY (dataset, source, target, day, code, quad, root, batch).
//	mentions_local    MergeTree ORDER BY (dataset, event_id).
//	ingest_log_local  MergeTree ORDER BY (sha256, batch).
//	meta_local        TinyLog; schema_version, on every shard.
//
// Events and event ids share the sharding key cityHash64(dataset, id), so an
// event and its id row are on the same shard; the cube is sharded by dyad.
// Column types follow the DuckDB backend (Nullable(Float64) for missing
// Goldstein, tone and coordinates; Nullable(DateTime('UTC')) for DATEADDED);
// every data row also carries the batch (UInt64) of the Tx that wrote it.
//
// # Atomic visibility per file
//
// ClickHouse has no transactions across tables or shards: an insert into a
// Distributed table with insert_distributed_sync=1 either succeeds on every
// shard or fails, but a shard that took its part keeps it. A Tx therefore
// draws a random batch id, writes every row under it, and commits by
// inserting one ingest_log row naming the batch: a one-row insert is atomic
// in ClickHouse, so it is the commit point. Every query keeps only rows whose
// batch is in the ingest log
//
//	batch GLOBAL IN (SELECT batch FROM ingest_log)
//
// (GLOBAL: the set is computed once on the entry server and shipped to the
// shards). A Tx that fails — a shard stopped mid-file, a crash, Rollback —
// leaves rows no query sees; Rollback also issues ALTER TABLE … DELETE WHERE
// batch = … on every shard it can reach (an asynchronous mutation on 18.16),
// and Vacuum removes what is left after shards come back. Re-running the same
// file then stores exactly its rows: the failed batch neither counts as
// stored nor as duplicates.
//
// The cost: the committed-batch set grows with the ingest log (8 bytes per
// file; 350 000 GDELT 2.0 15-minute files are 2.8 MB per query), and the cube
// key includes the batch, so SummingMergeTree folds rows within a file but
// not across files. Queries never depend on merges: CubeCells sums every row
// of a key with GROUP BY, whether merges have happened or not.
//
// # De-duplication
//
// Events are unique by (dataset, id); the first stored copy wins. A Tx
// buffers Options.ChunkRows events, drops repeats within the Tx (a map of the
// ids it has seen), then looks the rest up in event_ids with the chunk's ids
// sent as an external table, keeping only ids of committed batches, and
// inserts what is new into events, event_ids and (aggregated per key in Go)
// the cube. Duplicates never reach the cube, so counts are exact before any
// merge, with no FINAL and no ReplacingMergeTree.
//
// The look-up cannot see another process's uncommitted batch: two processes
// ingesting overlapping files at the same time could both store an id. Run
// one ingest per store at a time, as with the DuckDB file (which enforces it
// with a lock); Begin serialises writers within one process.
//
// # Failures
//
// Open reports an unreachable server (bounded by Options.DialTimeout),
// rejected credentials, an unknown database (read-only) or cluster in one
// sentence. When a cluster-wide statement fails, the error names every shard
// that no longer answers a ping ("shard 2 of cluster entente
// (127.0.0.1:9102) is down"), so entente ingest says which one to restart.
package clickhouse
