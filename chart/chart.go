package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// TimeChart describes a figure over dated periods: a main panel of lines,
// bands and marks, and optionally a lower panel of stacked bars or a strip
// of categories, sharing the date axis.
type TimeChart struct {
	Title    string
	Subtitle string      // shown under the title (e.g. the data set and weighting)
	X        []time.Time // period starts, increasing
	// End is the end of the last period (the start of the one after); zero
	// repeats the last gap.
	End time.Time

	YLabel string
	Lines  []Line
	Bands  []Band
	Marks  []Mark
	// HLines are horizontal reference lines (e.g. 0 and a neutral band).
	HLines []float64
	// YRange, when it has two values, fixes the main panel's y range (e.g.
	// 0 and 1 for probabilities) instead of fitting it to the data; the
	// legend's headroom is added above it.
	YRange []float64

	// Lower panel: at most one of Stack and Strip.
	Stack *Stack
	Strip *Strip
}

// Line is one series of the main panel, drawn at period starts. NaN values
// break the line.
type Line struct {
	Name   string
	Y      []float64
	Color  color.RGBA // zero means the next palette colour
	Dashed bool
}

// Band is a shaded range of the main panel (a confidence band).
type Band struct {
	Name   string
	Lo, Hi []float64
	Color  color.RGBA
}

// Mark is a dated vertical line across the main panel (a changepoint).
type Mark struct {
	At    time.Time
	Label string
}

// Stack is a stacked bar chart of layers per period (e.g. events per quad
// class).
type Stack struct {
	YLabel string
	Layers []Layer
}

// Layer is one layer of a Stack.
type Layer struct {
	Name  string
	Y     []float64
	Color color.RGBA
}

// Strip colours each period by a category (e.g. a triangle configuration).
type Strip struct {
	YLabel string
	Values []string              // one per period
	Order  []string              // legend order of the categories
	Colors map[string]color.RGBA // colour per category
}

// Size of rendered figures.
const (
	Width  = 25 * vg.Centimeter
	Height = 15 * vg.Centimeter
	dpi    = 110
)

// validate checks the chart's shape: every series has one value per period.
func (c TimeChart) validate() error {
	n := len(c.X)
	if n == 0 {
		return errors.New("chart: no periods to draw")
	}
	for i := 1; i < n; i++ {
		if !c.X[i].After(c.X[i-1]) {
			return fmt.Errorf("chart: periods not increasing at %d", i)
		}
	}
	for _, l := range c.Lines {
		if len(l.Y) != n {
			return fmt.Errorf("chart: line %q has %d values for %d periods", l.Name, len(l.Y), n)
		}
	}
	for _, b := range c.Bands {
		if len(b.Lo) != n || len(b.Hi) != n {
			return fmt.Errorf("chart: band %q has %d/%d values for %d periods", b.Name, len(b.Lo), len(b.Hi), n)
		}
	}
	if c.Stack != nil && c.Strip != nil {
		return errors.New("chart: a chart has a stack or a strip, not both")
	}
	if c.Stack != nil {
		for _, l := range c.Stack.Layers {
			if len(l.Y) != n {
				return fmt.Errorf("chart: layer %q has %d values for %d periods", l.Name, len(l.Y), n)
			}
		}
	}
	if c.Strip != nil && len(c.Strip.Values) != n {
		return fmt.Errorf("chart: strip has %d values for %d periods", len(c.Strip.Values), n)
	}
	return nil
}

// Names lists the title and series names, as recorded in PNG metadata.
func (c TimeChart) Names() []string {
	var out []string
	for _, l := range c.Lines {
		out = append(out, l.Name)
	}
	for _, b := range c.Bands {
		out = append(out, b.Name)
	}
	if c.Stack != nil {
		for _, l := range c.Stack.Layers {
			out = append(out, l.Name)
		}
	}
	if c.Strip != nil {
		out = append(out, c.Strip.Order...)
	}
	return out
}

// Format is an output format.
type Format string

// Output formats.
const (
	PNG Format = "png"
	SVG Format = "svg"
)

// FormatOf returns the format a file name asks for by its extension
// (.png, .svg; any case).
func FormatOf(path string) (Format, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png":
		return PNG, nil
	case ".svg":
		return SVG, nil
	}
	return "", fmt.Errorf("chart: cannot tell the format of %q: use a .png or .svg file name", path)
}

// Save renders c to path in the format its extension names. The file is
// written under a temporary name and renamed into place, so a failed render
// never leaves half a file.
func (c TimeChart) Save(path string) (err error) {
	f, err := FormatOf(path)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := c.Write(&buf, f); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("chart: write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return errors.Join(fmt.Errorf("chart: write %s: %w", path, err), os.Remove(tmp))
	}
	return nil
}

