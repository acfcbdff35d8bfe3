package clickhouse

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"

	ch "github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/ext"
	"github.com/ClickHouse/clickhouse-go/v2/lib/column"

	"entente/events"
	"entente/store"
)

// Tx is one file's ingest under one batch id. Rows are written as chunks
// fill up but stay invisible until Commit writes the ingest-log row that
// names the batch; see the package comment.
type Tx struct {
	s     *Store
	batch uint64

	evBuf  []events.Event
	menBuf []events.Mention
	seen   map[idKey]struct{} // ids of events this Tx already accepted or skipped

	wrote  bool // some rows reached the server (Rollback cleans up)
	counts store.TxCounts
	done   bool
}

type idKey struct {
	dataset events.Dataset
	id      string
}

var _ store.Tx = (*Tx)(nil)

// Begin starts a Tx. It blocks while another Tx of this Store is open.
func (s *Store) Begin(ctx context.Context) (store.Tx, error) {
	if s.opts.ReadOnly {
		return nil, errors.New("begin ingest: store is open read-only")
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, fmt.Errorf("begin ingest: batch id: %w", err)
	}
	s.writeMu.Lock()
	return &Tx{s: s, batch: binary.LittleEndian.Uint64(b[:]) | 1, seen: map[idKey]struct{}{}}, nil
}

// ClickHouse's Date type counts days from 1970-01-01 in 16 bits, so dates
// outside [minDate, maxDate] would wrap around silently (1685 reads back as
// 2124). Such events are refused, failing the file's ingest as a whole.
var (
	minDate = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	maxDate = time.Date(2149, 6, 6, 0, 0, 0, 0, time.UTC)
)

// ErrDateRange is returned for an event dated outside ClickHouse's Date
// range (1970-01-01 to 2149-06-06): historical chronologies belong in the
// DuckDB store.
var ErrDateRange = errors.New("ClickHouse stores dates from 1970-01-01 to 2149-06-06 only")

