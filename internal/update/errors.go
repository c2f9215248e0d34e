package update

// Error is a failure the user can act on: it says what to do next and
// carries its exit code (1: the project needs attention, 2: bad input).
type Error struct {
	Msg  string
	Fix  string
	Code int
	Err  error
}

func (e *Error) Error() string { return e.Msg }

// Hint is the remedy cli.Main prints.
func (e *Error) Hint() string { return e.Fix }

// ExitCode is the process exit code: 2 for bad input, else 1.
func (e *Error) ExitCode() int {
	if e.Code == 0 {
		return 1
	}
	return e.Code
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }
