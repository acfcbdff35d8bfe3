package report

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"entente/chart"
	"entente/relations"
)

// chartFrom is the first year the long-run charts show: earlier centuries
// have a handful of chronology rows each, too sparse to draw as a series.
const chartFrom = 1945

// svgCharts renders the report's figures as SVG documents, by name.
func (r *Report) svgCharts() (map[string][]byte, error) {
	out := map[string][]byte{}
	render := func(name string, c chart.TimeChart) error {
		var b bytes.Buffer
		if err := c.Write(&b, chart.SVG); err != nil {
			return fmt.Errorf("report: chart %s: %w", name, err)
		}
		out[name] = b.Bytes()
		return nil
	}
	if s := r.Series.dyad; len(s.Lines) > 0 {
		c, err := relations.SeriesChart(s.Series, s.Breaks)
		if err != nil {
			return nil, err
		}
		c.Title = fmt.Sprintf("%s-%s relationship index by year (chronology)", r.Current.Dyad[0], r.Current.Dyad[1])
		c.Subtitle = "Shrunken mean Goldstein with 95% band; dashed lines: tercile cuts used to read the present; vertical lines: changepoints"
		c.HLines = append(c.HLines, r.Current.Cuts[0], r.Current.Cuts[1])
		if err := render("dyad", c); err != nil {
			return nil, err
		}
	}
	if s := r.Series.recent; s != nil {
		c, err := relations.SeriesChart(*s, nil)
		if err != nil {
			return nil, err
		}
		c.Title = fmt.Sprintf("%s-%s by month (%s)", r.Current.Dyad[0], r.Current.Dyad[1], r.Current.Source)
		if err := render("recent", c); err != nil {
			return nil, err
		}
	}
	if len(r.Series.Triangle) > 0 {
		if err := render("triangle", r.triangleChart()); err != nil {
			return nil, err
		}
	}
	if len(r.Scenarios) > 0 {
		if err := render("durability", r.durabilityChart()); err != nil {
			return nil, err
		}
	}
	if len(r.Tornado) > 0 {
		var b bytes.Buffer
		if err := r.writeTornado(&b); err != nil {
			return nil, err
		}
		out["tornado"] = b.Bytes()
	}
	return out, nil
}

// durabilityChart draws P(holds) per year, one line per scenario; the
// baseline is the dashed black line.
func (r *Report) durabilityChart() chart.TimeChart {
	var xs []time.Time
	for y := r.StartYear; y <= r.Horizon; y++ {
		xs = append(xs, time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))
	}
	c := chart.TimeChart{
		Title:    "P(partnership holds) by year under each scenario",
		Subtitle: "holds = " + joinStates(r.Good) + "; yearly two-slice model, shocks by intervention from their start year",
		X:        xs,
		End:      time.Date(r.Horizon+1, 1, 1, 0, 0, 0, 0, time.UTC),
		YLabel:   "P(holds)",
		// The whole probability scale, so curves are read against 0 and 1
		// and the legend has room above them.
		YRange: []float64{0, 1},
	}
	pal := chart.OkabeIto
	k := 0
	for _, s := range r.Scenarios {
		l := chart.Line{Name: s.Name}
		for y := r.StartYear; y <= r.Horizon; y++ {
			l.Y = append(l.Y, s.Holds[strconv.Itoa(y)])
		}
		if s.Name == "baseline" {
			l.Color, l.Dashed = color.RGBA{A: 255}, true
		} else {
			// Seven Okabe–Ito colours; past them, the colours repeat dashed.
			l.Color, l.Dashed = pal[k%len(pal)], k >= len(pal)
			k++
		}
		c.Lines = append(c.Lines, l)
	}
	return c
}

