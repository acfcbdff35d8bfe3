package events

import (
	"fmt"
	"unicode/utf8"
)

// This file reads GDELT 2.0 mentions files (16 tab-separated columns, no
// header): one row per article mentioning an event, keyed by GLOBALEVENTID.
// Layout: GDELT 2.0 Event Database codebook, "Mentions table";
// /work/shared/data/cameo/linwoodc3-gdeltPyR/GDELT_2.0_eventMentions_Column_Labels_Header_Row_Sep2016.tsv.

// mentionColNames are the codebook names of the 16 mentions columns.
var mentionColNames = [mentionsFields]string{
	"GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType",
	"MentionSourceName", "MentionIdentifier", "SentenceID", "Actor1CharOffset",
	"Actor2CharOffset", "ActionCharOffset", "InRawText", "Confidence",
	"MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras",
}

// mentionsParser parses mentions rows; it belongs to one goroutine.
type mentionsParser struct {
	file  string
	arena *arena
}

func newMentionsParser(file string) lineParser {
	return &mentionsParser{file: file, arena: newArena()}
}

func (p *mentionsParser) newBatch(lines int) *Batch {
	return &Batch{Mentions: make([]Mention, 0, lines)}
}

func (p *mentionsParser) reject(b *Batch, line int64, c int, format string, args ...any) {
	name := ""
	if c >= 0 {
		name = mentionColNames[c]
	}
	b.Rejects = append(b.Rejects, RowError{File: p.file, Line: line, Column: name, Reason: fmt.Sprintf(format, args...)})
}

// parseLine validates and converts one mentions row. As for events, empty
// numbers are zero (NaN for the tone) and an empty or non-numeric id, or an
// unparsable timestamp, rejects the row.
func (p *mentionsParser) parseLine(line []byte, lineNo int64, b *Batch) {
	var bounds [mentionsFields + 2]int32
	n, ascii := splitTabs(line, bounds[:])
	if n != mentionsFields {
		got := fmt.Sprint(n)
		if n == len(bounds) {
			got = fmt.Sprintf("more than %d", mentionsFields)
		}
		p.reject(b, lineNo, -1, "%s tab-separated fields, want 16 for GDELT 2.0 mentions", got)
		return
	}
	var f [mentionsFields][]byte
	for k := range f {
		f[k] = line[bounds[k] : bounds[k+1]-1]
		if !ascii && !utf8.Valid(f[k]) {
			p.reject(b, lineNo, k, "invalid UTF-8 %s", quote(f[k]))
			return
		}
	}
	if string(f[0]) == "GLOBALEVENTID" {
		return // header row
	}
	if !allDigits(f[0]) {
		if len(f[0]) == 0 {
			p.reject(b, lineNo, 0, "empty event id")
		} else {
			p.reject(b, lineNo, 0, "event id %s is not a number", quote(f[0]))
		}
		return
	}
	m := Mention{File: p.file, Line: lineNo}
	var ok bool
	if m.EventTime, ok = parseStamp(f[1]); !ok || len(f[1]) == 0 {
		p.reject(b, lineNo, 1, "timestamp %s is not YYYYMMDDHHMMSS", quote(f[1]))
		return
	}
	if m.MentionTime, ok = parseStamp(f[2]); !ok || len(f[2]) == 0 {
		p.reject(b, lineNo, 2, "timestamp %s is not YYYYMMDDHHMMSS", quote(f[2]))
		return
	}
	ints := [...]struct {
		k   int
		dst *int32
	}{{3, &m.MentionType}, {6, &m.SentenceID}, {7, &m.Actor1Offset}, {8, &m.Actor2Offset},
		{9, &m.ActionOffset}, {11, &m.Confidence}, {12, &m.DocLen}}
	for _, it := range ints {
		if *it.dst, ok = parseCount(f[it.k]); !ok {
			p.reject(b, lineNo, it.k, "%s is not an integer", quote(f[it.k]))
			return
		}
	}
	switch string(f[10]) {
	case "1":
		m.InRawText = true
	case "0", "":
	default:
		p.reject(b, lineNo, 10, "InRawText %s is not 0 or 1", quote(f[10]))
		return
	}
	if m.DocTone, ok = parseFloat(f[13]); !ok {
		p.reject(b, lineNo, 13, "tone %s is not a number", quote(f[13]))
		return
	}
	a := p.arena
	m.EventID = a.str(f[0])
	m.SourceName = a.str(f[4])
	m.Identifier = a.str(f[5])
	m.DocTranslation = a.str(f[14])
	m.Extras = a.str(f[15])
	b.Mentions = append(b.Mentions, m)
}
