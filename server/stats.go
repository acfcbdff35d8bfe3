package server

import (
	"net/http"

	"entente/store"
)

// statsJSON is the shape of GET /api/stats, the same as `entente stats
// --format json` prints.
type statsJSON struct {
	Files     int           `json:"files"`
	CubeCells int64         `json:"cube_cells"`
	Datasets  []datasetJSON `json:"datasets"`
	TopDyads  []dyadJSON    `json:"top_dyads"`
}

type datasetJSON struct {
	Dataset  string `json:"dataset"`
	Events   int64  `json:"events"`
	Mentions int64  `json:"mentions"`
	First    string `json:"first,omitempty"`
	Last     string `json:"last,omitempty"`
}

type dyadJSON struct {
	A      string `json:"a"`
	B      string `json:"b"`
	Events int64  `json:"events"`
}

// handleStats serves GET /api/stats: what the store holds. The dashboard
// polls it to notice new data after an ingest.
func (s *Server) handleStats(w http.ResponseWriter, r *http.Request, st store.Reader) {
	if err := newParams(r.URL.Query()).check(); err != nil {
		s.fail(w, r, err)
		return
	}
	ss, err := st.Stats(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := statsJSON{Files: ss.Files, CubeCells: ss.CubeCells, Datasets: []datasetJSON{}, TopDyads: []dyadJSON{}}
	for _, d := range ss.Datasets {
		j := datasetJSON{Dataset: string(d.Dataset), Events: d.Events, Mentions: d.Mentions}
		if !d.First.IsZero() {
			j.First, j.Last = d.First.Format("2006-01-02"), d.Last.Format("2006-01-02")
		}
		out.Datasets = append(out.Datasets, j)
	}
	for _, d := range ss.TopDyads {
		out.TopDyads = append(out.TopDyads, dyadJSON{A: d.Source, B: d.Target, Events: d.Events})
	}
	s.writeJSON(w, r, out)
}
