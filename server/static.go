package server

import (
	"embed"
	"io/fs"
	"net/http"
)

// web holds the dashboard: plain HTML, CSS and JavaScript with charts drawn
// as SVG in the browser from the API's JSON. No build step, no third-party
// code, nothing fetched from the network, so the binary's dashboard works
// offline (see README, "Dashboard").
//
//go:embed web
var web embed.FS

// staticHandler serves the embedded dashboard at /.
func staticHandler() http.Handler {
	sub, err := fs.Sub(web, "web")
	if err != nil {
		panic("server: embedded web assets: " + err.Error()) // our own build is broken
	}
	fsrv := http.FileServerFS(sub)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Revalidate every time: assets change with the binary, and the
		// embed FS gives them no modification time to compare.
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'")
		fsrv.ServeHTTP(w, r)
	})
}

// handleAPIDoc serves GET /api: the API's documentation page.
func (s *Server) handleAPIDoc(w http.ResponseWriter, r *http.Request) {
	b, err := web.ReadFile("web/api.html")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self'")
	w.Write(b)
}
