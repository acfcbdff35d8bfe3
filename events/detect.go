package events

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// This file recognises an input's format from its first bytes: separators,
// field counts, header names and the shapes of the date columns. Names are
// never consulted: GDELT files are routinely renamed (".CSV" files are TSV).

// ErrUnknownFormat is matched (errors.Is) by every *FormatError.
var ErrUnknownFormat = errors.New("unknown event file format")

// FormatError reports an input whose format is not one Entente reads, or a
// format name that is not known; Reason says what was found.
type FormatError struct {
	File   string
	Reason string
}

func (e *FormatError) Error() string {
	if e.File == "" {
		return e.Reason
	}
	return fmt.Sprintf("cannot read %s: %s", e.File, e.Reason)
}

// Is makes a FormatError match ErrUnknownFormat.
func (e *FormatError) Is(target error) bool { return target == ErrUnknownFormat }

// sniffLen is how much of an input detection looks at: enough for dozens of
// GDELT rows, so one odd first row does not decide alone.
const sniffLen = 64 << 10

// sampleLines returns the complete lines of head (CR and a UTF-8 BOM
// removed). The last line counts as complete only when atEOF.
func sampleLines(head []byte, atEOF bool) [][]byte {
	head = bytes.TrimPrefix(head, []byte("\ufeff"))
	var lines [][]byte
	for len(head) > 0 {
		i := bytes.IndexByte(head, '\n')
		if i < 0 {
			if atEOF {
				lines = append(lines, bytes.TrimSuffix(head, []byte("\r")))
			}
			break
		}
		if l := bytes.TrimSuffix(head[:i], []byte("\r")); len(l) > 0 {
			lines = append(lines, l)
		}
		head = head[i+1:]
	}
	return lines
}

// Detect names the format of an input from its first bytes (ideally the
// first 64 KiB; atEOF when that is the whole input). It returns one of the
// Format* names, a *SpreadsheetError for GDELT mangled by a spreadsheet, or
// a *FormatError saying what was seen.
func Detect(name string, head []byte, atEOF bool) (string, error) {
	if bytes.IndexByte(head, 0) >= 0 {
		return "", &FormatError{File: name, Reason: "binary data (NUL bytes) where event data is text: a compressed format other than gzip or zip?"}
	}
	lines := sampleLines(head, atEOF)
	if len(lines) == 0 {
		if len(head) > 0 {
			return "", &FormatError{File: name, Reason: fmt.Sprintf("no line end in the first %d bytes: not line-oriented event data", len(head))}
		}
		return "", &FormatError{File: name, Reason: "the input is empty"}
	}
	crlf := bytes.Contains(head, []byte("\r\n"))
	first := lines[0]
	tabs := bytes.Count(first, []byte{'\t'})
	semis := bytes.Count(first, []byte{';'})
	commas := bytes.Count(first, []byte{','})
	switch {
	case tabs == 0 && semis >= 15:
		if err := spreadsheetCheck(name, lines, ';', crlf); err != nil {
			return "", err
		}
	case tabs >= 15 && bytes.HasPrefix(first, []byte("Event ID\t")) || bytes.Contains(first, []byte("\tCAMEO Code\t")):
		return FormatICEWS, nil
	case tabs == 0 && commas >= 3 && bytes.Contains(first, []byte("GLOBALEVENTID")):
		return FormatCSV, nil
	case tabs > 0:
		return detectTSV(name, lines, crlf)
	}
	return "", &FormatError{File: name, Reason: fmt.Sprintf(
		"the first line has %d tabs, %d commas and %d semicolons and no known header: expected GDELT 1.0/2.0 events or mentions (tab-separated), ICEWS (tab-separated with header), or a CSV with GDELT column names",
		tabs, commas, semis)}
}

// detectTSV tells the headerless GDELT layouts apart by field count (the
// most common among the sampled rows) and checks the date column's shape.
func detectTSV(name string, lines [][]byte, crlf bool) (string, error) {
	if bytes.HasPrefix(lines[0], []byte("GLOBALEVENTID\t")) {
		lines = lines[1:] // a header row some tools add
		if len(lines) == 0 {
			return "", &FormatError{File: name, Reason: "only a GDELT header row, no data to tell the layout from"}
		}
	}
	counts := map[int]int{}
	best, bestN := 0, 0
	for _, l := range lines {
		n := bytes.Count(l, []byte{'\t'}) + 1
		counts[n]++
		if counts[n] > bestN || counts[n] == bestN && n < best {
			best, bestN = n, counts[n]
		}
	}
	format := ""
	dateLen := 8
	switch {
	case best == gdelt1Fields || best == gdelt1BackfileFields:
		format = FormatGDELT1
	case best == gdelt2Fields:
		format = FormatGDELT2
	case best == mentionsFields:
		format, dateLen = FormatMentions, 14
	default:
		return "", &FormatError{File: name, Reason: fmt.Sprintf(
			"tab-separated rows have %d fields: not GDELT 1.0 events (57 or 58), GDELT 2.0 events (61) or mentions (16)", best)}
	}
	// The second column is SQLDATE (YYYYMMDD) in events and EventTimeDate
	// (YYYYMMDDHHMMSS) in mentions; check it on the rows with the winning
	// count so that a few malformed rows do not hide the layout.
	good, seen := 0, 0
	for _, l := range lines {
		f := bytes.Split(l, []byte{'\t'})
		if len(f) != best {
			continue
		}
		seen++
		if len(f[1]) == dateLen && allDigits(f[1]) {
			good++
		}
	}
	if good*2 < seen {
		if err := spreadsheetCheck(name, lines, '\t', crlf); err != nil {
			return "", err
		}
		return "", &FormatError{File: name, Reason: fmt.Sprintf(
			"rows have the %d fields of %s, but only %d of %d sampled rows have a %d-digit date in column 2",
			best, format, good, seen, dateLen)}
	}
	if format != FormatMentions {
		if err := spreadsheetCheck(name, lines, '\t', crlf); err != nil {
			return "", err
		}
	}
	return format, nil
}

// Format names accepted by NewReader.
const (
	FormatAuto     = "auto"            // detect from content
	FormatGDELT1   = "gdelt1"          // GDELT 1.0 events, 57 or 58 tab-separated columns
	FormatGDELT2   = "gdelt2"          // GDELT 2.0 events and translated events, 61 columns
	FormatMentions = "gdelt2-mentions" // GDELT 2.0 mentions, 16 columns
	FormatICEWS    = "icews"           // ICEWS Dataverse files, tab-separated with header
	FormatCSV      = "csv"             // CSV re-export with GDELT header names
)

// Formats lists the format names NewReader accepts, "auto" first.
func Formats() []string {
	return []string{FormatAuto, FormatGDELT1, FormatGDELT2, FormatMentions, FormatICEWS, FormatCSV}
}

func knownFormat(f string) bool {
	for _, k := range Formats() {
		if f == k {
			return true
		}
	}
	return false
}

func unknownFormatName(f string) error {
	return &FormatError{Reason: fmt.Sprintf("unknown format %q: use one of %s", f, strings.Join(Formats(), ", "))}
}
