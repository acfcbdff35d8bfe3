package server

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"entente/cases"
	"entente/relations"
)

// Config configures New. Start from DefaultConfig.
type Config struct {
	// Store is where handlers read events and the cube. Required.
	Store Source
	// Cases names the built-in cases the API serves (cases.Load); empty means
	// every registered case. The first is the dashboard's default.
	Cases []string
	// Token, when set, is required on every request (see the package doc).
	Token string
	// Log receives one structured record per request (the access log) and
	// handler failures; nil discards them.
	Log *slog.Logger
	// Now is the clock of the access log's durations; nil means time.Now.
	Now func() time.Time
	// MaxPeriods bounds the periods of one series, so that ?by=day over
	// three centuries is refused with a 400 instead of exhausting memory.
	MaxPeriods int
	// MaxBootstrapWork bounds periods × bootstrap replicates of a triangle.
	MaxBootstrapWork int
	// RequestTimeout bounds one request's work (its context's deadline).
	RequestTimeout time.Duration
}

// DefaultConfig returns the defaults: 20,000 periods (55 years by day),
// 5 million bootstrap draws, 30 s per request.
func DefaultConfig() Config {
	return Config{MaxPeriods: 20000, MaxBootstrapWork: 5_000_000, RequestTimeout: 30 * time.Second}
}

// Server is the HTTP handler. It is safe for concurrent use.
type Server struct {
	cfg   Config
	log   *slog.Logger
	now   func() time.Time
	mux   *http.ServeMux
	cases map[string]*caseEntry
	order []string // case names, default first
}

// New builds a Server, loading the configured cases (a case that fails to
// load is an error here rather than on every request).
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("server: Config.Store is required")
	}
	def := DefaultConfig()
	if cfg.MaxPeriods <= 0 {
		cfg.MaxPeriods = def.MaxPeriods
	}
	if cfg.MaxBootstrapWork <= 0 {
		cfg.MaxBootstrapWork = def.MaxBootstrapWork
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = def.RequestTimeout
	}
	s := &Server{cfg: cfg, log: cfg.Log, now: cfg.Now, mux: http.NewServeMux(), cases: map[string]*caseEntry{}}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if s.now == nil {
		s.now = time.Now
	}
	names := cfg.Cases
	if len(names) == 0 {
		names = cases.Names()
	}
	for _, n := range names {
		c, err := cases.Load(n)
		if err != nil {
			return nil, fmt.Errorf("server: load case %s: %w", n, err)
		}
		e, err := newCaseEntry(c)
		if err != nil {
			return nil, fmt.Errorf("server: case %s: %w", n, err)
		}
		s.cases[n] = e
		s.order = append(s.order, n)
	}
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	s.mux.HandleFunc("GET /api/dyad", s.withStore(s.handleDyad))
	s.mux.HandleFunc("GET /api/triangle", s.withStore(s.handleTriangle))
	s.mux.HandleFunc("GET /api/changes", s.withStore(s.handleChanges))
	s.mux.HandleFunc("GET /api/events", s.withStore(s.handleEvents))
	s.mux.HandleFunc("GET /api/stats", s.withStore(s.handleStats))
	s.mux.HandleFunc("GET /api/actors", s.handleActors)
	s.mux.HandleFunc("GET /api/cases", s.handleCases)
	s.mux.HandleFunc("GET /api/case/{name}", s.handleCase)
	s.mux.HandleFunc("POST /api/scenario", s.handleScenario)
	s.mux.HandleFunc("GET /api", s.handleAPIDoc)
	s.mux.HandleFunc("GET /api/{rest...}", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, http.StatusNotFound, &paramError{Reason: "no such endpoint " + r.URL.Path + "; see /api for the list"})
	})
	s.mux.Handle("GET /", staticHandler())
}

