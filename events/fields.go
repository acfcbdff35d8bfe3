package events

import (
	"encoding/binary"
	"math"
	"math/bits"
	"strconv"
	"time"
	"unsafe"
)

// This file holds the byte-level field helpers shared by every reader: the
// tab splitter, number and date conversion without allocation, and the
// string arena that gives each batch's strings a few shared backing blocks.

// splitTabs records in bounds the field boundaries of a tab-separated line:
// field k is line[bounds[k] : bounds[k+1]-1]. It returns the number of fields,
// or len(bounds) when the line has more fields than bounds can describe (the
// caller rejects such a line by its count without looking at the fields),
// and whether the line is pure ASCII (then no field needs a UTF-8 check).
// Entries of bounds past n may be overwritten with values that mean nothing.
// A caller may give bounds 8 spare entries beyond the most fields it reads,
// for putBits's fast path in every block.
//
// GDELT and ICEWS TSV files have no quoting, so a tab always ends a field.
// The scan is SWAR ("SIMD within a register") in 64-byte blocks: tabMask64
// turns a block into a bitmask of its tabs without a branch, and putBits
// writes the bits' positions out. The word-by-word walk this replaced
// (splitTabsWords, the peer in BenchmarkSplitTabs) branched on every word
// (has it a tab? how many?), about 40 mispredictions in a 400-byte GDELT
// row, and costs about twice the CPU on the benchmark's real rows (blocks
// at 0.41-0.49x of it, with the 8 spare bounds AggregateDyads gives).
// Per-field calls of bytes.IndexByte cost more still: GDELT fields average
// under 8 bytes.
func splitTabs(line []byte, bounds []int32) (n int, ascii bool) {
	const high = 0x8080808080808080
	max := len(bounds) - 1
	bounds[0] = 0
	var acc uint64
	for i := 0; i < len(line); i += 64 {
		var m, or uint64
		switch {
		case i+64 <= len(line):
			m, or = tabMask64((*[64]byte)(line[i : i+64]))
		case len(line) >= 64:
			// The last, partial block: the line's last 64 bytes, less
			// the bits of the bytes before i, which are already counted.
			m, or = tabMask64((*[64]byte)(line[len(line)-64:]))
			m >>= uint(i - (len(line) - 64))
		default:
			var last [64]byte // zero padding: no tabs, no high bits
			copy(last[:], line)
			m, or = tabMask64(&last)
		}
		acc |= or
		k := bits.OnesCount64(m)
		if n+k >= max {
			return len(bounds), false
		}
		putBits(bounds, n+1, m, int32(i+1), k)
		n += k
	}
	n++
	bounds[n] = int32(len(line) + 1)
	return n, acc&high == 0
}

// putBits writes base plus the index of each set bit of m, lowest first,
// into bounds[at:], k = popcount(m) of them. When bounds has 8 spare
// entries past them, the bits are written eight at a time without testing
// for the last (entries past the k-th get values that mean nothing):
// ~9 tabs a block means the exit of a bit-by-bit loop is mispredicted in
// most blocks, and the unconditional writes cost less (simdjson's
// flatten_bits, Langdale and Lemire, "Parsing gigabytes of JSON per
// second", VLDB Journal 28, 2019, section 3.1.1): splitTabs went from
// 0.54x to 0.41-0.49x of splitTabsWords's CPU on real GDELT rows.
func putBits(bounds []int32, at int, m uint64, base int32, k int) {
	if at+k+8 <= len(bounds) {
		for j := 0; j < k; j += 8 {
			d := (*[8]int32)(bounds[at+j : at+j+8])
			d[0] = base + int32(bits.TrailingZeros64(m))
			m &= m - 1
			d[1] = base + int32(bits.TrailingZeros64(m))
			m &= m - 1
			d[2] = base + int32(bits.TrailingZeros64(m))
			m &= m - 1
			d[3] = base + int32(bits.TrailingZeros64(m))
			m &= m - 1
			d[4] = base + int32(bits.TrailingZeros64(m))
			m &= m - 1
			d[5] = base + int32(bits.TrailingZeros64(m))
			m &= m - 1
			d[6] = base + int32(bits.TrailingZeros64(m))
			m &= m - 1
			d[7] = base + int32(bits.TrailingZeros64(m))
			m &= m - 1
		}
		return
	}
	dst := bounds[at : at+k]
	for j := range dst {
		dst[j] = base + int32(bits.TrailingZeros64(m))
		m &= m - 1
	}
}

