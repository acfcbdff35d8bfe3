package events

import (
	"sync"
	"unsafe"
)

// This file holds the hash table behind AggregateDyads.
//
// Why not a Go map: a big file has about one group per two rows (the P1
// benchmark's 1 GB file: 2.7M rows, 1.4M groups), so nearly every row is a
// cache miss into a table of tens of MB. An open-addressing table with the
// key and its sums side by side in one 56-byte slot costs one miss per row
// where map[key]index plus a slice of sums costs two, and it skips the
// generic map's hashing and control-word matching.
//
// Why partitions: each worker's table is split by the top bits of the hash
// into dyadParts tables, and rows are not added one by one but buffered
// (dyadBuffer) and applied partition by partition, so that the slots being
// updated at any moment are one partition's (a few hundred KB, within L2
// and the TLB's reach) rather than the whole table's (100 MB for the P1
// file, a TLB and cache miss per row). The same split lets the workers'
// tables be merged partition by partition in parallel, since partition p
// only ever meets partition p. This is the radix-partitioned aggregation of
// DuckDB and HyPer (Leis et al., "Morsel-driven parallelism", SIGMOD 2014,
// section 4.4; Manegold et al., "Optimizing main-memory join on modern
// hardware", IEEE TKDE 2002, on radix clustering for the TLB).

// dyadKey packs a group into 16 bytes: a = YYYYMMDD<<24 | root<<8 | quad,
// b = source<<32 | target, the countries packed by codeTable.pack. a is
// never 0 for a real group (the date is at least 18000101), so a zero key
// marks an empty slot.
type dyadKey struct{ a, b uint64 }

// dyadAcc accumulates one group.
type dyadAcc struct {
	events, toneN, mentions int64
	goldstein, tone         float64
}

func (acc *dyadAcc) add(o *dyadAcc) {
	acc.events += o.events
	acc.toneN += o.toneN
	acc.mentions += o.mentions
	acc.goldstein += o.goldstein
	acc.tone += o.tone
}

type dyadSlot struct {
	key dyadKey
	acc dyadAcc
}

// dyadPartBits partitions each worker's groups into 1<<dyadPartBits tables.
const (
	dyadPartBits = 8
	dyadParts    = 1 << dyadPartBits
)

// hash mixes a key into 64 well-spread bits (the multiply-xorshift
// finaliser of SplitMix64, Steele et al., OOPSLA 2014): the top bits pick
// the partition, the low bits the slot.
func (k dyadKey) hash() uint64 {
	h := k.a*0x9e3779b97f4a7c15 ^ k.b
	h ^= h >> 31
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 29
	return h
}

// dyadTable is an open-addressing (linear probing) hash table of groups.
type dyadTable struct {
	slots []dyadSlot // len is a power of two
	n     int
	hint  int    // size of the first allocation (see dyadParted.reserve)
	sink  uint64 // keeps touch's loads from being removed as dead code
}

const dyadTableMin = 1 << 10

// slot returns the slot of k, claiming an empty one if k is new.
func (t *dyadTable) slot(k dyadKey, h uint64) *dyadSlot {
	if 4*(t.n+1) > 3*len(t.slots) {
		t.grow()
	}
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.key == k {
			return s
		}
		if s.key.a == 0 {
			s.key = k
			t.n++
			return s
		}
	}
}

// touch loads the first slot each row will probe (both ends of it, as a
// 56-byte slot may straddle two cache lines), so that the rows' cache
// misses overlap. Go has no prefetch instruction outside the runtime; a
// load whose result feeds no branch serves as one, since the out-of-order
// core issues the loads of many iterations at once. Probing directly costs
// a miss per row one after another: whether a row's group exists is a coin
// toss (two rows per group on a big file), and each mispredicted probe
// discards the loads issued after it.
func (t *dyadTable) touch(rows []dyadRow) {
	mask := uint64(len(t.slots) - 1)
	var sink uint64
	for i := range rows {
		s := &t.slots[rows[i].h&mask]
		sink += s.key.a + uint64(s.acc.mentions)
	}
	t.sink += sink
}

func (t *dyadTable) grow() {
	old := t.slots
	size := max(dyadTableMin, t.hint, 2*len(old))
	t.slots = make([]dyadSlot, size)
	prefault(t.slots)
	mask := uint64(size - 1)
	for i := range old {
		s := &old[i]
		if s.key.a == 0 {
			continue
		}
		j := s.key.hash() & mask
		for t.slots[j].key.a != 0 {
			j = (j + 1) & mask
		}
		t.slots[j] = *s
	}
}

// prefault writes one word per 4 KiB page of slots. A big allocation comes
// fresh from the OS, mapped but untouched; the table's first access to a
// page is usually a probe (a read), which maps the shared zero page, and
// the insert that follows faults a second time to get a private page.
// Writing first takes one fault per page instead of two: on the P1
// benchmark file, 123,000 -> 66,000 minor faults.
func prefault(slots []dyadSlot) {
	const step = 4096 / int(unsafe.Sizeof(dyadSlot{}))
	for i := 0; i < len(slots); i += step {
		slots[i].key.a = 0
	}
}

