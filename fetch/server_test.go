package fetch

import (
	"archive/zip"
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"entente/internal/shareddata"
)

// fakeGDELT is an httptest server standing in for data.gdeltproject.org:
// it serves the file lists and zips built in memory, and misbehaves on
// request for chosen files.
type fakeGDELT struct {
	mu       sync.Mutex
	files    map[string][]byte // name → zip bytes served
	mode     map[string]string // name → "404", "cut" (every time), "cut-once"
	requests map[string]int
	onGet    func(name string) // called before serving a data file, if set
	v1Sizes  string
	v1MD5s   string
	master   string
	srv      *httptest.Server
}

func newFakeGDELT(t *testing.T) *fakeGDELT {
	fg := &fakeGDELT{files: map[string][]byte{}, mode: map[string]string{}, requests: map[string]int{}}
	fg.srv = httptest.NewServer(http.HandlerFunc(fg.serve)) // binds 127.0.0.1
	t.Cleanup(fg.srv.Close)
	return fg
}

func (fg *fakeGDELT) serve(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/gdeltv2/masterfilelist.txt":
		fmt.Fprint(w, fg.master)
		return
	case "/events/filesizes":
		fmt.Fprint(w, fg.v1Sizes)
		return
	case "/events/md5sums":
		fmt.Fprint(w, fg.v1MD5s)
		return
	}
	name := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	fg.mu.Lock()
	fg.requests[name]++
	n := fg.requests[name]
	body, ok := fg.files[name]
	mode := fg.mode[name]
	onGet := fg.onGet
	fg.mu.Unlock()
	if onGet != nil {
		onGet(name)
	}
	if !ok || mode == "404" {
		http.NotFound(w, r)
		return
	}
	if mode == "cut" || (mode == "cut-once" && n == 1) {
		// Promise the whole file, send half, hang up.
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			panic(err)
		}
		fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: %d\r\n\r\n", len(body))
		buf.Write(body[:len(body)/2])
		buf.Flush()
		conn.Close()
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Write(body)
}

func (fg *fakeGDELT) count(name string) int {
	fg.mu.Lock()
	defer fg.mu.Unlock()
	return fg.requests[name]
}

// zipOf builds a GDELT-style zip holding one member, the unzipped name.
func zipOf(t *testing.T, member string, content []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create(member)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(content); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func md5hex(b []byte) string {
	s := md5.Sum(b)
	return hex.EncodeToString(s[:])
}

func readShared(t *testing.T, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(shareddata.Path(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fakeProgress sums what Run reports, to check it ends at the verified bytes.
type fakeProgress struct {
	mu       sync.Mutex
	max, cur int64
}

func (p *fakeProgress) ChangeMax64(n int64) { p.mu.Lock(); p.max = n; p.mu.Unlock() }
func (p *fakeProgress) Add64(n int64) error {
	p.mu.Lock()
	p.cur += n
	p.mu.Unlock()
	return nil
}
