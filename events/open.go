package events

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"runtime"
)

// Options tune the readers. The zero value means DefaultOptions.
type Options struct {
	// Workers is the number of goroutines parsing chunks of tab-separated
	// inputs in parallel (default GOMAXPROCS). CSV re-exports are read by
	// one goroutine whatever this says.
	Workers int
	// ChunkSize is the size in bytes of the chunks handed to workers
	// (default 4 MiB): big enough to amortise the hand-off, small enough
	// that Workers chunks in flight stay a modest amount of memory.
	ChunkSize int
}

// DefaultOptions returns the options readers use for zero fields.
func DefaultOptions() Options {
	return Options{Workers: runtime.GOMAXPROCS(0), ChunkSize: 4 << 20}
}

func (o Options) withDefaults() Options {
	d := DefaultOptions()
	if o.Workers <= 0 {
		o.Workers = d.Workers
	}
	if o.ChunkSize <= 0 {
		o.ChunkSize = d.ChunkSize
	}
	return o
}

// NewReader opens in and returns a reader of its records in the named
// format, one of Formats(); "auto" (or "") detects the format from the
// content (see Detect). An unknown format name, an input that cannot be
// opened or recognised, and a spreadsheet-mangled GDELT file
// (*SpreadsheetError) are errors here, before any row is read. An empty
// input gives a reader that returns io.EOF at once.
//
// The caller must Close the reader, which closes the input.
func NewReader(in Input, format string, opts Options) (Reader, error) {
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
	r, err := newReader(in.Name, rc, format, opts)
	if err != nil {
		return nil, errors.Join(err, rc.Close())
	}
	return r, nil
}

func newReader(name string, rc io.ReadCloser, format string, opts Options) (Reader, error) {
	br, format, empty, err := sniff(name, rc, format)
	if err != nil {
		return nil, err
	}
	if empty {
		return &emptyReader{format: format, src: rc}, nil
	}
	switch format {
	case FormatGDELT1:
		return newParallelReader(format, name, br, rc, 1, opts, func() lineParser { return newGDELT1Parser(name) }), nil
	case FormatGDELT2:
		return newParallelReader(format, name, br, rc, 1, opts, func() lineParser { return newGDELT2Parser(name) }), nil
	case FormatMentions:
		return newParallelReader(format, name, br, rc, 1, opts, func() lineParser { return newMentionsParser(name) }), nil
	case FormatICEWS:
		header, err := br.ReadBytes('\n')
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("read ICEWS header of %s: %w", name, describeReadError(err))
		}
		header = trimEOL(header)
		layout, err := parseICEWSHeader(header)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		return newParallelReader(format, name, br, rc, 2, opts, func() lineParser { return newICEWSParser(name, layout) }), nil
	case FormatCSV:
		return newCSVReader(name, br, rc)
	}
	return nil, unknownFormatName(format)
}

// sniff buffers rc, peeks at its first sniffLen bytes and resolves format
// (FormatAuto becomes the detected format). A spreadsheet-mangled GDELT file
// is refused whatever format was asked for. empty reports an input without
// a single byte.
func sniff(name string, rc io.Reader, format string) (br *bufio.Reader, resolved string, empty bool, err error) {
	br = bufio.NewReaderSize(rc, sniffLen)
	head, err := br.Peek(sniffLen)
	atEOF := false
	switch {
	case err == io.EOF:
		atEOF = true
	case err != nil && err != bufio.ErrBufferFull:
		return nil, "", false, fmt.Errorf("read %s: %w", name, describeReadError(err))
	}
	if len(head) == 0 && atEOF {
		return br, format, true, nil
	}
	detected, derr := Detect(name, head, atEOF)
	var se *SpreadsheetError
	if errors.As(derr, &se) {
		return nil, "", false, derr
	}
	if format == FormatAuto {
		if derr != nil {
			return nil, "", false, derr
		}
		format = detected
	}
	return br, format, false, nil
}

func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}

// emptyReader reads an empty input.
type emptyReader struct {
	format string
	src    io.Closer
}

func (e *emptyReader) Next() (*Batch, error) { return nil, io.EOF }
func (e *emptyReader) Format() string        { return e.format }
func (e *emptyReader) Close() error          { return e.src.Close() }

// ReadAll drains r into one batch (events, mentions and rejects in file
// order). It is meant for small inputs and tests; ingest streams instead.
// It does not close r.
func ReadAll(r Reader) (*Batch, error) {
	all := &Batch{}
	for {
		b, err := r.Next()
		if err == io.EOF {
			return all, nil
		}
		if err != nil {
			return all, err
		}
		all.Events = append(all.Events, b.Events...)
		all.Mentions = append(all.Mentions, b.Mentions...)
		all.Rejects = append(all.Rejects, b.Rejects...)
		all.Bytes += b.Bytes
	}
}

// Compile-time checks that the readers implement Reader.
var (
	_ Reader = (*parallelReader)(nil)
	_ Reader = (*csvReader)(nil)
	_ Reader = (*emptyReader)(nil)
)
