package gitx

import "errors"

// Sentinels that [Error] wraps, for errors.Is.
var (
	ErrBadURL      = errors.New("bad git URL")
	ErrRefNotFound = errors.New("git ref not found")
	ErrNoRepo      = errors.New("git repository not found")
	ErrAuth        = errors.New("git authentication failed")
	ErrFetch       = errors.New("git fetch failed")
)

// Error is a git failure whose text is scrubbed of credentials. It wraps
// only a sentinel (and the context's error when cancelled), never the
// original error, so no secret can be reached through errors.Unwrap.
type Error struct {
	msg, hint string
	code      int
	kinds     []error
}

func newError(kind error, code int, msg, hint string) *Error {
	return &Error{msg: msg, hint: hint, code: code, kinds: []error{kind}}
}

func (e *Error) Error() string { return e.msg }

// Hint says what to do next.
func (e *Error) Hint() string { return e.hint }

// ExitCode is 2 for a source the user got wrong, 1 for a failure to fetch.
func (e *Error) ExitCode() int { return e.code }

// Unwrap returns the sentinels this error is an instance of.
func (e *Error) Unwrap() []error { return e.kinds }
