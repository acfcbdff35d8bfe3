package duckdb

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	ddb "github.com/duckdb/duckdb-go/v2"

	"entente/events"
)

// This file writes a Tx's certainly-new events (dedupe.go) and its Go-built
// cube rows (cube.go) with INSERT ... SELECT over Go table functions,
// instead of DuckDB's Appender.
//
// Why: the Appender converts and copies every value on the appending
// goroutine, and appending to a persistent table also compresses each row
// group there, so an ingest ran at the speed of one core. A parallel table
// function is called by all of DuckDB's threads at once, each filling its
// own 2048-row chunk, and the INSERT writes and compresses row groups on
// those threads too.
//
// Events go through one INSERT per run of certainly-new events (normally
// one per file) fed by a short queue: AppendEvents copies its batch (the Tx
// does not retain the caller's slice; the strings are immutable and safe to
// keep) and returns, so parsing, de-duplication and storage overlap, and
// the INSERT writes full row groups. (Inserting blocks of 32k events with
// one INSERT each, double-buffered, measured ~20% more CPU and memory: each
// statement leaves partial row groups.)
//
// The INSERT runs on the Tx's connection, inside its transaction, so a crash
// or a rollback discards it like everything else. While it runs the
// connection is busy: any other use of the connection (the SQL merge of
// possibly-stored events, mentions, the cube, commit) first ends the stream
// (Tx.endStream), which lets the INSERT finish.

// streamFunc and cubeFunc are the names of the table functions; their one
// argument is the source's token in Store.streams.
const (
	streamFunc = "entente_event_stream"
	cubeFunc   = "entente_cube_rows"
)

// eventStream is one INSERT's queue of events.
type eventStream struct {
	mu    sync.Mutex
	ch    chan *streamBatch // closed by endStream
	cur   *streamBatch
	pos   int
	done  chan error          // the INSERT's result
	free  chan []events.Event // consumed batches' buffers, for reuse
	token int64
}

// streamQueue is how many batches may wait for DuckDB's threads: enough to
// keep them busy while AppendEvents sorts out the next batch, few enough
// to bound memory (a batch is one reader chunk, ~10k events).
const streamQueue = 2

// streamBatch is one AppendEvents call's certainly-new events, copied (the
// Tx does not retain the caller's slice; the strings are immutable and
// safe to keep), so that AppendEvents can return while DuckDB's threads
// copy them into vectors: parsing, de-duplication and storage overlap.
type streamBatch struct {
	evs     []events.Event
	left    int          // rows not yet claimed; guarded by eventStream.mu
	pending atomic.Int64 // rows claimed or not yet written
}

var streamTokens atomic.Int64

// registerStream registers the table functions (functions are
// database-wide, so once per Store).
func (s *Store) registerStream(ctx context.Context) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for _, name := range []string{streamFunc, cubeFunc} {
		f := ddb.ParallelChunkTableFunction{
			Config: ddb.TableFunctionConfig{Arguments: []ddb.TypeInfo{mustType(ddb.TYPE_BIGINT)}},
			BindArguments: func(_ map[string]any, args ...any) (ddb.ParallelChunkTableSource, error) {
				token, _ := args[0].(int64)
				v, ok := s.streams.Load(token)
				if !ok {
					return nil, fmt.Errorf("%s: no source %d", name, token)
				}
				return v.(ddb.ParallelChunkTableSource), nil
			},
		}
		if err := ddb.RegisterTableUDF(conn, name, f); err != nil {
			return fmt.Errorf("register %s: %w", name, err)
		}
	}
	return nil
}

func mustType(t ddb.Type) ddb.TypeInfo {
	ti, err := ddb.NewTypeInfo(t)
	if err != nil {
		panic(fmt.Sprintf("duckdb: type %v: %v", t, err))
	}
	return ti
}

// streamColumns mirror eventColumns.
var streamColumns = func() []ddb.ColumnInfo {
	v, d, ts := mustType(ddb.TYPE_VARCHAR), mustType(ddb.TYPE_DOUBLE), mustType(ddb.TYPE_TIMESTAMP)
	i8, i32, i64, date := mustType(ddb.TYPE_TINYINT), mustType(ddb.TYPE_INTEGER), mustType(ddb.TYPE_BIGINT), mustType(ddb.TYPE_DATE)
	types := []ddb.TypeInfo{v, v, date, v, v, v, v, v, v, v, v, v, v, v, i8, d, d, i32, i32, i32, v, d, d, v, ts, v, i64}
	cols := make([]ddb.ColumnInfo, len(types))
	for i, t := range types {
		cols[i] = ddb.ColumnInfo{Name: fmt.Sprintf("c%d", i), T: t}
	}
	return cols
}()

