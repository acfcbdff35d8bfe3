package relations

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"text/tabwriter"
)

// SeriesColumns are the CSV columns of a dyad series, in order. Later tools
// depend on these names and this order; WithIndex appends IndexColumns.
var SeriesColumns = []string{"period", "source", "target", "events", "q1", "q2", "q3", "q4",
	"goldstein_sum", "goldstein_mean", "coop_share", "tone_mean", "mentions"}

// IndexColumns are appended to SeriesColumns by --index.
var IndexColumns = []string{"index", "index_lo", "index_hi"}

// num formats a float for CSV and JSON: at most 6 decimals, no trailing
// zeros, no "-0".
func num(x float64) string {
	r := math.Round(x*1e6) / 1e6
	if r == 0 {
		r = 0
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// records lists the rows of s in output order: by period, then line (so a
// directed series alternates A→B and B→A), each as the values of
// SeriesColumns (and IndexColumns when withIndex).
func (s Series) records(withIndex bool, f func(float64) string) [][]string {
	var out [][]string
	if len(s.Lines) == 0 {
		return nil
	}
	for i := range s.Lines[0].Rows {
		for _, l := range s.Lines {
			r := l.Rows[i]
			rec := []string{r.Label, l.Source, l.Target, f(r.Events), f(r.Quad[0]), f(r.Quad[1]), f(r.Quad[2]), f(r.Quad[3]),
				f(r.Goldstein), f(r.GoldsteinMean), f(r.CoopShare), f(r.ToneMean), strconv.FormatInt(r.Mentions, 10)}
			if withIndex {
				rec = append(rec, f(r.Index), f(r.IndexLo), f(r.IndexHi))
			}
			out = append(out, rec)
		}
	}
	return out
}

func (s Series) header(withIndex bool) []string {
	h := append([]string(nil), SeriesColumns...)
	if withIndex {
		h = append(h, IndexColumns...)
	}
	return h
}

// WriteCSV writes s as CSV with SeriesColumns (plus IndexColumns).
func (s Series) WriteCSV(w io.Writer, withIndex bool) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(s.header(withIndex)); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	if err := cw.WriteAll(s.records(withIndex, num)); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// WriteTable writes s as an aligned text table for people, with two
// decimals.
func (s Series) WriteTable(w io.Writer, withIndex bool) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	write := func(rec []string) {
		for _, v := range rec {
			fmt.Fprint(tw, v, "\t")
		}
		fmt.Fprintln(tw)
	}
	write(s.header(withIndex))
	for _, rec := range s.records(withIndex, num2) {
		write(rec)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	return nil
}

// seriesJSON is the JSON form of a series: the query, per-line summary and
// the rows keyed by the CSV column names.
type seriesJSON struct {
	A      string           `json:"a"`
	B      string           `json:"b"`
	By     string           `json:"by"`
	Weight string           `json:"weight"`
	Dedupe string           `json:"dedupe"`
	IndexK float64          `json:"index_k"`
	IndexZ float64          `json:"index_z"`
	Lines  []lineJSON       `json:"lines"`
	Rows   []map[string]any `json:"rows"`
}

type lineJSON struct {
	Source string  `json:"source"`
	Target string  `json:"target"`
	Mean   float64 `json:"mean"`
	SD     float64 `json:"sd"`
}

// WriteJSON writes s as one JSON object: the query, each line's long-run
// mean and SD, and the rows keyed by the CSV column names (index columns
// included only when withIndex).
func (s Series) WriteJSON(w io.Writer, withIndex bool) error {
	out := seriesJSON{A: s.A.Code, B: s.B.Code, By: string(s.By), Weight: string(s.Weight), Dedupe: string(s.Dedupe),
		IndexK: s.Index.K, IndexZ: s.Index.Z, Rows: []map[string]any{}}
	for _, l := range s.Lines {
		out.Lines = append(out.Lines, lineJSON{l.Source, l.Target, round6(l.Mean), round6(l.SD)})
	}
	h := s.header(withIndex)
	for _, rec := range s.records(withIndex, num) {
		row := make(map[string]any, len(h))
		for i, k := range h {
			if i < 3 {
				row[k] = rec[i]
			} else {
				row[k] = json.Number(rec[i])
			}
		}
		out.Rows = append(out.Rows, row)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// num2 formats a float for tables: at most 2 decimals, so counts print as
// integers.
func num2(x float64) string {
	r := math.Round(x*100) / 100
	if r == 0 {
		r = 0
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}
