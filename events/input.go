package events

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Input is one stream of records: a plain file, a gzip file (decompressed
// on the fly) or a member of a zip archive, named "a.zip!member". Nothing is
// unpacked to disk. An Input is a description; Open may be called any number
// of times, each giving a fresh stream.
type Input struct {
	// Name identifies the input in events and errors: the path as given,
	// or "archive.zip!member" for a zip member.
	Name string
	// Size is the size in bytes of the file or, for a zip member, of the
	// compressed member; for progress reporting.
	Size int64

	open func() (io.ReadCloser, error)
}

// Open returns the input's decompressed bytes. The caller closes it.
func (in Input) Open() (io.ReadCloser, error) {
	if in.open == nil {
		return nil, fmt.Errorf("open %s: not an input from Inputs or FileInput", in.Name)
	}
	return in.open()
}

// Magic numbers: compression is recognised from content, not from names.
var (
	zipMagic  = []byte("PK\x03\x04")
	zipEmpty  = []byte("PK\x05\x06") // an archive with no members
	gzipMagic = []byte{0x1f, 0x8b}
)

// FileInput describes one file as an Input, transparently decompressing it
// when it is gzip. Zip archives hold several members: use Inputs for them.
func FileInput(path string) Input {
	var size int64
	if st, err := os.Stat(path); err == nil {
		size = st.Size()
	}
	return Input{Name: path, Size: size, open: func() (io.ReadCloser, error) {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		rc, err := maybeGunzip(path, f)
		if err != nil {
			f.Close()
			return nil, err
		}
		return rc, nil
	}}
}

// readCloser pairs a reader with the closers to run after it.
type readCloser struct {
	io.Reader
	closers []io.Closer
}

func (r *readCloser) Close() error {
	var errs []error
	for _, c := range r.closers {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}

// maybeGunzip wraps rc in a gzip reader when its content starts with the
// gzip magic number; otherwise it returns rc's bytes unchanged.
func maybeGunzip(name string, rc io.ReadCloser) (io.ReadCloser, error) {
	br := bufio.NewReaderSize(rc, 64<<10)
	head, _ := br.Peek(len(gzipMagic))
	if !bytes.Equal(head, gzipMagic) {
		return &readCloser{Reader: br, closers: []io.Closer{rc}}, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("open gzip stream %s: %w", name, describeReadError(err))
	}
	return &readCloser{Reader: zr, closers: []io.Closer{zr, rc}}, nil
}

// Inputs expands paths into the inputs to read, in a stable order:
//   - a directory contributes every regular file below it (sorted, hidden
//     files and directories skipped);
//   - a pattern with glob metacharacters (*?[) contributes its matches, and
//     matching nothing is an error (a typo must not read as "no data");
//   - a zip archive (recognised by content) contributes each member as
//     "a.zip!member"; "a.zip!member" selects one member;
//   - any other file is one input (gzip is decompressed when opened).
//
// Whether an input holds events is decided later, by NewReader.
func Inputs(paths []string) ([]Input, error) {
	var out []Input
	for _, p := range paths {
		files, err := expandPath(p)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			ins, err := fileInputs(f)
			if err != nil {
				return nil, err
			}
			out = append(out, ins...)
		}
	}
	return out, nil
}

// expandPath turns one argument into file paths (or "zip!member" selectors).
func expandPath(p string) ([]string, error) {
	if strings.ContainsAny(p, "*?[") {
		matches, err := filepath.Glob(p)
		if err != nil {
			return nil, fmt.Errorf("expand pattern %q: %w", p, err)
		}
		if len(matches) == 0 {
			return nil, fmt.Errorf("pattern %q matches no files", p)
		}
		var out []string
		for _, m := range matches {
			files, err := expandPath(m)
			if err != nil {
				return nil, err
			}
			out = append(out, files...)
		}
		return out, nil
	}
	st, err := os.Stat(p)
	if err != nil {
		if zipPath, _, ok := strings.Cut(p, "!"); ok {
			if _, zerr := os.Stat(zipPath); zerr == nil {
				return []string{p}, nil
			}
		}
		return nil, fmt.Errorf("read input: %w", err)
	}
	if !st.IsDir() {
		return []string{p}, nil
	}
	var out []string
	err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path != p && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			out = append(out, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list directory %s: %w", p, err)
	}
	sort.Strings(out)
	return out, nil
}

// fileInputs describes one file (or zip member selector) as inputs.
func fileInputs(path string) ([]Input, error) {
	if zipPath, member, ok := strings.Cut(path, "!"); ok {
		if _, err := os.Stat(path); err != nil { // not a file whose name has a '!'
			ins, err := zipInputs(zipPath)
			if err != nil {
				return nil, err
			}
			for _, in := range ins {
				if in.Name == zipPath+"!"+member {
					return []Input{in}, nil
				}
			}
			return nil, fmt.Errorf("zip archive %s has no member %q", zipPath, member)
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read input: %w", err)
	}
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	f.Close()
	head = head[:n]
	if bytes.Equal(head, zipMagic) || bytes.Equal(head, zipEmpty) {
		return zipInputs(path)
	}
	return []Input{FileInput(path)}, nil
}

// zipInputs lists the members of a zip archive. Each member Input reopens
// the archive when opened, so no file stays open between reads.
func zipInputs(path string) ([]Input, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, fmt.Errorf("open zip archive %s (truncated or not a zip file?): %w", path, err)
	}
	defer zr.Close()
	var out []Input
	for _, zf := range zr.File {
		if zf.FileInfo().IsDir() {
			continue
		}
		name := zf.Name
		out = append(out, Input{
			Name: path + "!" + name,
			Size: int64(zf.CompressedSize64),
			open: func() (io.ReadCloser, error) { return openZipMember(path, name) },
		})
	}
	return out, nil
}

func openZipMember(path, member string) (io.ReadCloser, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, fmt.Errorf("open zip archive %s: %w", path, err)
	}
	for _, zf := range zr.File {
		if zf.Name != member {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			zr.Close()
			return nil, fmt.Errorf("open %s!%s: %w", path, member, err)
		}
		inner, err := maybeGunzip(path+"!"+member, rc)
		if err != nil {
			rc.Close()
			zr.Close()
			return nil, err
		}
		return &readCloser{Reader: inner, closers: []io.Closer{inner, zr}}, nil
	}
	zr.Close()
	return nil, fmt.Errorf("zip archive %s has no member %q", path, member)
}

// BytesInput describes in-memory data as an Input (gzip content is
// decompressed as for files). It serves tests and callers holding data
// already, such as a downloaded body.
func BytesInput(name string, data []byte) Input {
	return Input{Name: name, Size: int64(len(data)), open: func() (io.ReadCloser, error) {
		return maybeGunzip(name, io.NopCloser(bytes.NewReader(data)))
	}}
}
