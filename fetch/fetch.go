package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Datasets fetch knows, by the name the CLI uses.
const (
	GDELT1 = "gdelt1"
	GDELT2 = "gdelt2"
)

// Progress receives download progress. It is the subset of
// schollz/progressbar's *ProgressBar that fetch uses; implementations must
// be safe for concurrent use. Add64 may be called with a negative count when
// a failed attempt's bytes are taken back.
type Progress interface {
	ChangeMax64(int64)
	Add64(int64) error
}

// IngestFunc receives each verified file of the range, one call at a time,
// in the order files become ready. It is called for files found already
// present as well as for new ones, because fetch cannot know whether an
// earlier run ingested them: the ingester must skip files it has seen.
type IngestFunc func(ctx context.Context, path string) error

// Options configures Run. Start from DefaultOptions.
type Options struct {
	Dataset string    // GDELT1 or GDELT2
	From    time.Time // first day of the range (UTC midnight)
	To      time.Time // first instant after the range; Run fetches files overlapping [From, To)
	// Kinds restricts the files by kind: for GDELT 2.0 "export" (events),
	// "mentions", "gkg"; for GDELT 1.0 "export" (daily) and "backfile"
	// (yearly and monthly archives). Empty means every kind.
	Kinds   []string
	Dir     string // target directory, created if missing
	BaseURL string // GDELT's server; lists and files are fetched below it
	Jobs    int    // parallel downloads, at least 1
	// Attempts bounds the tries per file (at least 1); RetryWait is the
	// first back-off, doubled after each failed attempt.
	Attempts  int
	RetryWait time.Duration
	Client    *http.Client
	Progress  Progress   // nil: no progress reporting
	Ingest    IngestFunc // nil: no ingestion
}

// DefaultOptions returns the options Run starts from: GDELT's own server,
// four parallel downloads, four attempts per file with back-off from one
// second, and an HTTP client without an overall timeout (a 700 MB GKG file
// can take long) whose transport times out on stalled connections.
func DefaultOptions() Options {
	return Options{
		BaseURL:   "http://data.gdeltproject.org",
		Dir:       ".",
		Jobs:      4,
		Attempts:  4,
		RetryWait: time.Second,
		Client: &http.Client{Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			ResponseHeaderTimeout: 60 * time.Second,
			IdleConnTimeout:       90 * time.Second,
			MaxIdleConnsPerHost:   16,
		}},
	}
}

// Result is the outcome for one file.
type Result struct {
	File     File
	Path     string // final path (set for downloaded and present files)
	Bytes    int64  // bytes downloaded (0 when present)
	Attempts int
	Err      error // why the file failed; nil otherwise
}

// Report summarises a run. Each selected file lands in exactly one of
// Downloaded, Present, Failed or NotAttempted (the last only when the run
// was cancelled). Every slice is in the order of the selection.
type Report struct {
	Selected     int
	Downloaded   []Result
	Present      []Result // already on disk and verified: skipped
	Failed       []Result
	NotAttempted []File
	Ingested     int
	IngestErrors []Result // files the ingest hook rejected
	ListStats    ListStats
}

// Bytes is the total downloaded.
func (r *Report) Bytes() int64 {
	var n int64
	for _, d := range r.Downloaded {
		n += d.Bytes
	}
	return n
}

// Run lists the dataset's files, downloads those overlapping the range and
// hands each verified one to the ingest hook. Failing files do not stop the
// run; they are reported. Run returns an error when the list cannot be read
// or the context is cancelled, together with the report so far.
func Run(ctx context.Context, opts Options) (*Report, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("create target directory: %w", err)
	}
	all, st, err := listFiles(ctx, opts)
	if err != nil {
		return nil, err
	}
	sel := Select(all, opts.From, opts.To, opts.Kinds)
	rep := &Report{Selected: len(sel), ListStats: st}
	if opts.Progress != nil {
		var total int64
		for _, f := range sel {
			total += f.Size
		}
		opts.Progress.ChangeMax64(total)
	}

	type outcome struct {
		i       int
		res     Result
		present bool
	}
	jobs := make(chan int)
	results := make(chan outcome)
	var wg sync.WaitGroup
	for range opts.Jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				res, present := fetchOne(ctx, opts, sel[i])
				results <- outcome{i, res, present}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range sel {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	// Ingestion runs in its own goroutine so downloads go on meanwhile, and
	// sees one file at a time (a store has one writer).
	ingestQ := make(chan Result, len(sel))
	ingestDone := make(chan struct{})
	var ingested int
	var ingestErrs []Result
	go func() {
		defer close(ingestDone)
		for r := range ingestQ {
			if ctx.Err() != nil {
				continue // drain; cancelled runs ingest nothing more
			}
			if err := opts.Ingest(ctx, r.Path); err != nil {
				r.Err = fmt.Errorf("ingest %s: %w", r.Path, err)
				ingestErrs = append(ingestErrs, r)
				continue
			}
			ingested++
		}
	}()

	done := make([]*outcome, len(sel))
	for o := range results {
		done[o.i] = &o
		if o.res.Err == nil && opts.Ingest != nil {
			ingestQ <- o.res
		}
	}
	close(ingestQ)
	<-ingestDone
	rep.Ingested, rep.IngestErrors = ingested, ingestErrs
	for i, o := range done {
		switch {
		case o == nil || (o.res.Err != nil && ctx.Err() != nil && errors.Is(o.res.Err, ctx.Err())):
			rep.NotAttempted = append(rep.NotAttempted, sel[i])
		case o.res.Err != nil:
			rep.Failed = append(rep.Failed, o.res)
		case o.present:
			rep.Present = append(rep.Present, o.res)
		default:
			rep.Downloaded = append(rep.Downloaded, o.res)
		}
	}
	if err := ctx.Err(); err != nil {
		return rep, fmt.Errorf("fetch interrupted: %w", err)
	}
	return rep, nil
}

