package duckdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// schemaVersion is bumped whenever a table changes incompatibly.
const schemaVersion = "1"

// eventColumns lists the events table's columns in appender order; the
// staging table has the same layout.
const eventColumns = `
	dataset VARCHAR NOT NULL,
	id VARCHAR NOT NULL,
	day DATE NOT NULL,
	source_code VARCHAR, source_name VARCHAR, source_country VARCHAR, source_type VARCHAR,
	target_code VARCHAR, target_name VARCHAR, target_country VARCHAR, target_type VARCHAR,
	code VARCHAR, base VARCHAR, root VARCHAR, quad TINYINT,
	goldstein DOUBLE, tone DOUBLE,
	mentions INTEGER, sources INTEGER, articles INTEGER,
	geo_country VARCHAR, lat DOUBLE, lon DOUBLE, url VARCHAR,
	added TIMESTAMP, file VARCHAR, line BIGINT`

const mentionColumns = `
	dataset VARCHAR NOT NULL,
	event_id VARCHAR NOT NULL,
	event_time TIMESTAMP, mention_time TIMESTAMP,
	mention_type INTEGER, source_name VARCHAR, identifier VARCHAR,
	sentence_id INTEGER, actor1_offset INTEGER, actor2_offset INTEGER, action_offset INTEGER,
	in_raw_text BOOLEAN, confidence INTEGER, doc_len INTEGER, doc_tone DOUBLE,
	doc_translation VARCHAR, extras VARCHAR, file VARCHAR, line BIGINT`

var schemaDDL = []string{
	`CREATE TABLE IF NOT EXISTS events (` + eventColumns + `)`,
	`CREATE TABLE IF NOT EXISTS mentions (` + mentionColumns + `)`,
	`CREATE TABLE IF NOT EXISTS cube (
		dataset VARCHAR NOT NULL, day DATE NOT NULL,
		source VARCHAR NOT NULL, target VARCHAR NOT NULL,
		code VARCHAR NOT NULL, root VARCHAR NOT NULL, quad TINYINT NOT NULL,
		events BIGINT NOT NULL, goldstein DOUBLE NOT NULL,
		tone DOUBLE NOT NULL, tone_n BIGINT NOT NULL,
		mentions BIGINT NOT NULL, goldstein_mentions DOUBLE NOT NULL)`,
	`CREATE TABLE IF NOT EXISTS ingest_log (
		sha256 VARCHAR PRIMARY KEY, file VARCHAR NOT NULL, size BIGINT NOT NULL,
		format VARCHAR NOT NULL, dataset VARCHAR NOT NULL,
		stored BIGINT NOT NULL, rejected BIGINT NOT NULL, duplicates BIGINT NOT NULL,
		mentions BIGINT NOT NULL, started TIMESTAMP NOT NULL, duration_ms BIGINT NOT NULL)`,
	`CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)`,
}

// migrate creates missing tables and checks the schema version of an
// existing file.
func migrate(ctx context.Context, db *sql.DB) error {
	var v string
	err := db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'schema_version'`).Scan(&v)
	switch {
	case err == nil:
		if v != schemaVersion {
			return fmt.Errorf("store schema version %s, this entente reads version %s", v, schemaVersion)
		}
		return nil
	case errors.Is(err, sql.ErrNoRows):
		// meta exists but is empty: fall through and create.
	default:
		// meta does not exist yet: a new file.
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin schema creation: %w", err)
	}
	for _, q := range schemaDDL {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return errors.Join(fmt.Errorf("create schema: %w", err), tx.Rollback())
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)`, schemaVersion); err != nil {
		return errors.Join(fmt.Errorf("record schema version: %w", err), tx.Rollback())
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit schema: %w", err)
	}
	return nil
}
