// Package iostreams holds the streams a command reads and writes, and what
// paved knows about the terminal behind them. The environment is read once,
// in [System]; nothing else in paved calls os.Getenv or isatty.
package iostreams

import (
	"bytes"
	"io"
	"os"
	"strings"

	"github.com/mattn/go-isatty"
)

// IOStreams are a command's input and outputs.
type IOStreams struct {
	In            io.Reader
	Out, ErrOut   io.Writer // Out: data (tables, JSON, reports); ErrOut: the rest
	InTTY, OutTTY bool
	ErrTTY        bool
	Color         bool // off when not a TTY, with NO_COLOR, or --no-color
	Accessible    bool // PAVED_ACCESSIBLE=1 or TERM=dumb: plain line prompts
}

// System returns the process's streams, reading the environment once.
func System(getenv func(string) string) *IOStreams {
	s := &IOStreams{
		In:     os.Stdin,
		Out:    os.Stdout,
		ErrOut: os.Stderr,
		InTTY:  isTerminal(os.Stdin),
		OutTTY: isTerminal(os.Stdout),
		ErrTTY: isTerminal(os.Stderr),
	}
	_, noColor := lookup(getenv, "NO_COLOR")
	term := getenv("TERM")
	s.Color = s.OutTTY && !noColor && term != "dumb"
	s.Accessible = truthy(getenv("PAVED_ACCESSIBLE")) || term == "dumb"
	return s
}

func lookup(getenv func(string) string, key string) (string, bool) {
	v := getenv(key)
	return v, v != ""
}

func truthy(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}

func isTerminal(f *os.File) bool {
	fd := f.Fd()
	return isatty.IsTerminal(fd) || isatty.IsCygwinTerminal(fd)
}

// Test returns streams backed by buffers, with no terminal and no colour.
// The buffers are returned for the test to fill and read.
func Test() (s *IOStreams, in *bytes.Buffer, out *bytes.Buffer, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut}, in, out, errOut
}

// CanPrompt reports whether a form may appear: both ends are terminals.
func (s *IOStreams) CanPrompt() bool { return s.InTTY && s.OutTTY }

// ShowProgress reports whether spinners and progress bars may be drawn on ErrOut.
func (s *IOStreams) ShowProgress() bool { return s.ErrTTY && !s.Accessible }

// Paint wraps text in an ANSI style when colour is on; code is an SGR
// parameter such as "1" (bold), "31" (red), "32" (green), "33" (yellow), "2" (dim).
func (s *IOStreams) Paint(code, text string) string {
	if !s.Color || text == "" {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

// Bold, Red, Green, Yellow and Dim are shorthands for [IOStreams.Paint].
func (s *IOStreams) Bold(t string) string   { return s.Paint("1", t) }
func (s *IOStreams) Red(t string) string    { return s.Paint("31", t) }
func (s *IOStreams) Green(t string) string  { return s.Paint("32", t) }
func (s *IOStreams) Yellow(t string) string { return s.Paint("33", t) }
func (s *IOStreams) Dim(t string) string    { return s.Paint("2", t) }
