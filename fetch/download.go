package fetch

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// ErrVerify marks a file whose size or MD5 does not match its list entry.
var ErrVerify = errors.New("verification failed")

// HTTPError is a non-success HTTP status. Statuses 408, 429 and 5xx are
// transient (retried); the others, 404 above all, are not.
type HTTPError struct {
	URL    string
	Status int
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("GET %s: HTTP %d %s", e.URL, e.Status, http.StatusText(e.Status))
}

func (e *HTTPError) transient() bool {
	return e.Status == http.StatusRequestTimeout || e.Status == http.StatusTooManyRequests || e.Status >= 500
}

// verifyFile checks a file on disk against a list entry by size, then MD5.
func verifyFile(p string, f File) error {
	fh, err := os.Open(p)
	if err != nil {
		return err
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return err
	}
	if st.Size() != f.Size {
		return fmt.Errorf("%w: %s is %d bytes, list says %d", ErrVerify, f.Name, st.Size(), f.Size)
	}
	h := md5.New()
	if _, err := io.Copy(h, fh); err != nil {
		return fmt.Errorf("hash %s: %w", p, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != f.MD5 {
		return fmt.Errorf("%w: %s has MD5 %s, list says %s", ErrVerify, f.Name, got, f.MD5)
	}
	return nil
}

// countingWriter reports bytes to the progress sink as they are written.
type countingWriter struct {
	n        int64
	progress Progress
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	if c.progress != nil {
		c.progress.Add64(int64(len(p)))
	}
	return len(p), nil
}

// downloadOnce fetches url into dir/f.Name+".part", verifies it and renames
// it to dir/f.Name. On any failure the .part file is removed, so nothing
// unverified is left behind under either name.
func downloadOnce(ctx context.Context, client *http.Client, url, dir string, f File, progress Progress) (n int64, err error) {
	final := filepath.Join(dir, f.Name)
	part := final + ".part"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, fmt.Errorf("build request for %s: %w", url, err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // let the connection be reused
		return 0, &HTTPError{URL: url, Status: resp.StatusCode}
	}
	out, err := os.OpenFile(part, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return 0, fmt.Errorf("create %s: %w", part, err)
	}
	defer func() {
		if err != nil {
			os.Remove(part)
		}
	}()
	h := md5.New()
	cw := &countingWriter{progress: progress}
	// Read at most one byte past the expected size, so a server sending too
	// much is caught without filling the disk.
	_, err = io.Copy(io.MultiWriter(out, h, cw), io.LimitReader(resp.Body, f.Size+1))
	if cerr := out.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close %s: %w", part, cerr)
	}
	if err != nil {
		if progress != nil {
			progress.Add64(-cw.n) // this attempt's bytes will be fetched again
		}
		return 0, fmt.Errorf("download %s after %d bytes: %w", f.Name, cw.n, err)
	}
	if cw.n != f.Size {
		if progress != nil {
			progress.Add64(-cw.n)
		}
		return 0, fmt.Errorf("%w: %s: received %d bytes, list says %d", ErrVerify, f.Name, cw.n, f.Size)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != f.MD5 {
		if progress != nil {
			progress.Add64(-cw.n)
		}
		return 0, fmt.Errorf("%w: %s: MD5 %s, list says %s", ErrVerify, f.Name, got, f.MD5)
	}
	if err = os.Rename(part, final); err != nil {
		return 0, fmt.Errorf("publish %s: %w", final, err)
	}
	return cw.n, nil
}

// retryable says whether an attempt's error is worth another try: transient
// HTTP statuses, network errors and cut connections are; a 404, a
// cancelled context or a local file-system error are not. A checksum
// mismatch is retried too, since a proxy can corrupt one transfer.
func retryable(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	var he *HTTPError
	if errors.As(err, &he) {
		return he.transient()
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return false
	}
	return true
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
