package relations

import (
	"fmt"
	"image/color"
	"strings"
	"time"

	"entente/chart"
)

// quadNames and quadColors label the four GDELT quad classes in charts:
// cooperation in blues and greens, conflict in oranges (Okabe–Ito).
var (
	quadNames  = [4]string{"verbal cooperation", "material cooperation", "verbal conflict", "material conflict"}
	quadColors = [4]color.RGBA{chart.SkyBlue, chart.BluishGreen, chart.Orange, chart.Vermillion}
)

// periodWord names a period width in titles.
func periodWord(s string) string {
	switch s {
	case "day":
		return "daily"
	case "week":
		return "weekly"
	case "month":
		return "monthly"
	case "quarter":
		return "quarterly"
	case "year":
		return "yearly"
	}
	return s
}

func times(rows []Row) []time.Time {
	out := make([]time.Time, len(rows))
	for i, r := range rows {
		out[i] = r.Period
	}
	return out
}

// SeriesChart describes a dyad series as a chart: each line's relationship
// index with its band in the upper panel, events by quad class stacked in
// the lower one (summed over directions), and the changepoints of breaks
// (which may be nil; breaks[i] belongs to s.Lines[i]) as marks.
func SeriesChart(s Series, breaks [][]Change) (chart.TimeChart, error) {
	if len(s.Lines) == 0 || len(s.Lines[0].Rows) == 0 {
		return chart.TimeChart{}, fmt.Errorf("no periods to plot for %s–%s", s.A.Code, s.B.Code)
	}
	rows0 := s.Lines[0].Rows
	c := chart.TimeChart{
		Title:    fmt.Sprintf("%s–%s relations, %s", s.A.Code, s.B.Code, periodWord(string(s.By))),
		Subtitle: fmt.Sprintf("index: shrunken mean Goldstein (K=%g) with %s band; weight %s, dedupe %s", s.Index.K, bandName(s.Index.Z), s.Weight, s.Dedupe),
		X:        times(rows0),
		End:      NextPeriod(s.By, rows0[len(rows0)-1].Period),
		YLabel:   "relationship index (Goldstein scale)",
		HLines:   []float64{0},
	}
	lineColors := []color.RGBA{chart.Blue, chart.ReddishPurple}
	stack := &chart.Stack{YLabel: "events"}
	if s.Weight == WeightMentions {
		stack.YLabel = "mentions"
	}
	for q := range quadNames {
		stack.Layers = append(stack.Layers, chart.Layer{Name: quadNames[q], Y: make([]float64, len(rows0)), Color: quadColors[q]})
	}
	for li, l := range s.Lines {
		name := l.Source + "–" + l.Target
		if l.Directed {
			name = l.Source + "→" + l.Target
		}
		idx, lo, hi := make([]float64, len(l.Rows)), make([]float64, len(l.Rows)), make([]float64, len(l.Rows))
		for i, r := range l.Rows {
			idx[i], lo[i], hi[i] = r.Index, r.IndexLo, r.IndexHi
			for q := range quadNames {
				stack.Layers[q].Y[i] += r.Quad[q]
			}
		}
		col := lineColors[li%len(lineColors)]
		c.Bands = append(c.Bands, chart.Band{Name: bandName(s.Index.Z) + " band " + name, Lo: lo, Hi: hi, Color: col})
		c.Lines = append(c.Lines, chart.Line{Name: "index " + name, Y: idx, Color: col})
		if li < len(breaks) {
			for _, b := range breaks[li] {
				c.Marks = append(c.Marks, chart.Mark{At: b.Period, Label: fmt.Sprintf("%s %+.2f", b.Label, b.After-b.Before)})
			}
		}
	}
	c.Stack = stack
	return c, nil
}

func bandName(z float64) string {
	switch {
	case z > 1.95 && z < 1.97:
		return "95%"
	case z > 1.64 && z < 1.65:
		return "90%"
	case z > 2.57 && z < 2.58:
		return "99%"
	}
	return fmt.Sprintf("±%.2gσ", z)
}

// configLabel names a configuration with its roles for a chart legend.
func configLabel(c Config) string {
	switch c.Kind {
	case MenageATrois:
		return "ménage à trois"
	case Romantic:
		return "romantic, pivot " + c.Pivot
	case StableMarriage:
		return "stable marriage, outcast " + c.Outcast
	case UnitVeto:
		return "unit veto"
	}
	return "indeterminate"
}

// TriangleChart describes a triangle series as a chart: the three dyads'
// indices with the neutral band in the upper panel and the configuration of
// each period as a coloured strip below. Colours are Okabe–Ito: each pivot
// and each outcast has its own, so a change of roles is visible.
func TriangleChart(ts TriangleSeries) (chart.TimeChart, error) {
	if len(ts.Rows) == 0 {
		return chart.TimeChart{}, fmt.Errorf("no periods to plot for the %s triangle", strings.Join(ts.Players[:], "–"))
	}
	p := ts.Players
	c := chart.TimeChart{
		Title:    fmt.Sprintf("%s–%s–%s strategic triangle, %s", p[0], p[1], p[2], periodWord(string(ts.By))),
		Subtitle: fmt.Sprintf("Dittmer (1981) configurations; amity/enmity beyond ±%g on the index", ts.Band),
		X:        make([]time.Time, len(ts.Rows)),
		End:      NextPeriod(ts.By, ts.Rows[len(ts.Rows)-1].Period),
		YLabel:   "relationship index (Goldstein scale)",
		HLines:   []float64{-ts.Band, 0, ts.Band},
	}
	names := ts.dyadNames()
	cols := []color.RGBA{chart.Blue, chart.Vermillion, chart.BluishGreen}
	for d := range names {
		c.Lines = append(c.Lines, chart.Line{Name: names[d], Y: make([]float64, len(ts.Rows)), Color: cols[d]})
	}
	colors := map[string]color.RGBA{
		configLabel(Config{Kind: MenageATrois}):  chart.BluishGreen,
		configLabel(Config{Kind: UnitVeto}):      chart.Black,
		configLabel(Config{Kind: Indeterminate}): chart.Grey,
	}
	pivotCols := []color.RGBA{chart.Blue, chart.SkyBlue, chart.ReddishPurple}
	outcastCols := []color.RGBA{chart.Orange, chart.Yellow, chart.Vermillion}
	for i, pl := range p {
		colors[configLabel(Config{Kind: Romantic, Pivot: pl})] = pivotCols[i]
		colors[configLabel(Config{Kind: StableMarriage, Outcast: pl})] = outcastCols[i]
	}
	strip := &chart.Strip{YLabel: "configuration", Colors: colors}
	seen := map[string]bool{}
	for i, r := range ts.Rows {
		c.X[i] = r.Period
		for d := range names {
			c.Lines[d].Y[i] = r.Index[d]
		}
		l := configLabel(r.Config)
		strip.Values = append(strip.Values, l)
		if !seen[l] {
			seen[l] = true
			strip.Order = append(strip.Order, l)
		}
	}
	c.Strip = strip
	return c, nil
}
