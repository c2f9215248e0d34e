package catalog

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrNotFound reports that no entity has the reference asked for.
var ErrNotFound = errors.New("entity not found")

// Error is one problem with a catalog file: the file, the document in it,
// the line, the field, what is wrong (the rule it breaks) and how to fix it.
type Error struct {
	File  string
	Doc   int // 1-based document index; 0 when the problem is the whole file
	Line  int
	Field string // "metadata.name", "spec.dependsOn[1]"
	Msg   string // what is wrong, naming the rule
	Fix   string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line))
	}
	if e.Doc > 0 {
		fmt.Fprintf(&b, " (document %d)", e.Doc)
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Hint is the remedy cli.Main prints under the error.
func (e *Error) Hint() string { return e.Fix }

// ExitCode makes a bad catalog file bad input (exit 2).
func (e *Error) ExitCode() int { return 2 }

// Errors is every problem found in one or more files, reported at once.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	if len(lines) == 1 {
		return lines[0]
	}
	return fmt.Sprintf("%d problems:\n  %s", len(lines), strings.Join(lines, "\n  "))
}

// Hint is the first problem's remedy.
func (es Errors) Hint() string {
	for _, e := range es {
		if e.Fix != "" {
			return e.Fix
		}
	}
	return ""
}

// ExitCode makes bad catalog files bad input (exit 2).
func (es Errors) ExitCode() int { return 2 }

// ErrOrNil returns es as an error, or nil when it is empty.
func (es Errors) ErrOrNil() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// StoreError is a problem with the catalog database itself: damaged,
// foreign, newer than this paved, or unreachable. It names the file.
type StoreError struct {
	Path string
	Msg  string
	Fix  string
	Err  error
}

func (e *StoreError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("catalog database %s: %s: %v", e.Path, e.Msg, e.Err)
	}
	return fmt.Sprintf("catalog database %s: %s", e.Path, e.Msg)
}

func (e *StoreError) Unwrap() error { return e.Err }

// Hint is the remedy cli.Main prints.
func (e *StoreError) Hint() string { return e.Fix }

// ExitCode makes an unusable database bad input (exit 2): the user picks the file.
func (e *StoreError) ExitCode() int { return 2 }
