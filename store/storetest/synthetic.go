package storetest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"entente/events"
)

// synthCodes are real CAMEO codes with their Goldstein weights and quad
// classes (GDELT's CAMEO.goldsteinscale.txt; quad by root as DOMAIN.md
// measures it), so synthetic events look like GDELT's.
var synthCodes = []struct {
	code      string
	goldstein float64
	quad      int
}{
	{"010", 0.0, 1},
	{"036", 4.0, 1},
	{"042", 1.9, 1},
	{"0431", 2.8, 1},
	{"057", 8.0, 1},
	{"061", 6.4, 2},
	{"090", -2.0, 2},
	{"112", -2.0, 3},
	{"141", -6.5, 3},
	{"173", -5.0, 4},
	{"190", -10.0, 4},
}

// synthCountries include the empty country, which GDELT leaves in about
// half its rows and which the cube must leave out.
var synthCountries = []string{"RUS", "CHN", "USA", "UKR", ""}

// Synthetic returns n deterministic GDELT-like events of data set ds with ids
// idBase, idBase+1, …, dated between 2021-12-20 and 2022-03-20 (a span that
// crosses a year, a quarter and ISO weeks), from file name file.
// Every tenth event has no tone and every seventh no Goldstein (NaN), to
// exercise the NULL handling of the cube sums.
func Synthetic(seed uint64, n int, ds events.Dataset, idBase int, file string) []events.Event {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	start := time.Date(2021, 12, 20, 0, 0, 0, 0, time.UTC)
	out := make([]events.Event, n)
	for i := range out {
		c := synthCodes[r.IntN(len(synthCodes))]
		src := synthCountries[r.IntN(len(synthCountries))]
		tgt := synthCountries[r.IntN(len(synthCountries))]
		tone := math.Round((r.Float64()*20-10)*100) / 100
		if i%10 == 9 {
			tone = math.NaN()
		}
		gold := c.goldstein
		if i%7 == 6 {
			gold = math.NaN()
		}
		day := start.AddDate(0, 0, r.IntN(91))
		out[i] = events.Event{
			ID:         fmt.Sprint(idBase + i),
			Date:       day,
			Source:     events.Actor{Code: src + "GOV", Name: "SOURCE " + src, Country: src, Type: "GOV"},
			Target:     events.Actor{Code: tgt, Name: "TARGET " + tgt, Country: tgt},
			Code:       c.code,
			Base:       c.code[:3],
			Root:       c.code[:2],
			Quad:       c.quad,
			Goldstein:  gold,
			Tone:       tone,
			Mentions:   int32(1 + r.IntN(20)),
			Sources:    int32(1 + r.IntN(3)),
			Articles:   int32(1 + r.IntN(20)),
			GeoCountry: src,
			Lat:        55.75,
			Lon:        37.62,
			URL:        fmt.Sprintf("https://example.org/%d", idBase+i),
			Added:      day.Add(36 * time.Hour),
			Dataset:    ds,
			File:       file,
			Line:       int64(i + 1),
		}
	}
	return out
}
