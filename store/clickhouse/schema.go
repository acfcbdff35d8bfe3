package clickhouse

import (
	"context"
	"errors"
	"fmt"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// schemaVersion is bumped whenever a table changes incompatibly.
const schemaVersion = "1"

// tables holds the fully qualified names queries and inserts use: the
// Distributed tables on a cluster, the local tables on one server.
type tables struct {
	db                               string
	events, ids, cube, mentions, log string
	meta                             string // always local: every shard has its own copy
}

func newTables(db string, cluster bool) tables {
	suffix := "_local"
	if cluster {
		suffix = ""
	}
	q := func(name string) string { return "`" + db + "`.`" + name + "`" }
	return tables{
		db:       db,
		events:   q("events" + suffix),
		ids:      q("event_ids" + suffix),
		cube:     q("cube" + suffix),
		mentions: q("mentions" + suffix),
		log:      q("ingest_log" + suffix),
		meta:     q("meta_local"),
	}
}

// Column lists in insert order; PrepareBatch needs them spelled out (a bare
// INSERT INTO t fails on 18.16 with "expected 0 arguments").
const (
	eventInsertCols = `dataset, id, day, source_code, source_name, source_country, source_type,
		target_code, target_name, target_country, target_type, code, base, root, quad,
		goldstein, tone, mentions, sources, articles, geo_country, lat, lon, url, added, file, line, batch`
	idInsertCols      = `dataset, id, batch`
	cubeInsertCols    = `dataset, day, source, target, code, root, quad, batch, events, goldstein, tone, tone_n, mentions, goldstein_mentions`
	mentionInsertCols = `dataset, event_id, event_time, mention_time, mention_type, source_name, identifier,
		sentence_id, actor1_offset, actor2_offset, action_offset, in_raw_text, confidence, doc_len, doc_tone,
		doc_translation, extras, file, line, batch`
	logInsertCols = `sha256, batch, file, size, format, dataset, stored, rejected, duplicates, mentions, started_ms, duration_ms`
)

// localDDL creates one shard's tables; %[1]s is the database. Every data
// row carries the batch (one Tx) that wrote it: see the package comment.
var localDDL = []string{
	"CREATE DATABASE IF NOT EXISTS `%[1]s`",
	"CREATE TABLE IF NOT EXISTS `%[1]s`.events_local (" + `
		dataset String, id String, day Date,
		source_code String, source_name String, source_country String, source_type String,
		target_code String, target_name String, target_country String, target_type String,
		code String, base String, root String, quad Int8,
		goldstein Nullable(Float64), tone Nullable(Float64),
		mentions Int32, sources Int32, articles Int32,
		geo_country String, lat Nullable(Float64), lon Nullable(Float64), url String,
		added Nullable(DateTime('UTC')), file String, line Int64, batch UInt64
	) ENGINE = MergeTree PARTITION BY toYYYYMM(day)
	  ORDER BY (dataset, source_country, target_country, day)`,
	"CREATE TABLE IF NOT EXISTS `%[1]s`.event_ids_local (" + `
		dataset String, id String, batch UInt64
	) ENGINE = MergeTree ORDER BY (dataset, id)`,
	"CREATE TABLE IF NOT EXISTS `%[1]s`.cube_local (" + `
		dataset String, day Date, source String, target String, code String, root String, quad Int8,
		batch UInt64, events Int64, goldstein Float64, tone Float64, tone_n Int64,
		mentions Int64, goldstein_mentions Float64
	) ENGINE = SummingMergeTree((events, goldstein, tone, tone_n, mentions, goldstein_mentions))
	  PARTITION BY toYYYYMM(day)
	  ORDER BY (dataset, source, target, day, code, quad, root, batch)`,
	"CREATE TABLE IF NOT EXISTS `%[1]s`.mentions_local (" + `
		dataset String, event_id String,
		event_time Nullable(DateTime('UTC')), mention_time Nullable(DateTime('UTC')),
		mention_type Int32, source_name String, identifier String,
		sentence_id Int32, actor1_offset Int32, actor2_offset Int32, action_offset Int32,
		in_raw_text UInt8, confidence Int32, doc_len Int32, doc_tone Nullable(Float64),
		doc_translation String, extras String, file String, line Int64, batch UInt64
	) ENGINE = MergeTree ORDER BY (dataset, event_id)`,
	"CREATE TABLE IF NOT EXISTS `%[1]s`.ingest_log_local (" + `
		sha256 String, batch UInt64, file String, size Int64, format String, dataset String,
		stored Int64, rejected Int64, duplicates Int64, mentions Int64,
		started_ms Int64, duration_ms Int64
	) ENGINE = MergeTree ORDER BY (sha256, batch)`,
	"CREATE TABLE IF NOT EXISTS `%[1]s`.meta_local (key String, value String) ENGINE = TinyLog",
}

// distributedDDL creates the cluster-wide tables over the local ones;
// %[1]s is the database, %[2]s the cluster. Events and their ids share the
// sharding key, so an event and its id row live on the same shard.
var distributedDDL = []string{
	"CREATE TABLE IF NOT EXISTS `%[1]s`.events AS `%[1]s`.events_local ENGINE = Distributed(%[2]s, %[1]s, events_local, cityHash64(dataset, id))",
	"CREATE TABLE IF NOT EXISTS `%[1]s`.event_ids AS `%[1]s`.event_ids_local ENGINE = Distributed(%[2]s, %[1]s, event_ids_local, cityHash64(dataset, id))",
	"CREATE TABLE IF NOT EXISTS `%[1]s`.cube AS `%[1]s`.cube_local ENGINE = Distributed(%[2]s, %[1]s, cube_local, cityHash64(source, target))",
	"CREATE TABLE IF NOT EXISTS `%[1]s`.mentions AS `%[1]s`.mentions_local ENGINE = Distributed(%[2]s, %[1]s, mentions_local, cityHash64(dataset, event_id))",
	"CREATE TABLE IF NOT EXISTS `%[1]s`.ingest_log AS `%[1]s`.ingest_log_local ENGINE = Distributed(%[2]s, %[1]s, ingest_log_local, cityHash64(sha256))",
}

// migrate creates what is missing on every shard (ClickHouse 18.16 has no
// ON CLUSTER without ZooKeeper, so each shard is told directly) and checks
// or records the schema version.
func (s *Store) migrate(ctx context.Context) error {
	for _, sh := range s.shards {
		stmts := localDDL
		if s.opts.Cluster != "" {
			stmts = append(append([]string(nil), localDDL...), distributedDDL...)
		}
		for _, q := range stmts {
			if err := sh.conn.Exec(ctx, fmt.Sprintf(q, s.opts.Database, s.opts.Cluster)); err != nil {
				return fmt.Errorf("create schema on %s: %w", sh.addr, describe(sh.addr, s.opts, err))
			}
		}
		v, err := s.version(ctx, sh)
		if err != nil {
			return err
		}
		switch v {
		case "":
			// Through a batch: Exec of INSERT … VALUES waits forever for a
			// data block on 18.16.
			if err := insertRow(ctx, sh.conn, "INSERT INTO "+s.t.meta+" (key, value)", "schema_version", schemaVersion); err != nil {
				return fmt.Errorf("record schema version on %s: %w", sh.addr, err)
			}
		case schemaVersion:
		default:
			return fmt.Errorf("store %s on %s has schema version %s, this entente reads version %s", s.opts.Database, sh.addr, v, schemaVersion)
		}
	}
	return nil
}

// checkSchema verifies, without writing, that every shard holds the store.
func (s *Store) checkSchema(ctx context.Context) error {
	for _, sh := range s.shards {
		var n uint64
		if err := sh.conn.QueryRow(ctx, `SELECT count() FROM system.databases WHERE name = ?`, s.opts.Database).Scan(&n); err != nil {
			return fmt.Errorf("check database on %s: %w", sh.addr, describe(sh.addr, s.opts, err))
		}
		if n == 0 {
			return fmt.Errorf("ClickHouse at %s has no database %q: check the location, or run 'entente ingest' to create it", sh.addr, s.opts.Database)
		}
		v, err := s.version(ctx, sh)
		if err != nil {
			return err
		}
		if v != schemaVersion {
			return fmt.Errorf("database %s on %s is not an entente store of schema version %s (found %q)", s.opts.Database, sh.addr, schemaVersion, v)
		}
	}
	return nil
}

func (s *Store) version(ctx context.Context, sh shard) (string, error) {
	var n uint64
	err := sh.conn.QueryRow(ctx, `SELECT count() FROM system.tables WHERE database = ? AND name = 'meta_local'`, s.opts.Database).Scan(&n)
	if err != nil {
		return "", fmt.Errorf("read schema version on %s: %w", sh.addr, err)
	}
	if n == 0 {
		return "", nil
	}
	rows, err := sh.conn.Query(ctx, "SELECT value FROM "+s.t.meta+" WHERE key = 'schema_version'")
	if err != nil {
		return "", fmt.Errorf("read schema version on %s: %w", sh.addr, err)
	}
	defer rows.Close()
	var v string
	for rows.Next() {
		if err := rows.Scan(&v); err != nil {
			return "", fmt.Errorf("read schema version on %s: %w", sh.addr, err)
		}
	}
	return v, rows.Err()
}

// insertRow inserts one row with a batch; query must list its columns.
func insertRow(ctx context.Context, conn driver.Conn, query string, values ...any) error {
	b, err := conn.PrepareBatch(ctx, query)
	if err != nil {
		return err
	}
	if err := b.Append(values...); err != nil {
		return errors.Join(err, b.Abort())
	}
	return b.Send()
}
