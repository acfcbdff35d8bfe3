// Package server is Entente's HTTP API and dashboard: the numbers the CLI
// verbs print (dyad, triangle, changes, events, stats, scenario), as JSON, and
// a browser view of them whose static assets are embedded in the binary.
//
// # Sharing the CLI's code
//
// Every endpoint calls the same functions and encoders as its CLI verb:
// /api/dyad writes relations.Series.WriteJSON, /api/triangle
// relations.TriangleSeries.WriteJSON, /api/changes
// relations.ChangeSeries.WriteJSON, /api/events relations.WriteEventsJSON and
// /api/scenario the JSON form of cases.Result. The bytes are the same as
// `entente dyad --format json` and friends for the same query; the command's
// tests compare them.
//
// # Errors
//
// A request the client must fix gets 400 and a JSON body
//
//	{"error": "by: unknown period \"fortnight\" ...", "param": "by"}
//
// naming the parameter and why it was refused. Unknown parameters are refused
// too, so a typo (?form=2020-01-01) is not silently ignored. A store that
// another process is writing (an ingest holds DuckDB's exclusive lock) gives
// 503 with Retry-After; anything else is 500, and a panic in a handler is
// recovered, logged and answered with 500 (the fuzz test asserts that no
// input reaches either).
//
// # Store access
//
// Handlers never hold a store: they Acquire one from a Source per request and
// release it when done. Static serves a store.Reader that stays open (tests,
// memstore); the entente command supplies a Source that opens the DuckDB file
// read-only and closes it once idle, so that `entente ingest` can take the
// file's write lock while the server runs, and the next request sees the new
// data.
//
// # Access control
//
// With Config.Token set every request must carry it: an "Authorization:
// Bearer T" header, or a ?token=T parameter once, which sets an HttpOnly
// cookie so that the dashboard's own requests carry it. Without a token the
// server is meant for loopback only; the command refuses a non-loopback
// address without one.
package server