// dyadParted is one worker's groups, partitioned by hash.
type dyadParted [dyadParts]dyadTable

// reserve sizes each partition's first allocation for groups groups in
// all, spread evenly by the hash. A table grown by doubling moves every
// group once per doubling, into memory that is cold by then (a flush visits
// all the partitions); on the P1 benchmark file, sizing the tables up front
// saved 8% of the CPU time (4.6 -> 4.2 s). Tables are allocated on first
// use, so partitions no row reaches cost nothing.
func (p *dyadParted) reserve(groups int) {
	per := groups / dyadParts * 4 / 3 // within the 3/4 load factor
	size := dyadTableMin
	for size < per && size < dyadTableMaxHint {
		size *= 2
	}
	for i := range p {
		p[i].hint = size
	}
}

// dyadTableMaxHint caps what reserve allocates per partition up front
// (2^16 slots of 56 bytes, 900 MB over 256 partitions): larger tables are
// reached by growing.
const dyadTableMaxHint = 1 << 16

func (p *dyadParted) slot(k dyadKey) *dyadSlot {
	h := k.hash()
	return p[h>>(64-dyadPartBits)].slot(k, h)
}

// dyadRow is one buffered row: its group, the group's hash and its values.
type dyadRow struct {
	key             dyadKey
	h               uint64
	goldstein, tone float64
	mentions        int64
}

// dyadBufferRows is how many rows a dyadBuffer holds before applying them:
// 48 bytes a row, twice (the rows and their partition-sorted copy), stays
// well inside L2.
const dyadBufferRows = 8192

// dyadBuffer collects rows and applies them to a dyadParted partition by
// partition (a counting sort by partition, then one pass per partition).
type dyadBuffer struct {
	rows, sorted []dyadRow
}

func (b *dyadBuffer) add(p *dyadParted, k dyadKey, goldstein, tone float64, mentions int32) {
	if b.rows == nil {
		b.rows = make([]dyadRow, 0, dyadBufferRows)
		b.sorted = make([]dyadRow, dyadBufferRows)
	}
	b.rows = append(b.rows, dyadRow{key: k, h: k.hash(), goldstein: goldstein, tone: tone, mentions: int64(mentions)})
	if len(b.rows) == cap(b.rows) {
		b.flush(p)
	}
}

// flush applies the buffered rows to p. NaN Goldstein and tone values are
// skipped, as in the sums of DyadCell.
func (b *dyadBuffer) flush(p *dyadParted) {
	var start [dyadParts + 1]int
	for i := range b.rows {
		start[b.rows[i].h>>(64-dyadPartBits)+1]++
	}
	for i := 1; i <= dyadParts; i++ {
		start[i] += start[i-1]
	}
	next := start
	for i := range b.rows {
		part := b.rows[i].h >> (64 - dyadPartBits)
		b.sorted[next[part]] = b.rows[i]
		next[part]++
	}
	for part := range dyadParts {
		t := &p[part]
		if len(t.slots) > 0 {
			t.touch(b.sorted[start[part]:start[part+1]])
		}
		for i := start[part]; i < start[part+1]; i++ {
			r := &b.sorted[i]
			acc := &t.slot(r.key, r.h).acc
			acc.events++
			acc.mentions += r.mentions
			if r.goldstein == r.goldstein { // not NaN
				acc.goldstein += r.goldstein
			}
			if r.tone == r.tone {
				acc.tone += r.tone
				acc.toneN++
			}
		}
	}
	b.rows = b.rows[:0]
}

// mergeDyadParts merges the workers' tables into the first worker's,
// partition by partition, on up to workers goroutines, and returns the
// merged partitions.
func mergeDyadParts(ws []*dyadParted, workers int) *dyadParted {
	if len(ws) == 0 {
		return &dyadParted{}
	}
	dst := ws[0]
	if len(ws) == 1 {
		return dst
	}
	var wg sync.WaitGroup
	next := make(chan int, dyadParts)
	for p := range dyadParts {
		next <- p
	}
	close(next)
	for range max(1, workers) {
		wg.Go(func() {
			for p := range next {
				d := &dst[p]
				for _, w := range ws[1:] {
					src := &w[p]
					for i := range src.slots {
						s := &src.slots[i]
						if s.key.a != 0 {
							d.slot(s.key, s.key.hash()).acc.add(&s.acc)
						}
					}
					src.slots = nil
				}
			}
		})
	}
	wg.Wait()
	return dst
}

// len returns the number of groups.
func (p *dyadParted) len() int {
	n := 0
	for i := range p {
		n += p[i].n
	}
	return n
}

// all calls f with every group, partition by partition.
func (p *dyadParted) all(f func(*dyadSlot)) {
	for i := range p {
		slots := p[i].slots
		for j := range slots {
			if slots[j].key.a != 0 {
				f(&slots[j])
			}
		}
	}
}
