package chart

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"sort"
)

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// addPNGText inserts one iTXt chunk per keyword right after the IHDR chunk
// (PNG specification, §11.3.4.5: keyword, NUL, compression flag 0, method
// 0, empty language tag, NUL, empty translated keyword, NUL, UTF-8 text;
// iTXt rather than tEXt because titles hold en dashes). Go's image/png
// writes none, and a title inside the file lets tests and tools identify a
// figure.
func addPNGText(png []byte, kv map[string]string) ([]byte, error) {
	if !bytes.HasPrefix(png, pngSignature) || len(png) < 33 {
		return nil, errors.New("chart: not a PNG stream")
	}
	ihdrEnd := 8 + 8 + 13 + 4 // signature, length+type, IHDR data, CRC
	var out bytes.Buffer
	out.Write(png[:ihdrEnd])
	keys := make([]string, 0, len(kv))
	for k := range kv {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		data := append(append([]byte(k), 0, 0, 0, 0, 0), kv[k]...)
		var hdr [8]byte
		binary.BigEndian.PutUint32(hdr[:4], uint32(len(data)))
		copy(hdr[4:], "iTXt")
		out.Write(hdr[:])
		out.Write(data)
		crc := crc32.NewIEEE()
		crc.Write(hdr[4:])
		crc.Write(data)
		var sum [4]byte
		binary.BigEndian.PutUint32(sum[:], crc.Sum32())
		out.Write(sum[:])
	}
	out.Write(png[ihdrEnd:])
	return out.Bytes(), nil
}

// PNGText returns the uncompressed text chunks (tEXt, iTXt) of a PNG
// stream as keyword → text.
func PNGText(png []byte) (map[string]string, error) {
	if !bytes.HasPrefix(png, pngSignature) {
		return nil, errors.New("chart: not a PNG stream")
	}
	out := map[string]string{}
	for p := 8; p+12 <= len(png); {
		n := int(binary.BigEndian.Uint32(png[p:]))
		typ := string(png[p+4 : p+8])
		if p+12+n > len(png) {
			return nil, errors.New("chart: truncated PNG chunk")
		}
		data := png[p+8 : p+8+n]
		switch typ {
		case "tEXt":
			if i := bytes.IndexByte(data, 0); i > 0 {
				rs := make([]rune, 0, len(data)-i-1)
				for _, b := range data[i+1:] {
					rs = append(rs, rune(b)) // Latin-1
				}
				out[string(data[:i])] = string(rs)
			}
		case "iTXt":
			// keyword NUL flag method language NUL translated NUL text
			parts := bytes.SplitN(data, []byte{0}, 2)
			if len(parts) == 2 && len(parts[1]) >= 2 && parts[1][0] == 0 {
				rest := bytes.SplitN(parts[1][2:], []byte{0}, 3)
				if len(rest) == 3 {
					out[string(parts[0])] = string(rest[2])
				}
			}
		}
		if typ == "IEND" {
			break
		}
		p += 12 + n
	}
	return out, nil
}
