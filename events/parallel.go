package events

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
)

// This file is the parallel engine behind the tab-separated readers (GDELT
// 1.0, GDELT 2.0 events and mentions, ICEWS). One goroutine reads big chunks
// cut at line ends and numbers their lines; Options.Workers goroutines parse
// chunks into Batches; Next hands the batches out in file order.
//
// Why chunks: GDELT TSV has no quoting, so a newline always ends a record and
// a chunk can be parsed without knowing anything about its neighbours except
// its first line number, which the reading goroutine gets from bytes.Count
// (SIMD, many GB/s) before handing the chunk on. Line numbers are therefore
// exact however the work is spread.

// lineParser parses the lines of one chunk into a batch. Each worker owns
// one, so implementations may keep caches without locking.
type lineParser interface {
	// newBatch returns an empty batch with room for lines rows, so that
	// appending never copies the batch's slices.
	newBatch(lines int) *Batch
	// parseLine parses one line (without its terminator, CR removed) that
	// is physical line lineNo of the file, appending to b.
	parseLine(line []byte, lineNo int64, b *Batch)
}

// chunk is a run of whole lines and, once parsed, its batch.
type chunk struct {
	data      []byte
	firstLine int64
	lines     int
	result    chan *Batch // receives exactly one batch
	err       error       // fatal read error; data is empty
}

// parallelReader implements Reader over a lineParser factory.
type parallelReader struct {
	format string
	src    io.Closer
	order  chan *chunk
	cancel context.CancelFunc
	wg     sync.WaitGroup
	err    error // sticky
	closed bool
}

// newParallelReader starts reading r, whose first line is line firstLine of
// the file named name. src is closed by Close.
func newParallelReader(format, name string, r io.Reader, src io.Closer, firstLine int64, opts Options, newParser func() lineParser) *parallelReader {
	opts = opts.withDefaults()
	ctx, cancel := context.WithCancel(context.Background())
	inflight := 2*opts.Workers + 1
	p := &parallelReader{
		format: format,
		src:    src,
		order:  make(chan *chunk, inflight),
		cancel: cancel,
	}
	work := make(chan *chunk, inflight)
	free := make(chan []byte, inflight+opts.Workers+1)
	p.wg.Add(1 + opts.Workers)
	go func() {
		defer p.wg.Done()
		defer close(work)
		defer close(p.order)
		readChunks(ctx, name, r, firstLine, opts.ChunkSize, free, p.order, work)
	}()
	for range opts.Workers {
		go func() {
			defer p.wg.Done()
			lp := newParser()
			for c := range work {
				if ctx.Err() != nil { // closed early: nobody will read it
					c.result <- &Batch{}
					continue
				}
				c.result <- parseChunk(c, lp)
				select {
				case free <- c.data[:0]:
				default:
				}
			}
		}()
	}
	return p
}

// maxLine bounds the length of one line. Real GDELT rows are under 4 KiB;
// a "line" of 64 MiB means the input is not line-oriented text at all.
const maxLine = 64 << 20

// readChunks is the reading goroutine: it cuts r into chunks ending at a line
// end and sends each to order (for Next, in file order) and then to work.
func readChunks(ctx context.Context, name string, r io.Reader, line int64, size int, free chan []byte, order, work chan<- *chunk) {
	var carry []byte
	send := func(c *chunk) bool {
		select {
		case order <- c:
		case <-ctx.Done():
			return false
		}
		if c.err != nil {
			return false
		}
		select {
		case work <- c:
			return true
		case <-ctx.Done():
			return false
		}
	}
	fail := func(err error) {
		send(&chunk{err: err})
	}
	for {
		var buf []byte
		select {
		case buf = <-free:
		default:
		}
		want := max(size, 2*len(carry))
		if cap(buf) < want {
			buf = make([]byte, 0, want)
		}
		buf = append(buf[:0], carry...)
		// Fill the buffer. Not io.ReadFull: it reports a short final read
		// as io.ErrUnexpectedEOF, which is also what a truncated gzip or zip
		// stream returns, and the two must not be confused.
		eof := false
		for len(buf) < cap(buf) {
			n, err := r.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			if err == io.EOF {
				eof = true
				break
			}
			if err != nil {
				fail(fmt.Errorf("read %s: %w", name, describeReadError(err)))
				return
			}
		}
		if ctx.Err() != nil {
			return
		}
		cut := len(buf)
		if !eof {
			i := bytes.LastIndexByte(buf, '\n')
			if i < 0 {
				if len(buf) >= maxLine {
					fail(fmt.Errorf("read %s: line %d is longer than %d MiB: not a line-oriented text file", name, line, maxLine>>20))
					return
				}
				carry = append(carry[:0], buf...)
				continue
			}
			cut = i + 1
		}
		carry = append(carry[:0], buf[cut:]...)
		data := buf[:cut]
		if len(data) > 0 {
			lines := bytes.Count(data, []byte{'\n'})
			c := &chunk{data: data, firstLine: line, lines: lines, result: make(chan *Batch, 1)}
			line += int64(lines)
			if !send(c) {
				return
			}
		}
		if eof {
			return
		}
	}
}

// describeReadError turns the errors of truncated compressed streams into
// words a user can act on.
func describeReadError(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("input ends early (truncated download or archive?): %w", err)
	}
	return err
}

// parseChunk splits c into lines and parses each.
func parseChunk(c *chunk, lp lineParser) *Batch {
	b := lp.newBatch(c.lines + 1)
	b.Bytes = int64(len(c.data))
	data := c.data
	lineNo := c.firstLine
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		var line []byte
		if i < 0 {
			line, data = data, nil
		} else {
			line, data = data[:i], data[i+1:]
		}
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		if len(line) > 0 {
			lp.parseLine(line, lineNo, b)
		}
		lineNo++
	}
	return b
}

// Next implements Reader.
func (p *parallelReader) Next() (*Batch, error) {
	if p.closed {
		return nil, errReaderClosed
	}
	if p.err != nil {
		return nil, p.err
	}
	c, ok := <-p.order
	if !ok {
		p.err = io.EOF
		return nil, io.EOF
	}
	if c.err != nil {
		p.err = c.err
		return nil, c.err
	}
	return <-c.result, nil
}

// Format implements Reader.
func (p *parallelReader) Format() string { return p.format }

// Close stops the goroutines and closes the input. It is safe to call before
// the input is exhausted, and more than once.
func (p *parallelReader) Close() error {
	if p.closed {
		return nil
	}
	p.closed = true
	p.cancel()
	// Drain so a reading goroutine blocked on a full order channel sees the
	// cancellation; workers never block (result channels hold one batch).
	go func() {
		for range p.order {
		}
	}()
	p.wg.Wait()
	if p.src != nil {
		return p.src.Close()
	}
	return nil
}

var errReaderClosed = errors.New("events: Next called after Close")
