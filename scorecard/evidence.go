package scorecard

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// Evidence is what decided a verdict: a file, a line and the text matched
// there. File is relative to the scored folder; a file outside it (the
// repository root of a monorepo package) starts with "/", relative to the
// repository root, as in CODEOWNERS.
type Evidence struct {
	File string `cel:"file" json:"file"`
	Line int    `cel:"line" json:"line,omitempty"`
	Text string `cel:"text" json:"text,omitempty"`
	// What says what the line shows ("logrus JSONFormatter", "go test in CircleCI").
	What string `cel:"what" json:"what,omitempty"`
}

func (e Evidence) String() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.What != "" {
		b.WriteString(" (" + e.What + ")")
	}
	if e.Text != "" {
		b.WriteString(": " + e.Text)
	}
	return b.String()
}

// Signal is a fact that answers one question about how a repository behaves
// ("are logs JSON?"), with the evidence for its answer.
type Signal struct {
	// Found is true when the behaviour was seen.
	Found bool `cel:"found"`
	// Applicable is false when the question cannot apply to the stack (a
	// Go-only linter question for a Python service is still applicable; a
	// runtime pin for a repository of shell scripts is not).
	Applicable bool `cel:"applicable"`
	// Kinds names every way the behaviour was seen ("pino", "distroless nonroot").
	Kinds    []string   `cel:"kinds"`
	Evidence []Evidence `cel:"evidence"`
	// Looked says what was looked for, and where, when nothing was found
	// (or what was found and rejected: "winston with a printf format").
	Looked string `cel:"looked"`
	// Hint adapts the remediation to what was found ("tests run in
	// .circleci/config.yml: add a go test step there").
	Hint string `cel:"hint"`
}

// evidencer is a fact value that can say what decided a check using it.
// ok says whether the value speaks for a pass; ev is its evidence (on a
// fail, what was seen and rejected), looked and hint explain a fail.
type evidencer interface {
	evidence() (ok bool, ev []Evidence, looked, hint string)
}

func (s Signal) evidence() (bool, []Evidence, string, string) {
	if s.Found {
		return true, s.Evidence, "", ""
	}
	return false, s.Evidence, s.Looked, s.Hint
}

// signal builds a Signal from the first evidence of each kind.
type signalBuilder struct {
	sig Signal
}

func newSignal(applicable bool) *signalBuilder {
	return &signalBuilder{sig: Signal{Applicable: applicable, Kinds: []string{}, Evidence: []Evidence{}}}
}

func (b *signalBuilder) add(kind string, e Evidence) {
	if e.What == "" {
		e.What = kind
	}
	b.sig.Found = true
	if !slices.Contains(b.sig.Kinds, kind) {
		b.sig.Kinds = append(b.sig.Kinds, kind)
	}
	if len(b.sig.Evidence) < 5 {
		b.sig.Evidence = append(b.sig.Evidence, e)
	}
}

// reject records something seen that does not count, shown on a fail.
func (b *signalBuilder) reject(e Evidence) {
	if len(b.sig.Evidence) < 5 && !b.sig.Found {
		b.sig.Evidence = append(b.sig.Evidence, e)
	}
}

func (b *signalBuilder) done(looked, hint string) Signal {
	if b.sig.Found {
		// Rejected candidates seen before the first real one are noise on a pass.
		var keep []Evidence
		for _, e := range b.sig.Evidence {
			if !strings.HasPrefix(e.What, "not ") {
				keep = append(keep, e)
			}
		}
		b.sig.Evidence = append([]Evidence{}, keep...)
		return b.sig
	}
	b.sig.Looked, b.sig.Hint = looked, hint
	return b.sig
}

// lineAt returns the 1-based line number and the trimmed text of the line
// holding data[off].
func lineAt(data []byte, off int) (int, string) {
	off = min(max(off, 0), len(data))
	line := bytes.Count(data[:off], []byte("\n")) + 1
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	end := bytes.IndexByte(data[off:], '\n')
	if end < 0 {
		end = len(data)
	} else {
		end += off
	}
	return line, clip(strings.TrimSpace(string(data[start:end])))
}

// clip shortens evidence text to what fits on a report line.
func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 120 {
		cut := 117
		for cut > 0 && !isRuneStart(s[cut]) {
			cut--
		}
		return s[:cut] + "..."
	}
	return s
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