// tabMask64 returns the tab bitmask of the 64 bytes at b (bit p set when
// b[p] is a tab) and the OR of their words, for the ASCII check. Per
// word: the exact zero-byte test of Hacker's Delight (Warren, 2nd ed.,
// section 6-1) on word ^ 0x0909..., leaving 0x80 at each tab byte, then a
// multiply that gathers the eight flags into one byte.
func tabMask64(b *[64]byte) (mask, or uint64) {
	const (
		tabs = 0x0909090909090909
		low7 = 0x7f7f7f7f7f7f7f7f
		// gather moves bit 8k of a word to bit 56+k: the partial products
		// land on distinct bits, so nothing carries.
		gather = 0x0102040810204080
	)
	w0 := binary.LittleEndian.Uint64(b[0:])
	w1 := binary.LittleEndian.Uint64(b[8:])
	w2 := binary.LittleEndian.Uint64(b[16:])
	w3 := binary.LittleEndian.Uint64(b[24:])
	w4 := binary.LittleEndian.Uint64(b[32:])
	w5 := binary.LittleEndian.Uint64(b[40:])
	w6 := binary.LittleEndian.Uint64(b[48:])
	w7 := binary.LittleEndian.Uint64(b[56:])
	or = w0 | w1 | w2 | w3 | w4 | w5 | w6 | w7
	m := func(w uint64) uint64 {
		x := w ^ tabs
		t := ^(((x & low7) + low7) | x | low7)
		return (t >> 7) * gather >> 56
	}
	mask = m(w0) | m(w1)<<8 | m(w2)<<16 | m(w3)<<24 | m(w4)<<32 | m(w5)<<40 | m(w6)<<48 | m(w7)<<56
	return mask, or
}