// ServeHTTP applies the access log, panic recovery, the token check and the
// request deadline, then routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := s.now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("panic in handler", "path", r.URL.Path, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			if !rec.wrote {
				s.writeError(rec, r, http.StatusInternalServerError, errors.New("internal error; see the server log"))
			}
		}
		s.log.Info("request", "method", r.Method, "path", r.URL.Path, "query", redactedQuery(r),
			"status", rec.status, "bytes", rec.bytes, "duration_ms", float64(s.now().Sub(start).Microseconds())/1000,
			"remote", r.RemoteAddr)
	}()
	if s.cfg.Token != "" && !s.authorized(rec, r) {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
	defer cancel()
	rec.Header().Set("X-Content-Type-Options", "nosniff")
	s.mux.ServeHTTP(rec, r.WithContext(ctx))
}

// authorized checks the token (header, cookie, or ?token= which also sets
// the cookie) and answers 401 when it is missing or wrong.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	want := []byte(s.cfg.Token)
	ok := func(got string) bool { return got != "" && subtle.ConstantTimeCompare([]byte(got), want) == 1 }
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") && ok(strings.TrimPrefix(h, "Bearer ")) {
		return true
	}
	if c, err := r.Cookie(tokenCookie); err == nil && ok(c.Value) {
		return true
	}
	if t := r.URL.Query().Get("token"); ok(t) {
		http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: t, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
		return true
	}
	w.Header().Set("WWW-Authenticate", `Bearer realm="entente"`)
	s.writeError(w, r, http.StatusUnauthorized, &paramError{Param: "token", Reason: "this server needs its token: open the dashboard as /?token=T once, or send Authorization: Bearer T"})
	return false
}

const tokenCookie = "entente_token"

// redactedQuery is the query string for the access log, without the token.
func redactedQuery(r *http.Request) string {
	q := r.URL.Query()
	if q.Has("token") {
		q.Set("token", "REDACTED")
	}
	return q.Encode()
}

// statusRecorder remembers the status and size for the access log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
	wrote  bool
}

func (w *statusRecorder) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	w.wrote = true
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// errorJSON is the body of every error response.
type errorJSON struct {
	Error string `json:"error"`
	Param string `json:"param,omitempty"`
}

// writeError answers with status and a JSON error body.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, status int, err error) {
	body := errorJSON{Error: err.Error()}
	var pe *paramError
	if errors.As(err, &pe) {
		body.Param = pe.Param
	}
	if status >= 500 {
		s.log.Error("request failed", "path", r.URL.Path, "status", status, "err", err.Error())
	}
	b, _ := json.Marshal(body)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// fail maps an error from the analysis packages to a status: the client's
// mistakes are 400, a busy store 503, a cancelled request 503, anything else
// 500.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var pe *paramError
	var ua *relations.UnknownActorError
	switch {
	case errors.As(err, &pe):
		s.writeError(w, r, http.StatusBadRequest, err)
	case errors.As(err, &ua):
		s.writeError(w, r, http.StatusBadRequest, &paramError{Reason: err.Error()})
	case errors.Is(err, relations.ErrBadQuery), errors.Is(err, cases.ErrScenario):
		s.writeError(w, r, http.StatusBadRequest, &paramError{Reason: err.Error()})
	case errors.Is(err, ErrBusy):
		w.Header().Set("Retry-After", "2")
		s.writeError(w, r, http.StatusServiceUnavailable, fmt.Errorf("%w; try again in a few seconds", err))
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		s.writeError(w, r, http.StatusServiceUnavailable, fmt.Errorf("the request took longer than %v: narrow the range or use a coarser period", s.cfg.RequestTimeout))
	default:
		s.writeError(w, r, http.StatusInternalServerError, err)
	}
}

// writeBody answers 200 with what write produces, buffered so that a
// failing encoder becomes a clean 500 instead of a truncated body.
func (s *Server) writeBody(w http.ResponseWriter, r *http.Request, write func(io.Writer) error) {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// writeJSON answers 200 with v as indented JSON (the CLI's encoders indent
// too, so all responses look alike).
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, v any) {
	s.writeBody(w, r, func(out io.Writer) error {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	})
}
