package fetch

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"io"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// File is one downloadable file from a GDELT file list.
type File struct {
	Name  string    // base name, e.g. "20150218230000.export.CSV.zip"
	URL   string    // where the list says it lives (informational; see Options.BaseURL)
	Size  int64     // bytes, from the list
	MD5   string    // lower-case hex digest, from the list
	Kind  string    // "export", "mentions", "gkg" (2.0); "export" or "backfile" (1.0)
	Start time.Time // first instant the file covers, UTC
	End   time.Time // first instant after the period the file covers
}

// ListStats counts what a list parser skipped.
type ListStats struct {
	Lines, Skipped int
}

var (
	v2Name = regexp.MustCompile(`^(\d{14})\.(export|mentions|gkg)\.(?i:csv)\.zip$`)
	v1Day  = regexp.MustCompile(`^(\d{8})\.export\.CSV\.zip$`)
	v1Mon  = regexp.MustCompile(`^(\d{6})\.zip$`)
	v1Year = regexp.MustCompile(`^(\d{4})\.zip$`)
)

// ParseMasterList parses a GDELT 2.0 masterfilelist.txt ("SIZE MD5 URL" per
// line). Lines that do not fit, and files whose names are not GDELT 2.0 slot
// files, are skipped and counted; an I/O error is returned.
func ParseMasterList(r io.Reader) ([]File, ListStats, error) {
	var files []File
	var st ListStats
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		st.Lines++
		f := strings.Fields(line)
		if len(f) != 3 {
			st.Skipped++
			continue
		}
		size, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil || size < 0 || !isMD5(f[1]) {
			st.Skipped++
			continue
		}
		name := path.Base(f[2])
		m := v2Name.FindStringSubmatch(name)
		if m == nil {
			st.Skipped++
			continue
		}
		t, err := time.Parse("20060102150405", m[1])
		if err != nil {
			st.Skipped++
			continue
		}
		files = append(files, File{Name: name, URL: f[2], Size: size, MD5: strings.ToLower(f[1]),
			Kind: m[2], Start: t, End: t.Add(15 * time.Minute)})
	}
	if err := sc.Err(); err != nil {
		return nil, st, fmt.Errorf("read master file list: %w", err)
	}
	return files, st, nil
}

// ParseV1Lists joins GDELT 1.0's "filesizes" ("SIZE NAME") and "md5sums"
// ("MD5  NAME") lists. A name must be in both to be returned; names that are
// neither daily, monthly nor yearly event files (the GDELT.MASTERREDUCED
// archive, say) are skipped and counted. baseURL is joined with each name
// to fill File.URL.
func ParseV1Lists(sizes, md5s io.Reader, baseURL string) ([]File, ListStats, error) {
	var st ListStats
	size := map[string]int64{}
	sc := bufio.NewScanner(sizes)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		st.Lines++
		n, err := strconv.ParseInt(f[0], 10, 64)
		if len(f) != 2 || err != nil || n < 0 {
			st.Skipped++
			continue
		}
		size[f[1]] = n
	}
	if err := sc.Err(); err != nil {
		return nil, st, fmt.Errorf("read filesizes: %w", err)
	}
	sum := map[string]string{}
	sc = bufio.NewScanner(md5s)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		st.Lines++
		if len(f) != 2 || !isMD5(f[0]) {
			st.Skipped++
			continue
		}
		sum[strings.TrimPrefix(f[1], "*")] = strings.ToLower(f[0]) // md5sum marks binary mode with '*'
	}
	if err := sc.Err(); err != nil {
		return nil, st, fmt.Errorf("read md5sums: %w", err)
	}
	var files []File
	for name, n := range size {
		md5, ok := sum[name]
		if !ok {
			st.Skipped++
			continue
		}
		start, end, kind, ok := v1Period(name)
		if !ok {
			st.Skipped++
			continue
		}
		files = append(files, File{Name: name, URL: strings.TrimSuffix(baseURL, "/") + "/" + name,
			Size: n, MD5: md5, Kind: kind, Start: start, End: end})
	}
	for name := range sum {
		if _, ok := size[name]; !ok {
			st.Skipped++
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	return files, st, nil
}

// v1Period returns the period a GDELT 1.0 file name covers.
func v1Period(name string) (start, end time.Time, kind string, ok bool) {
	if m := v1Day.FindStringSubmatch(name); m != nil {
		t, err := time.Parse("20060102", m[1])
		return t, t.AddDate(0, 0, 1), "export", err == nil
	}
	if m := v1Mon.FindStringSubmatch(name); m != nil {
		t, err := time.Parse("200601", m[1])
		return t, t.AddDate(0, 1, 0), "backfile", err == nil
	}
	if m := v1Year.FindStringSubmatch(name); m != nil {
		t, err := time.Parse("2006", m[1])
		return t, t.AddDate(1, 0, 0), "backfile", err == nil
	}
	return time.Time{}, time.Time{}, "", false
}

func isMD5(s string) bool {
	if len(s) != 32 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// Select returns the files whose period overlaps [from, to) and whose Kind
// is in kinds (all kinds when kinds is empty), sorted by start then name.
func Select(files []File, from, to time.Time, kinds []string) []File {
	want := map[string]bool{}
	for _, k := range kinds {
		want[k] = true
	}
	var out []File
	for _, f := range files {
		if f.Start.Before(to) && f.End.After(from) && (len(want) == 0 || want[f.Kind]) {
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Start.Equal(out[j].Start) {
			return out[i].Start.Before(out[j].Start)
		}
		return out[i].Name < out[j].Name
	})
	return out
}
