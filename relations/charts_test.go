package relations

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"entente/chart"
	"entente/store"
)

func TestSeriesChart(t *testing.T) {
	s, err := Dyad(context.Background(), dyadFixture(), DyadQuery{A: "RUS", B: "CHN", By: store.Month, Directed: true})
	if err != nil {
		t.Fatal(err)
	}
	br := [][]Change{{{At: 1, Period: s.Lines[0].Rows[1].Period, Label: "2012-02", Before: 1, After: 0}}, nil}
	c, err := SeriesChart(s, br)
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != "RUS–CHN relations, monthly" || len(c.Lines) != 2 || len(c.Marks) != 1 || c.Stack == nil {
		t.Fatalf("chart %q: %d lines, %d marks", c.Title, len(c.Lines), len(c.Marks))
	}
	// The stack sums both directions: January has 2 verbal-cooperation
	// events RUS→CHN and 1 material conflict CHN→RUS; March 1 verbal
	// cooperation CHN→RUS.
	if c.Stack.Layers[0].Y[0] != 2 || c.Stack.Layers[3].Y[0] != 1 || c.Stack.Layers[0].Y[2] != 1 {
		t.Errorf("stack layers %v / %v", c.Stack.Layers[0].Y, c.Stack.Layers[3].Y)
	}
	var buf bytes.Buffer
	if err := c.Write(&buf, chart.SVG); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"index RUS→CHN", "index CHN→RUS", "material conflict", "2012-02 -1.00"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}

func TestTriangleChart(t *testing.T) {
	ts, err := Triangle(context.Background(), triangleFixture(), TriangleQuery{A: "USA", B: "RUS", C: "CHN", Bootstrap: 10})
	if err != nil {
		t.Fatal(err)
	}
	c, err := TriangleChart(ts)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"ménage à trois", "romantic, pivot CHN", "stable marriage, outcast USA", "unit veto", "indeterminate"}
	if strings.Join(c.Strip.Order, "|") != strings.Join(want, "|") {
		t.Errorf("legend %v, want %v", c.Strip.Order, want)
	}
	var buf bytes.Buffer
	if err := c.Write(&buf, chart.PNG); err != nil {
		t.Fatal(err)
	}
	txt, err := chart.PNGText(buf.Bytes())
	if err != nil || txt["Title"] != "USA–RUS–CHN strategic triangle, monthly" || !strings.Contains(txt["Description"], "romantic, pivot CHN") {
		t.Errorf("PNG text %v, %v", txt, err)
	}
}

// TestWriteExampleCharts writes the fixture triangle's chart to $CHART_OUT
// for a person to look at; it is skipped otherwise.
func TestWriteExampleCharts(t *testing.T) {
	dir := os.Getenv("CHART_OUT")
	if dir == "" {
		t.Skip("set CHART_OUT to a directory to write example charts")
	}
	ts, err := Triangle(context.Background(), triangleFixture(), TriangleQuery{A: "USA", B: "RUS", C: "CHN", Bootstrap: 10})
	if err != nil {
		t.Fatal(err)
	}
	c, err := TriangleChart(ts)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Save(filepath.Join(dir, "triangle-fixture.png")); err != nil {
		t.Fatal(err)
	}
}
