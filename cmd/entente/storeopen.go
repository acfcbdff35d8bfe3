package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"entente/store"
	"entente/store/clickhouse"
	"entente/store/duckdb"
)

// This file is the one visible list mapping a store location to its backend
// (as restic's backend/all does). A location comes from --db, else
// $ENTENTE_DB, else defaultStore:
//
//	path/to/file.duckdb, duckdb:path   the embedded DuckDB store (store/duckdb)
//	clickhouse://host:port/db?cluster=NAME  a ClickHouse server or cluster (store/clickhouse)

// defaultStore is the store used when neither --db nor $ENTENTE_DB is set.
const defaultStore = "./entente.duckdb"

// storeLocation picks the location: the flag, else the environment, else
// the default.
func storeLocation(flag string) string {
	if flag != "" {
		return flag
	}
	if env := os.Getenv("ENTENTE_DB"); env != "" {
		return env
	}
	return defaultStore
}

// lockWait is how long a writer waits for another process to let go of a
// DuckDB file.
const lockWait = 15 * time.Second

// storeMode says how a command uses the store.
type storeMode int

const (
	readWrite storeMode = iota // ingest: create if missing
	readOnly                   // queries: the store must exist
)

// openStore opens the backend named by loc.
func openStore(loc string, mode storeMode) (store.Store, error) {
	switch {
	case strings.HasPrefix(loc, "clickhouse://"):
		opts, err := clickhouse.ParseLocation(loc)
		if err != nil {
			return nil, usageError{err}
		}
		opts.ReadOnly = mode == readOnly
		return clickhouse.Open(context.Background(), opts) // errors are one sentence naming the server
	case strings.HasPrefix(loc, "duckdb:"):
		loc = strings.TrimPrefix(loc, "duckdb:")
	case strings.Contains(loc, "://"):
		return nil, usagef("store %s: unknown store kind; use a DuckDB file path (or duckdb:PATH)", loc)
	}
	if mode == readOnly {
		if _, err := os.Stat(loc); errors.Is(err, fs.ErrNotExist) {
			return nil, usagef("no store at %s: run 'entente ingest --db %s FILE...' first, or point --db or $ENTENTE_DB at one", loc, loc)
		}
	}
	s, err := duckdb.Open(loc, duckdb.Options{ReadOnly: mode == readOnly})
	// DuckDB lets one process write, and only while no other process has
	// the file open. `entente serve` holds it read-only for short bursts
	// (--linger), so a writer waits for a gap instead of failing at once.
	for deadline := time.Now().Add(lockWait); err != nil && mode == readWrite && isLockConflict(err) && time.Now().Before(deadline); {
		time.Sleep(200 * time.Millisecond)
		s, err = duckdb.Open(loc, duckdb.Options{})
	}
	if err != nil {
		if mode == readWrite && isLockConflict(err) {
			return nil, fmt.Errorf("store %s is in use by another process (an 'entente serve' or another ingest) and stayed busy for %s: stop it or retry (%w)", loc, lockWait, err)
		}
		return nil, err // duckdb.Open names the file
	}
	return s, nil
}