// Write renders c to w as PNG or SVG.
func (c TimeChart) Write(w io.Writer, f Format) error {
	if err := c.validate(); err != nil {
		return err
	}
	plots, err := c.plots()
	if err != nil {
		return err
	}
	var canvas vg.CanvasWriterTo
	switch f {
	case PNG:
		canvas = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(Width, Height), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))}
	case SVG:
		canvas = vgsvg.New(Width, Height)
	default:
		return fmt.Errorf("chart: unknown format %q", f)
	}
	dc := draw.New(canvas)
	rows := make([][]*plot.Plot, len(plots))
	for i, p := range plots {
		rows[i] = []*plot.Plot{p}
	}
	tiles := draw.Tiles{Rows: len(plots), Cols: 1, PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2,
		PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2, PadY: vg.Millimeter * 3}
	if len(plots) == 2 {
		// The lower panel is a third of the height: align by hand, since
		// draw.Tiles divides evenly.
		top, bottom := splitCanvas(dc, 0.64)
		top, bottom = padded(top, tiles), padded(bottom, tiles)
		// Line up the data areas, whose left edges depend on each panel's
		// y-axis labels, as plot.Align does for equal tiles.
		lt, lb := plots[0].DataCanvas(top).Min.X, plots[1].DataCanvas(bottom).Min.X
		if lt > lb {
			bottom.Min.X += lt - lb
		} else {
			top.Min.X += lb - lt
		}
		plots[0].Draw(top)
		plots[1].Draw(bottom)
	} else {
		plots[0].Draw(padded(dc, tiles))
	}
	var buf bytes.Buffer
	if _, err := canvas.WriteTo(&buf); err != nil {
		return fmt.Errorf("chart: render %s: %w", f, err)
	}
	out := buf.Bytes()
	if f == PNG {
		if out, err = addPNGText(out, map[string]string{"Title": c.Title, "Description": "series: " + strings.Join(c.Names(), "; ")}); err != nil {
			return err
		}
	}
	if _, err := w.Write(out); err != nil {
		return fmt.Errorf("chart: write %s: %w", f, err)
	}
	return nil
}

// splitCanvas cuts a canvas into a top part holding share of the height and
// the bottom rest.
func splitCanvas(c draw.Canvas, share float64) (top, bottom draw.Canvas) {
	h := c.Max.Y - c.Min.Y
	cut := c.Max.Y - vg.Length(share)*h
	top, bottom = c, c
	top.Min.Y = cut
	bottom.Max.Y = cut
	return top, bottom
}

func padded(c draw.Canvas, t draw.Tiles) draw.Canvas {
	c.Min.X += t.PadLeft
	c.Max.X -= t.PadRight
	c.Min.Y += t.PadBottom
	c.Max.Y -= t.PadTop
	return c
}

// xs converts period starts to plot coordinates (Unix seconds).
func xs(ts []time.Time) []float64 {
	out := make([]float64, len(ts))
	for i, t := range ts {
		out[i] = float64(t.Unix())
	}
	return out
}

// edges returns the n+1 period boundaries.
func (c TimeChart) edges() []float64 {
	x := xs(c.X)
	end := c.End
	if end.IsZero() {
		if len(c.X) > 1 {
			end = c.X[len(c.X)-1].Add(c.X[len(c.X)-1].Sub(c.X[len(c.X)-2]))
		} else {
			end = c.X[0].AddDate(0, 0, 1)
		}
	}
	return append(x, float64(end.Unix()))
}

