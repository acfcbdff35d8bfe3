// Package store defines what Entente needs from an event store, as small
// interfaces owned by their consumers. Engine-specific SQL lives in the
// backends (store/duckdb, later store/clickhouse); the conformance suite in
// store/storetest holds every backend to the same answers.
//
// # The dyad-day cube
//
// Besides raw events every backend keeps a pre-aggregated cube so that dyad
// and triangle series never scan raw events. One cube cell is keyed by
//
//	(day, source country, target country, full CAMEO event code, quad class)
//
// and holds the number of events, the sums of Goldstein, tone (over events
// with a tone) and mentions, and the sum of Goldstein×mentions. Keying by the
// full code (not just the root) makes the Phoenix-style daily de-duplication
// (one event per date, source, target and code) answerable from the cube: a
// de-duplicated count is the number of cells, and its Goldstein sum is each
// cell's code weight counted once.
//
// Cells are also keyed by data set (so that CubeQuery.Datasets can filter
// without raw events), and the cube holds only events whose source and target
// countries are both known: a dyad series needs both, and GDELT leaves one of
// them empty in roughly half its rows, so keeping them would double the cube
// for no query. Goldstein and mentions missing in the source count as 0.
//
// Backends may keep several partial rows per key (the DuckDB backend adds one
// row per key per ingested chunk); CubeCells always sums them, so answers do
// not depend on how the cube was built. The conformance suite checks every
// answer against a GROUP BY over raw events.
package store

import (
	"context"
	"errors"
	"time"

	"entente/events"
)

// Sentinel errors callers branch on.
var (
	// ErrEmpty: the store holds no events.
	ErrEmpty = errors.New("the store holds no events")
	// ErrAlreadyIngested: a file with the same sha256 was ingested before.
	ErrAlreadyIngested = errors.New("file already ingested")
)

// Period is the bucket width of a series.
type Period string

// Periods supported by CubeQuery.
const (
	Day     Period = "day"
	Week    Period = "week" // ISO weeks, starting Monday
	Month   Period = "month"
	Quarter Period = "quarter"
	Year    Period = "year"
)

// Pair is one directed (source country, target country) pair, optionally
// valid only from From to To (inclusive days; zero means unbounded). Validity
// lets a group such as NATO count a member only from its joining date.
type Pair struct {
	Source, Target string
	From, To       time.Time
}

// CubeQuery selects cube cells. Pairs, when non-empty, keeps only those
// directed pairs (each within its validity window; a pair listed twice is
// counted once); empty means every pair. From and To are inclusive days; zero
// means unbounded. By defaults to Day. Roots, when non-empty, keeps only those 2-digit CAMEO roots.
// Datasets, when non-empty, keeps only those data sets.
type CubeQuery struct {
	Pairs    []Pair
	From, To time.Time
	By       Period
	Roots    []string
	Datasets []events.Dataset
}

// CubeCell is the aggregate of one (period start, source, target, quad) group.
type CubeCell struct {
	Period         time.Time // first day of the period (UTC)
	Source, Target string
	Quad           int

	Events    int64   // events (rows) in the group
	Goldstein float64 // sum of Goldstein over events
	Tone      float64 // sum of tone over events that have one
	ToneN     int64   // events with a tone
	Mentions  int64   // sum of NumMentions
	// GoldsteinMentions is the sum of Goldstein×NumMentions, for series
	// weighted by mentions.
	GoldsteinMentions float64

	// Daily de-duplication (one event per day, source, target, code):
	Distinct          int64   // distinct (day, source, target, code) cells
	GoldsteinDistinct float64 // sum of Goldstein over those cells, each counted once
}

// EventQuery selects raw events for drill-down, ordered by date then id.
type EventQuery struct {
	Pairs    []Pair
	From, To time.Time
	Roots    []string
	Datasets []events.Dataset
	Limit    int // 0 means no limit
}

// IngestRecord is one row of the ingest log.
type IngestRecord struct {
	File       string
	Size       int64
	SHA256     string
	Format     string
	Dataset    events.Dataset
	Stored     int64 // rows stored
	Rejected   int64 // rows rejected as malformed
	Duplicates int64 // rows skipped because their id was already stored
	Mentions   int64 // mention rows stored
	Started    time.Time
	Duration   time.Duration
}

// Stats summarises what a store holds.
type Stats struct {
	Datasets  []DatasetStats // ordered by data set name
	TopDyads  []DyadCount    // the most frequent undirected dyads, most events first (at most 10)
	Files     int            // files in the ingest log
	CubeCells int64          // rows in the cube (a measure of its compactness)
}

// DatasetStats is one data set's row count and date range.
type DatasetStats struct {
	Dataset     events.Dataset
	Events      int64
	Mentions    int64
	First, Last time.Time
}

// DyadCount counts events between two countries in either direction, with
// Source < Target alphabetically.
type DyadCount struct {
	Source, Target string
	Events         int64
}

// Cube answers aggregate dyad queries from the dyad-day cube.
type Cube interface {
	// CubeCells returns the cells ordered by period, source, target, quad.
	CubeCells(ctx context.Context, q CubeQuery) ([]CubeCell, error)
}

// EventSource returns raw events for drill-down.
type EventSource interface {
	Events(ctx context.Context, q EventQuery) ([]events.Event, error)
}

// Summarizer reports what the store holds.
type Summarizer interface {
	Stats(ctx context.Context) (Stats, error)
}

// Reader is everything the analysis side (relations, report, server) reads.
type Reader interface {
	Cube
	EventSource
	Summarizer
}

// Tx is one file's ingest, atomic: nothing it appended is visible until
// Commit, and Rollback (or a crash) leaves the store as it was. A Tx is not
// safe for concurrent use; a Writer runs one Tx at a time.
//
// Appends may be buffered (the DuckDB backend stages rows and merges them in
// chunks), so per-call counts are not known when an append returns; Counts
// flushes what is buffered and reports the totals so far.
type Tx interface {
	// AppendEvents stages events. Events whose (Dataset, ID) is already
	// stored, or appears earlier in this Tx, are skipped and counted as
	// duplicates; the cube is maintained with the stored events only. The
	// Tx does not retain evs after the call returns.
	AppendEvents(ctx context.Context, evs []events.Event) error
	// AppendMentions stages mention rows. Mentions are not de-duplicated by
	// content: a repeated file is caught by its sha256 before a Tx starts.
	AppendMentions(ctx context.Context, ms []events.Mention) error
	// Counts flushes staged rows and returns the totals of this Tx so far.
	Counts(ctx context.Context) (TxCounts, error)
	// Commit flushes staged rows, writes rec to the ingest log (its Stored,
	// Duplicates and Mentions are set from the Tx's counts) and commits.
	Commit(ctx context.Context, rec IngestRecord) error
	// Rollback discards the Tx. It is safe to call after Commit (a no-op).
	Rollback() error
}

// TxCounts are the running totals of one Tx.
type TxCounts struct {
	Stored     int64 // events stored
	Duplicates int64 // events skipped because their (dataset, id) was stored
	Mentions   int64 // mention rows stored
}

// Writer ingests files.
type Writer interface {
	// Ingested reports whether a file with this sha256 was ingested before,
	// returning its log record.
	Ingested(ctx context.Context, sha256 string) (IngestRecord, bool, error)
	Begin(ctx context.Context) (Tx, error)
}

// Store is a full backend.
type Store interface {
	Reader
	Writer
	Close() error
}
