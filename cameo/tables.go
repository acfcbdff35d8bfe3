package cameo

import (
	"bufio"
	"embed"
	"fmt"
	"strings"
)

// data holds the generated tables (see cameo/gen) and the hand-kept aliases.
//
//go:embed data/*.tsv
var data embed.FS

// readTable returns the rows of an embedded tab-separated table, skipping
// '#' comment lines, and checks that each row has n fields. The tables are
// compiled in, so a malformed one is a build defect that the package's tests
// catch; init panics on it rather than serving half a table.
func readTable(name string, n int) [][]string {
	b, err := data.ReadFile("data/" + name)
	if err != nil {
		panic(fmt.Sprintf("cameo: embedded table %s: %v", name, err))
	}
	var rows [][]string
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for line := 1; sc.Scan(); line++ {
		t := sc.Text()
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		f := strings.Split(t, "\t")
		if len(f) != n {
			panic(fmt.Sprintf("cameo: embedded table %s line %d: %d fields, want %d", name, line, len(f), n))
		}
		rows = append(rows, f)
	}
	return rows
}
