package events

import (
	"bytes"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSplitTabs checks the SWAR splitter against bytes.Split.
func FuzzSplitTabs(f *testing.F) {
	f.Add([]byte(gdelt2Row(nil)))
	f.Add([]byte("\t\t\t"))
	f.Add([]byte("a\tb\xff\tc\td\te\tf\tg\th\ti"))
	f.Add([]byte("\x08\t\x09\x01\t"))
	f.Add([]byte(strings.Replace(gdelt2Row(nil), "http", "h\xc3\xa9ttp", 1)))
	f.Add([]byte(gdelt2Row(nil) + strings.Repeat("\tx", 20)))
	// Block edges: tabs at bytes 63 and 64, a line of exactly two blocks,
	// a high byte in the zero-padded last block.
	f.Add([]byte(strings.Repeat("x", 63) + "\t\t" + strings.Repeat("y", 63)))
	f.Add([]byte(strings.Repeat("abcdefg\t", 16)))
	f.Add([]byte(strings.Repeat("a\t", 40) + "\xc3\xa9"))
	f.Fuzz(func(t *testing.T, line []byte) {
		var bounds [70]int32
		n, ascii := splitTabs(line, bounds[:])
		want := bytes.Split(line, []byte{'\t'})
		if len(want) > len(bounds)-1 {
			if n != len(bounds) {
				t.Fatalf("%d fields: n = %d, want overflow %d", len(want), n, len(bounds))
			}
			if m, _ := splitTabsWords(line, make([]int32, 70)); m != len(bounds) {
				t.Fatalf("%d fields: splitTabsWords n = %d, want overflow %d", len(want), m, len(bounds))
			}
			return
		}
		if n != len(want) {
			t.Fatalf("n = %d, want %d", n, len(want))
		}
		for k, w := range want {
			if got := line[bounds[k] : bounds[k+1]-1]; !bytes.Equal(got, w) {
				t.Fatalf("field %d = %q, want %q", k, got, w)
			}
		}
		// The word-by-word peer of BenchmarkSplitTabs agrees on every bound.
		var words [70]int32
		if m, a := splitTabsWords(line, words[:]); m != n || a != ascii || !slices.Equal(words[:n+1], bounds[:n+1]) {
			t.Fatalf("splitTabsWords = %d, %v, %v; want %d, %v, %v", m, a, words[:m+1], n, ascii, bounds[:n+1])
		}
		isASCII := true
		for _, c := range line {
			if c >= utf8.RuneSelf {
				isASCII = false
			}
		}
		if ascii != isASCII {
			t.Fatalf("ascii = %v, want %v", ascii, isASCII)
		}
	})
}

// FuzzParseFloat checks the fast path against strconv.ParseFloat.
func FuzzParseFloat(f *testing.F) {
	for _, s := range []string{"-4.4776119402985", "2.8", "0", "-0", "+1.", ".5", "1e5", "123456789012345", "1234567890123456", "9.99999999999999", "-",
		"-0.966183574879227", "9007199254740992", "9007199254740993", "0.0000000000000000000001", "0.00000000000000000000001",
		"1.00000000000000000001", "1234567890123456789", "0.1234567890123456789"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if s == "" {
			return
		}
		got, ok := fastFloat([]byte(s))
		if !ok {
			return
		}
		want, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("fastFloat(%q) = %v, but strconv rejects it: %v", s, got, err)
		}
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("fastFloat(%q) = %v, strconv = %v", s, got, want)
		}
	})
}

// TestFastFloatRange: the fast path takes what Clinger's condition allows
// (integer of the digits at most 2^53, at most 22 fraction digits, at most
// 19 digits so the integer cannot overflow), which includes GDELT tones with
// a leading zero, and declines the rest.
func TestFastFloatRange(t *testing.T) {
	for _, c := range []struct {
		in string
		ok bool
	}{
		{"-0.966183574879227", true},         // real GDELT AvgTone: 16 digits, 15 significant
		{"9007199254740992", true},           // 2^53
		{"9007199254740993", false},          // 2^53+1 is not a float64
		{".0000000000000000001", true},       // 19 fraction digits
		{"0.00000000000000000000001", false}, // 25 digits
		{"00000000000000000001.5", false},    // 21 digits
	} {
		got, ok := fastFloat([]byte(c.in))
		if ok != c.ok {
			t.Errorf("fastFloat(%q) ok = %v, want %v", c.in, ok, c.ok)
			continue
		}
		if want, _ := strconv.ParseFloat(c.in, 64); ok && got != want {
			t.Errorf("fastFloat(%q) = %v, want %v (strconv)", c.in, got, want)
		}
	}
}

// FuzzReaders feeds arbitrary bytes to every reader (and to detection) and
// checks that nothing panics and that what comes out keeps the contracts:
// events carry an id, a date and a root that prefixes their code; rejects
// and events point at lines that exist.
func FuzzReaders(f *testing.F) {
	f.Add(gdelt2Row(nil) + "\n" + gdelt2Row(map[int]string{1: "2015023"}) + "\r\n")
	f.Add(mentionsRow(nil) + "\n")
	f.Add(icewsHeader + "\n" + icewsRow(nil) + "\n")
	f.Add("\"GLOBALEVENTID\",\"SQLDATE\",\"EventCode\",\"EventRootCode\"\n\"1\",2,20120401,\"0231\",\"02\"\n")
	f.Add(strings.ReplaceAll(gdelt2Row(nil), "\t", ";") + "\n")
	f.Add(strings.Repeat("1\t", 56) + "1\n")
	f.Fuzz(func(t *testing.T, data string) {
		lines := int64(strings.Count(data, "\n") + 1)
		for _, format := range Formats() {
			r, err := NewReader(BytesInput("fuzz", []byte(data)), format, Options{Workers: 2, ChunkSize: 512})
			if err != nil {
				continue
			}
			b, err := ReadAll(r)
			r.Close()
			if err != nil {
				continue
			}
			for _, e := range b.Events {
				if e.ID == "" || e.Date.IsZero() || len(e.Root) != 2 || !strings.HasPrefix(e.Code, e.Root) || e.Line < 1 || e.Line > lines {
					t.Fatalf("%s: bad event %+v", format, e)
				}
			}
			for _, m := range b.Mentions {
				if m.EventID == "" || m.Line < 1 || m.Line > lines {
					t.Fatalf("%s: bad mention %+v", format, m)
				}
			}
			for _, re := range b.Rejects {
				if re.Line < 1 || re.Line > lines || re.Reason == "" {
					t.Fatalf("%s: bad reject %+v", format, re)
				}
			}
		}
	})
}
