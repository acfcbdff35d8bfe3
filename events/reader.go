package events

// Batch is the unit readers hand downstream: a slice of parsed events and
// mentions plus the rows that failed, all from one contiguous chunk of one
// file. Crossing goroutines in batches, not rows, keeps channel overhead off
// the hot path (Miller's lesson).
type Batch struct {
	Events   []Event
	Mentions []Mention
	Rejects  []RowError
	Bytes    int64 // bytes of input consumed by this batch, for progress
}

// Reader streams one input's records in batches.
//
// Next returns the next batch, or (nil, io.EOF) at the end. A non-nil error
// other than io.EOF is fatal for the file (unreadable, truncated archive);
// bad rows are never fatal, they travel in Batch.Rejects. Batches come in
// file order; within a batch, events and rejects are in line order. The
// returned batch belongs to the caller: readers never reuse it.
//
// A Reader is not safe for concurrent use. Close may be called before the
// end (it stops the reader's goroutines) and more than once.
type Reader interface {
	Next() (*Batch, error)
	// Format names the layout being read (e.g. "gdelt2"), as detected or forced.
	Format() string
	Close() error
}
