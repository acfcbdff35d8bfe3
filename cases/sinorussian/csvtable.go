package sinorussian

import (
	"encoding/csv"
	"fmt"
	"io"
)

// readTable reads a hand-written CSV file with a fixed header, calling row
// for every record after checking its field count. Errors name the file and
// line and wrap sentinel. The first bad row ends the read: these files are
// small and hand-written, so a partial one is never useful.
func readTable(r io.Reader, file string, header []string, sentinel error, row func(rec []string, line int) error) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // checked below, so a short header gets a clear message
	head, err := cr.Read()
	if err != nil {
		return fmt.Errorf("read %s header: %w", file, err)
	}
	if !equalFields(head, header) {
		return fmt.Errorf("%s:1: header %q, want %q: %w", file, head, header, sentinel)
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", file, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			return fmt.Errorf("%s:%d: %d fields, want %d: %w", file, line, len(rec), len(header), sentinel)
		}
		if err := row(rec, line); err != nil {
			return err
		}
	}
}
