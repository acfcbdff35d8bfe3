package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"time"

	ddb "github.com/duckdb/duckdb-go/v2"

	"entente/events"
	"entente/store"
)

// Tx is one file's ingest: a DuckDB transaction on a dedicated connection,
// with appenders into temporary staging tables. See the package comment for
// the merge steps.
type Tx struct {
	s    *Store
	conn *sql.Conn

	evApp   *ddb.Appender // into temp.stage_events: events that may be stored already
	cubeApp *ddb.Appender // into cube: the Go-built rows of directApp's events (cube.go)
	menApp  *ddb.Appender // directly into mentions (no de-duplication)

	ids    map[events.Dataset]*idState
	lastDS events.Dataset // cache of the last idState lookup
	lastID *idState
	cube   *cubeBuilder
	row    []driver.Value  // reused by eventRow
	fresh  []*events.Event // reused by AppendEvents
	stream *eventStream    // the running INSERT of certainly-new events (stream.go), or nil

	staged int // events appended to stage_events since the last merge
	counts store.TxCounts
	done   bool
}

var _ store.Tx = (*Tx)(nil)

// Begin starts a Tx. It blocks while another Tx of this Store is open.
func (s *Store) Begin(ctx context.Context) (store.Tx, error) {
	if s.opts.ReadOnly {
		return nil, errors.New("begin ingest: store is open read-only")
	}
	s.writeMu.Lock()
	tx, err := s.begin(ctx)
	if err != nil {
		s.writeMu.Unlock()
		return nil, fmt.Errorf("begin ingest: %w", err)
	}
	return tx, nil
}

func (s *Store) begin(ctx context.Context) (*Tx, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	t := &Tx{s: s, conn: conn, ids: map[events.Dataset]*idState{}, cube: newCubeBuilder(), row: make([]driver.Value, 0, 32)}
	setup := []string{
		// Rows are read back ordered by the queries, never by insertion, so
		// DuckDB may write merged chunks in parallel.
		`SET preserve_insertion_order = false`,
		`CREATE OR REPLACE TEMP TABLE stage_events (` + eventColumns + `)`,
		`BEGIN TRANSACTION`,
	}
	for _, q := range setup {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return nil, errors.Join(fmt.Errorf("prepare staging: %w", err), conn.Close())
		}
	}
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		var err error
		if t.evApp, err = ddb.NewAppender(c, "temp", "main", "stage_events"); err != nil {
			return fmt.Errorf("staging appender: %w", err)
		}
		if t.menApp, err = ddb.NewAppender(c, "", "", "mentions"); err != nil {
			return errors.Join(fmt.Errorf("mentions appender: %w", err), t.closeAppenders())
		}
		return nil
	})
	if err != nil {
		_, rbErr := conn.ExecContext(context.Background(), `ROLLBACK`)
		return nil, errors.Join(err, rbErr, conn.Close())
	}
	return t, nil
}

