package cmdutil

import (
	"errors"
	"fmt"
)

// Exit codes, as DESIGN.md fixes them.
const (
	ExitOK       = 0 // the job ran and found nothing wrong
	ExitProblem  = 1 // the job found a problem (a check below --min-level, a drift, an invalid file)
	ExitBadInput = 2 // bad usage or bad input: flags, files, templates, rubrics, answers
)

// ErrProblem reports that the job found a problem and already said so on its
// outputs: cli.Main exits 1 and prints nothing more.
var ErrProblem = errors.New("the job found a problem")

// ErrCancelled reports that the user cancelled an interactive step.
var ErrCancelled = errors.New("cancelled")

// hinted adds a remedy to an error; see [WithHint].
type hinted struct {
	err  error
	hint string
}

func (h *hinted) Error() string { return h.err.Error() }
func (h *hinted) Unwrap() error { return h.err }
func (h *hinted) Hint() string  { return h.hint }

// WithHint attaches a remedy that cli.Main prints under the error.
// Error types that always carry a remedy implement Hint() string instead.
func WithHint(err error, hint string) error {
	if err == nil {
		return nil
	}
	return &hinted{err: err, hint: hint}
}

// exitError fixes the exit code of the error it wraps.
type exitError struct {
	err  error
	code int
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }
func (e *exitError) ExitCode() int { return e.code }

// BadInput marks err as the user's input being wrong (exit 2). Error types
// that are always bad input implement ExitCode() int returning [ExitBadInput].
func BadInput(err error) error {
	if err == nil {
		return nil
	}
	return &exitError{err: err, code: ExitBadInput}
}

// BadInputf is fmt.Errorf marked with [BadInput].
func BadInputf(format string, args ...any) error {
	return BadInput(fmt.Errorf(format, args...))
}

// Problem marks err as the job having found a problem (exit 1).
func Problem(err error) error {
	if err == nil {
		return nil
	}
	return &exitError{err: err, code: ExitProblem}
}

// ExitCode picks the process exit code for err: 0 for nil, the code of the
// first error in the chain that has an ExitCode() int method, else 1.
func ExitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	if errors.Is(err, ErrProblem) {
		return ExitProblem
	}
	var c interface{ ExitCode() int }
	if errors.As(err, &c) {
		return c.ExitCode()
	}
	return ExitProblem
}

// Hint returns the remedy carried anywhere in err's chain, or "".
func Hint(err error) string {
	var h interface{ Hint() string }
	if errors.As(err, &h) {
		return h.Hint()
	}
	return ""
}
