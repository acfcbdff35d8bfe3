package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	_ "entente/cases/sinorussian" // registers the built-in case with package cases
	"entente/server"
	"entente/store"
)

func init() { subcommands = append(subcommands, newServeCmd) }

// serveOptions receives the flags of `entente serve`.
type serveOptions struct {
	Addr  string
	DB    string
	Token string
	// Linger is how long an idle read-only store handle stays open for the
	// next request (see readOnlySource).
	Linger time.Duration
	// Ready, when set, receives the listening address once the server
	// accepts connections (tests use port 0).
	Ready func(addr string)
}

func newServeCmd() *cobra.Command {
	var opts serveOptions
	c := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080] [--db P] [--token T]",
		Short: "Serve the dashboard and the JSON API over the store",
		Long: `Serve a browser dashboard (relationship, triangle, scenario and chronology
pages) and a JSON API (/api documents it) over the store. The API returns the
same numbers as the CLI verbs: dyad, triangle, changes, events, stats and the
built-in case's scenarios.

The server binds loopback (127.0.0.1:8080) by default. A non-loopback
address needs a token (--token or $ENTENTE_TOKEN): every request must then
carry it, as "Authorization: Bearer T" or by opening /?token=T once in a
browser (which sets a cookie).

The store is opened read-only for each burst of requests and closed when it
has been idle for --linger, so 'entente ingest' into the same store can run
while the server is up: DuckDB lets one process write, and only when no
process has the file open. While an ingest holds the file the API answers 503
with Retry-After and the dashboard retries; after it finishes, the next
request sees the new data (the dashboard polls /api/stats and redraws).

One JSON access-log record per request goes to stderr. SIGINT or SIGTERM
stops accepting requests and finishes the ones in flight (up to 10 s).

Exit statuses: 0 after a clean shutdown; 1 the server failed (address in
use, store unreadable); 2 bad usage (non-loopback address without a token,
no store at --db).`,
		Example: `  entente serve
  entente serve --db world.duckdb --addr 127.0.0.1:9000
  ENTENTE_TOKEN=$(openssl rand -hex 16) entente serve --addr 0.0.0.0:8080`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.Token == "" {
				opts.Token = os.Getenv("ENTENTE_TOKEN")
			}
			return runServe(cmd.Context(), opts, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := c.Flags()
	f.StringVar(&opts.Addr, "addr", "127.0.0.1:8080", "listen address; non-loopback needs --token")
	f.StringVar(&opts.DB, "db", "", "store location (default $ENTENTE_DB or "+defaultStore+")")
	f.StringVar(&opts.Token, "token", "", "require this token on every request (default $ENTENTE_TOKEN)")
	f.DurationVar(&opts.Linger, "linger", 500*time.Millisecond, "keep an idle store handle open this long; an ingest waits at most this long for the server")
	return c
}

// isLoopback reports whether addr's host is a loopback address or
// "localhost". An empty host (":8080") listens on every interface.
func isLoopback(addr string) (bool, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false, err
	}
	if strings.EqualFold(host, "localhost") {
		return true, nil
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback(), nil
}

func runServe(ctx context.Context, opts serveOptions, stdout, stderr io.Writer) error {
	loop, err := isLoopback(opts.Addr)
	if err != nil {
		return usagef("--addr %q: %v; use host:port, e.g. 127.0.0.1:8080", opts.Addr, err)
	}
	if !loop && opts.Token == "" {
		return usagef("--addr %s is not a loopback address: set --token or $ENTENTE_TOKEN so that only holders of the token can use the server", opts.Addr)
	}
	loc := storeLocation(opts.DB)
	// Open once up front so that a missing or unreadable store is reported
	// now, not on the first request.
	st, err := openStore(loc, readOnly)
	if err != nil {
		return err
	}
	if err := st.Close(); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	linger := opts.Linger
	if linger <= 0 {
		linger = 500 * time.Millisecond
	}
	src := &readOnlySource{open: func() (store.Store, error) { return openStore(loc, readOnly) }, linger: linger}
	defer src.Close()
	logger := slog.New(slog.NewJSONHandler(stderr, nil))
	srv, err := server.New(server.Config{Store: src, Token: opts.Token, Log: logger})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", opts.Addr, err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	fmt.Fprintf(stdout, "entente: serving %s on http://%s/ (API docs at /api); Ctrl-C stops\n", loc, ln.Addr())
	if opts.Ready != nil {
		opts.Ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shut); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	fmt.Fprintln(stdout, "entente: server stopped")
	return nil
}

// readOnlySource hands requests a read-only store handle shared by the
// requests in flight, and closes it once no request has used it for linger.
//
// Why: DuckDB locks the file. A read-only open takes a shared lock that
// blocks any writer, and a writer's exclusive lock blocks every open. A
// server that kept the file open would make 'entente ingest' impossible;
// opening per burst of requests leaves the file free whenever the dashboard
// is idle, and a request arriving during an ingest gets server.ErrBusy (503,
// retried by the dashboard) instead of waiting. Each new handle sees
// everything committed before it was opened.
type readOnlySource struct {
	open   func() (store.Store, error)
	linger time.Duration

	mu     sync.Mutex
	cur    store.Store
	refs   int
	timer  *time.Timer
	gen    int // bumped on every open, so a stale timer does not close a newer handle
	closed bool
}

var _ server.Source = (*readOnlySource)(nil)

// Acquire implements server.Source.
func (s *readOnlySource) Acquire(ctx context.Context) (store.Reader, func(), error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, nil, errors.New("server is shutting down")
	}
	if s.cur == nil {
		st, err := s.open()
		if err != nil {
			if isLockConflict(err) {
				return nil, nil, fmt.Errorf("%w: %v", server.ErrBusy, err)
			}
			return nil, nil, err
		}
		s.cur = st
		s.gen++
	}
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	s.refs++
	st := s.cur
	var once sync.Once
	return st, func() { once.Do(s.release) }, nil
}

func (s *readOnlySource) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refs--
	if s.refs > 0 || s.cur == nil {
		return
	}
	gen := s.gen
	s.timer = time.AfterFunc(s.linger, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.gen == gen && s.refs == 0 && s.cur != nil {
			s.cur.Close() // read-only: nothing to lose; the next Acquire reopens
			s.cur = nil
		}
	})
}

// Close closes the idle handle and refuses further requests.
func (s *readOnlySource) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	if s.timer != nil {
		s.timer.Stop()
	}
	if s.cur != nil && s.refs == 0 {
		err := s.cur.Close()
		s.cur = nil
		return err
	}
	return nil
}

// isLockConflict recognises DuckDB's error for a file another process holds
// ("Could not set lock on file ... Conflicting lock is held in ...").
func isLockConflict(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "Could not set lock") || strings.Contains(msg, "Conflicting lock")
}
