package events

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func gzipBytes(t *testing.T, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func zipBytes(t *testing.T, members map[string][]byte, order []string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range order {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(members[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// eventsIn reads every input and returns the number of events per input name.
func eventsIn(t *testing.T, ins []Input) map[string]int {
	t.Helper()
	got := map[string]int{}
	for _, in := range ins {
		r, err := NewReader(in, FormatAuto, Options{})
		if err != nil {
			t.Fatalf("NewReader(%s): %v", in.Name, err)
		}
		b, err := ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatalf("read %s: %v", in.Name, err)
		}
		got[in.Name] = len(b.Events) + len(b.Mentions)
	}
	return got
}

// TestInputs expands a directory holding a plain file, a gzip file under a
// misleading name, a zip of two members and a hidden file, and checks names,
// order and contents; then globs and member selectors.
func TestInputs(t *testing.T) {
	dir := t.TempDir()
	two := []byte(gdelt2Row(nil) + "\n" + gdelt2Row(map[int]string{0: "2"}) + "\n")
	one := []byte(mentionsRow(nil) + "\n")
	writeFile(t, filepath.Join(dir, "a.export.CSV"), two)
	writeFile(t, filepath.Join(dir, "sub", "b.CSV"), gzipBytes(t, two)) // gzip, not named .gz
	writeFile(t, filepath.Join(dir, "c.zip"), zipBytes(t, map[string][]byte{"x.export.CSV": two, "y.mentions.CSV": one}, []string{"x.export.CSV", "y.mentions.CSV"}))
	writeFile(t, filepath.Join(dir, ".hidden"), []byte("not data\n"))

	ins, err := Inputs([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, in := range ins {
		names = append(names, strings.TrimPrefix(in.Name, dir+"/"))
	}
	want := []string{"a.export.CSV", "c.zip!x.export.CSV", "c.zip!y.mentions.CSV", "sub/b.CSV"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Fatalf("inputs %v, want %v", names, want)
	}
	got := eventsIn(t, ins)
	for name, n := range map[string]int{"a.export.CSV": 2, "c.zip!x.export.CSV": 2, "c.zip!y.mentions.CSV": 1, "sub/b.CSV": 2} {
		if got[filepath.Join(dir, name)] != n {
			t.Errorf("%s: %d rows, want %d", name, got[filepath.Join(dir, name)], n)
		}
	}

	// The zip member name reaches the events.
	r, err := NewReader(ins[1], FormatAuto, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := ReadAll(r)
	r.Close()
	if err != nil || b.Events[1].File != filepath.Join(dir, "c.zip!x.export.CSV") || b.Events[1].Line != 2 {
		t.Fatalf("zip member events: %+v %v", b.Events, err)
	}

	ins, err = Inputs([]string{filepath.Join(dir, "*.zip"), filepath.Join(dir, "c.zip!y.mentions.CSV")})
	if err != nil || len(ins) != 3 || !strings.HasSuffix(ins[2].Name, "c.zip!y.mentions.CSV") {
		t.Fatalf("glob and member: %v %v", ins, err)
	}
}

// TestInputErrors: unreadable paths, patterns matching nothing, missing zip
// members, truncated zip and gzip files each give one clear error.
func TestInputErrors(t *testing.T) {
	dir := t.TempDir()
	two := []byte(gdelt2Row(nil) + "\n" + gdelt2Row(map[int]string{0: "2"}) + "\n")
	zipped := zipBytes(t, map[string][]byte{"m": two}, []string{"m"})
	writeFile(t, filepath.Join(dir, "ok.zip"), zipped)
	writeFile(t, filepath.Join(dir, "cut.zip"), zipped[:len(zipped)/2])
	for _, tc := range []struct {
		name, path, want string
	}{
		{"missing file", filepath.Join(dir, "nope.tsv"), "no such file or directory"},
		{"empty glob", filepath.Join(dir, "*.gz"), "matches no files"},
		{"missing member", filepath.Join(dir, "ok.zip!other"), `has no member "other"`},
		{"truncated zip", filepath.Join(dir, "cut.zip"), "truncated or not a zip file?"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Inputs([]string{tc.path})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}

	// A gzip stream cut short: the rows before the cut may arrive, then one
	// fatal error says the input ends early.
	big := bytes.Repeat(two, 2000)
	gz := gzipBytes(t, big)
	path := filepath.Join(dir, "cut.gz")
	writeFile(t, path, gz[:len(gz)*2/3])
	r, err := NewReader(FileInput(path), FormatAuto, Options{ChunkSize: 4096})
	if err == nil {
		_, err = ReadAll(r)
		r.Close()
	}
	if err == nil || !strings.Contains(err.Error(), "input ends early (truncated download or archive?)") {
		t.Fatalf("truncated gzip: error %v", err)
	}
	// A gzip header cut short is caught when opening.
	writeFile(t, path, gz[:5])
	if _, err := NewReader(FileInput(path), FormatAuto, Options{}); err == nil || !strings.Contains(err.Error(), "cut.gz") {
		t.Fatalf("truncated gzip header: error %v", err)
	}
	// Unreadable directory entry: a path that is a directory given to FileInput.
	if _, err := NewReader(FileInput(dir), FormatAuto, Options{}); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Fatalf("directory as file: error %v", err)
	}
}

// TestCloseEarly: closing a reader before the end stops its goroutines
// and a later Next says so.
func TestCloseEarly(t *testing.T) {
	data := bytes.Repeat([]byte(gdelt2Row(nil)+"\n"), 5000)
	r, err := NewReader(BytesInput("mem", data), FormatGDELT2, Options{Workers: 2, ChunkSize: 4096})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); err == nil || !strings.Contains(err.Error(), "after Close") {
		t.Fatalf("Next after Close: %v", err)
	}
}