// AppendEvents implements store.Tx. Each event is either a repeat of one
// seen earlier in the Tx (counted as a duplicate at once), certainly new
// (streamed into events and added to the Go-built cube), or possibly stored
// already (staged for the SQL merge); see dedupe.go and stream.go.
func (t *Tx) AppendEvents(ctx context.Context, evs []events.Event) error {
	if t.done {
		return errors.New("append events: transaction finished")
	}
	fresh := t.fresh[:0]
	var maybe []*events.Event
	for i := range evs {
		e := &evs[i]
		st, err := t.idState(ctx, e.Dataset)
		if err != nil {
			return fmt.Errorf("append events: %w", err)
		}
		if !st.seen.add(e.ID) {
			t.counts.Duplicates++
			continue
		}
		if st.mayBeStored(e.ID) {
			maybe = append(maybe, e)
			continue
		}
		fresh = append(fresh, e)
		t.counts.Stored++
		if t.cube.add(e) {
			if err := t.flushCube(ctx); err != nil {
				return fmt.Errorf("append events: %w", err)
			}
		}
	}
	t.fresh = fresh[:0]
	if err := t.streamEvents(fresh); err != nil {
		return fmt.Errorf("append events: %w", err)
	}
	clear(fresh)
	if len(maybe) == 0 {
		return nil
	}
	if err := t.endStream(); err != nil {
		return fmt.Errorf("append events: %w", err)
	}
	for _, e := range maybe {
		if err := t.evApp.AppendRow(t.eventRow(e)...); err != nil {
			return fmt.Errorf("append event %s (%s:%d): %w", e.ID, e.File, e.Line, err)
		}
		t.staged++
		if t.staged >= t.s.opts.ChunkRows {
			if err := t.merge(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

// AppendMentions implements store.Tx.
func (t *Tx) AppendMentions(ctx context.Context, ms []events.Mention) error {
	if t.done {
		return errors.New("append mentions: transaction finished")
	}
	if err := t.endStream(); err != nil {
		return fmt.Errorf("append mentions: %w", err)
	}
	for i := range ms {
		if err := t.menApp.AppendRow(mentionRow(&ms[i])...); err != nil {
			return fmt.Errorf("append mention of %s (%s:%d): %w", ms[i].EventID, ms[i].File, ms[i].Line, err)
		}
	}
	t.counts.Mentions += int64(len(ms))
	return nil
}

// mergeSQL de-duplicates the staged chunk, stores it and adds its cube rows.
// Step 1 deletes repeats inside the chunk (keeping the first by line) and
// rows already stored; what remains is exactly the new events.
var mergeSQL = []string{
	`DELETE FROM stage_events s
	 WHERE s.rowid IN (
		SELECT rowid FROM (
			SELECT rowid, row_number() OVER (PARTITION BY dataset, id ORDER BY file, line) AS rn
			FROM stage_events) WHERE rn > 1)
	    OR EXISTS (SELECT 1 FROM events e WHERE e.dataset = s.dataset AND e.id = s.id)`,
	`INSERT INTO events SELECT * FROM stage_events`,
	`INSERT INTO cube
	 SELECT dataset, day, source_country, target_country, code, root, quad,
		count(*), sum(coalesce(goldstein, 0)),
		coalesce(sum(tone), 0), count(tone),
		sum(coalesce(mentions, 0)), sum(coalesce(goldstein, 0) * coalesce(mentions, 0))
	 FROM stage_events
	 WHERE source_country <> '' AND target_country <> ''
	 GROUP BY ALL`,
}

// merge flushes the staging appender and merges the staged chunk.
func (t *Tx) merge(ctx context.Context) error {
	if err := t.endStream(); err != nil {
		return err
	}
	if err := t.evApp.Flush(); err != nil {
		return fmt.Errorf("flush staged events: %w", err)
	}
	if t.staged == 0 {
		return nil
	}
	var n int64
	for i, q := range mergeSQL {
		res, err := t.conn.ExecContext(ctx, q)
		if err != nil {
			return fmt.Errorf("merge staged events (step %d): %w", i+1, err)
		}
		if i == 1 {
			if n, err = res.RowsAffected(); err != nil {
				return fmt.Errorf("merge staged events: %w", err)
			}
		}
	}
	if _, err := t.conn.ExecContext(ctx, `DELETE FROM stage_events`); err != nil {
		return fmt.Errorf("empty staging: %w", err)
	}
	t.counts.Stored += n
	t.counts.Duplicates += int64(t.staged) - n
	t.staged = 0
	return nil
}

// Counts implements store.Tx.
func (t *Tx) Counts(ctx context.Context) (store.TxCounts, error) {
	if t.done {
		return t.counts, nil
	}
	if err := t.merge(ctx); err != nil {
		return store.TxCounts{}, err
	}
	if err := t.menApp.Flush(); err != nil {
		return store.TxCounts{}, fmt.Errorf("flush mentions: %w", err)
	}

	if err := t.flushCube(ctx); err != nil {
		return store.TxCounts{}, err
	}
	return t.counts, nil
}

// Commit implements store.Tx.
func (t *Tx) Commit(ctx context.Context, rec store.IngestRecord) error {
	if t.done {
		return errors.New("commit: transaction finished")
	}
	c, err := t.Counts(ctx)
	if err != nil {
		return errors.Join(fmt.Errorf("commit %s: %w", rec.File, err), t.Rollback())
	}
	rec.Stored, rec.Duplicates, rec.Mentions = c.Stored, c.Duplicates, c.Mentions
	if rec.Started.IsZero() {
		rec.Started = time.Now()
	}
	_, err = t.conn.ExecContext(ctx, `INSERT INTO ingest_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		rec.SHA256, rec.File, rec.Size, rec.Format, string(rec.Dataset),
		rec.Stored, rec.Rejected, rec.Duplicates, rec.Mentions,
		rec.Started.UTC(), rec.Duration.Milliseconds())
	if err != nil {
		return errors.Join(fmt.Errorf("commit %s: log: %w", rec.File, err), t.Rollback())
	}
	if err := t.closeAppenders(); err != nil {
		return errors.Join(fmt.Errorf("commit %s: %w", rec.File, err), t.Rollback())
	}
	if _, err := t.conn.ExecContext(ctx, `COMMIT`); err != nil {
		return errors.Join(fmt.Errorf("commit %s: %w", rec.File, err), t.Rollback())
	}
	return t.finish()
}

// Rollback implements store.Tx.
func (t *Tx) Rollback() error {
	if t.done {
		return nil
	}
	streamErr := t.endStream()
	err := errors.Join(streamErr, t.closeAppenders())
	// The error is dropped on purpose: after a failed COMMIT DuckDB has
	// already ended the transaction and ROLLBACK reports "no transaction is
	// active"; in every other case closing the connection (finish) discards
	// an open transaction anyway.
	_, _ = t.conn.ExecContext(context.Background(), `ROLLBACK`)
	return errors.Join(err, t.finish())
}

func (t *Tx) closeAppenders() error {
	var errs []error
	if t.evApp != nil {
		errs = append(errs, t.evApp.Close())
		t.evApp = nil
	}
	for _, app := range []**ddb.Appender{&t.menApp} {
		if *app != nil {
			errs = append(errs, (*app).Close())
			*app = nil
		}
	}
	return errors.Join(errs...)
}

// finish releases the connection (dropping the staging table with it) and
// the writer lock.
func (t *Tx) finish() error {
	t.done = true
	_, dropErr := t.conn.ExecContext(context.Background(), `DROP TABLE IF EXISTS temp.stage_events`)
	err := errors.Join(dropErr, t.conn.Close())
	t.s.writeMu.Unlock()
	if err != nil {
		return fmt.Errorf("release ingest connection: %w", err)
	}
	return nil
}

// eventRow converts e to appender values in eventColumns order, in a slice
// the Tx reuses (the appender copies the values).
func (t *Tx) eventRow(e *events.Event) []driver.Value {
	return append(t.row[:0],
		string(e.Dataset), e.ID, e.Date,
		e.Source.Code, e.Source.Name, e.Source.Country, e.Source.Type,
		e.Target.Code, e.Target.Name, e.Target.Country, e.Target.Type,
		e.Code, e.Base, e.Root, int8(e.Quad),
		nullFloat(e.Goldstein), nullFloat(e.Tone),
		e.Mentions, e.Sources, e.Articles,
		e.GeoCountry, nullFloat(e.Lat), nullFloat(e.Lon), e.URL,
		nullTime(e.Added), e.File, e.Line,
	)
}

func mentionRow(m *events.Mention) []driver.Value {
	return []driver.Value{
		string(events.GDELT2), m.EventID, nullTime(m.EventTime), nullTime(m.MentionTime),
		m.MentionType, m.SourceName, m.Identifier,
		m.SentenceID, m.Actor1Offset, m.Actor2Offset, m.ActionOffset,
		m.InRawText, m.Confidence, m.DocLen, nullFloat(m.DocTone),
		m.DocTranslation, m.Extras, m.File, m.Line,
	}
}

func nullFloat(f float64) driver.Value {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return f
}

func nullTime(t time.Time) driver.Value {
	if t.IsZero() {
		return nil
	}
	return t
}
