package clickhouse

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	ch "github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"entente/store"
)

// Options configure Open. Start from DefaultOptions (or ParseLocation).
type Options struct {
	Addr     string // HOST:PORT of the entry server, native protocol
	Database string // created on first use unless ReadOnly
	// Cluster names a remote_servers entry of the entry server; empty means
	// one server with plain MergeTree tables.
	Cluster        string
	User, Password string // empty User means "default"
	// DialTimeout bounds each connection attempt, so an unreachable server
	// is reported within it instead of hanging.
	DialTimeout time.Duration
	// QueryTimeout bounds each query and insert (the client's read timeout).
	QueryTimeout time.Duration
	// ReadOnly opens an existing store without creating anything.
	ReadOnly bool
	// ChunkRows is how many events a Tx buffers before it de-duplicates and
	// inserts them; it bounds the Tx's memory and the size of one insert.
	ChunkRows int
}

// DefaultOptions returns the defaults Open starts from.
func DefaultOptions() Options {
	return Options{
		Addr:         "127.0.0.1:9000",
		Database:     "entente",
		DialTimeout:  5 * time.Second,
		QueryTimeout: 10 * time.Minute,
		ChunkRows:    200_000,
	}
}

// shard is one server of the cluster, reached directly for DDL, rollback
// clean-up and diagnosis.
type shard struct {
	num  int
	addr string
	conn driver.Conn
}

// Store is a ClickHouse-backed store.Store. Its query methods are safe for
// concurrent use; Begin serialises the writers of one Store. Writers in
// different processes must not run at once (see the package comment).
type Store struct {
	opts   Options
	conn   driver.Conn // entry server; reads and inserts go through it
	shards []shard     // every server holding local tables (one without a cluster)
	t      tables

	writeMu sync.Mutex
}

var _ store.Store = (*Store)(nil)

// Open connects to the entry server, finds the cluster's shards and, unless
// opts.ReadOnly, creates the database and tables missing on each shard.
// Errors are one sentence naming the server: unreachable, rejected
// credentials, unknown database or cluster.
func Open(ctx context.Context, opts Options) (*Store, error) {
	def := DefaultOptions()
	if opts.Addr == "" {
		opts.Addr = def.Addr
	}
	if opts.Database == "" {
		opts.Database = def.Database
	}
	if opts.DialTimeout <= 0 {
		opts.DialTimeout = def.DialTimeout
	}
	if opts.QueryTimeout <= 0 {
		opts.QueryTimeout = def.QueryTimeout
	}
	if opts.ChunkRows <= 0 {
		opts.ChunkRows = def.ChunkRows
	}
	if !identRe.MatchString(opts.Database) || (opts.Cluster != "" && !identRe.MatchString(opts.Cluster)) {
		return nil, fmt.Errorf("open %s: database and cluster names must be letters, digits and underscores", opts)
	}
	s := &Store{opts: opts, t: newTables(opts.Database, opts.Cluster != "")}
	conn, err := s.dial(ctx, opts.Addr)
	if err != nil {
		return nil, err
	}
	s.conn = conn
	if err := s.findShards(ctx); err != nil {
		return nil, errors.Join(err, s.Close())
	}
	if opts.ReadOnly {
		err = s.checkSchema(ctx)
	} else {
		err = s.migrate(ctx)
	}
	if err != nil {
		return nil, errors.Join(err, s.Close())
	}
	return s, nil
}

// dial opens and pings a connection to addr, turning the usual failures into
// one sentence.
func (s *Store) dial(ctx context.Context, addr string) (driver.Conn, error) {
	conn, err := ch.Open(&ch.Options{
		Addr:        []string{addr},
		Protocol:    ch.Native,
		Auth:        ch.Auth{Database: "default", Username: s.opts.User, Password: s.opts.Password},
		DialTimeout: s.opts.DialTimeout,
		ReadTimeout: s.opts.QueryTimeout,
		// Every write waits until each shard has its rows, so a shard that
		// is down fails the insert instead of queueing it on the entry server.
		Settings:     ch.Settings{"insert_distributed_sync": 1},
		MaxOpenConns: 8,
		MaxIdleConns: 4,
	})
	if err != nil {
		return nil, fmt.Errorf("ClickHouse at %s: %w", addr, err)
	}
	pctx, cancel := context.WithTimeout(ctx, s.opts.DialTimeout+time.Second)
	defer cancel()
	if err := conn.Ping(pctx); err != nil {
		return nil, errors.Join(describe(addr, s.opts, err), conn.Close())
	}
	return conn, nil
}

