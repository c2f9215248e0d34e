package manifest

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// exitBadInput is cmdutil.ExitBadInput; manifest does not import the CLI.
const exitBadInput = 2

// Error is one problem in a template.yaml, located by file, line and field
// path, with the fix a template author should apply.
type Error struct {
	File  string `json:"file"`            // "template.yaml", or the path the caller read it from
	Line  int    `json:"line,omitempty"`  // 1-based; 0 when the problem is the file as a whole
	Field string `json:"field,omitempty"` // "spec.parameters[2].pattern"; "" for the file as a whole
	Msg   string `json:"message"`
	Fix   string `json:"fix,omitempty"`
}

// Error reads "template.yaml:12: spec.parameters[2].pattern: missing closing )".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Hint is the fix, printed by cli.Main under the error.
func (e *Error) Hint() string { return e.Fix }

// ExitCode is 2: a broken template is bad input.
func (e *Error) ExitCode() int { return exitBadInput }

// Errors are every problem found in one template.yaml, in line order, so an
// author can fix them all in one pass.
type Errors []*Error

// Error lists every problem, one per line, each followed by its fix.
func (es Errors) Error() string {
	switch len(es) {
	case 0:
		return "no problems"
	case 1:
		return es[0].Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d problems in %s:", len(es), es[0].File)
	for _, e := range es {
		b.WriteString("\n  ")
		b.WriteString(e.Error())
		if e.Fix != "" {
			b.WriteString("\n      fix: ")
			b.WriteString(e.Fix)
		}
	}
	return b.String()
}

// Hint is the fix of a single problem; with several, each fix is already
// printed beside its problem.
func (es Errors) Hint() string {
	if len(es) == 1 {
		return es[0].Fix
	}
	return ""
}

// ExitCode is 2: a broken template is bad input.
func (es Errors) ExitCode() int { return exitBadInput }

// Unwrap lets errors.As find each *Error.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// sorted orders problems by line, keeping discovery order within a line.
func (es Errors) sorted() Errors {
	slices.SortStableFunc(es, func(a, b *Error) int { return cmp.Compare(a.Line, b.Line) })
	return es
}