// AppendEvents implements store.Tx. An event dated outside ClickHouse's
// Date range fails with ErrDateRange.
func (t *Tx) AppendEvents(ctx context.Context, evs []events.Event) error {
	if t.done {
		return errors.New("append events: transaction finished")
	}
	for i := range evs {
		if d := evs[i].Date; d.Before(minDate) || d.After(maxDate) {
			e := &evs[i]
			return fmt.Errorf("%w: event %s (%s:%d) is dated %s; use the DuckDB store for such dates", ErrDateRange, e.ID, e.File, e.Line, d.Format("2006-01-02"))
		}
	}
	for len(evs) > 0 {
		n := min(len(evs), t.s.opts.ChunkRows-len(t.evBuf))
		t.evBuf = append(t.evBuf, evs[:n]...)
		evs = evs[n:]
		if len(t.evBuf) >= t.s.opts.ChunkRows {
			if err := t.flushEvents(ctx); err != nil {
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
	t.menBuf = append(t.menBuf, ms...)
	if len(t.menBuf) >= t.s.opts.ChunkRows {
		return t.flushMentions(ctx)
	}
	return nil
}

// flushEvents de-duplicates the buffered chunk and inserts what is new into
// events, event_ids and the cube.
//
//  1. Repeats within the Tx are dropped with the seen map (first wins).
//  2. Ids already stored by a committed batch are looked up in event_ids
//     with the chunk's ids sent as an external table; rows of batches that
//     never committed do not count, so a failed run leaves no false
//     duplicates behind.
//  3. The rest go into events and event_ids, and their per-key sums (the
//     cube contract of package store) into the cube, all under t.batch.
func (t *Tx) flushEvents(ctx context.Context) error {
	if len(t.evBuf) == 0 {
		return nil
	}
	staged := int64(len(t.evBuf))
	fresh := t.evBuf[:0]
	for _, e := range t.evBuf {
		k := idKey{e.Dataset, e.ID}
		if _, dup := t.seen[k]; dup {
			continue
		}
		t.seen[k] = struct{}{}
		fresh = append(fresh, e)
	}
	stored, err := t.s.storedIDs(ctx, fresh)
	if err != nil {
		return fmt.Errorf("look up stored ids: %w", t.s.diagnose(err))
	}
	if len(stored) > 0 {
		keep := fresh[:0]
		for _, e := range fresh {
			if _, ok := stored[idKey{e.Dataset, e.ID}]; !ok {
				keep = append(keep, e)
			}
		}
		fresh = keep
	}
	if len(fresh) > 0 {
		t.wrote = true
		if err := t.insertEvents(ctx, fresh); err != nil {
			return fmt.Errorf("insert events: %w", t.s.diagnose(err))
		}
	}
	t.counts.Stored += int64(len(fresh))
	t.counts.Duplicates += staged - int64(len(fresh))
	clear(t.evBuf)
	t.evBuf = t.evBuf[:0]
	return nil
}

// storedIDs returns which of evs' (dataset, id) a committed batch stored.
func (s *Store) storedIDs(ctx context.Context, evs []events.Event) (map[idKey]struct{}, error) {
	if len(evs) == 0 {
		return nil, nil
	}
	tbl, err := ext.NewTable("chunk_ids", ext.Column("dataset", column.Type("String")), ext.Column("id", column.Type("String")))
	if err != nil {
		return nil, err
	}
	for i := range evs {
		if err := tbl.Append(string(evs[i].Dataset), evs[i].ID); err != nil {
			return nil, err
		}
	}
	qctx := ch.Context(ctx, ch.WithExternalTable(tbl))
	rows, err := s.conn.Query(qctx, `SELECT dataset, id FROM `+s.t.ids+`
		WHERE (dataset, id) GLOBAL IN (SELECT dataset, id FROM chunk_ids) AND `+s.visible())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[idKey]struct{}{}
	for rows.Next() {
		var ds, id string
		if err := rows.Scan(&ds, &id); err != nil {
			return nil, err
		}
		out[idKey{events.Dataset(ds), id}] = struct{}{}
	}
	return out, rows.Err()
}

// cubeKey is one cube row's key within a chunk.
type cubeKey struct {
	dataset                    events.Dataset
	day                        time.Time
	source, target, code, root string
	quad                       int
}

type cubeSum struct {
	events, toneN, mentions int64
	goldstein, tone, gm     float64
}

func (t *Tx) insertEvents(ctx context.Context, evs []events.Event) error {
	ev, err := t.s.conn.PrepareBatch(ctx, "INSERT INTO "+t.s.t.events+" ("+eventInsertCols+")")
	if err != nil {
		return err
	}
	ids, err := t.s.conn.PrepareBatch(ctx, "INSERT INTO "+t.s.t.ids+" ("+idInsertCols+")")
	if err != nil {
		return errors.Join(err, ev.Abort())
	}
	abort := func(err error) error { return errors.Join(err, ev.Abort(), ids.Abort()) }
	cube := map[cubeKey]*cubeSum{}
	for i := range evs {
		e := &evs[i]
		d := day(e.Date)
		if err := ev.Append(string(e.Dataset), e.ID, d,
			e.Source.Code, e.Source.Name, e.Source.Country, e.Source.Type,
			e.Target.Code, e.Target.Name, e.Target.Country, e.Target.Type,
			e.Code, e.Base, e.Root, int8(e.Quad),
			nullFloat(e.Goldstein), nullFloat(e.Tone),
			e.Mentions, e.Sources, e.Articles,
			e.GeoCountry, nullFloat(e.Lat), nullFloat(e.Lon), e.URL,
			nullTime(e.Added), e.File, e.Line, t.batch); err != nil {
			return abort(fmt.Errorf("event %s (%s:%d): %w", e.ID, e.File, e.Line, err))
		}
		if err := ids.Append(string(e.Dataset), e.ID, t.batch); err != nil {
			return abort(err)
		}
		if e.Source.Country == "" || e.Target.Country == "" {
			continue
		}
		k := cubeKey{e.Dataset, d, e.Source.Country, e.Target.Country, e.Code, e.Root, e.Quad}
		c := cube[k]
		if c == nil {
			c = &cubeSum{}
			cube[k] = c
		}
		gold := zeroNaN(e.Goldstein)
		c.events++
		c.goldstein += gold
		if !math.IsNaN(e.Tone) {
			c.tone += e.Tone
			c.toneN++
		}
		c.mentions += int64(e.Mentions)
		c.gm += gold * float64(e.Mentions)
	}
	cb, err := t.s.conn.PrepareBatch(ctx, "INSERT INTO "+t.s.t.cube+" ("+cubeInsertCols+")")
	if err != nil {
		return abort(err)
	}
	for k, c := range cube {
		if err := cb.Append(string(k.dataset), k.day, k.source, k.target, k.code, k.root, int8(k.quad), t.batch,
			c.events, c.goldstein, c.tone, c.toneN, c.mentions, c.gm); err != nil {
			return errors.Join(abort(err), cb.Abort())
		}
	}
	// Events first, cube last: none of them is visible before Commit, so
	// the order only matters for how much a failure leaves to clean up.
	if err := ev.Send(); err != nil {
		return errors.Join(err, ids.Abort(), cb.Abort())
	}
	if err := ids.Send(); err != nil {
		return errors.Join(err, cb.Abort())
	}
	return cb.Send()
}

func (t *Tx) flushMentions(ctx context.Context) error {
	if len(t.menBuf) == 0 {
		return nil
	}
	t.wrote = true
	b, err := t.s.conn.PrepareBatch(ctx, "INSERT INTO "+t.s.t.mentions+" ("+mentionInsertCols+")")
	if err != nil {
		return fmt.Errorf("insert mentions: %w", t.s.diagnose(err))
	}
	for i := range t.menBuf {
		m := &t.menBuf[i]
		var raw uint8
		if m.InRawText {
			raw = 1
		}
		if err := b.Append(string(events.GDELT2), m.EventID, nullTime(m.EventTime), nullTime(m.MentionTime),
			m.MentionType, m.SourceName, m.Identifier, m.SentenceID, m.Actor1Offset, m.Actor2Offset,
			m.ActionOffset, raw, m.Confidence, m.DocLen, nullFloat(m.DocTone), m.DocTranslation, m.Extras,
			m.File, m.Line, t.batch); err != nil {
			return errors.Join(fmt.Errorf("insert mention of %s (%s:%d): %w", m.EventID, m.File, m.Line, err), b.Abort())
		}
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("insert mentions: %w", t.s.diagnose(err))
	}
	t.counts.Mentions += int64(len(t.menBuf))
	clear(t.menBuf)
	t.menBuf = t.menBuf[:0]
	return nil
}

// Counts implements store.Tx.
func (t *Tx) Counts(ctx context.Context) (store.TxCounts, error) {
	if t.done {
		return t.counts, nil
	}
	if err := t.flushEvents(ctx); err != nil {
		return store.TxCounts{}, err
	}
	if err := t.flushMentions(ctx); err != nil {
		return store.TxCounts{}, err
	}
	return t.counts, nil
}

// Commit implements store.Tx. The ingest-log row is one single-row insert,
// which ClickHouse applies atomically: it is the commit point.
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
	err = insertRow(ctx, t.s.conn, "INSERT INTO "+t.s.t.log+" ("+logInsertCols+")",
		rec.SHA256, t.batch, rec.File, rec.Size, rec.Format, string(rec.Dataset),
		rec.Stored, rec.Rejected, rec.Duplicates, rec.Mentions, rec.Started.UnixMilli(), rec.Duration.Milliseconds())
	if err != nil {
		return errors.Join(fmt.Errorf("commit %s: ingest log: %w", rec.File, t.s.diagnose(err)), t.Rollback())
	}
	t.finish()
	return nil
}

// Rollback implements store.Tx. The batch's rows are already invisible
// (no ingest-log row names it); Rollback also asks every shard to delete
// them, best effort: a shard that is down keeps invisible rows until
// Vacuum runs.
func (t *Tx) Rollback() error {
	if t.done {
		return nil
	}
	if t.wrote {
		t.s.deleteBatches(context.Background(), []uint64{t.batch})
	}
	t.finish()
	return nil
}

func (t *Tx) finish() {
	t.done = true
	t.evBuf, t.menBuf, t.seen = nil, nil, nil
	t.s.writeMu.Unlock()
}

// deleteBatches asks each shard to drop the rows of batches (an
// asynchronous mutation on 18.16); errors are ignored because the rows are
// invisible either way.
func (s *Store) deleteBatches(ctx context.Context, batches []uint64) {
	if len(batches) == 0 {
		return
	}
	list := ""
	for i, b := range batches {
		if i > 0 {
			list += ", "
		}
		list += fmt.Sprint(b)
	}
	for _, sh := range s.shards {
		for _, tbl := range []string{"events_local", "event_ids_local", "cube_local", "mentions_local"} {
			cctx, cancel := context.WithTimeout(ctx, s.opts.DialTimeout)
			_ = sh.conn.Exec(cctx, "ALTER TABLE `"+s.opts.Database+"`."+tbl+" DELETE WHERE batch IN ("+list+")")
			cancel()
		}
	}
}

func nullFloat(f float64) *float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return &f
}

func zeroNaN(f float64) float64 {
	if math.IsNaN(f) {
		return 0
	}
	return f
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// day truncates t to its UTC calendar day.
func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
