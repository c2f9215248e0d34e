//go:build unix

package ptytest

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// Screen records what a program draws on a terminal.
type Screen struct {
	timeout time.Duration
	reply   io.Writer

	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
}

// NewScreen returns an empty screen whose [Screen.WaitFor] gives up after
// timeout. With a non-nil reply it answers a program's queries (background
// colour, cursor position) on reply as a real terminal would; unanswered,
// the program waits for their timeout.
func NewScreen(timeout time.Duration, reply io.Writer) *Screen {
	return &Screen{timeout: timeout, reply: reply, changed: make(chan struct{}, 1)}
}

// Write records p and wakes a waiting [Screen.WaitFor].
func (s *Screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buf.Write(p)
	if s.reply != nil {
		if bytes.Contains(p, []byte("\x1b]11;?")) {
			_, _ = io.WriteString(s.reply, "\x1b]11;rgb:0000/0000/0000\x1b\\")
		}
		if bytes.Contains(p, []byte("\x1b[6n")) {
			_, _ = io.WriteString(s.reply, "\x1b[1;1R")
		}
	}
	select {
	case s.changed <- struct{}{}:
	default:
	}
	return len(p), nil
}

// String is everything drawn so far.
func (s *Screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// WaitFor blocks until the screen shows text after mark (a byte offset)
// and returns the offset after it. The timeout only guards against a hang.
func (s *Screen) WaitFor(t testing.TB, mark int, text string) int {
	t.Helper()
	deadline := time.After(s.timeout)
	for {
		all := s.String()
		if i := strings.Index(all[mark:], text); i >= 0 {
			return mark + i + len(text)
		}
		select {
		case <-s.changed:
		case <-deadline:
			t.Fatalf("the terminal never showed %q; screen:\n%q", text, all[mark:])
		}
	}
}

// Terminal is a pseudo-terminal whose output a [Screen] records.
type Terminal struct {
	PTY    *os.File // the controlling side: what the test types goes here
	TTY    *os.File // the program's side; nil after [Start], which hands it to the process
	Screen *Screen
	copied chan struct{}
}

// Open opens a pseudo-terminal of rows×cols for a program that runs in the
// test's own process, skipping the test where the system has none. The
// terminal is closed when the test ends.
func Open(t testing.TB, rows, cols uint16, timeout time.Duration) *Terminal {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	term := &Terminal{PTY: ptmx, TTY: tty}
	t.Cleanup(func() {
		tty.Close()
		ptmx.Close()
	})
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: rows, Cols: cols}); err != nil {
		t.Fatal(err)
	}
	term.follow(NewScreen(timeout, nil))
	return term
}

// Start runs cmd on a new pseudo-terminal of rows×cols (stdin, stdout and
// stderr), skipping the test where the system has none. The screen answers
// the program's terminal queries. The terminal is closed when the test ends.
func Start(t testing.TB, cmd *exec.Cmd, rows, cols uint16, timeout time.Duration) *Terminal {
	t.Helper()
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: rows, Cols: cols})
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { ptmx.Close() })
	term := &Terminal{PTY: ptmx}
	term.follow(NewScreen(timeout, ptmx))
	return term
}

// follow copies the controlling side onto scr until it is closed.
func (term *Terminal) follow(scr *Screen) {
	term.Screen = scr
	term.copied = make(chan struct{})
	go func() {
		_, _ = io.Copy(scr, term.PTY)
		close(term.copied)
	}()
}

// Type writes keys to the program as if typed; a failed write fails the test.
func (term *Terminal) Type(t testing.TB, keys string) {
	t.Helper()
	if _, err := term.PTY.WriteString(keys); err != nil {
		t.Fatal(err)
	}
}

// Close closes both sides and waits until the screen has everything the
// program drew.
func (term *Terminal) Close() {
	if term.TTY != nil {
		term.TTY.Close()
	}
	term.PTY.Close()
	<-term.copied
}
