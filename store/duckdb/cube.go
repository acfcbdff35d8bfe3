package duckdb

import (
	"context"
	"fmt"
	"math"
	"time"

	"entente/events"
)

// This file builds the cube rows of the events a Tx stores directly (those
// certainly new, see dedupe.go) in Go, as the events go by, instead of a
// GROUP BY over a staging table: the events are already in memory, and a
// hash table of packed keys costs less than writing them to a temporary
// table and reading them back. The rows are the same partial aggregates
// the SQL merge writes (cube sums partial rows per key on every query), so
// the two kinds mix freely, and flushing the table whenever it grows past
// cubeFlushKeys keeps memory bounded however big the file.
//
// The sums follow mergeSQL's cube statement exactly: a NULL (NaN or
// infinite) Goldstein counts as 0, tone sums only rows that have one,
// mentions are never NULL, and only events with both countries are kept.

// cubeFlushKeys bounds the keys held before they are written out: ~100
// bytes a key, so ~25 MB (and as much again for the rows while they are
// written).
const cubeFlushKeys = 1 << 18

// cubeKey packs (day, code, root, quad, source, target) when every part
// fits: a = day<<32 | code<<8 | quad with day as DuckDB's days since the
// epoch (offset to stay positive) and code as up to four decimal digits
// (4 bits each) plus its length; b = source<<32 | target, country codes of
// at most three bytes with their length. The root must be the code's first
// two digits (it is for every CAMEO code); anything else uses cubeStrKey.
type cubeKey struct{ a, b uint64 }

// cubeStrKey is the general key, with the strings cloned.
type cubeStrKey struct {
	day                        int32
	source, target, code, root string
	quad                       int
}

type cubeAcc struct {
	events, toneN, mentions       int64
	goldstein, tone, goldMentions float64
}

// cubeBuilder aggregates a Tx's directly stored events, one table per data
// set (a Tx nearly always has one).
type cubeBuilder struct {
	sets map[events.Dataset]*cubeTable
	keys int
}

type cubeTable struct {
	packed map[cubeKey]*cubeAcc
	other  map[cubeStrKey]*cubeAcc
}

func newCubeBuilder() *cubeBuilder {
	return &cubeBuilder{sets: map[events.Dataset]*cubeTable{}}
}

// dayOffset keeps packed days positive (DuckDB dates before 1970 are
// negative day numbers).
const dayOffset = 1 << 30

// eventDay is the DATE DuckDB's driver stores for e.Date: Unix seconds over
// 86400, truncated (duckdb-go inferDate).
func eventDay(t time.Time) int32 { return int32(t.Unix() / 86400) }

// add adds e. It reports whether the table has grown past cubeFlushKeys.
func (c *cubeBuilder) add(e *events.Event) bool {
	if e.Source.Country == "" || e.Target.Country == "" {
		return false
	}
	t := c.sets[e.Dataset]
	if t == nil {
		t = &cubeTable{packed: make(map[cubeKey]*cubeAcc, 1<<12), other: map[cubeStrKey]*cubeAcc{}}
		c.sets[e.Dataset] = t
	}
	day := eventDay(e.Date)
	var acc *cubeAcc
	if k, ok := packCube(day, e); ok {
		acc = t.packed[k]
		if acc == nil {
			acc = &cubeAcc{}
			t.packed[k] = acc
			c.keys++
		}
	} else {
		k := cubeStrKey{day: day, source: e.Source.Country, target: e.Target.Country, code: e.Code, root: e.Root, quad: e.Quad}
		acc = t.other[k]
		if acc == nil {
			acc = &cubeAcc{}
			k.source, k.target = clone(k.source), clone(k.target)
			k.code, k.root = clone(k.code), clone(k.root)
			t.other[k] = acc
			c.keys++
		}
	}
	g := e.Goldstein
	if math.IsNaN(g) || math.IsInf(g, 0) {
		g = 0
	}
	acc.events++
	acc.goldstein += g
	if !math.IsNaN(e.Tone) && !math.IsInf(e.Tone, 0) {
		acc.tone += e.Tone
		acc.toneN++
	}
	acc.mentions += int64(e.Mentions)
	acc.goldMentions += g * float64(e.Mentions)
	return c.keys >= cubeFlushKeys
}

