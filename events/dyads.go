package events

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sync"
	"time"
	"unicode/utf8"
)

// This file is the dyad aggregation fast path: GDELT TSV bytes straight to
// per-(day, source, target, root, quad) sums, without materialising Events.
// It answers "how much happened between whom, when" for a whole file at
// parsing speed, and is what `entente ingest --aggregate-only` and the P1
// benchmark (bench/ingest) run.
//
// Why a separate path: building an Event costs ~20 string headers, two
// time.Time values and ~370 bytes per row that a GROUP BY throws away;
// Miller's "parse lazily" lesson (#786) taken to its end is to decode only
// the columns the aggregate needs. The workers of the parallel reader each
// aggregate into their own map (no locks on the hot path) and the maps are
// merged once at the end.
//
// Why the results equal the Reader's: every row goes through the same
// splitter and field-count check, and a row is aggregated on the fast path
// only when it passes the checks eventBuilder.build makes, with the same
// helpers (allDigits, validYMD, parseCount, fastFloat, checkStamp) or with
// shortcuts that accept a subset of what they accept and are tested
// against them (ymd8, stampCache, coordOK). Anything unusual — a row that
// is not valid UTF-8, an empty QuadClass, a number the fast float path
// declines, a bad value — is handed to eventBuilder.build itself, which
// either builds the Event (then aggregated) or rejects the row with its
// usual RowError. TestAggregateDyadsMatchesReader and FuzzAggregateDyads
// hold the two paths equal.

// DyadCell is one group of AggregateDyads: the events of one day between
// one source and one target country with one CAMEO root code and quad
// class.
type DyadCell struct {
	Day            time.Time // UTC midnight (SQLDATE)
	Source, Target string    // Actor1/Actor2CountryCode; "" where GDELT leaves them empty
	Root           string    // 2-digit CAMEO root code, e.g. "04"
	Quad           int       // QuadClass 1..4

	Events    int64   // rows in the group
	Goldstein float64 // sum of GoldsteinScale over rows that have one
	Tone      float64 // sum of AvgTone over rows that have one
	ToneN     int64   // rows with a tone
	Mentions  int64   // sum of NumMentions (empty counts as 0)
}

// DyadSummary is the result of AggregateDyads. Its groups are kept packed
// (16-byte keys, no strings or times) until Cells asks for them, so that a
// caller who needs only totals or a few groups does not pay ~120 bytes per
// group for DyadCell values.
type DyadSummary struct {
	Format string // the format read (detected or forced)
	Events int64  // rows aggregated
	// Rejects are the rows the Reader would reject, in line order, with
	// the same RowErrors.
	Rejects []RowError
	Bytes   int64 // input bytes read

	groups *dyadParted
	codes  *codeTable
}

// Groups returns the number of groups (cells).
func (s *DyadSummary) Groups() int {
	if s.groups == nil {
		return 0
	}
	return s.groups.len()
}

// Cells returns one cell per group, ordered by SortDyadCells.
func (s *DyadSummary) Cells() []DyadCell {
	if s.groups == nil {
		return nil
	}
	cells := make([]DyadCell, 0, s.groups.len())
	days := map[uint64]time.Time{}
	names := map[uint32]string{}
	name := func(v uint32) string {
		n, ok := names[v]
		if !ok {
			n = s.codes.unpack(v)
			names[v] = n
		}
		return n
	}
	roots := map[uint64]string{}
	s.groups.all(func(g *dyadSlot) {
		k := g.key
		ymd := k.a >> 24
		t, ok := days[ymd]
		if !ok {
			t = time.Date(int(ymd/10000), time.Month(ymd/100%100), int(ymd%100), 0, 0, 0, 0, time.UTC)
			days[ymd] = t
		}
		rk := k.a >> 8 & 0xffff
		root, ok := roots[rk]
		if !ok {
			root = string([]byte{byte(rk >> 8), byte(rk)})
			roots[rk] = root
		}
		acc := &g.acc
		cells = append(cells, DyadCell{
			Day: t, Source: name(uint32(k.b >> 32)), Target: name(uint32(k.b)),
			Root: root, Quad: int(k.a & 0xff),
			Events: acc.events, Goldstein: acc.goldstein, Tone: acc.tone, ToneN: acc.toneN, Mentions: acc.mentions,
		})
	})
	SortDyadCells(cells)
	return cells
}