// unsafeString views b as a string without copying. The result must not
// outlive b's contents: use it only for lookups and number parsing.
func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// allDigits reports whether b is non-empty and holds only ASCII digits.
func allDigits(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// atoiDigits converts a string of at most 18 ASCII digits; ok is false for
// anything else.
func atoiDigits(b []byte) (n int64, ok bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// parseCount parses a GDELT count (NumMentions and the like). Empty means 0,
// as the GDELT codebook leaves counts empty when unknown.
func parseCount(b []byte) (int32, bool) {
	if len(b) == 0 {
		return 0, true
	}
	neg := false
	if b[0] == '-' {
		neg = true
		b = b[1:]
	}
	n, ok := atoiDigits(b)
	if !ok || n > math.MaxInt32 {
		return 0, false
	}
	if neg {
		n = -n
	}
	return int32(n), true
}

// parseFloat parses a decimal number; empty means NaN (GDELT leaves tone,
// Goldstein and coordinates empty when unknown). Results equal
// strconv.ParseFloat's, which handles whatever the fast path declines.
func parseFloat(b []byte) (float64, bool) {
	if len(b) == 0 {
		return math.NaN(), true
	}
	if f, ok := fastFloat(b); ok {
		return f, true
	}
	f, err := strconv.ParseFloat(unsafeString(b), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// fastFloat converts plain decimals ("-4.4776119402985", "2.8", "37") whose
// digits form an integer of at most 2^53 with at most 22 of them after the
// point: the integer and the divisor 10^frac are both exact in float64, so
// one IEEE division gives the correctly rounded result (Clinger, "How to
// read floating point numbers accurately", PLDI 1990, the fast path strconv
// also takes). Other forms (exponents, more digits) report !ok.
func fastFloat(b []byte) (float64, bool) {
	i := 0
	neg := false
	if b[0] == '-' || b[0] == '+' {
		neg = b[0] == '-'
		i = 1
	}
	// Integer digits, then optionally '.' and fraction digits; one tight
	// loop each (c-'0' > 9 also catches bytes below '0').
	var mant uint64
	first := i
	for ; i < len(b); i++ {
		d := b[i] - '0'
		if d > 9 {
			break
		}
		mant = mant*10 + uint64(d)
	}
	digits, frac := i-first, 0
	if i < len(b) {
		if b[i] != '.' {
			return 0, false
		}
		i++
		from := i
		for ; i < len(b); i++ {
			d := b[i] - '0'
			if d > 9 {
				return 0, false
			}
			mant = mant*10 + uint64(d)
		}
		frac = i - from
		digits += frac
	}
	// At most 19 digits cannot overflow mant; mant <= 2^53 and 10^frac <=
	// 10^22 are exact in float64. Leading zeros count in digits but not in
	// mant, so GDELT tones such as "-0.966183574879227" (16 digits, mant
	// below 10^15) stay on this path.
	if digits == 0 || digits > 19 || mant > 1<<53 || frac >= len(pow10) {
		return 0, false
	}
	f := float64(mant)
	if frac > 0 {
		f /= pow10[frac]
	}
	if neg {
		f = -f
	}
	return f, true
}

var daysIn = [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// validYMD reports whether y-m-d is a calendar date (years 1800..2200, which
// brackets every event data set).
func validYMD(y, m, d int) bool {
	if y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1 || d > daysIn[m] {
		return false
	}
	if m == 2 && d == 29 && !(y%4 == 0 && (y%100 != 0 || y%400 == 0)) {
		return false
	}
	return true
}

// dateCache converts packed YYYYMMDD integers to UTC midnights, remembering
// the last one: rows of one file mostly share a handful of dates, and
// time.Date costs more than the rest of the date parse.
type dateCache struct {
	last int64
	t    time.Time
}

// ymd parses "YYYYMMDD".
func (c *dateCache) ymd(b []byte) (time.Time, bool) {
	if len(b) != 8 {
		return time.Time{}, false
	}
	v, ok := atoiDigits(b)
	if !ok {
		return time.Time{}, false
	}
	return c.packed(v)
}

// isoDate parses "YYYY-MM-DD" (ICEWS).
func (c *dateCache) isoDate(b []byte) (time.Time, bool) {
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return time.Time{}, false
	}
	y, ok1 := atoiDigits(b[0:4])
	m, ok2 := atoiDigits(b[5:7])
	d, ok3 := atoiDigits(b[8:10])
	if !ok1 || !ok2 || !ok3 {
		return time.Time{}, false
	}
	return c.packed(y*10000 + m*100 + d)
}

func (c *dateCache) packed(v int64) (time.Time, bool) {
	if v == c.last && v != 0 {
		return c.t, true
	}
	y, m, d := int(v/10000), int(v/100%100), int(v%100)
	if !validYMD(y, m, d) {
		return time.Time{}, false
	}
	c.last = v
	c.t = time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return c.t, true
}

// parseStamp parses GDELT's DATEADDED: "YYYYMMDDHHMMSS" (GDELT 2.0) or
// "YYYYMMDD" (GDELT 1.0), in UTC. Empty gives the zero time.
func parseStamp(b []byte) (time.Time, bool) {
	if len(b) == 0 {
		return time.Time{}, true
	}
	ymd, hms, ok := checkStamp(b)
	if !ok {
		return time.Time{}, false
	}
	return time.Date(int(ymd/10000), time.Month(ymd/100%100), int(ymd%100),
		int(hms/10000), int(hms/100%100), int(hms%100), 0, time.UTC), true
}

// checkStamp validates a non-empty DATEADDED without building a time.Time
// (the dyad aggregation needs only to know it is valid), returning the date
// as YYYYMMDD and the time of day as HHMMSS (0 for 8-digit stamps).
func checkStamp(b []byte) (ymd, hms int64, ok bool) {
	if len(b) != 8 && len(b) != 14 {
		return 0, 0, false
	}
	v, ok := atoiDigits(b[:8])
	if !ok || !validYMD(int(v/10000), int(v/100%100), int(v%100)) {
		return 0, 0, false
	}
	if len(b) == 14 {
		hh, ok1 := atoiDigits(b[8:10])
		mm, ok2 := atoiDigits(b[10:12])
		ss, ok3 := atoiDigits(b[12:14])
		if !ok1 || !ok2 || !ok3 || hh > 23 || mm > 59 || ss > 60 {
			return 0, 0, false
		}
		hms = hh*10000 + mm*100 + ss
	}
	return v, hms, true
}

// arenaBlock is the size of one string arena block. A block is pinned by the
// events whose strings live in it, so it is kept small relative to a chunk:
// a caller keeping a handful of events from a batch keeps a few KiB alive,
// not the 4 MiB chunk they were parsed from.
const arenaBlock = 64 << 10

// arena copies field bytes into shared blocks and hands out strings viewing
// them, so a batch costs one allocation per block instead of one per field
// (encoding/csv's one-string-per-record idea, taken one step further).
// Bytes once handed out are never written again: appends only go past len,
// and a full block is replaced, never grown, so the strings stay immutable.
//
// Short repeated strings (country and type codes) are copied too: a copy of
// three bytes is cheaper than the map lookup that would intern them.
type arena struct {
	buf []byte
}

func newArena() *arena { return &arena{} }

// str returns b as a string that is safe to keep.
func (a *arena) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(a.buf)+len(b) > cap(a.buf) {
		a.buf = make([]byte, 0, max(arenaBlock, len(b)))
	}
	start := len(a.buf)
	a.buf = append(a.buf, b...)
	return unsafe.String(&a.buf[start], len(b))
}