// ColumnInfos implements ddb.ParallelChunkTableSource.
func (st *eventStream) ColumnInfos() []ddb.ColumnInfo { return streamColumns }

// Cardinality implements ddb.ParallelChunkTableSource: unknown.
func (st *eventStream) Cardinality() *ddb.CardinalityInfo { return nil }

// Init implements ddb.ParallelChunkTableSource. MaxThreads must be set: 0
// does not mean "DuckDB's threads" (as duckdb-go's doc says) but one thread.
func (st *eventStream) Init() ddb.ParallelTableSourceInfo {
	return ddb.ParallelTableSourceInfo{MaxThreads: tableThreads}
}

// tableThreads caps the threads filling a table function; DuckDB uses no
// more than its own thread count anyway.
var tableThreads = runtime.NumCPU()

// NewLocalState implements ddb.ParallelChunkTableSource.
func (st *eventStream) NewLocalState() any { return new(struct{}) }

// claim takes up to n events off the queue, blocking for the next batch;
// it returns nil at the end of the stream.
func (st *eventStream) claim(n int) (*streamBatch, []events.Event) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for st.cur == nil || st.cur.left == 0 {
		b, ok := <-st.ch
		if !ok {
			return nil, nil
		}
		st.cur, st.pos = b, 0
	}
	b := st.cur
	k := min(n, b.left)
	evs := b.evs[st.pos : st.pos+k]
	st.pos += k
	b.left -= k
	return b, evs
}

// FillChunk implements ddb.ParallelChunkTableSource.
func (st *eventStream) FillChunk(_ any, chunk ddb.DataChunk) error {
	b, evs := st.claim(ddb.GetDataChunkCapacity())
	if b == nil {
		return chunk.SetSize(0)
	}
	for r := range evs {
		if err := fillRow(&chunk, r, &evs[r]); err != nil {
			return fmt.Errorf("event %s (%s:%d): %w", evs[r].ID, evs[r].File, evs[r].Line, err)
		}
	}
	if b.pending.Add(-int64(len(evs))) == 0 {
		select {
		case st.free <- b.evs[:0]:
		default:
		}
	}
	return chunk.SetSize(len(evs))
}

// fillRow writes e into row r in eventColumns order, without boxing values.
func fillRow(c *ddb.DataChunk, r int, e *events.Event) error {
	var err error
	str := func(col int, s string) {
		if err == nil {
			err = ddb.SetChunkValue(*c, col, r, s)
		}
	}
	num := func(col int, f float64) {
		if err != nil {
			return
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			err = c.SetValue(col, r, nil)
		} else {
			err = ddb.SetChunkValue(*c, col, r, f)
		}
	}
	str(0, string(e.Dataset))
	str(1, e.ID)
	if err == nil {
		err = ddb.SetChunkValue(*c, 2, r, e.Date)
	}
	str(3, e.Source.Code)
	str(4, e.Source.Name)
	str(5, e.Source.Country)
	str(6, e.Source.Type)
	str(7, e.Target.Code)
	str(8, e.Target.Name)
	str(9, e.Target.Country)
	str(10, e.Target.Type)
	str(11, e.Code)
	str(12, e.Base)
	str(13, e.Root)
	if err == nil {
		err = ddb.SetChunkValue(*c, 14, r, int8(e.Quad))
	}
	num(15, e.Goldstein)
	num(16, e.Tone)
	for i, n := range [3]int32{e.Mentions, e.Sources, e.Articles} {
		if err == nil {
			err = ddb.SetChunkValue(*c, 17+i, r, n)
		}
	}
	str(20, e.GeoCountry)
	num(21, e.Lat)
	num(22, e.Lon)
	str(23, e.URL)
	if err == nil {
		if e.Added.IsZero() {
			err = c.SetValue(24, r, nil)
		} else {
			err = ddb.SetChunkValue(*c, 24, r, e.Added)
		}
	}
	str(25, e.File)
	if err == nil {
		err = ddb.SetChunkValue(*c, 26, r, e.Line)
	}
	return err
}