func (o *Options) validate() error {
	switch {
	case o.Dataset != GDELT1 && o.Dataset != GDELT2:
		return fmt.Errorf("unknown dataset %q: want %s or %s", o.Dataset, GDELT1, GDELT2)
	case o.From.IsZero() || o.To.IsZero() || !o.From.Before(o.To):
		return fmt.Errorf("empty date range [%s, %s)", o.From.Format(time.DateOnly), o.To.Format(time.DateOnly))
	case o.Jobs < 1:
		return fmt.Errorf("jobs must be at least 1, got %d", o.Jobs)
	case o.Attempts < 1:
		return fmt.Errorf("attempts must be at least 1, got %d", o.Attempts)
	case o.Client == nil:
		return errors.New("no HTTP client")
	case o.BaseURL == "":
		return errors.New("no base URL")
	}
	return nil
}

// fileURL is where a listed file is fetched from: always below BaseURL, so
// a mirror or a test server can stand in for GDELT even though the 2.0 list
// carries absolute URLs.
func fileURL(opts Options, f File) string {
	base := strings.TrimSuffix(opts.BaseURL, "/")
	if opts.Dataset == GDELT1 {
		return base + "/events/" + f.Name
	}
	return base + "/gdeltv2/" + f.Name
}

// fetchOne makes a file present and verified in opts.Dir.
func fetchOne(ctx context.Context, opts Options, f File) (Result, bool) {
	res := Result{File: f, Path: filepath.Join(opts.Dir, f.Name)}
	if err := ctx.Err(); err != nil {
		res.Err = err
		return res, false
	}
	if _, err := os.Stat(res.Path); err == nil {
		if verr := verifyFile(res.Path, f); verr == nil {
			if opts.Progress != nil {
				opts.Progress.Add64(f.Size)
			}
			return res, true
		}
		// A bad file under the final name (from another tool, or changed
		// upstream): fetch it again; the rename replaces it only if the new
		// copy verifies.
	}
	url := fileURL(opts, f)
	wait := opts.RetryWait
	for res.Attempts = 1; ; res.Attempts++ {
		n, err := downloadOnce(ctx, opts.Client, url, opts.Dir, f, opts.Progress)
		if err == nil {
			res.Bytes = n
			return res, false
		}
		if ctx.Err() != nil {
			res.Err = ctx.Err()
			return res, false
		}
		if res.Attempts >= opts.Attempts || !retryable(ctx, err) {
			res.Err = err
			return res, false
		}
		if serr := sleep(ctx, wait); serr != nil {
			res.Err = serr
			return res, false
		}
		wait *= 2
	}
}

// listFiles fetches and parses the dataset's file list(s).
func listFiles(ctx context.Context, opts Options) ([]File, ListStats, error) {
	base := strings.TrimSuffix(opts.BaseURL, "/")
	if opts.Dataset == GDELT2 {
		body, err := getList(ctx, opts, base+"/gdeltv2/masterfilelist.txt")
		if err != nil {
			return nil, ListStats{}, err
		}
		return ParseMasterList(strings.NewReader(body))
	}
	sizes, err := getList(ctx, opts, base+"/events/filesizes")
	if err != nil {
		return nil, ListStats{}, err
	}
	sums, err := getList(ctx, opts, base+"/events/md5sums")
	if err != nil {
		return nil, ListStats{}, err
	}
	return ParseV1Lists(strings.NewReader(sizes), strings.NewReader(sums), base+"/events")
}

// getList fetches a file list with the same bounded retries as data files.
// Lists are small (the 2.0 master list is some tens of MB), so they are
// read into memory.
func getList(ctx context.Context, opts Options, url string) (string, error) {
	wait := opts.RetryWait
	for attempt := 1; ; attempt++ {
		body, err := getOnce(ctx, opts.Client, url)
		if err == nil {
			return body, nil
		}
		if attempt >= opts.Attempts || !retryable(ctx, err) {
			return "", fmt.Errorf("fetch file list: %w", err)
		}
		if serr := sleep(ctx, wait); serr != nil {
			return "", fmt.Errorf("fetch file list: %w", serr)
		}
		wait *= 2
	}
}

func getOnce(ctx context.Context, client *http.Client, url string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", err
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", &HTTPError{URL: url, Status: resp.StatusCode}
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", url, err)
	}
	return string(b), nil
}