// AggregateDyads reads a GDELT 1.0 or 2.0 event file (format FormatGDELT1,
// FormatGDELT2, or FormatAuto/"" resolving to one of them) and returns its
// rows summed by (day, source country, target country, root code, quad
// class). The cells and rejects equal those obtained by aggregating the
// Events of NewReader on the same input; the work is spread over
// opts.Workers goroutines and memory is bounded by the number of groups,
// not by the size of the input.
func AggregateDyads(in Input, format string, opts Options) (*DyadSummary, error) {
	if format == "" {
		format = FormatAuto
	}
	if !knownFormat(format) {
		return nil, unknownFormatName(format)
	}
	rc, err := in.Open()
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", in.Name, err)
	}
	br, format, empty, err := sniff(in.Name, rc, format)
	if err != nil {
		return nil, errors.Join(err, rc.Close())
	}
	codes := &codeTable{index: map[string]uint32{}}
	sum := &DyadSummary{Format: format, codes: codes}
	if empty {
		return sum, rc.Close()
	}
	var newParser func(string) lineParser
	switch format {
	case FormatGDELT1:
		newParser = newGDELT1Parser
	case FormatGDELT2:
		newParser = newGDELT2Parser
	default:
		return nil, errors.Join(fmt.Errorf("aggregate dyads of %s: format %s is not GDELT event TSV (gdelt1 or gdelt2); read it with NewReader", in.Name, format), rc.Close())
	}
	// Each worker's table is sized up front for as many groups as the rows
	// it will likely see (an upper bound on its groups), estimated from the
	// input's size; see dyadParted.reserve. Compressed inputs underestimate,
	// which only means growing as without a hint.
	reserve := 0
	if workers := opts.withDefaults().Workers; in.Size > 0 && workers > 0 {
		reserve = int(min(in.Size/dyadRowBytes/int64(workers), 1<<30))
	}
	var mu sync.Mutex
	var parsers []*dyadParser
	r := newParallelReader(format, in.Name, br, rc, 1, opts, func() lineParser {
		p := newDyadParser(newParser(in.Name).(*gdeltTSV), codes)
		p.groups.reserve(reserve)
		mu.Lock()
		parsers = append(parsers, p)
		mu.Unlock()
		return p
	})
	for {
		b, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, errors.Join(err, r.Close())
		}
		sum.Rejects = append(sum.Rejects, b.Rejects...)
		sum.Bytes += b.Bytes
	}
	// Close waits for the workers, so their maps are final.
	if err := r.Close(); err != nil {
		return nil, fmt.Errorf("close %s: %w", in.Name, err)
	}
	parts := make([]*dyadParted, len(parsers))
	for i, p := range parsers {
		p.buf.flush(p.groups)
		sum.Events += p.rows
		parts[i] = p.groups
	}
	sum.groups = mergeDyadParts(parts, opts.withDefaults().Workers)
	return sum, nil
}

// dyadRowBytes is the average size of a GDELT 2.0 event row, for sizing
// the group tables from an input's size: the P1 benchmark file, resampled
// from the real rows in /work/shared/data/gdelt2, has 1,073,741,878 bytes
// in 2,655,581 rows (404 bytes a row).
const dyadRowBytes = 400

// SortDyadCells orders cells by day, source, target, root and quad.
func SortDyadCells(cells []DyadCell) {
	slices.SortFunc(cells, func(a, b DyadCell) int {
		return cmp.Or(a.Day.Compare(b.Day), cmp.Compare(a.Source, b.Source),
			cmp.Compare(a.Target, b.Target), cmp.Compare(a.Root, b.Root), cmp.Compare(a.Quad, b.Quad))
	})
}

// codeTable packs country codes into uint32: codes of up to three bytes
// (every CAMEO country code) as their length and bytes, with no lookup;
// longer ones, which real data does not have but input may, get a number
// from a table shared by the workers (under a lock, off the common path).
type codeTable struct {
	mu    sync.Mutex
	index map[string]uint32
	names []string
}

const longCode = 1 << 31