// writeTornado draws the tornado: for each factor, the range of P(holds) as
// the factor goes from its least to its most favourable state, the widest
// at the top, around the baseline.
func (r *Report) writeTornado(w io.Writer) error {
	bars := r.Tornado
	if len(bars) > 10 {
		bars = bars[:10]
	}
	p := plot.New()
	p.Title.Text = "Sensitivity of P(holds) (tornado, static model)"
	p.X.Label.Text = "P(holds) with the factor set to each of its states"
	n := len(bars)
	lows, highs := make(plotter.Values, n), make(plotter.Values, n)
	names := make([]string, n)
	for i, b := range bars {
		j := n - 1 - i // widest at the top
		lows[j], highs[j] = b.Low, b.High-b.Low
		names[j] = b.Node
	}
	base, err := plotter.NewBarChart(lows, vg.Points(14))
	if err != nil {
		return fmt.Errorf("report: tornado: %w", err)
	}
	base.Horizontal = true
	base.Color = color.RGBA{A: 0}
	base.LineStyle.Width = 0
	span, err := plotter.NewBarChart(highs, vg.Points(14))
	if err != nil {
		return fmt.Errorf("report: tornado: %w", err)
	}
	span.Horizontal = true
	span.Color = chart.Blue
	span.LineStyle.Width = 0
	span.StackOn(base)
	p.Add(span, base)
	p.NominalY(names...)
	line, err := plotter.NewLine(plotter.XYs{{X: r.Model.Holds, Y: -0.5}, {X: r.Model.Holds, Y: float64(n) - 0.5}})
	if err == nil {
		line.Color = color.RGBA{A: 255}
		line.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(line)
		p.Legend.Add(fmt.Sprintf("baseline %.2f", r.Model.Holds), line)
		p.Legend.Top = true
	}
	p.X.Min, p.X.Max = 0, 1
	canvas := vgsvg.New(7*vg.Inch, 4*vg.Inch)
	p.Draw(draw.New(canvas))
	_, err = canvas.WriteTo(w)
	return err
}

func joinStates(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += " or "
		}
		out += x
	}
	return out
}

// triangleChart draws the three dyads' carried-forward mean Goldstein and,
// below, the configuration of each year as a coloured strip.
func (r *Report) triangleChart() chart.TimeChart {
	p := r.Triangle.Players
	pts := r.Series.Triangle
	c := chart.TimeChart{
		Title:    fmt.Sprintf("Strategic triangle %s-%s-%s by year (chronology)", p[0], p[1], p[2]),
		Subtitle: "Mean Goldstein of each dyad's latest recorded year, carried forward; dotted: the neutral band",
		YLabel:   "mean Goldstein",
		HLines:   []float64{-relations.DefaultBand, relations.DefaultBand},
	}
	names := [3]string{p[0] + "-" + p[1], p[0] + "-" + p[2], p[1] + "-" + p[2]}
	lines := [3]chart.Line{{Name: names[0], Color: chart.Orange}, {Name: names[1], Color: chart.SkyBlue}, {Name: names[2], Color: chart.BluishGreen}}
	strip := &chart.Strip{YLabel: "configuration", Colors: map[string]color.RGBA{}}
	palette := []color.RGBA{chart.Blue, chart.Vermillion, chart.ReddishPurple, chart.Yellow, chart.Orange, chart.SkyBlue, chart.BluishGreen}
	for _, tp := range pts {
		y, err := strconv.Atoi(tp.Period)
		if err != nil {
			continue
		}
		c.X = append(c.X, time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))
		for i := range lines {
			v := tp.Mean[i]
			if tp.Signs[i] == relations.Thin.String() {
				v = math.NaN()
			}
			lines[i].Y = append(lines[i].Y, v)
		}
		strip.Values = append(strip.Values, tp.Config)
		if _, ok := strip.Colors[tp.Config]; !ok {
			if tp.Kind == string(relations.Indeterminate) {
				strip.Colors[tp.Config] = color.RGBA{R: 190, G: 190, B: 190, A: 255}
			} else {
				strip.Colors[tp.Config] = palette[(len(strip.Order))%len(palette)]
			}
			strip.Order = append(strip.Order, tp.Config)
		}
	}
	c.Lines = lines[:]
	c.Strip = strip
	return c
}