// streamEvents copies evs into the Tx's INSERT, starting it if needed. It
// returns once the copy is queued, or with the INSERT's error if it failed.
func (t *Tx) streamEvents(evs []*events.Event) error {
	if len(evs) == 0 {
		return nil
	}
	if t.stream == nil {
		st := &eventStream{
			ch:    make(chan *streamBatch, streamQueue),
			done:  make(chan error, 1),
			free:  make(chan []events.Event, streamQueue+2),
			token: streamTokens.Add(1),
		}
		t.s.streams.Store(st.token, st)
		t.stream = st
		go func() {
			_, err := t.conn.ExecContext(context.Background(),
				`INSERT INTO events SELECT * FROM `+streamFunc+`(?)`, st.token)
			st.done <- err
		}()
	}
	st := t.stream
	var buf []events.Event
	select {
	case buf = <-st.free:
	default:
	}
	for _, e := range evs {
		buf = append(buf, *e)
	}
	b := &streamBatch{evs: buf, left: len(buf)}
	b.pending.Store(int64(len(buf)))
	select {
	case st.ch <- b:
		return nil
	case err := <-st.done:
		st.done <- err // endStream reports it
		return t.endStream()
	}
}

// endStream ends the running INSERT, if any, and returns its error.
func (t *Tx) endStream() error {
	st := t.stream
	if st == nil {
		return nil
	}
	t.stream = nil
	close(st.ch)
	err := <-st.done
	t.s.streams.Delete(st.token)
	if err != nil {
		return fmt.Errorf("stream events: %w", err)
	}
	return nil
}

// cubeSource serves a flushed cube table's rows to the cube INSERT, each of
// DuckDB's threads claiming the next 2048 rows.
type cubeSource struct {
	rows  []cubeRow
	next  atomic.Int64
	token int64
}

// cubeColumns mirror the cube table.
var cubeColumns = func() []ddb.ColumnInfo {
	v, d, i8, i64, date := mustType(ddb.TYPE_VARCHAR), mustType(ddb.TYPE_DOUBLE), mustType(ddb.TYPE_TINYINT), mustType(ddb.TYPE_BIGINT), mustType(ddb.TYPE_DATE)
	types := []ddb.TypeInfo{v, date, v, v, v, v, i8, i64, d, d, i64, i64, d}
	cols := make([]ddb.ColumnInfo, len(types))
	for i, t := range types {
		cols[i] = ddb.ColumnInfo{Name: fmt.Sprintf("c%d", i), T: t}
	}
	return cols
}()

func (cs *cubeSource) ColumnInfos() []ddb.ColumnInfo { return cubeColumns }
func (cs *cubeSource) Cardinality() *ddb.CardinalityInfo {
	return &ddb.CardinalityInfo{Cardinality: uint(len(cs.rows)), Exact: true}
}
func (cs *cubeSource) Init() ddb.ParallelTableSourceInfo {
	return ddb.ParallelTableSourceInfo{MaxThreads: tableThreads}
}
func (cs *cubeSource) NewLocalState() any { return new(struct{}) }

// FillChunk implements ddb.ParallelChunkTableSource.
func (cs *cubeSource) FillChunk(_ any, chunk ddb.DataChunk) error {
	n := ddb.GetDataChunkCapacity()
	start := int(cs.next.Add(int64(n))) - n
	if start >= len(cs.rows) {
		return chunk.SetSize(0)
	}
	rows := cs.rows[start:min(start+n, len(cs.rows))]
	for r := range rows {
		if err := fillCubeRow(&chunk, r, &rows[r]); err != nil {
			return err
		}
	}
	return chunk.SetSize(len(rows))
}

func fillCubeRow(c *ddb.DataChunk, r int, row *cubeRow) error {
	a := row.acc
	return errors.Join(
		ddb.SetChunkValue(*c, 0, r, row.dataset),
		ddb.SetChunkValue(*c, 1, r, time.Unix(int64(row.day)*86400, 0).UTC()),
		ddb.SetChunkValue(*c, 2, r, row.source),
		ddb.SetChunkValue(*c, 3, r, row.target),
		ddb.SetChunkValue(*c, 4, r, row.code),
		ddb.SetChunkValue(*c, 5, r, row.root),
		ddb.SetChunkValue(*c, 6, r, row.quad),
		ddb.SetChunkValue(*c, 7, r, a.events),
		ddb.SetChunkValue(*c, 8, r, a.goldstein),
		ddb.SetChunkValue(*c, 9, r, a.tone),
		ddb.SetChunkValue(*c, 10, r, a.toneN),
		ddb.SetChunkValue(*c, 11, r, a.mentions),
		ddb.SetChunkValue(*c, 12, r, a.goldMentions),
	)
}

var (
	_ ddb.ParallelChunkTableSource = (*eventStream)(nil)
	_ ddb.ParallelChunkTableSource = (*cubeSource)(nil)
)