func clone(s string) string { return string([]byte(s)) }

func packCube(day int32, e *events.Event) (cubeKey, bool) {
	code, root := e.Code, e.Root
	if len(code) == 0 || len(code) > 4 || len(root) != 2 || len(code) < 2 || code[:2] != root || e.Quad < 0 || e.Quad > 255 {
		return cubeKey{}, false
	}
	var cv uint64
	for i := 0; i < len(code); i++ {
		d := code[i] - '0'
		if d > 9 {
			return cubeKey{}, false
		}
		cv = cv<<4 | uint64(d)
	}
	cv = cv<<3 | uint64(len(code)) // 19 bits
	src, ok1 := packCountry(e.Source.Country)
	tgt, ok2 := packCountry(e.Target.Country)
	if !ok1 || !ok2 {
		return cubeKey{}, false
	}
	return cubeKey{
		a: uint64(int64(day)+dayOffset)<<32 | cv<<8 | uint64(e.Quad),
		b: uint64(src)<<32 | uint64(tgt),
	}, true
}

func packCountry(s string) (uint32, bool) {
	if len(s) > 3 {
		return 0, false
	}
	v := uint32(len(s)) << 24
	for i := 0; i < len(s); i++ {
		v |= uint32(s[i]) << (16 - 8*i)
	}
	return v, true
}

func unpackCountry(v uint32) string {
	n := int(v >> 24)
	b := [3]byte{byte(v >> 16), byte(v >> 8), byte(v)}
	return string(b[:n])
}

func unpackCode(cv uint64) string {
	n := int(cv & 7)
	cv >>= 3
	b := make([]byte, n)
	for i := n - 1; i >= 0; i-- {
		b[i] = '0' + byte(cv&15)
		cv >>= 4
	}
	return string(b)
}

// cubeRow is one row of the cube table, in cubeColumns order.
type cubeRow struct {
	dataset                    string
	day                        int32
	source, target, code, root string
	quad                       int8
	acc                        *cubeAcc
}

// rows returns the aggregated rows and empties the builder.
func (c *cubeBuilder) rows() []cubeRow {
	out := make([]cubeRow, 0, c.keys)
	names := map[uint32]string{}
	country := func(v uint32) string {
		s, ok := names[v]
		if !ok {
			s = unpackCountry(v)
			names[v] = s
		}
		return s
	}
	codes := map[uint64]string{}
	for ds, t := range c.sets {
		for k, a := range t.packed {
			cv := k.a >> 8 & (1<<19 - 1)
			code, ok := codes[cv]
			if !ok {
				code = unpackCode(cv)
				codes[cv] = code
			}
			out = append(out, cubeRow{
				dataset: string(ds), day: int32(int64(k.a>>32) - dayOffset),
				source: country(uint32(k.b >> 32)), target: country(uint32(k.b)),
				code: code, root: code[:2], quad: int8(k.a & 0xff), acc: a,
			})
		}
		for k, a := range t.other {
			out = append(out, cubeRow{dataset: string(ds), day: k.day, source: k.source, target: k.target,
				code: k.code, root: k.root, quad: int8(k.quad), acc: a})
		}
	}
	c.sets = map[events.Dataset]*cubeTable{}
	c.keys = 0
	return out
}

// flushCube writes the builder's rows into cube with one INSERT over the
// cube table function (stream.go): an Appender would convert and compress
// the million-odd rows of a big file on one goroutine.
func (t *Tx) flushCube(ctx context.Context) error {
	if t.cube.keys == 0 {
		return nil
	}
	if err := t.endStream(); err != nil {
		return err
	}
	src := &cubeSource{rows: t.cube.rows(), token: streamTokens.Add(1)}
	t.s.streams.Store(src.token, src)
	defer t.s.streams.Delete(src.token)
	if _, err := t.conn.ExecContext(ctx, `INSERT INTO cube SELECT * FROM `+cubeFunc+`(?)`, src.token); err != nil {
		return fmt.Errorf("store cube rows: %w", err)
	}
	return nil
}
