// Package ingest moves event files into a store: the events readers parse
// (in parallel, on all cores), the store's Tx de-duplicates and maintains the
// dyad-day cube, and this package ties them together one file at a time:
//
//  1. hash the file's content (sha256) and skip it if the ingest log has it;
//  2. open a reader (format given or detected) — an unknown format or a
//     spreadsheet re-export fails here, before anything is written;
//  3. stream its batches into one store Tx, passing bad rows to the reject
//     sink and counting them;
//  4. commit events, mentions, cube rows and the log record together.
//
// A file is the unit of atomicity: a fatal error in a file (unreadable,
// truncated archive) or an interruption rolls back that file only, and a
// later run picks up from the first file not in the log. Files that failed
// do not stop the others; Run reports them all.
package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"time"

	"entente/events"
	"entente/store"
)

// Options configure Run. The zero value reads with detected formats and
// reports nothing along the way.
type Options struct {
	// Format is an events format name (events.Formats()); "" or "auto"
	// detects each file's format from its content.
	Format string
	// Reader tunes the parallel readers (workers, chunk size).
	Reader events.Options
	// Progress, when set, is called after each batch with the bytes read so
	// far over all inputs and their total (input sizes).
	Progress func(done, total int64)
	// OnFile, when set, is called when a file is done (stored, skipped or
	// failed), in input order.
	OnFile func(FileResult)
	// Rejects, when set, receives every rejected row; an error it returns
	// aborts the run (the current file is rolled back).
	Rejects func(events.RowError) error
	// RejectSamples is how many rejected rows the Summary keeps for display;
	// 0 means DefaultRejectSamples.
	RejectSamples int
}

// DefaultRejectSamples is how many rejects a Summary keeps by default.
const DefaultRejectSamples = 5

// FileResult reports one input.
type FileResult struct {
	Input   string
	Format  string
	SHA256  string
	Dataset events.Dataset
	// Skipped is set when the file's sha256 was already in the ingest log;
	// Previous is that earlier record.
	Skipped  bool
	Previous store.IngestRecord

	Read       int64 // event rows read (stored + duplicates)
	Stored     int64
	Duplicates int64
	Rejected   int64
	Mentions   int64
	Duration   time.Duration
	Err        error // the file failed and was rolled back
}

// Summary totals a run.
type Summary struct {
	Files      int // inputs considered
	Ingested   int // files committed
	Skipped    int // files already in the log
	Failed     int // files rolled back
	Read       int64
	Stored     int64
	Duplicates int64
	Rejected   int64
	Mentions   int64
	// RejectSamples are the first rejected rows, in input order.
	RejectSamples []events.RowError
	Results       []FileResult
}

// Run ingests inputs into w, one transaction per file. The returned error is
// nil when every file was ingested or skipped; otherwise it joins the
// failures (each one sentence naming the file). The Summary is valid either
// way. Cancelling ctx rolls back the current file and stops.
func Run(ctx context.Context, w store.Writer, inputs []events.Input, opts Options) (Summary, error) {
	if opts.RejectSamples <= 0 {
		opts.RejectSamples = DefaultRejectSamples
	}
	var sum Summary
	var total, before int64
	for _, in := range inputs {
		total += in.Size
	}
	var errs []error
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			errs = append(errs, fmt.Errorf("interrupted before %s: %w", in.Name, err))
			break
		}
		progress := func(n int64) {
			if opts.Progress != nil {
				opts.Progress(before+min(n, in.Size), total)
			}
		}
		r := ingestFile(ctx, w, in, &opts, &sum, progress)
		progress(in.Size)
		before += in.Size
		sum.Files++
		sum.Results = append(sum.Results, r)
		switch {
		case r.Err != nil:
			sum.Failed++
			errs = append(errs, r.Err)
		case r.Skipped:
			sum.Skipped++
		default:
			sum.Ingested++
			sum.Read += r.Read
			sum.Stored += r.Stored
			sum.Duplicates += r.Duplicates
			sum.Mentions += r.Mentions
		}
		sum.Rejected += r.Rejected
		if opts.OnFile != nil {
			opts.OnFile(r)
		}
		if r.Err != nil && (errors.Is(r.Err, context.Canceled) || errors.Is(r.Err, errRejectSink)) {
			break
		}
	}
	return sum, errors.Join(errs...)
}

// errRejectSink marks a failure of Options.Rejects, which stops the run.
var errRejectSink = errors.New("write rejects")

