package events

import (
	"bytes"
	"math"
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
	f.Fuzz(func(t *testing.T, line []byte) {
		var bounds [70]int32
		n, ascii := splitTabs(line, bounds[:])
		want := bytes.Split(line, []byte{'\t'})
		if len(want) > len(bounds)-1 {
			if n != len(bounds) {
				t.Fatalf("%d fields: n = %d, want overflow %d", len(want), n, len(bounds))
			}
			var ends [70]int32
			if m, _ := splitTabsEnds(line, ends[:], ^uint64(0), 35, 5); m != len(bounds) {
				t.Fatalf("%d fields: splitTabsEnds n = %d, want overflow %d", len(want), m, len(bounds))
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
		// With a need mask, the requested bounds must be the same.
		var some [70]int32
		need := uint64(0x5a5a_f00f_0ff0_a5a5) ^ uint64(len(line))*0x9e3779b97f4a7c15
		if m, _ := splitTabsNeed(line, some[:], need); m != n {
			t.Fatalf("splitTabsNeed n = %d, want %d", m, n)
		}
		for k := 1; k < n && k < 63; k++ {
			if need&(1<<uint(k)) != 0 && some[k] != bounds[k] {
				t.Fatalf("need mask %x: bounds[%d] = %d, want %d", need, k, some[k], bounds[k])
			}
		}
		if some[n] != bounds[n] {
			t.Fatalf("final bound %d, want %d", some[n], bounds[n])
		}
		// splitTabsEnds: the same n, and the bounds need asks for among
		// the first front and the last back tabs, for the GDELT ends
		// (35, 5) and shapes that make it fall back or meet in one word.
		for _, fb := range [][2]int{{35, 5}, {1, 1}, {3, 8}, {10, 2}, {60, 8}} {
			var ends [70]int32
			m, a := splitTabsEnds(line, ends[:], need, fb[0], fb[1])
			if m != n || a != ascii {
				t.Fatalf("splitTabsEnds%v = %d, %v; want %d, %v", fb, m, a, n, ascii)
			}
			for k := 1; k < n && k < 63; k++ {
				if need&(1<<uint(k)) != 0 && (k <= fb[0] || k >= n-fb[1]) && ends[k] != bounds[k] {
					t.Fatalf("splitTabsEnds%v need mask %x: bounds[%d] = %d, want %d", fb, need, k, ends[k], bounds[k])
				}
			}
			if ends[n] != bounds[n] {
				t.Fatalf("splitTabsEnds%v final bound %d, want %d", fb, ends[n], bounds[n])
			}
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
