package events

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unsafe"
)

// This file reads CSV re-exports of GDELT events, such as R's write.csv
// output in /work/shared/data/gdelt1/mpiccirilli-UNDP-BCPR-Project/:
// comma-separated, strings quoted, "NA" for empty, a header row of GDELT
// column names. Columns are mapped by header name, so extra columns (a
// trailing "month") are ignored and GDELT 1.0 and 2.0 names both work.
//
// R writes row names as an extra leading column whose header name it may
// omit: then every row has one field more than the header. The reader sees
// this on the first row and skips the leading field of every row.
//
// Quoted CSV needs a real CSV parser, so this reader uses encoding/csv and
// runs sequentially: correctness over speed, as these files are small.

// csvBatchRows is the number of rows per batch (Miller's lesson: ~500+ rows
// per channel send amortises the hand-off).
const csvBatchRows = 4096

// csvRequired lists the columns without which no event can be built.
var csvRequired = []col{cID, cDate, cCode, cRoot}

// csvReader implements Reader for header-named GDELT CSV.
type csvReader struct {
	file   string
	src    io.Closer
	cr     *csv.Reader
	pos    [nCols]int // header position of each column; -1 if absent
	fields int        // header field count
	shift  int        // 1 when rows carry an unnamed leading row-number column; -1 until known
	eb     *eventBuilder
	err    error
	closed bool
}

// newCSVReader reads the header of r and returns a reader of its rows.
func newCSVReader(name string, r io.Reader, src io.Closer) (*csvReader, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // we check field counts ourselves, per row
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read CSV header of %s: %w", name, err)
	}
	c := &csvReader{file: name, src: src, cr: cr, fields: len(header), shift: -1, eb: newEventBuilder(name, CSV)}
	for i := range c.pos {
		c.pos[i] = -1
	}
	for k, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		for i, want := range gdeltColNames {
			if strings.EqualFold(h, want) {
				c.pos[i] = k
			}
		}
	}
	var missing []string
	for _, rc := range csvRequired {
		if c.pos[rc] < 0 {
			missing = append(missing, gdeltColNames[rc])
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("CSV header of %s lacks GDELT column(s) %s", name, strings.Join(missing, ", "))
	}
	return c, nil
}

// bytesOf views s as bytes without copying; the result must not be written.
func bytesOf(s string) []byte {
	if s == "" {
		return []byte{}
	}
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// Next implements Reader.
func (c *csvReader) Next() (*Batch, error) {
	if c.closed {
		return nil, errReaderClosed
	}
	if c.err != nil {
		return nil, c.err
	}
	b := &Batch{}
	start := c.cr.InputOffset()
	for len(b.Events)+len(b.Rejects) < csvBatchRows {
		rec, err := c.cr.Read()
		if err == io.EOF {
			c.err = io.EOF
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			b.Rejects = append(b.Rejects, RowError{File: c.file, Line: int64(pe.Line), Reason: pe.Err.Error()})
			continue
		}
		if err != nil {
			c.err = fmt.Errorf("read %s: %w", c.file, describeReadError(err))
			return nil, c.err
		}
		line, _ := c.cr.FieldPos(0)
		if c.shift < 0 {
			c.shift = 0
			if len(rec) == c.fields+1 {
				c.shift = 1
			}
		}
		if len(rec) != c.fields+c.shift {
			b.Rejects = append(b.Rejects, RowError{File: c.file, Line: int64(line),
				Reason: fmt.Sprintf("%d comma-separated fields, want %d as in the header", len(rec), c.fields+c.shift)})
			continue
		}
		var r gdeltRow
		for i, k := range c.pos {
			if k < 0 {
				continue
			}
			v := rec[k+c.shift]
			if v == "NA" {
				v = ""
			}
			r[i] = bytesOf(v)
		}
		c.eb.build(&r, false, int64(line), b)
	}
	b.Bytes = c.cr.InputOffset() - start
	if len(b.Events)+len(b.Rejects) == 0 && c.err == io.EOF {
		return nil, io.EOF
	}
	return b, nil
}

// Format implements Reader.
func (c *csvReader) Format() string { return FormatCSV }

// Close implements Reader.
func (c *csvReader) Close() error {
	if c.closed {
		return nil
	}
	c.closed = true
	if c.src != nil {
		return c.src.Close()
	}
	return nil
}
