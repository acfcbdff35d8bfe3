package events

import (
	"bytes"
	"fmt"
	"strings"
)

// This file recognises GDELT files that went through a spreadsheet
// (Excel, LibreOffice) and were saved again. Such a round trip is lossy in
// ways no reader can undo: 14-digit DATEADDED values and large event ids
// become "2.02E+13", CAMEO codes lose their leading zeros ("012" becomes
// "12", root "01" becomes "1"), tones are rounded. Reading such a file row
// by row would either reject every row or, worse, keep wrong codes; so it is
// refused as a whole, with an explanation of what was found.
//
// Reference case: /work/shared/data/gdelt2/narayave-Insight-GDELT-Feed/20190121220000.export2.CSV,
// a spreadsheet copy of 20190121220000.export.CSV in the same folder.

// SpreadsheetError reports a GDELT file re-saved by a spreadsheet.
type SpreadsheetError struct {
	File     string
	Layout   string   // "GDELT 1.0" or "GDELT 2.0", from the field count
	Findings []string // what gave it away, in words
}

func (e *SpreadsheetError) Error() string {
	return fmt.Sprintf("%s looks like a spreadsheet re-export of %s: %s. "+
		"A spreadsheet round trip loses precision in dates and ids and strips the leading zeros of CAMEO codes, so its values cannot be trusted; "+
		"re-download the original export from http://data.gdeltproject.org/ (or read the .zip it came in), "+
		"or re-export it with every column formatted as text and tab separators",
		e.File, e.Layout, strings.Join(e.Findings, "; "))
}

// Is makes a SpreadsheetError match ErrUnknownFormat: either way the input
// cannot be read as it is.
func (e *SpreadsheetError) Is(target error) bool { return target == ErrUnknownFormat }

// spreadsheetCheck inspects sampled lines split by sep and returns a
// *SpreadsheetError when they look like a spreadsheet copy of GDELT events,
// or nil. crlf tells whether the input uses CRLF line ends.
func spreadsheetCheck(name string, lines [][]byte, sep byte, crlf bool) error {
	if len(lines) == 0 {
		return nil
	}
	first := bytes.Split(lines[0], []byte{sep})
	header := bytes.Contains(lines[0], []byte("GLOBALEVENTID"))
	var idx map[string]int
	var rows [][]byte
	if header {
		idx = make(map[string]int, len(first))
		for k, h := range first {
			idx[string(bytes.TrimSpace(h))] = k
		}
		rows = lines[1:]
	} else {
		rows = lines
		var pos *[nCols]int
		switch len(first) {
		case gdelt2Fields:
			pos = &gdelt2Pos
		case gdelt1Fields, gdelt1BackfileFields:
			pos = &gdelt1Pos
		default:
			return nil
		}
		idx = map[string]int{}
		for c, k := range pos {
			idx[gdeltColNames[c]] = k
		}
	}
	layout := ""
	switch len(first) {
	case gdelt2Fields:
		layout = "GDELT 2.0"
	case gdelt1Fields, gdelt1BackfileFields:
		layout = "GDELT 1.0"
	default:
		if !header {
			return nil
		}
		layout = "GDELT events"
	}
	field := func(f [][]byte, name string) []byte {
		if k, ok := idx[name]; ok && k < len(f) {
			return f[k]
		}
		return nil
	}
	var sci, stripped, n int
	var sciEx, codeEx, rootEx string
	for _, l := range rows {
		f := bytes.Split(l, []byte{sep})
		n++
		for _, c := range []string{"DATEADDED", "GLOBALEVENTID", "SQLDATE"} {
			if v := field(f, c); bytes.ContainsAny(v, "Ee") && bytes.Contains(v, []byte("+")) {
				sci++
				if sciEx == "" {
					sciEx = fmt.Sprintf("%s %q", c, v)
				}
				break
			}
		}
		code, root := field(f, "EventCode"), field(f, "EventRootCode")
		if allDigits(code) && allDigits(root) && (len(root) == 1 || len(code) < 3) {
			stripped++
			if codeEx == "" {
				codeEx, rootEx = string(code), string(root)
			}
		}
	}
	var findings []string
	if sep == ';' {
		findings = append(findings, "semicolon separators (GDELT uses tabs)")
	}
	if header && sep != '\t' {
		findings = append(findings, "a header row (GDELT exports have none)")
	}
	if crlf {
		findings = append(findings, "CRLF line ends")
	}
	if sci > 0 {
		findings = append(findings, fmt.Sprintf("%d of %d sampled rows have numbers in scientific notation that lost their precision (e.g. %s)", sci, n, sciEx))
	}
	if stripped > 0 {
		findings = append(findings, fmt.Sprintf("%d of %d sampled rows have CAMEO codes with stripped leading zeros (e.g. EventCode %q with EventRootCode %q)", stripped, n, codeEx, rootEx))
	}
	// Semicolons with a GDELT layout are damning by themselves; for tabs,
	// demand damage in most rows, since a few bad rows are ordinary rejects.
	if sep == ';' || (sci+stripped)*2 > n && n > 0 {
		return &SpreadsheetError{File: name, Layout: layout, Findings: findings}
	}
	return nil
}
