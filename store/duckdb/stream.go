package duckdb

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
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
// Why in blocks, double-buffered: the events are copied (the Tx does not
// retain the caller's slice; their strings are immutable and safe to keep)
// into a block of streamRows events; a full block is inserted by one INSERT
// running in its own goroutine while AppendEvents fills the next block. A
// single INSERT reading from a queue that waits for the next batch would
// be simpler, but DuckDB's executing thread polls for finished tasks while
// the table function waits, burning a core the parser needs.
//
// The INSERTs run on the Tx's connection, inside its transaction, so a
// crash or a rollback discards them like everything else. While one runs
// the connection is busy: any other use of the connection (the SQL merge of
// possibly-stored events, mentions, the cube, commit) first ends the stream
// (Tx.endStream), which inserts the partial block and waits.

// streamFunc and cubeFunc are the names of the table functions; their one
// argument is the source's token in Store.streams.
const (
	streamFunc = "entente_event_stream"
	cubeFunc   = "entente_cube_rows"
)

// streamRows is the block size: 32k events, ~25 MB with their strings,
// two blocks alive at a time.
const streamRows = 1 << 15

// eventStream is a Tx's double-buffered block writer.
type eventStream struct {
	block   []events.Event // being filled
	spare   []events.Event // the block of the finished INSERT, for reuse
	running *eventSource   // the INSERT in flight, or nil
	done    chan error     // its result
}

// eventSource serves one block to one INSERT: each of DuckDB's threads
// claims the next 2048 events.
type eventSource struct {
	evs   []events.Event
	next  atomic.Int64
	token int64
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
func (es *eventSource) ColumnInfos() []ddb.ColumnInfo { return streamColumns }

// Cardinality implements ddb.ParallelChunkTableSource.
func (es *eventSource) Cardinality() *ddb.CardinalityInfo {
	return &ddb.CardinalityInfo{Cardinality: uint(len(es.evs)), Exact: true}
}

// Init implements ddb.ParallelChunkTableSource. MaxThreads must be set: 0
// does not mean "DuckDB's threads" (as duckdb-go's doc says) but one thread.
func (es *eventSource) Init() ddb.ParallelTableSourceInfo {
	return ddb.ParallelTableSourceInfo{MaxThreads: tableThreads}
}

// tableThreads caps the threads filling a table function; DuckDB uses no
// more than its own thread count anyway.
var tableThreads = runtime.NumCPU()

// NewLocalState implements ddb.ParallelChunkTableSource.
func (es *eventSource) NewLocalState() any { return new(struct{}) }

// FillChunk implements ddb.ParallelChunkTableSource.
func (es *eventSource) FillChunk(_ any, chunk ddb.DataChunk) error {
	n := ddb.GetDataChunkCapacity()
	start := int(es.next.Add(int64(n))) - n
	if start >= len(es.evs) {
		return chunk.SetSize(0)
	}
	evs := es.evs[start:min(start+n, len(es.evs))]
	for r := range evs {
		if err := fillRow(&chunk, r, &evs[r]); err != nil {
			return fmt.Errorf("event %s (%s:%d): %w", evs[r].ID, evs[r].File, evs[r].Line, err)
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

// streamEvents copies evs into the Tx's current block, starting the
// block's INSERT when it is full.
func (t *Tx) streamEvents(evs []*events.Event) error {
	if t.stream == nil {
		t.stream = &eventStream{}
	}
	st := t.stream
	for _, e := range evs {
		if st.block == nil {
			st.block = make([]events.Event, 0, streamRows)
		}
		st.block = append(st.block, *e)
		if len(st.block) == cap(st.block) {
			if err := t.insertBlock(); err != nil {
				return err
			}
		}
	}
	return nil
}

// insertBlock waits for the INSERT in flight, then starts one for the
// current block.
func (t *Tx) insertBlock() error {
	st := t.stream
	if err := st.wait(); err != nil {
		return err
	}
	if len(st.block) == 0 {
		return nil
	}
	src := &eventSource{evs: st.block, token: streamTokens.Add(1)}
	st.block, st.spare = st.spare[:0], nil
	t.s.streams.Store(src.token, src)
	st.running, st.done = src, make(chan error, 1)
	go func() {
		_, err := t.conn.ExecContext(context.Background(),
			`INSERT INTO events SELECT * FROM `+streamFunc+`(?)`, src.token)
		t.s.streams.Delete(src.token)
		st.done <- err
	}()
	return nil
}

// wait waits for the INSERT in flight, if any, and keeps its block for reuse.
func (st *eventStream) wait() error {
	if st.running == nil {
		return nil
	}
	err := <-st.done
	clear(st.running.evs) // drop the strings' blocks
	st.spare, st.running = st.running.evs[:0], nil
	if err != nil {
		return fmt.Errorf("store new events: %w", err)
	}
	return nil
}

// endStream inserts the partial block and waits for the INSERTs, freeing
// the connection.
func (t *Tx) endStream() error {
	st := t.stream
	if st == nil {
		return nil
	}
	err := t.insertBlock()
	if werr := st.wait(); err == nil {
		err = werr
	}
	t.stream = nil
	return err
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
	_ ddb.ParallelChunkTableSource = (*eventSource)(nil)
	_ ddb.ParallelChunkTableSource = (*cubeSource)(nil)
)
