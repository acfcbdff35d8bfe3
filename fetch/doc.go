// Package fetch downloads GDELT event files for a date range: it reads
// GDELT's published file lists, picks the files whose period overlaps the
// range, downloads them in parallel, verifies each against the size and MD5
// the list gives, and publishes a file under its final name only once it is
// verified. It is what gdeltPyR (linwoodc3/gdeltPyR) and the many ad-hoc
// wget loops are used for, with verification, resumption and bounded
// retries.
//
// # File lists
//
// GDELT 1.0 (data.gdeltproject.org/events/) publishes two lists:
// "filesizes", lines "SIZE NAME", and "md5sums", lines "MD5  NAME" (the
// output of md5sum). Names are YYYY.zip (yearly backfiles 1979–2005),
// YYYYMM.zip (monthly, 2006 – March 2013) and YYYYMMDD.export.CSV.zip (daily
// since 1 April 2013). A file is known only if both lists name it.
//
// GDELT 2.0 (data.gdeltproject.org/gdeltv2/) publishes "masterfilelist.txt",
// lines "SIZE MD5 URL", three files per 15-minute slot:
// YYYYMMDDHHMMSS.export.CSV.zip (events), .mentions.CSV.zip and
// .gkg.csv.zip. The timestamp is the slot's start in UTC.
//
// Lines that do not fit the layout (GDELT's lists contain a few, e.g. blank
// lines or a size of "-") are counted and skipped, never fatal: one bad line
// must not stop a multi-year download.
//
// # Publication and resumption
//
// A download is written to NAME.part in the target directory, hashed while
// it streams, and renamed to NAME only when its size and MD5 match the list
// (the temporary-name-then-rename pattern of Prometheus' tsdb compaction). A
// file already present under its final name is verified and skipped, so a
// second run after an interruption downloads only what is missing. A .part
// file left by a killed process is discarded and downloaded again.
package fetch