// Exception codes Open explains (ClickHouse's src/Common/ErrorCodes.cpp).
const (
	codeUnknownDatabase     = 81
	codeUnknownUser         = 192
	codeWrongPassword       = 193
	codeRequiredPassword    = 194
	codeIPAddressNotAllowed = 195
	codeAuthFailed          = 516
)

// describe turns a connection or query error into one sentence.
func describe(addr string, opts Options, err error) error {
	var ex *ch.Exception
	if errors.As(err, &ex) {
		user := opts.User
		if user == "" {
			user = "default"
		}
		switch ex.Code {
		case codeUnknownUser, codeWrongPassword, codeRequiredPassword, codeAuthFailed, codeIPAddressNotAllowed:
			return fmt.Errorf("ClickHouse at %s rejected user %q: wrong user name or password (%s)", addr, user, ex.Message)
		case codeUnknownDatabase:
			return fmt.Errorf("ClickHouse at %s has no database %q: check the location, or run 'entente ingest' to create it", addr, opts.Database)
		}
		return fmt.Errorf("ClickHouse at %s: %w", addr, err)
	}
	var ne net.Error
	if (errors.As(err, &ne) && ne.Timeout()) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("cannot reach ClickHouse at %s within %s: %w", addr, opts.DialTimeout, err)
	}
	return fmt.Errorf("cannot reach ClickHouse at %s: %w", addr, err)
}

// findShards reads the cluster's shards from the entry server's
// system.clusters and connects to each. Without a cluster the entry server
// is the one shard.
func (s *Store) findShards(ctx context.Context) error {
	if s.opts.Cluster == "" {
		s.shards = []shard{{num: 1, addr: s.opts.Addr, conn: s.conn}}
		return nil
	}
	rows, err := s.conn.Query(ctx, `SELECT shard_num, host_address, port FROM system.clusters
		WHERE cluster = ? AND replica_num = 1 ORDER BY shard_num`, s.opts.Cluster)
	if err != nil {
		return fmt.Errorf("ClickHouse at %s: list cluster %s: %w", s.opts.Addr, s.opts.Cluster, err)
	}
	type entry struct {
		num  uint32
		host string
		port uint16
	}
	var es []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.num, &e.host, &e.port); err != nil {
			return errors.Join(fmt.Errorf("list cluster %s: %w", s.opts.Cluster, err), rows.Close())
		}
		es = append(es, e)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("list cluster %s: %w", s.opts.Cluster, err)
	}
	if len(es) == 0 {
		return fmt.Errorf("ClickHouse at %s has no cluster %q in remote_servers: check the location's cluster parameter", s.opts.Addr, s.opts.Cluster)
	}
	for _, e := range es {
		addr := net.JoinHostPort(e.host, fmt.Sprint(e.port))
		c, err := s.dial(ctx, addr)
		if err != nil {
			return fmt.Errorf("shard %d of cluster %s: %w", e.num, s.opts.Cluster, err)
		}
		s.shards = append(s.shards, shard{num: int(e.num), addr: addr, conn: c})
	}
	return nil
}

// diagnose wraps err from a cluster-wide statement with the shards that do
// not answer a ping, so that "entente ingest" names the shard at fault.
func (s *Store) diagnose(err error) error {
	if s.opts.Cluster == "" {
		return err
	}
	var down []error
	for _, sh := range s.shards {
		ctx, cancel := context.WithTimeout(context.Background(), s.opts.DialTimeout)
		perr := sh.conn.Ping(ctx)
		cancel()
		if perr != nil {
			down = append(down, fmt.Errorf("shard %d of cluster %s (%s) is down", sh.num, s.opts.Cluster, sh.addr))
		}
	}
	if len(down) == 0 {
		return err
	}
	return fmt.Errorf("%w: %w", errors.Join(down...), err)
}

// Location returns the store's location without the password.
func (s *Store) Location() string { return s.opts.String() }

// Conn exposes the entry server's connection for benchmarks and
// diagnostics. Callers must not write through it.
func (s *Store) Conn() driver.Conn { return s.conn }

// Shards returns the servers holding the store's local tables, as HOST:PORT.
func (s *Store) Shards() []string {
	out := make([]string, len(s.shards))
	for i, sh := range s.shards {
		out[i] = sh.addr
	}
	return out
}

// Close closes every connection.
func (s *Store) Close() error {
	var errs []error
	for _, sh := range s.shards {
		if sh.conn != s.conn {
			errs = append(errs, sh.conn.Close())
		}
	}
	if s.conn != nil {
		errs = append(errs, s.conn.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close %s: %w", s.opts, err)
	}
	return nil
}
