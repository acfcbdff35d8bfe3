package events

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"fmt"
	"io"
	"math/bits"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"entente/internal/shareddata"
)

// benchGDELT2Files are the real GDELT 2.0 export files (SOURCES.md) whose
// rows, repeated, make the benchmark input: ~5,400 rows of 2015-2020 exports
// and the translated stream, 1.8 MB, as real in field widths and emptiness
// as we have.
var benchGDELT2Files = []string{
	"gdelt2/spark-gdelt/events.csv",
	"gdelt2/spark-gdelt/eventsT.csv",
	"gdelt2/arekziobrowski-gdelt-big-data/20191024143000.export.CSV",
	"gdelt2/narayave-Insight-GDELT-Feed/events.csv",
}

// benchGDELT2Data repeats the real rows up to at least size bytes.
func benchGDELT2Data(b *testing.B, size int) []byte {
	b.Helper()
	var rows []byte
	for _, f := range benchGDELT2Files {
		data, err := os.ReadFile(shareddata.Path(b, f))
		if err != nil {
			b.Fatal(err)
		}
		rows = append(rows, data...)
		if len(rows) > 0 && rows[len(rows)-1] != '\n' {
			rows = append(rows, '\n')
		}
	}
	buf := make([]byte, 0, size+len(rows))
	for len(buf) < size {
		buf = append(buf, rows...)
	}
	return buf
}

// BenchmarkGDELT2 measures GDELT 2.0 TSV parsing into Events (MB/s of
// input) on a 64 MiB in-memory buffer: Entente's chunked byte-level reader
// with 1 worker and with GOMAXPROCS workers, against a naive encoding/csv
// reader that converts the same columns line by line (the peer for the
// ratio). Compare with benchstat:
//
//	go test ./events -run '^$' -bench GDELT2 -count 5 | tee new.txt
func BenchmarkGDELT2(b *testing.B) {
	data := benchGDELT2Data(b, 64<<20)
	rows := bytes.Count(data, []byte{'\n'})
	for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprintf("entente/workers=%d", workers), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				r, err := NewReader(BytesInput("bench", data), FormatGDELT2, Options{Workers: workers})
				if err != nil {
					b.Fatal(err)
				}
				n := 0
				for {
					batch, err := r.Next()
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					n += len(batch.Events) + len(batch.Rejects)
				}
				r.Close()
				if n != rows {
					b.Fatalf("parsed %d rows, want %d", n, rows)
				}
			}
		})
	}
	b.Run("encoding-csv", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			n, err := naiveGDELT2(bytes.NewReader(data))
			if err != nil {
				b.Fatal(err)
			}
			if n == 0 {
				b.Fatal("no rows")
			}
		}
	})
}

// naiveGDELT2 is the peer: encoding/csv line by line, converting the same
// columns with strconv and time.Parse into Events, batched like the real
// reader. LazyQuotes because GDELT TSV is unquoted and quotes occur in names.
func naiveGDELT2(r io.Reader) (int, error) {
	cr := csv.NewReader(r)
	cr.Comma = '\t'
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	batch := make([]Event, 0, 4096)
	n := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		if len(rec) != gdelt2Fields {
			continue
		}
		date, _ := time.Parse("20060102", rec[1])
		gold, _ := strconv.ParseFloat(rec[30], 64)
		tone, _ := strconv.ParseFloat(rec[34], 64)
		lat, _ := strconv.ParseFloat(rec[56], 64)
		lon, _ := strconv.ParseFloat(rec[57], 64)
		m, _ := strconv.Atoi(rec[31])
		s, _ := strconv.Atoi(rec[32])
		a, _ := strconv.Atoi(rec[33])
		q, _ := strconv.Atoi(rec[29])
		added, _ := time.Parse("20060102150405", rec[59])
		batch = append(batch, Event{ID: rec[0], Date: date,
			Source: Actor{Code: rec[5], Name: rec[6], Country: rec[7], Type: rec[12]},
			Target: Actor{Code: rec[15], Name: rec[16], Country: rec[17], Type: rec[22]},
			Code:   rec[26], Base: rec[27], Root: rec[28], Quad: q, Goldstein: gold, Tone: tone,
			Mentions: int32(m), Sources: int32(s), Articles: int32(a), GeoCountry: rec[53],
			Lat: lat, Lon: lon, URL: rec[60], Added: added, Dataset: GDELT2})
		n++
		if len(batch) == cap(batch) {
			batch = make([]Event, 0, 4096)
		}
	}
}

