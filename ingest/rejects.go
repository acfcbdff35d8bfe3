package ingest

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"entente/events"
)

// RejectWriter writes rejected rows as CSV with the header
// file,line,column,reason — one row per reject, in the order received — so a
// user can open the list in any tool and find each bad row by line number.
type RejectWriter struct {
	w   *csv.Writer
	err error
}

// NewRejectWriter writes the header to w and returns the writer.
func NewRejectWriter(w io.Writer) *RejectWriter {
	rw := &RejectWriter{w: csv.NewWriter(w)}
	rw.err = rw.w.Write([]string{"file", "line", "column", "reason"})
	return rw
}

// Write adds one reject; its signature fits Options.Rejects.
func (rw *RejectWriter) Write(r events.RowError) error {
	if rw.err != nil {
		return rw.err
	}
	if err := rw.w.Write([]string{r.File, strconv.FormatInt(r.Line, 10), r.Column, r.Reason}); err != nil {
		rw.err = fmt.Errorf("write rejects: %w", err)
	}
	return rw.err
}

// Flush writes buffered rows and reports any error met so far.
func (rw *RejectWriter) Flush() error {
	rw.w.Flush()
	if rw.err != nil {
		return rw.err
	}
	if err := rw.w.Error(); err != nil {
		return fmt.Errorf("write rejects: %w", err)
	}
	return nil
}
