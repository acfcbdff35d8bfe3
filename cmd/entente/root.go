package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
)

// Exit statuses, decided here and nowhere else.
const (
	exitOK    = 0
	exitError = 1 // the work failed (I/O, store, data)
	exitUsage = 2 // the user asked for something malformed: bad flag, bad model, bad argument
)

// usageError marks an error as the user's to fix (exit status 2). Its message
// is one sentence saying what is wrong and how to fix it.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usagef builds a usageError.
func usagef(format string, a ...any) error {
	return usageError{fmt.Errorf(format, a...)}
}

// subcommands lists constructors of the top-level verbs. Each cmd_*.go file
// appends its own in an init function, so verbs are added without touching
// this file.
var subcommands []func() *cobra.Command

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "entente",
		Short: "Evidence and probabilities for the question: can a partnership between states last?",
		Long: `Entente ingests CAMEO-coded international event data (GDELT 1.0/2.0, ICEWS,
CSV re-exports) into an embedded store, measures how dyads and triangles of
states move between cooperation and conflict, and runs editable Bayesian
scenario models of a partnership's drivers, weaknesses and shocks.

Exit statuses: 0 success, 1 the work failed, 2 bad usage or bad input file.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	for _, mk := range subcommands {
		root.AddCommand(mk())
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{fmt.Errorf("%v (see '%s --help')", err, c.CommandPath())}
	})
	return root
}

// run is the testable entry point: it executes one command line and returns
// the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "entente: %v\n", err)
	var ue usageError
	if errors.As(err, &ue) || isCobraUsage(err) {
		return exitUsage
	}
	return exitError
}

// isCobraUsage recognises cobra's own argument errors (unknown command,
// wrong number of arguments), which it does not type.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "accepts ", "requires at least", "requires at most", "unknown flag", "unknown shorthand"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}
