// Package events defines Entente's one event schema and the streaming readers
// that turn GDELT 1.0/2.0, ICEWS and CSV re-exports into it.
//
// Every reader, whatever its source layout, yields Event values (and, for
// GDELT 2.0 mentions files, Mention values); everything downstream (ingest,
// store, relations) sees only this schema.
//
// # Reading
//
// Inputs expands command-line paths (directories, globs, zip archives whose
// members are named "a.zip!member", gzip files recognised by content) into
// Input values; NewReader opens one Input in a named format or "auto":
//
//	ins, err := events.Inputs([]string{"data/gdelt2", "2019*.export.CSV.zip"})
//	for _, in := range ins {
//		r, err := events.NewReader(in, "auto", events.Options{})
//		// err: *FormatError (unknown layout), *SpreadsheetError, I/O
//		for {
//			b, err := r.Next() // io.EOF at the end; other errors are fatal
//			// b.Events, b.Mentions, b.Rejects (bad rows: file:line, column, reason)
//		}
//		r.Close()
//	}
//
// # Formats and detection
//
// Detect looks at the first 64 KiB, never at the name (".CSV" GDELT files
// are tab-separated):
//
//	gdelt1           tab-separated, no header, 58 fields (daily files since
//	                 2013-04-01) or 57 (1979-2013 backfiles, no SOURCEURL);
//	                 both layouts may mix in one file
//	gdelt2           tab-separated, no header, 61 fields; also the translated stream
//	gdelt2-mentions  tab-separated, no header, 16 fields, 14-digit timestamps
//	icews            tab-separated with the Dataverse header ("Event ID", ...)
//	csv              comma-separated with GDELT column names in a header,
//	                 quoted strings, "NA" for empty (R's write.csv)
//
// The layout with the most common field count among the sampled rows wins,
// and column 2 must have the date shape of that layout. A GDELT file saved
// by a spreadsheet (semicolons, "2.02E+13" dates, codes without leading
// zeros) is refused with a *SpreadsheetError listing what was found, since
// its values cannot be trusted; the CLI prints it as it is.
//
// # Values
//
// Event codes keep their leading zeros ("043"). Empty numbers are not
// errors: counts are 0, Goldstein, tone and coordinates NaN. GDELT's
// ActionGeo_CountryCode (FIPS 10-4) becomes ISO-3166 alpha-3 via
// cameo.FIPSToISO3; ICEWS country names become CAMEO codes via
// cameo.CountryByName, ICEWS QuadClass comes from cameo.QuadClass and its
// tone is NaN. A row is rejected (a RowError, never a lost file) for a wrong
// field count, an empty or non-numeric id, an impossible date, an unparsable
// number, a number out of its scale, a malformed CAMEO code, or invalid
// UTF-8 in a column that is kept. CRLF line ends are accepted everywhere.
//
// # Performance
//
// The tab-separated formats are read by one goroutine in 4 MiB chunks cut
// at line ends, whose lines it counts (bytes.Count), and parsed by
// Options.Workers goroutines; Next returns batches in file order with exact
// line numbers. Fields are found by a SWAR scan for tabs that also tells
// whether a row is ASCII (sparing UTF-8 checks); only the two dozen columns
// an Event needs are converted; plain decimals take an exact fast path;
// strings are copied into shared 64 KiB blocks (one allocation per block,
// not per field) so that chunk buffers can be recycled. BenchmarkGDELT2
// compares this with encoding/csv line by line on repeated real rows.
//
// AggregateDyads is the same engine without Events: each worker sums rows
// straight from the TSV bytes into a radix-partitioned hash table keyed by
// (day, source, target, root, quad), rows off the fast path going through
// the Reader's own parser, so the cells and rejects equal those of
// aggregating NewReader's events (dyads.go, dyadtable.go;
// BenchmarkAggregateDyads; P1 in bench/ingest).
//
// CSV re-exports are parsed by encoding/csv in one goroutine: real CSV has
// quoting, and correctness matters more than speed for these small files.
//
// # Memory and concurrency
//
// A Reader is not safe for concurrent use. Each Batch belongs to the caller.
// Event strings share blocks of at most 64 KiB with the other events parsed
// by the same worker, so keeping a few events keeps at most a few such
// blocks alive.
package events
