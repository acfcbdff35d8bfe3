package chart

import (
	"image/color"
	"math"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// rect is one filled rectangle in data coordinates.
type rect struct {
	x0, x1, y0, y1 float64
	color          color.RGBA
}

// rects draws filled rectangles: stacked bars and category strips, whose
// widths are periods of the date axis (plotter.BarChart only knows
// categorical positions).
type rects []rect

func (rs rects) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, r := range rs {
		x0, x1, y0, y1 := trX(r.x0), trX(r.x1), trY(r.y0), trY(r.y1)
		pts := []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
		c.FillPolygon(r.color, c.ClipPolygonXY(pts))
		// A hairline of white separates adjacent periods.
		c.StrokeLine2(draw.LineStyle{Color: color.White, Width: vg.Points(0.3)}, x1, y0, x1, y1)
	}
}

func (rs rects) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), 0
	xmax, ymax = math.Inf(-1), 0
	for _, r := range rs {
		xmin, xmax = math.Min(xmin, r.x0), math.Max(xmax, r.x1)
		ymin, ymax = math.Min(ymin, r.y0), math.Max(ymax, r.y1)
	}
	if len(rs) == 0 {
		xmin, xmax = 0, 0
	}
	return xmin, xmax, ymin, ymax
}

// swatch is a legend thumbnail filled with one colour.
type swatch color.RGBA

func (s swatch) Thumbnail(c *draw.Canvas) {
	pts := []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y}}
	c.FillPolygon(color.RGBA(s), pts)
}

// vmark is a dashed vertical line across the panel with a label near the
// bottom.
// It has no data range of its own: marks lie inside the series' dates.
type vmark struct {
	x     float64
	label string
	row   int // labels of nearby marks are staggered over three rows
}

func (m vmark) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(m.x)
	if x < c.Min.X || x > c.Max.X {
		return
	}
	st := draw.LineStyle{Color: ReddishPurple, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(2), vg.Points(2)}}
	c.StrokeLine2(st, x, c.Min.Y, x, c.Max.Y)
	if m.label != "" {
		// Labels sit at the bottom, away from the legend (top left).
		ts := draw.TextStyle{Color: ReddishPurple, Font: p.X.Tick.Label.Font, Handler: p.X.Tick.Label.Handler, XAlign: draw.XLeft, YAlign: draw.YBottom}
		ts.Font.Size = vg.Points(8)
		c.FillText(ts, vg.Point{X: x + vg.Points(2), Y: c.Min.Y + vg.Points(2+10*float64(m.row%3))}, m.label)
	}
}

// hline is a thin grey horizontal reference line. It has no data range:
// a reference outside the data's range is not drawn.
type hline struct{ y float64 }

func (h hline) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	y := trY(h.y)
	if y < c.Min.Y || y > c.Max.Y {
		return
	}
	c.StrokeLine2(draw.LineStyle{Color: Grey, Width: vg.Points(0.6)}, c.Min.X, y, c.Max.X, y)
}

// setDateAxis makes p's x axis a date axis over the period edges e.
func setDateAxis(p *plot.Plot, e []float64) {
	p.X.Min, p.X.Max = e[0], e[len(e)-1]
	p.X.Tick.Marker = dateTicks{}
	p.X.Tick.Label.Font.Size = vg.Points(9)
}

// dateTicks puts ticks on calendar boundaries (days, months, quarters,
// years or multiples of years), about six to twelve of them, labelled as ISO
// dates at the matching precision.
type dateTicks struct{}

func (dateTicks) Ticks(min, max float64) []plot.Tick {
	t0, t1 := time.Unix(int64(min), 0).UTC(), time.Unix(int64(max), 0).UTC()
	days := t1.Sub(t0).Hours() / 24
	type step struct {
		months, days int
		format       string
	}
	steps := []step{
		{0, 1, "2006-01-02"}, {0, 7, "2006-01-02"}, {0, 14, "2006-01-02"},
		{1, 0, "2006-01"}, {2, 0, "2006-01"}, {3, 0, "2006-01"}, {6, 0, "2006-01"},
		{12, 0, "2006"}, {24, 0, "2006"}, {60, 0, "2006"}, {120, 0, "2006"}, {240, 0, "2006"},
	}
	st := steps[len(steps)-1]
	for _, s := range steps {
		width := float64(s.days) + 30.44*float64(s.months)
		if days/width <= 12 {
			st = s
			break
		}
	}
	var start time.Time
	switch {
	case st.months == 0:
		start = time.Date(t0.Year(), t0.Month(), t0.Day(), 0, 0, 0, 0, time.UTC)
	case st.months < 12:
		m := (int(t0.Month())-1)/st.months*st.months + 1
		start = time.Date(t0.Year(), time.Month(m), 1, 0, 0, 0, 0, time.UTC)
	default:
		years := st.months / 12
		start = time.Date(t0.Year()/years*years, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	var out []plot.Tick
	for t := start; !t.After(t1); t = t.AddDate(0, st.months, st.days) {
		if t.Before(t0) {
			continue
		}
		out = append(out, plot.Tick{Value: float64(t.Unix()), Label: t.Format(st.format)})
	}
	return out
}
