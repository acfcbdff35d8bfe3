package main

import (
	"fmt"
	"image/color"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// This file draws the figures of `entente bn sensitivity` and
// `entente bn unroll` with gonum/plot; the format (PNG or SVG) comes from
// the output file's extension.

// checkPlotPath rejects extensions other than .png and .svg before any work
// is done.
func checkPlotPath(path string) error {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png", ".svg":
		return nil
	}
	return usagef("--plot %s: the figure format comes from the extension; use .png or .svg", path)
}

// tornadoBar is one bar of a tornado figure.
type tornadoBar struct {
	Label     string
	Low, High float64
}

// tornadoPlotter draws horizontal bars from Low to High, first bar on top.
type tornadoPlotter struct {
	bars []tornadoBar
	fill color.Color
}

func (t tornadoPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	n := len(t.bars)
	for i, b := range t.bars {
		y := float64(n - 1 - i)
		x0, x1 := trX(b.Low), trX(b.High)
		if x1-x0 < 1 {
			x1 = x0 + 1 // keep zero-range bars visible
		}
		y0, y1 := trY(y-0.35), trY(y+0.35)
		c.FillPolygon(t.fill, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
	}
}

func (t tornadoPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = 1, 0
	for _, b := range t.bars {
		xmin, xmax = min(xmin, b.Low), max(xmax, b.High)
	}
	return xmin, xmax, -0.5, float64(len(t.bars)) - 0.5
}

// saveTornado writes a tornado figure: one bar per node, the base
// probability as a vertical line.
func saveTornado(path, title, xlabel string, base float64, bars []tornadoBar) error {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xlabel
	p.Y.Label.Text = "node (set to each of its states)"
	p.Add(tornadoPlotter{bars: bars, fill: color.RGBA{R: 0, G: 114, B: 178, A: 255}})
	line, err := plotter.NewLine(plotter.XYs{{X: base, Y: -0.5}, {X: base, Y: float64(len(bars)) - 0.5}})
	if err != nil {
		return fmt.Errorf("tornado plot: %w", err)
	}
	line.Color = color.RGBA{R: 213, G: 94, B: 0, A: 255}
	line.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(line)
	p.Legend.Add(fmt.Sprintf("base %.3f", base), line)
	p.Legend.Top = true
	ticks := make([]plot.Tick, len(bars))
	for i, b := range bars {
		ticks[i] = plot.Tick{Value: float64(len(bars) - 1 - i), Label: b.Label}
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	h := vg.Length(max(3, 0.35*float64(len(bars))+1.5)) * vg.Inch
	if err := p.Save(7*vg.Inch, h, path); err != nil {
		return fmt.Errorf("tornado plot %s: %w", path, err)
	}
	return nil
}

// curve is one line of a survival figure.
type curve struct {
	Label string
	X, Y  []float64
}

// saveCurves writes probability-by-year lines on a 0–1 axis.
func saveCurves(path, title, ylabel string, curves []curve) error {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "year"
	p.Y.Label.Text = ylabel
	p.Y.Min, p.Y.Max = 0, 1
	palette := []color.Color{
		color.RGBA{R: 0, G: 114, B: 178, A: 255},
		color.RGBA{R: 213, G: 94, B: 0, A: 255},
		color.RGBA{R: 0, G: 158, B: 115, A: 255},
	}
	for i, cv := range curves {
		xy := make(plotter.XYs, len(cv.X))
		for j := range cv.X {
			xy[j] = plotter.XY{X: cv.X[j], Y: cv.Y[j]}
		}
		l, pts, err := plotter.NewLinePoints(xy)
		if err != nil {
			return fmt.Errorf("curve plot: %w", err)
		}
		l.Color, pts.Color = palette[i%len(palette)], palette[i%len(palette)]
		p.Add(l, pts)
		p.Legend.Add(cv.Label, l, pts)
	}
	p.Legend.Top = false
	p.Legend.Left = true
	p.X.Tick.Marker = integerTicks{}
	if err := p.Save(7*vg.Inch, 4*vg.Inch, path); err != nil {
		return fmt.Errorf("curve plot %s: %w", path, err)
	}
	return nil
}

// integerTicks labels whole years only.
type integerTicks struct{}

func (integerTicks) Ticks(min, max float64) []plot.Tick {
	var out []plot.Tick
	step := 1
	if max-min > 12 {
		step = int((max-min)/10) + 1
	}
	for y := int(min); float64(y) <= max; y += step {
		if float64(y) >= min {
			out = append(out, plot.Tick{Value: float64(y), Label: fmt.Sprint(y)})
		}
	}
	return out
}
