package fleet

// Error is a failure the user can act on: what is wrong, how to fix it, and
// the exit code (2: bad input, the default; 1: the job found a problem).
type Error struct {
	Msg  string
	Fix  string
	Code int
}

func (e *Error) Error() string { return e.Msg }

// Hint is the remedy cli.Main prints under the error.
func (e *Error) Hint() string { return e.Fix }

// ExitCode is the process exit code: 2 unless Code says otherwise.
func (e *Error) ExitCode() int {
	if e.Code == 0 {
		return 2
	}
	return e.Code
}

func badInput(fix, msg string) error { return &Error{Msg: msg, Fix: fix} }