// plots builds the panels. Lines sit at the middle of their period so that
// they line up with the bars and strips below.
func (c TimeChart) plots() ([]*plot.Plot, error) {
	e := c.edges()
	mid := make([]float64, len(c.X))
	for i := range mid {
		mid[i] = (e[i] + e[i+1]) / 2
	}
	main := plot.New()
	main.Title.Text = c.Title
	if c.Subtitle != "" {
		main.Title.Text += "\n" + c.Subtitle
	}
	main.Title.TextStyle.Font.Size = vg.Points(13)
	main.Y.Label.Text = c.YLabel
	main.Legend.Top = true
	main.Legend.Left = true
	setDateAxis(main, e)
	next := 0
	pick := func(col color.RGBA) color.RGBA {
		if col != (color.RGBA{}) {
			return col
		}
		col = OkabeIto[next%len(OkabeIto)]
		next++
		return col
	}
	for _, b := range c.Bands {
		col := pick(b.Color)
		poly, err := bandPolygon(mid, b)
		if err != nil {
			return nil, err
		}
		if poly == nil {
			continue
		}
		poly.Color = withAlpha(col, 0x50)
		poly.LineStyle.Width = 0
		main.Add(poly)
		main.Legend.Add(b.Name, poly)
	}
	for _, h := range c.HLines {
		main.Add(hline{y: h})
	}
	for _, l := range c.Lines {
		col := pick(l.Color)
		for _, seg := range segments(mid, l.Y) {
			ln, err := plotter.NewLine(seg)
			if err != nil {
				return nil, fmt.Errorf("chart: line %q: %w", l.Name, err)
			}
			ln.Color = col
			ln.Width = vg.Points(1.8)
			if l.Dashed {
				ln.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
			}
			main.Add(ln)
		}
		thumb, _ := plotter.NewLine(plotter.XYs{{X: mid[0], Y: 0}})
		thumb.Color, thumb.Width = col, vg.Points(1.8)
		if l.Dashed {
			thumb.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		}
		main.Legend.Add(l.Name, thumb)
	}
	for i, m := range c.Marks {
		main.Add(vmark{x: float64(m.At.Unix()), label: m.Label, row: i})
	}
	if len(c.Marks) > 0 {
		thumb, _ := plotter.NewLine(plotter.XYs{{X: mid[0], Y: 0}})
		thumb.Color, thumb.Width, thumb.Dashes = ReddishPurple, vg.Points(1.2), []vg.Length{vg.Points(2), vg.Points(2)}
		main.Legend.Add("changepoint", thumb)
	}
	if len(c.YRange) == 2 {
		main.Y.Min, main.Y.Max = c.YRange[0], c.YRange[1]
		// No ticks in the legend's headroom: a probability axis must not
		// read 1.2.
		main.Y.Tick.Marker = clippedTicks{max: c.YRange[1]}
	}
	// Headroom above the data for the legend, which sits top left.
	main.Y.Max += 0.3 * (main.Y.Max - main.Y.Min)
	plots := []*plot.Plot{main}
	if c.Stack == nil && c.Strip == nil {
		main.X.Label.Text = "period start"
		return plots, nil
	}
	low := plot.New()
	low.X.Label.Text = "period start"
	setDateAxis(low, e)
	low.Legend.Top = true
	low.Legend.Left = true
	if c.Stack != nil {
		low.Y.Label.Text = c.Stack.YLabel
		base := make([]float64, len(c.X))
		var rs rects
		for k, l := range c.Stack.Layers {
			col := l.Color
			if col == (color.RGBA{}) {
				col = OkabeIto[k%len(OkabeIto)]
			}
			for i, v := range l.Y {
				if v > 0 && !math.IsNaN(v) {
					rs = append(rs, rect{e[i], e[i+1], base[i], base[i] + v, col})
					base[i] += v
				}
			}
			low.Legend.Add(l.Name, swatch(col))
		}
		low.Add(rs)
		low.Y.Max *= 1.45 // headroom for the legend
		low.Legend.Top, low.Legend.Left = true, true
	} else {
		low.Y.Label.Text = c.Strip.YLabel
		low.HideY()
		var rs rects
		for i, v := range c.Strip.Values {
			col, ok := c.Strip.Colors[v]
			if !ok {
				col = Grey
			}
			rs = append(rs, rect{e[i], e[i+1], 0, 1, col})
		}
		low.Add(rs)
		// Room above the strip for the legend, one row per category.
		low.Y.Min, low.Y.Max = 0, 1.3+0.32*float64(len(c.Strip.Order))
		low.Legend.Top, low.Legend.Left = true, true
		for _, k := range c.Strip.Order {
			col, ok := c.Strip.Colors[k]
			if !ok {
				col = Grey
			}
			low.Legend.Add(k, swatch(col))
		}
	}
	plots = append(plots, low)
	// Share the x range so the panels line up.
	low.X.Min, low.X.Max = main.X.Min, main.X.Max
	return plots, nil
}

// segments splits a line at NaN values.
func segments(x, y []float64) []plotter.XYs {
	var out []plotter.XYs
	var cur plotter.XYs
	for i := range x {
		if math.IsNaN(y[i]) || math.IsInf(y[i], 0) {
			if len(cur) > 0 {
				out = append(out, cur)
			}
			cur = nil
			continue
		}
		cur = append(cur, plotter.XY{X: x[i], Y: y[i]})
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// bandPolygon outlines a band: Lo forwards, Hi backwards. Periods with a
// NaN bound are skipped.
func bandPolygon(x []float64, b Band) (*plotter.Polygon, error) {
	var lo, hi plotter.XYs
	for i := range x {
		if math.IsNaN(b.Lo[i]) || math.IsNaN(b.Hi[i]) {
			continue
		}
		lo = append(lo, plotter.XY{X: x[i], Y: b.Lo[i]})
		hi = append(hi, plotter.XY{X: x[i], Y: b.Hi[i]})
	}
	if len(lo) == 0 {
		return nil, nil
	}
	for i := len(hi) - 1; i >= 0; i-- {
		lo = append(lo, hi[i])
	}
	p, err := plotter.NewPolygon(lo)
	if err != nil {
		return nil, fmt.Errorf("chart: band %q: %w", b.Name, err)
	}
	return p, nil
}

// clippedTicks are gonum's default ticks without those above max.
type clippedTicks struct{ max float64 }

func (t clippedTicks) Ticks(min, max float64) []plot.Tick {
	var out []plot.Tick
	for _, tk := range (plot.DefaultTicks{}).Ticks(min, max) {
		if tk.Value <= t.max+1e-12 {
			out = append(out, tk)
		}
	}
	return out
}
