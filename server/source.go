package server

import (
	"context"
	"errors"

	"entente/store"
)

// ErrBusy is returned (wrapped) by a Source whose store is locked by a
// writer, e.g. an ingest in another process. Handlers answer 503 with a
// Retry-After header, and the dashboard retries.
var ErrBusy = errors.New("the store is being written by another process (an ingest?)")

// Source gives handlers a store for the duration of one request.
//
// Acquire returns a reader that stays valid until release is called; release
// must be called exactly once. Implementations must be safe for concurrent
// use. An error wrapping ErrBusy means "try again shortly".
type Source interface {
	Acquire(ctx context.Context) (r store.Reader, release func(), err error)
}

// Static returns a Source that always hands out r, which the caller keeps
// open for the server's lifetime (an in-memory store, a test fixture).
func Static(r store.Reader) Source { return staticSource{r} }

type staticSource struct{ r store.Reader }

func (s staticSource) Acquire(context.Context) (store.Reader, func(), error) {
	return s.r, func() {}, nil
}