func (t *codeTable) pack(b []byte) uint32 {
	switch len(b) {
	case 0:
		return 0
	case 1:
		return 1<<24 | uint32(b[0])<<16
	case 2:
		return 2<<24 | uint32(b[0])<<16 | uint32(b[1])<<8
	case 3:
		return 3<<24 | uint32(b[0])<<16 | uint32(b[1])<<8 | uint32(b[2])
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if v, ok := t.index[string(b)]; ok {
		return v
	}
	v := longCode | uint32(len(t.names))
	t.names = append(t.names, string(b))
	t.index[string(b)] = v
	return v
}

func (t *codeTable) unpack(v uint32) string {
	if v&longCode != 0 {
		return t.names[v&^longCode]
	}
	n := v >> 24
	b := [3]byte{byte(v >> 16), byte(v >> 8), byte(v)}
	return string(b[:n])
}

// dyadParser is one worker's aggregating line parser.
type dyadParser struct {
	g       *gdeltTSV // layouts, and the full path for rows off the fast one
	codes   *codeTable
	groups  *dyadParted
	buf     dyadBuffer // rows not yet applied to groups
	stamps  stampCache
	rows    int64
	scratch Batch // receives the full path's event or reject
}

func newDyadParser(g *gdeltTSV, codes *codeTable) *dyadParser {
	return &dyadParser{g: g, codes: codes, groups: &dyadParted{}}
}

// newBatch returns a batch for rejects only: events are aggregated, never
// stored.
func (p *dyadParser) newBatch(int) *Batch { return &Batch{} }

func (p *dyadParser) parseLine(line []byte, lineNo int64, b *Batch) {
	// 8 spare bounds for splitTabs's fast path; a row with more fields
	// than the layouts (pos == nil below) goes to the full path, which
	// rejects it by its own count.
	var bounds [gdelt2Fields + 2 + 8]int32
	n, ascii := splitTabs(line, bounds[:])
	var pos *[nCols]int
	if n < len(p.g.pos) {
		pos = p.g.pos[n]
	}
	// The Reader checks the UTF-8 of the fields it reads; a row that is
	// valid UTF-8 as a whole has only valid fields (tabs are ASCII, so
	// cutting at them never splits a character) and passes those checks,
	// so only invalid rows need the full path to find the guilty field.
	// Real GDELT has non-ASCII in ~3% of rows (names, URLs), all valid.
	if pos == nil || !ascii && !utf8.Valid(line) {
		p.full(line, lineNo, b)
		return
	}
	field := func(c col) []byte {
		k := pos[c]
		return line[bounds[k] : bounds[k+1]-1]
	}
	if !allDigits(field(cID)) {
		p.full(line, lineNo, b)
		return
	}
	date := field(cDate)
	if len(date) != 8 {
		p.full(line, lineNo, b)
		return
	}
	day, ok := ymd8(date)
	if !ok {
		p.full(line, lineNo, b)
		return
	}
	code, base, root := field(cCode), field(cBase), field(cRoot)
	if !allDigits(code) || len(code) < 3 || len(code) > 4 ||
		len(root) != 2 || root[0] != code[0] || root[1] != code[1] ||
		len(base) > 0 && (!allDigits(base) || len(base) > len(code) || string(code[:len(base)]) != string(base)) {
		p.full(line, lineNo, b)
		return
	}
	q := field(cQuad)
	if len(q) != 1 || q[0] < '1' || q[0] > '4' {
		p.full(line, lineNo, b) // empty: the full path derives it from the root
		return
	}
	gold, ok := dyadFloat(field(cGoldstein))
	if !ok || gold < -10 || gold > 10 {
		p.full(line, lineNo, b)
		return
	}
	mentions, ok1 := parseCount(field(cMentions))
	_, ok2 := parseCount(field(cSources))
	_, ok3 := parseCount(field(cArticles))
	tone, ok4 := dyadFloat(field(cTone))
	if !ok1 || !ok2 || !ok3 || !ok4 || !coordOK(field(cLat), 90) || !coordOK(field(cLon), 180) {
		p.full(line, lineNo, b)
		return
	}
	if added := field(cAdded); len(added) > 0 && !p.stamps.added(added) {
		p.full(line, lineNo, b)
		return
	}
	k := dyadKey{
		a: uint64(day)<<24 | uint64(root[0])<<16 | uint64(root[1])<<8 | uint64(q[0]-'0'),
		b: uint64(p.codes.pack(field(cA1Country)))<<32 | uint64(p.codes.pack(field(cA2Country))),
	}
	p.add(k, gold, tone, mentions)
}

// coordOK reports whether a coordinate field passes the Reader's check
// (parseFloat accepts it and its absolute value is not above limit) on
// the fast path; false sends the row to the full path, which decides. It
// does not convert the common form, as the aggregate does not need the
// value: for a plain decimal "[-+]I[.F]" whose integer part I has 1 to 3
// digits and is below limit, strconv.ParseFloat (parseFloat's last
// resort) accepts it and the value is within range, rounding included.
// Other forms are decided by dyadFloat and the range test (empty is NaN,
// which the Reader lets through; exponents are left to the full path).
func coordOK(b []byte, limit int) bool {
	i := 0
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		i = 1
	}
	start, ip := i, 0
	for ; i < len(b) && i-start < 3; i++ {
		d := b[i] - '0'
		if d > 9 {
			break
		}
		ip = ip*10 + int(d)
	}
	if len(b) > 0 && i > start && ip < limit && (i == len(b) || b[i] == '.') {
		for i++; i < len(b); i++ {
			if b[i]-'0' > 9 {
				break
			}
		}
		if i >= len(b) {
			return true
		}
	}
	f, ok := dyadFloat(b)
	return ok && !(math.Abs(f) > float64(limit))
}

