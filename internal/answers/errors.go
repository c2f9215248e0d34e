package answers

import (
	"fmt"
	"strings"

	"github.com/paved-dev/paved/internal/didyoumean"
)

// MissingAnswersError names every required answer nobody gave while paved
// could not ask.
type MissingAnswersError struct{ Names []string }

func (e *MissingAnswersError) Error() string {
	return "missing answers for " + strings.Join(e.Names, ", ")
}

// Hint says how to pass them.
func (e *MissingAnswersError) Hint() string {
	sets := make([]string, len(e.Names))
	for i, n := range e.Names {
		sets[i] = "--set " + n + "=..."
	}
	return "pass " + strings.Join(sets, " ") + ", or --values FILE"
}

// ExitCode is 2: the input is incomplete.
func (e *MissingAnswersError) ExitCode() int { return 2 }

// InvalidAnswerError is an answer that does not fit its parameter.
type InvalidAnswerError struct {
	Name   string // the parameter
	Value  string // the answer as given
	Reason string // what is wrong: `does not match ^[a-z]+$`
	From   string // where it came from: "--set", "answers.yaml:3", "default", "the form"
	Fix    string // what would be accepted
}

func (e *InvalidAnswerError) Error() string {
	return fmt.Sprintf("invalid answer for %s from %s: %q %s", e.Name, e.From, e.Value, e.Reason)
}

// Hint says what the parameter accepts.
func (e *InvalidAnswerError) Hint() string { return e.Fix }

// ExitCode is 2: the input is wrong.
func (e *InvalidAnswerError) ExitCode() int { return 2 }

// UnknownAnswerError is an answer for a parameter the template does not have.
type UnknownAnswerError struct {
	Names []string // the unknown keys
	From  string   // "--set" or "answers.yaml:4"
	Known []string // the template's parameters
}

func (e *UnknownAnswerError) Error() string {
	what := "parameter"
	if len(e.Names) > 1 {
		what += "s"
	}
	return fmt.Sprintf("%s: unknown %s %s", e.From, what, strings.Join(e.Names, ", "))
}

// Hint suggests the parameter meant and lists those that exist.
func (e *UnknownAnswerError) Hint() string {
	if len(e.Known) == 0 {
		return "this template has no parameters: remove the answer"
	}
	var meant []string
	for _, n := range e.Names {
		if s := didyoumean.Closest(n, e.Known, didyoumean.OptimalAlignment); s != "" {
			meant = append(meant, s)
		}
	}
	hint := "the template's parameters are: " + strings.Join(e.Known, ", ")
	if len(meant) > 0 {
		hint = "did you mean " + strings.Join(meant, ", ") + "? " + hint
	}
	return hint
}

// ExitCode is 2: the input is wrong.
func (e *UnknownAnswerError) ExitCode() int { return 2 }

// FileError is a values file that cannot be read.
type FileError struct {
	File string
	Line int
	Msg  string
	Fix  string
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// Hint says how to fix the file.
func (e *FileError) Hint() string { return e.Fix }

// ExitCode is 2: the input is wrong.
func (e *FileError) ExitCode() int { return 2 }
