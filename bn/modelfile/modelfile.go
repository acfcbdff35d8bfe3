// Package modelfile loads and saves Bayesian networks by file name, choosing
// the format from the extension (".gz" is accepted on top of any) and,
// when the extension says nothing, from the content. Formats lists every
// format in one place: add a format there and Load, Save and the error
// messages pick it up.
package modelfile

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"entente/bn"
	"entente/bn/bif"
	"entente/bn/net"
	"entente/bn/uai"
	"entente/bn/xmlbif"
	"entente/bn/yamlmodel"
)

// Format is one model file format.
type Format struct {
	Name  string
	Exts  []string // lower case, with the dot
	Read  func(io.Reader) (*bn.Network, error)
	Write func(io.Writer, *bn.Network) error // nil: read only
	// Sniff reports whether the start of a file looks like this format.
	Sniff func(head string) bool
}

// Formats is the list of supported formats, in the order content sniffing
// tries them.
var Formats = []Format{
	{Name: "xmlbif", Exts: []string{".xmlbif", ".xml"}, Read: xmlbif.Read, Write: xmlbif.Write,
		Sniff: func(h string) bool { return strings.HasPrefix(h, "<") }},
	{Name: "uai", Exts: []string{".uai"}, Read: readUAI,
		Sniff: func(h string) bool { return firstWord(h) == "MARKOV" || firstWord(h) == "BAYES" }},
	{Name: "bif", Exts: []string{".bif"}, Read: bif.Read, Write: bif.Write,
		Sniff: func(h string) bool { w := firstWord(h); return w == "network" || w == "variable" || w == "probability" }},
	{Name: "net", Exts: []string{".net"}, Read: net.Read,
		Sniff: func(h string) bool { w := firstWord(h); return w == "net" || w == "node" }},
	{Name: "yaml", Exts: []string{".yaml", ".yml"}, Read: yamlmodel.Read, Write: yamlmodel.Write,
		Sniff: func(h string) bool {
			w := firstWord(h)
			return w == "name:" || w == "nodes:" || w == "why:" || w == "source:" || w == "---"
		}},
}

// readUAI reads a UAI BAYES model as a network; a MARKOV model is refused.
func readUAI(r io.Reader) (*bn.Network, error) {
	m, err := uai.Read(r)
	if err != nil {
		return nil, err
	}
	if m.Type != uai.Bayes {
		return nil, fmt.Errorf("this is a UAI MARKOV model (a product of factors, not a Bayesian network); read it with package bn/uai (uai.Read) instead")
	}
	return m.ToNetwork()
}

// firstWord returns the first word of h after comments (//, %, #) and
// blank lines are skipped.
func firstWord(h string) string {
	for _, line := range strings.Split(h, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "//") || strings.HasPrefix(line, "%") || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "/*") {
			continue
		}
		if f := strings.Fields(line); len(f) > 0 {
			w := f[0]
			if i := strings.IndexAny(w, "{("); i > 0 {
				w = w[:i]
			}
			return w
		}
	}
	return ""
}

// byExt returns the format for a file name (after removing ".gz").
func byExt(path string) (*Format, bool) {
	ext := strings.ToLower(filepath.Ext(strings.TrimSuffix(strings.ToLower(path), ".gz")))
	for i := range Formats {
		for _, e := range Formats[i].Exts {
			if e == ext {
				return &Formats[i], true
			}
		}
	}
	return nil, false
}

func names(writable bool) string {
	var out []string
	for _, f := range Formats {
		if !writable || f.Write != nil {
			out = append(out, strings.Join(f.Exts, "/"))
		}
	}
	return strings.Join(out, ", ")
}

// Load reads the network in path and validates it. The format comes from
// the extension (".gz" stripped first), else from the content. Errors are
// one sentence naming the file, the line when known, and what is wrong.
func Load(path string) (*bn.Network, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load model: %w", err)
	}
	defer f.Close()
	var r io.Reader = bufio.NewReader(f)
	br := r.(*bufio.Reader)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("load model %s: %w", path, err)
		}
		defer gz.Close()
		br = bufio.NewReader(gz)
	}
	format, ok := byExt(path)
	if !ok {
		head, _ := br.Peek(4096)
		for i := range Formats {
			if Formats[i].Sniff(string(head)) {
				format = &Formats[i]
				break
			}
		}
		if format == nil {
			return nil, fmt.Errorf("load model %s: unknown format; name the file with one of the extensions %s", path, names(false))
		}
	}
	n, err := format.Read(br)
	if err != nil {
		return nil, fmt.Errorf("load model %s (%s): %w", path, format.Name, err)
	}
	if err := n.Validate(); err != nil {
		return nil, fmt.Errorf("load model %s (%s): invalid network: %w", path, format.Name, err)
	}
	return n, nil
}

// Save writes net to path in the format its extension names (bif, xmlbif,
// yaml; ".gz" compresses). It writes a temporary file beside path and
// renames it into place, so an interrupted save leaves the old file.
func Save(path string, n *bn.Network) (err error) {
	format, ok := byExt(path)
	if !ok || format.Write == nil {
		return fmt.Errorf("save model %s: cannot write this format; use one of the extensions %s", path, names(true))
	}
	var buf bytes.Buffer
	var w io.Writer = &buf
	var gz *gzip.Writer
	if strings.HasSuffix(strings.ToLower(path), ".gz") {
		gz = gzip.NewWriter(&buf)
		w = gz
	}
	if err := format.Write(w, n); err != nil {
		return fmt.Errorf("save model %s: %w", path, err)
	}
	if gz != nil {
		if err := gz.Close(); err != nil {
			return fmt.Errorf("save model %s: %w", path, err)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("save model %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		return errors.Join(fmt.Errorf("save model %s: %w", path, err), tmp.Close())
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save model %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil { // CreateTemp makes 0600
		return fmt.Errorf("save model %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("save model %s: %w", path, err)
	}
	return nil
}
