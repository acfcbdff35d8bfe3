package bn

import (
	"errors"
	"fmt"
)

// Sentinel kinds of validation failure. A *ValidationError matches its kind
// with errors.Is, so callers can branch on the kind and still print the
// detailed message.
var (
	ErrCycle             = errors.New("cycle")
	ErrRowSum            = errors.New("CPT row does not sum to 1")
	ErrTableSize         = errors.New("wrong CPT size")
	ErrUnknownParent     = errors.New("unknown parent")
	ErrDuplicateState    = errors.New("duplicate state name")
	ErrDuplicateVariable = errors.New("duplicate variable name")
	ErrDuplicateParent   = errors.New("duplicate parent")
	ErrNoStates          = errors.New("variable without states")
	ErrBadProbability    = errors.New("probability outside [0, 1] or not a number")
	ErrPrevious          = errors.New("bad previous-slice node")
	ErrGoodState         = errors.New("unknown or repeated good state")
)

// ValidationError reports one defect of a network, naming the node it was
// found at. Msg is a complete description for people (it names the row's
// parent configuration by state names, the expected and actual sizes, or
// the cycle); Kind is one of the Err* sentinels above.
type ValidationError struct {
	Node string
	Kind error
	Msg  string
}

// Error returns "node X: msg".
func (e *ValidationError) Error() string {
	return fmt.Sprintf("node %q: %s", e.Node, e.Msg)
}

// Unwrap returns the kind, so errors.Is(err, bn.ErrCycle) works.
func (e *ValidationError) Unwrap() error { return e.Kind }