// stampCache remembers the DATEADDED values a worker has validated, keyed
// by their bytes, in a small direct-mapped table: a GDELT 2.0 export has
// one DATEADDED (the P1 file, resampled from seven exports, seven), and a
// lookup costs less than checkStamp's four conversions on every row. Only
// valid values are entered, so a miss always takes the full check.
type stampCache struct {
	stamp [64][2]uint64
}

// added reports whether a non-empty DATEADDED is valid (checkStamp).
func (c *stampCache) added(b []byte) bool {
	if len(b) != 8 && len(b) != 14 {
		return false
	}
	// The first and last 8 bytes, with the length in the top bit (digit
	// bytes never have it set), identify the value.
	k := [2]uint64{binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[len(b)-8:]) | uint64(len(b)/14)<<63}
	e := &c.stamp[(k[0]^k[1])*0x9e3779b97f4a7c15>>58]
	if *e == k {
		return true
	}
	if _, _, ok := checkStamp(b); !ok {
		return false
	}
	*e = k
	return true
}

// ymd8 returns the YYYYMMDD value of an 8-byte SQLDATE, ok false when it
// is not a calendar date (as dateCache.ymd decides). The eight digits are
// checked and converted a word at a time (SWAR): the digit test is exact
// per byte, and three multiplies combine the digits (Lemire, "Number
// parsing at a gigabyte per second", Software: Practice and Experience
// 51(8), 2021, section 6). SQLDATEs repeat too little to cache: the P1
// file has 3,605 of them in its first 200,000 rows.
func ymd8(b []byte) (uint64, bool) {
	if len(b) != 8 {
		return 0, false
	}
	x := binary.LittleEndian.Uint64(b) ^ 0x3030303030303030 // digits: values 0..9
	// High bit set in a byte that is not a digit: (x&0x7f)+0x76 reaches
	// 0x80 from 10 up, without carrying into the next byte; x >= 0x80 is
	// not a digit either.
	if (((x&0x7f7f7f7f7f7f7f7f)+0x7676767676767676)|x)&0x8080808080808080 != 0 {
		return 0, false
	}
	x = x*10 + x>>8 // 10*d0 + d1 in every other byte, first digit lowest
	v := ((x&0x000000ff000000ff)*(100+1000000<<32) + (x>>16&0x000000ff000000ff)*(1+10000<<32)) >> 32
	if !validYMD(int(v/10000), int(v/100%100), int(v%100)) {
		return 0, false
	}
	return v, true
}

// dyadFloat is parseFloat restricted to its fast path: empty is NaN, plain
// decimals convert exactly, anything else reports !ok and goes to the full
// path (which then calls strconv).
func dyadFloat(b []byte) (float64, bool) {
	if len(b) == 0 {
		return math.NaN(), true
	}
	return fastFloat(b)
}

func (p *dyadParser) add(k dyadKey, gold, tone float64, mentions int32) {
	p.buf.add(p.groups, k, gold, tone, mentions)
	p.rows++
}

// full handles a row off the fast path with the Reader's own parser:
// the row is either built into an Event (and aggregated) or rejected.
func (p *dyadParser) full(line []byte, lineNo int64, b *Batch) {
	s := &p.scratch
	s.Events, s.Rejects = s.Events[:0], s.Rejects[:0]
	p.g.parseLine(line, lineNo, s)
	b.Rejects = append(b.Rejects, s.Rejects...)
	for i := range s.Events {
		e := &s.Events[i]
		y, m, d := e.Date.Date()
		day := uint64(y*10000 + int(m)*100 + d)
		k := dyadKey{
			a: day<<24 | uint64(e.Root[0])<<16 | uint64(e.Root[1])<<8 | uint64(e.Quad),
			b: uint64(p.codes.pack([]byte(e.Source.Country)))<<32 | uint64(p.codes.pack([]byte(e.Target.Country))),
		}
		p.add(k, e.Goldstein, e.Tone, e.Mentions)
	}
}
