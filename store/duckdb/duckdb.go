package duckdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"sync"

	_ "github.com/duckdb/duckdb-go/v2" // registers the "duckdb" database/sql driver

	"entente/store"
)

// Options configure Open. The zero value is usable: read-write, DuckDB's
// default threads, the default memory limit and chunk size.
type Options struct {
	// ReadOnly opens the file read-only, so several processes (a server and
	// its workers) may read it at once. The file must exist.
	ReadOnly bool
	// Threads caps DuckDB's worker threads; 0 means one per core.
	Threads int
	// MemoryLimit caps DuckDB's buffer pool, in DuckDB's syntax ("512MB");
	// empty means DefaultOptions().MemoryLimit. DuckDB spills to a temporary
	// directory beside the file beyond it, so a large ingest stays bounded.
	MemoryLimit string
	// ChunkRows is how many staged events a Tx merges at a time; 0 means
	// DefaultOptions().ChunkRows. Larger chunks amortise the per-merge scan of
	// existing ids; smaller ones bound the staging table's memory.
	ChunkRows int
}

// DefaultOptions returns the defaults Open starts from.
func DefaultOptions() Options {
	return Options{MemoryLimit: "384MB", ChunkRows: 1 << 18}
}

// Store is a DuckDB-backed store.Store. Its query methods are safe for
// concurrent use; Begin serialises writers, one Tx at a time.
type Store struct {
	db   *sql.DB
	path string
	opts Options

	writeMu sync.Mutex // held from Begin until Commit or Rollback
	streams sync.Map   // token → *eventStream of a running Tx (stream.go)
}

var _ store.Store = (*Store)(nil)

// Open opens (creating unless read-only) the store file at path.
func Open(path string, opts Options) (*Store, error) {
	def := DefaultOptions()
	if opts.MemoryLimit == "" {
		opts.MemoryLimit = def.MemoryLimit
	}
	if opts.ChunkRows <= 0 {
		opts.ChunkRows = def.ChunkRows
	}
	if path == "" {
		return nil, errors.New("open store: empty path")
	}
	if opts.ReadOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("open store read-only: %w", err)
		}
	}
	q := url.Values{}
	if opts.ReadOnly {
		q.Set("access_mode", "read_only")
	}
	if opts.Threads > 0 {
		q.Set("threads", strconv.Itoa(opts.Threads))
	}
	q.Set("memory_limit", opts.MemoryLimit)
	db, err := sql.Open("duckdb", path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	ctx := context.Background()
	if err := db.PingContext(ctx); err != nil {
		return nil, errors.Join(fmt.Errorf("open store %s: %w", path, err), db.Close())
	}
	if !opts.ReadOnly {
		if err := migrate(ctx, db); err != nil {
			return nil, errors.Join(fmt.Errorf("open store %s: %w", path, err), db.Close())
		}
	} else if err := checkVersion(ctx, db); err != nil {
		return nil, errors.Join(fmt.Errorf("open store %s: %w", path, err), db.Close())
	}
	s := &Store{db: db, path: path, opts: opts}
	if !opts.ReadOnly {
		if err := s.registerStream(ctx); err != nil {
			return nil, errors.Join(fmt.Errorf("open store %s: register %s: %w", path, streamFunc, err), db.Close())
		}
	}
	return s, nil
}

func checkVersion(ctx context.Context, db *sql.DB) error {
	var v string
	if err := db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'schema_version'`).Scan(&v); err != nil {
		return fmt.Errorf("not an entente store (no schema version): %w", err)
	}
	if v != schemaVersion {
		return fmt.Errorf("store schema version %s, this entente reads version %s", v, schemaVersion)
	}
	return nil
}

// Path returns the file the store was opened from.
func (s *Store) Path() string { return s.path }

// DB exposes the database handle for benchmarks and diagnostics. Callers must
// not write through it.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the database; it checkpoints the write-ahead log into the file.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close store %s: %w", s.path, err)
	}
	return nil
}
