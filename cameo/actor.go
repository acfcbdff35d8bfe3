package cameo

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
