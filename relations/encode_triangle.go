package relations

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
)

// dyadNames names the three dyads of a triangle "A-B", "A-C", "B-C".
func (ts TriangleSeries) dyadNames() [3]string {
	p := ts.Players
	return [3]string{p[0] + "-" + p[1], p[0] + "-" + p[2], p[1] + "-" + p[2]}
}

// TriangleColumns returns the CSV columns of a triangle series:
// period, the three dyads' index and events, the signs (e.g. "+-+" in dyad
// order), the configuration, pivot, outcast and confidence.
func (ts TriangleSeries) TriangleColumns() []string {
	n := ts.dyadNames()
	return []string{"period", n[0] + "_index", n[1] + "_index", n[2] + "_index",
		n[0] + "_events", n[1] + "_events", n[2] + "_events",
		"signs", "config", "pivot", "outcast", "confidence"}
}

func (ts TriangleSeries) records(f func(float64) string) [][]string {
	var out [][]string
	for _, r := range ts.Rows {
		signs := r.Signs[0].String() + r.Signs[1].String() + r.Signs[2].String()
		out = append(out, []string{r.Label, f(r.Index[0]), f(r.Index[1]), f(r.Index[2]),
			strconv.FormatInt(r.Events[0], 10), strconv.FormatInt(r.Events[1], 10), strconv.FormatInt(r.Events[2], 10),
			signs, string(r.Config.Kind), r.Config.Pivot, r.Config.Outcast, f(r.Confidence)})
	}
	return out
}

// WriteCSV writes the triangle series as CSV (TriangleColumns).
func (ts TriangleSeries) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(ts.TriangleColumns()); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	if err := cw.WriteAll(ts.records(num)); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// WriteTable writes the triangle series as an aligned table for people.
func (ts TriangleSeries) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, rec := range append([][]string{ts.TriangleColumns()}, ts.records(num2)...) {
		for _, v := range rec {
			fmt.Fprint(tw, v, "\t")
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	return nil
}

// WriteJSON writes the triangle series as one JSON object.
func (ts TriangleSeries) WriteJSON(w io.Writer) error {
	type rowJSON struct {
		Period     string     `json:"period"`
		Index      [3]float64 `json:"index"`
		Events     [3]int64   `json:"events"`
		Signs      string     `json:"signs"`
		Config     string     `json:"config"`
		Pivot      string     `json:"pivot,omitempty"`
		Wings      []string   `json:"wings,omitempty"`
		Couple     []string   `json:"couple,omitempty"`
		Outcast    string     `json:"outcast,omitempty"`
		Confidence float64    `json:"confidence"`
	}
	out := struct {
		Players [3]string `json:"players"`
		Dyads   [3]string `json:"dyads"`
		By      string    `json:"by"`
		Band    float64   `json:"band"`
		Rows    []rowJSON `json:"rows"`
	}{Players: ts.Players, Dyads: ts.dyadNames(), By: string(ts.By), Band: ts.Band, Rows: []rowJSON{}}
	for _, r := range ts.Rows {
		j := rowJSON{Period: r.Label, Events: r.Events, Config: string(r.Config.Kind), Pivot: r.Config.Pivot,
			Outcast: r.Config.Outcast, Confidence: round6(r.Confidence),
			Signs: r.Signs[0].String() + r.Signs[1].String() + r.Signs[2].String()}
		for i := range j.Index {
			j.Index[i] = round6(r.Index[i])
		}
		if r.Config.Kind == Romantic {
			j.Wings = r.Config.Wings[:]
		}
		if r.Config.Kind == StableMarriage {
			j.Couple = r.Config.Couple[:]
		}
		out.Rows = append(out.Rows, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}

// ChangeColumns are the CSV columns of a changepoint listing.
var ChangeColumns = []string{"source", "target", "period", "before", "after", "shift"}

func (cs ChangeSeries) records(f func(float64) string) [][]string {
	var out [][]string
	for i, br := range cs.Breaks {
		l := cs.Lines[i]
		for _, c := range br {
			out = append(out, []string{l.Source, l.Target, c.Label, f(c.Before), f(c.After), f(c.After - c.Before)})
		}
	}
	return out
}

// WriteCSV writes the changepoints as CSV (ChangeColumns), one row per break.
func (cs ChangeSeries) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(ChangeColumns); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	if err := cw.WriteAll(cs.records(num)); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// WriteTable writes the changepoints as an aligned table for people.
func (cs ChangeSeries) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, rec := range append([][]string{ChangeColumns}, cs.records(num2)...) {
		for _, v := range rec {
			fmt.Fprint(tw, v, "\t")
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	return nil
}

// WriteJSON writes the changepoints as a JSON array of objects keyed by
// ChangeColumns.
func (cs ChangeSeries) WriteJSON(w io.Writer) error {
	out := []map[string]any{}
	for _, rec := range cs.records(num) {
		out = append(out, map[string]any{"source": rec[0], "target": rec[1], "period": rec[2],
			"before": json.Number(rec[3]), "after": json.Number(rec[4]), "shift": json.Number(rec[5])})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}