// ingestFile ingests one input. Rejected rows of a failed file are still
// counted (they were reported to the sink), but nothing else is.
func ingestFile(ctx context.Context, w store.Writer, in events.Input, opts *Options, sum *Summary, progress func(int64)) FileResult {
	start := time.Now()
	res := FileResult{Input: in.Name}
	sha, err := hashInput(in)
	if err != nil {
		res.Err = err
		return res
	}
	res.SHA256 = sha
	prev, ok, err := w.Ingested(ctx, sha)
	if err != nil {
		res.Err = fmt.Errorf("%s: %w", in.Name, err)
		return res
	}
	if ok {
		res.Skipped, res.Previous = true, prev
		res.Format, res.Dataset = prev.Format, prev.Dataset
		return res
	}
	r, err := events.NewReader(in, opts.Format, opts.Reader)
	if err != nil {
		res.Err = err // the events package names the file and says what is wrong
		return res
	}
	res.Format = r.Format()
	res.Dataset = formatDataset(res.Format)
	tx, err := w.Begin(ctx)
	if err != nil {
		res.Err = errors.Join(fmt.Errorf("%s: %w", in.Name, err), r.Close())
		return res
	}
	err = stream(ctx, r, tx, &res, opts, sum, progress)
	closeErr := r.Close()
	if err == nil && closeErr != nil {
		err = fmt.Errorf("%s: close: %w", in.Name, closeErr)
	}
	if err != nil {
		res.Err = errors.Join(err, tx.Rollback())
		res.Stored, res.Duplicates, res.Mentions, res.Read = 0, 0, 0, 0
		return res
	}
	c, err := tx.Counts(ctx)
	if err != nil {
		res.Err = errors.Join(fmt.Errorf("%s: %w", in.Name, err), tx.Rollback())
		return res
	}
	res.Stored, res.Duplicates, res.Mentions = c.Stored, c.Duplicates, c.Mentions
	res.Read = c.Stored + c.Duplicates
	res.Duration = time.Since(start)
	rec := store.IngestRecord{
		File: in.Name, Size: in.Size, SHA256: sha, Format: res.Format, Dataset: res.Dataset,
		Rejected: res.Rejected, Started: start.UTC(), Duration: res.Duration,
	}
	if err := tx.Commit(ctx, rec); err != nil {
		res.Err = fmt.Errorf("%s: %w", in.Name, err)
		res.Stored, res.Duplicates, res.Mentions, res.Read = 0, 0, 0, 0
	}
	return res
}

// stream copies the reader's batches into tx.
func stream(ctx context.Context, r events.Reader, tx store.Tx, res *FileResult, opts *Options, sum *Summary, progress func(int64)) error {
	var read int64
	for {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%s: interrupted, rolled back: %w", res.Input, err)
		}
		b, err := r.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", res.Input, err)
		}
		if len(b.Events) > 0 {
			if res.Dataset == "" || res.Dataset == events.CSV {
				res.Dataset = b.Events[0].Dataset
			}
			if err := tx.AppendEvents(ctx, b.Events); err != nil {
				return fmt.Errorf("%s: store events: %w", res.Input, err)
			}
		}
		if len(b.Mentions) > 0 {
			if err := tx.AppendMentions(ctx, b.Mentions); err != nil {
				return fmt.Errorf("%s: store mentions: %w", res.Input, err)
			}
		}
		for _, rj := range b.Rejects {
			res.Rejected++
			if len(sum.RejectSamples) < opts.RejectSamples {
				sum.RejectSamples = append(sum.RejectSamples, rj)
			}
			if opts.Rejects != nil {
				if err := opts.Rejects(rj); err != nil {
					return fmt.Errorf("%w: %w", errRejectSink, err)
				}
			}
		}
		read += b.Bytes
		progress(read)
	}
}

// formatDataset is the data set a format's rows belong to; CSV re-exports
// carry their own (the reader sets it per event) and mentions belong to
// GDELT 2.0.
func formatDataset(format string) events.Dataset {
	switch format {
	case events.FormatGDELT1:
		return events.GDELT1
	case events.FormatGDELT2, events.FormatMentions:
		return events.GDELT2
	case events.FormatICEWS:
		return events.ICEWS
	}
	return events.CSV
}

// hashInput returns the hex sha256 of the input's content (decompressed
// for gzip and zip members, so the same export is recognised however it
// was packed). Reading it once before parsing costs about 1 s per GB with
// SHA-NI, and lets a repeated file be skipped without parsing it.
func hashInput(in events.Input) (string, error) {
	rc, err := in.Open()
	if err != nil {
		return "", fmt.Errorf("read %s: %w", in.Name, err)
	}
	h := sha256.New()
	_, err = io.Copy(h, rc)
	err = errors.Join(err, rc.Close())
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return "", fmt.Errorf("read %s: input ends early (truncated download or archive?): %w", in.Name, err)
		}
		return "", fmt.Errorf("read %s: %w", in.Name, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
