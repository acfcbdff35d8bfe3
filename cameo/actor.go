package cameo

import (
	"slices"
	"strings"
)

// actorTypes maps CAMEO actor type codes (the three-letter role codes that
// follow the country in an actor code, e.g. the GOV of "RUSGOV") to their
// descriptions, from GDELT's CAMEO.type.txt.
var actorTypes = map[string]string{}

func init() {
	for _, r := range readTable("actortypes.tsv", 2) {
		actorTypes[r[0]] = r[1]
	}
}

// ActorType returns the description of a CAMEO actor type code ("GOV" →
// "Government"). Codes are upper case as GDELT writes them.
func ActorType(code string) (desc string, ok bool) {
	desc, ok = actorTypes[code]
	return desc, ok
}

// ActorTypeCode is one CAMEO actor type code and its description.
type ActorTypeCode struct {
	Code, Description string
}

// ActorTypes returns all actor type codes sorted by code; the slice is the
// caller's.
func ActorTypes() []ActorTypeCode {
	out := make([]ActorTypeCode, 0, len(actorTypes))
	for c, d := range actorTypes {
		out = append(out, ActorTypeCode{c, d})
	}
	slices.SortFunc(out, func(a, b ActorTypeCode) int { return strings.Compare(a.Code, b.Code) })
	return out
}
