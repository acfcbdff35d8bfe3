package chart

import (
	"bytes"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func months(n int) []time.Time {
	out := make([]time.Time, n)
	for i := range out {
		out[i] = time.Date(2011, time.Month(6+i), 1, 0, 0, 0, 0, time.UTC)
	}
	return out
}

func sample(n int, f func(i int) float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}

func seriesChart() TimeChart {
	n := 24
	idx := sample(n, func(i int) float64 { return math.Sin(float64(i) / 3) })
	return TimeChart{
		Title: "RUS–CHN relationship index, monthly", Subtitle: "GDELT 1.0",
		X: months(n), YLabel: "Goldstein (shrunken mean)",
		Lines:  []Line{{Name: "index", Y: idx, Color: Blue}},
		Bands:  []Band{{Name: "95% band", Lo: sample(n, func(i int) float64 { return idx[i] - 0.5 }), Hi: sample(n, func(i int) float64 { return idx[i] + 0.5 }), Color: Blue}},
		Marks:  []Mark{{At: months(n)[12], Label: "2012-06"}},
		HLines: []float64{0},
		Stack: &Stack{YLabel: "events", Layers: []Layer{
			{Name: "verbal cooperation", Y: sample(n, func(i int) float64 { return float64(10 + i) }), Color: SkyBlue},
			{Name: "material conflict", Y: sample(n, func(i int) float64 { return float64(i % 5) }), Color: Vermillion},
		}},
	}
}

func TestPNGCarriesTitleAndSeries(t *testing.T) {
	var buf bytes.Buffer
	c := seriesChart()
	if err := c.Write(&buf, PNG); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("not a valid PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 800 || b.Dy() < 500 {
		t.Errorf("PNG is %dx%d, want at least 800x500", b.Dx(), b.Dy())
	}
	txt, err := PNGText(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if txt["Title"] != c.Title {
		t.Errorf("PNG title %q, want %q", txt["Title"], c.Title)
	}
	for _, name := range []string{"index", "95% band", "verbal cooperation", "material conflict"} {
		if !strings.Contains(txt["Description"], name) {
			t.Errorf("PNG description %q lacks series %q", txt["Description"], name)
		}
	}
}

func TestSVGCarriesTitleAndSeries(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "triangle.svg")
	n := 6
	c := TimeChart{
		Title: "USA–RUS–CHN strategic triangle", X: months(n), YLabel: "index",
		Lines: []Line{{Name: "USA-RUS", Y: sample(n, func(i int) float64 { return -1 })}, {Name: "RUS-CHN", Y: sample(n, func(i int) float64 { return 2 })}},
		Strip: &Strip{YLabel: "configuration", Values: []string{"unit-veto", "romantic", "romantic", "indeterminate", "stable-marriage", "stable-marriage"},
			Order:  []string{"stable-marriage", "romantic", "unit-veto", "indeterminate"},
			Colors: map[string]color.RGBA{"stable-marriage": Orange, "romantic": Blue, "unit-veto": Vermillion}},
	}
	if err := c.Save(path); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if !strings.HasPrefix(strings.TrimSpace(s), "<?xml") || !strings.Contains(s, "<svg") || !strings.HasSuffix(strings.TrimSpace(s), "</svg>") {
		t.Fatal("not an SVG document")
	}
	for _, want := range []string{c.Title, "USA-RUS", "RUS-CHN", "stable-marriage", "romantic", "configuration", "2011-"} {
		if !strings.Contains(s, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}

func TestChartBadInput(t *testing.T) {
	var buf bytes.Buffer
	bad := seriesChart()
	bad.Lines[0].Y = bad.Lines[0].Y[:3]
	if err := bad.Write(&buf, PNG); err == nil {
		t.Error("short line accepted")
	}
	if err := (TimeChart{Title: "empty"}).Write(&buf, SVG); err == nil {
		t.Error("empty chart accepted")
	}
	if _, err := FormatOf("x.gif"); err == nil {
		t.Error(".gif accepted")
	}
}

// TestWriteExamples writes the example figures to $CHART_OUT for a person
// to look at; it is skipped otherwise.
func TestWriteExamples(t *testing.T) {
	dir := os.Getenv("CHART_OUT")
	if dir == "" {
		t.Skip("set CHART_OUT to a directory to write example charts")
	}
	if err := seriesChart().Save(filepath.Join(dir, "series.png")); err != nil {
		t.Fatal(err)
	}
}
