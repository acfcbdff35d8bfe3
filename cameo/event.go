package cameo

import (
	"fmt"
	"slices"
	"strconv"
)

// EventCode is one CAMEO event code.
//
// Code keeps its leading zeros ("042"): CAMEO codes are strings, and "42" is
// not a code. Root is the two-digit root ("04"), Quad the GDELT QuadClass of
// that root (see QuadClass) and Goldstein the code's own weight on the
// Goldstein scale, in [-10, +10].
type EventCode struct {
	Code, Description string
	Goldstein         float64
	Root              string
	Quad              int
}

var (
	eventList []EventCode
	eventByID map[string]EventCode
)

func init() {
	rows := readTable("eventcodes.tsv", 3)
	eventByID = make(map[string]EventCode, len(rows))
	for _, r := range rows {
		g, err := strconv.ParseFloat(r[1], 64)
		if err != nil || len(r[0]) < 2 {
			panic(fmt.Sprintf("cameo: eventcodes.tsv: bad row %q", r))
		}
		e := EventCode{Code: r[0], Description: r[2], Goldstein: g, Root: r[0][:2]}
		e.Quad = QuadClass(e.Root)
		eventList = append(eventList, e)
		eventByID[e.Code] = e
	}
	slices.SortFunc(eventList, func(a, b EventCode) int {
		switch {
		case a.Code < b.Code:
			return -1
		case a.Code > b.Code:
			return 1
		}
		return 0
	})
}

// Event returns the CAMEO event code with exactly this spelling, leading
// zeros included: "0431" is not a code (043 "Host a visit" has no children),
// "043", "04" and "190" are. Codes with stripped zeros ("43") are not found:
// repairing them is the reader's job, which knows the column's width.
func Event(code string) (EventCode, bool) {
	e, ok := eventByID[code]
	return e, ok
}

// Goldstein returns the Goldstein weight of a code. GDELT's
// CAMEO.goldsteinscale.txt gives every code in the table, root, base and
// four-digit alike, its own weight, so there is no fallback from a four-digit
// code to its base code: an unknown code is reported as not found.
func Goldstein(code string) (float64, bool) {
	e, ok := eventByID[code]
	return e.Goldstein, ok
}

// QuadClass returns GDELT's QuadClass for a two-digit root code, as measured
// in the GDELT files (shared/DOMAIN.md): roots 01–05 → 1 verbal cooperation,
// 06–09 → 2 material cooperation, 10–14 → 3 verbal conflict, 15–20 → 4
// material conflict. It returns 0 for anything else, including roots written
// without their leading zero ("4").
func QuadClass(root string) int {
	if len(root) != 2 || root[0] < '0' || root[0] > '2' || root[1] < '0' || root[1] > '9' {
		return 0
	}
	n := int(root[0]-'0')*10 + int(root[1]-'0')
	switch {
	case n >= 1 && n <= 5:
		return 1
	case n >= 6 && n <= 9:
		return 2
	case n >= 10 && n <= 14:
		return 3
	case n >= 15 && n <= 20:
		return 4
	}
	return 0
}

// Codes returns every CAMEO event code, sorted by code string (so each root
// is followed by its base and four-digit codes). The slice is a copy the
// caller may modify.
func Codes() []EventCode {
	return slices.Clone(eventList)
}
