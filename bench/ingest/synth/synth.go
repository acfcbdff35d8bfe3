// Package synth generates large, realistic GDELT 2.0 event files for
// benchmarks and crash tests by resampling real rows: every output row is a
// real 61-column row from the files in /work/shared/data/gdelt2 with a new,
// unique GLOBALEVENTID and a new event date (SQLDATE, MonthYear, Year and
// FractionDate rewritten consistently). Field widths, code mixes, empty
// actor countries and URLs are therefore those of real exports.
package synth

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"time"

	"entente/events"
)

// Rows reads the raw 61-column lines of the given GDELT 2.0 inputs (plain,
// gzip or zip, via events.Inputs), without their line terminators.
func Rows(paths []string) ([][]byte, error) {
	ins, err := events.Inputs(paths)
	if err != nil {
		return nil, err
	}
	var rows [][]byte
	for _, in := range ins {
		rc, err := in.Open()
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(rc)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := bytes.TrimRight(sc.Bytes(), "\r")
			if bytes.Count(line, []byte{'\t'}) == 60 {
				rows = append(rows, bytes.Clone(line))
			}
		}
		err = sc.Err()
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", in.Name, err)
		}
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("no 61-column GDELT 2.0 rows in %v", paths)
	}
	return rows, nil
}

// Write writes at least size bytes of resampled rows to w (whole rows, so a
// little more), with ids idBase, idBase+1, … and event dates uniform over
// 2015-02-18 .. 2024-12-31. It returns the rows and bytes written. The same
// seed gives the same file.
func Write(w io.Writer, rows [][]byte, size int64, idBase int64, seed uint64) (n, written int64, err error) {
	r := rand.New(rand.NewPCG(seed, 0x9d317))
	bw := bufio.NewWriterSize(w, 1<<20)
	start := time.Date(2015, 2, 18, 0, 0, 0, 0, time.UTC)
	const days = 3605
	var buf []byte
	for written < size {
		src := rows[r.IntN(len(rows))]
		day := start.AddDate(0, 0, r.IntN(days))
		// Fields 1-5: GLOBALEVENTID, SQLDATE, MonthYear, Year, FractionDate.
		rest := src
		for range 5 {
			i := bytes.IndexByte(rest, '\t')
			rest = rest[i+1:]
		}
		y, m, d := day.Date()
		buf = buf[:0]
		buf = strconv.AppendInt(buf, idBase+n, 10)
		buf = fmt.Appendf(buf, "\t%04d%02d%02d\t%04d%02d\t%04d\t%.4f\t", y, m, d, y, m, y, float64(y)+float64(day.YearDay())/365)
		buf = append(buf, rest...)
		buf = append(buf, '\n')
		if _, err := bw.Write(buf); err != nil {
			return n, written, err
		}
		n++
		written += int64(len(buf))
	}
	return n, written, bw.Flush()
}

// WriteFile writes a generated file of at least size bytes at path.
func WriteFile(path string, rows [][]byte, size int64, idBase int64, seed uint64) (n int64, err error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	n, _, err = Write(f, rows, size, idBase, seed)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return n, err
}