// BenchmarkSplitTabs compares splitTabs (64-byte blocks turned into tab
// bitmasks) with its peer, the word-by-word SWAR walk it replaced
// (splitTabsWords), on the real rows of BenchmarkGDELT2.
//
//	go test ./events -run '^$' -bench SplitTabs -count 5 | tee new.txt
func BenchmarkSplitTabs(b *testing.B) {
	data := benchGDELT2Data(b, 4<<20)
	lines := bytes.Split(bytes.TrimSuffix(data, []byte{'\n'}), []byte{'\n'})
	for _, bc := range []struct {
		name  string
		split func([]byte, []int32) (int, bool)
	}{{"blocks", splitTabs}, {"words", splitTabsWords}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			var bounds [gdelt2Fields + 2 + 8]int32 // as AggregateDyads
			for b.Loop() {
				for _, l := range lines {
					if n, _ := bc.split(l, bounds[:]); n != gdelt2Fields {
						b.Fatalf("%d fields", n)
					}
				}
			}
		})
	}
}

// splitTabsWords is the splitter splitTabs replaced, kept as the peer of
// BenchmarkSplitTabs: the same contract, scanning eight bytes at a time
// and stepping from tab to tab inside each word.
func splitTabsWords(line []byte, bounds []int32) (n int, ascii bool) {
	const (
		tabs = 0x0909090909090909
		low7 = 0x7f7f7f7f7f7f7f7f
		high = 0x8080808080808080
	)
	max := len(bounds) - 1
	bounds[0] = 0
	var acc uint64
	i := 0
	for ; i+8 <= len(line); i += 8 {
		w := binary.LittleEndian.Uint64(line[i:])
		acc |= w
		x := w ^ tabs
		t := ^(((x & low7) + low7) | x | low7) // 0x80 exactly at tab bytes
		for t != 0 {
			n++
			if n >= max {
				return len(bounds), false
			}
			bounds[n] = int32(i + bits.TrailingZeros64(t)/8 + 1)
			t &= t - 1
		}
	}
	for ; i < len(line); i++ {
		c := line[i]
		acc |= uint64(c)
		if c == '\t' {
			n++
			if n >= max {
				return len(bounds), false
			}
			bounds[n] = int32(i + 1)
		}
	}
	n++
	bounds[n] = int32(len(line) + 1)
	return n, acc&high == 0
}

// BenchmarkAggregateDyads measures the dyad aggregation fast path on the
// same 64 MiB of repeated real rows as BenchmarkGDELT2, against its peer in
// the same run: the Reader's Events summed into a map in the consumer
// (what a caller without the fast path would do).
//
//	go test ./events -run '^$' -bench AggregateDyads -count 5 | tee new.txt
func BenchmarkAggregateDyads(b *testing.B) {
	data := benchGDELT2Data(b, 64<<20)
	b.Run("fastpath", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			s, err := AggregateDyads(BytesInput("bench", data), FormatGDELT2, Options{})
			if err != nil {
				b.Fatal(err)
			}
			if s.Events == 0 || s.Groups() == 0 {
				b.Fatal("no rows")
			}
		}
	})
	b.Run("reader+map", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			r, err := NewReader(BytesInput("bench", data), FormatGDELT2, Options{})
			if err != nil {
				b.Fatal(err)
			}
			all, err := ReadAll(r)
			r.Close()
			if err != nil {
				b.Fatal(err)
			}
			if len(dyadsOfEvents(all.Events)) == 0 {
				b.Fatal("no cells")
			}
		}
	})
}
