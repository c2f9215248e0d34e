//go:build unix

package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// terminal collects what a program draws on a pseudo-terminal and answers
// its queries (background colour, cursor position) as a real terminal
// would; unanswered, the program waits for their timeout.
type terminal struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
	reply   io.Writer
}

func (s *terminal) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buf.Write(p)
	if bytes.Contains(p, []byte("\x1b]11;?")) {
		_, _ = io.WriteString(s.reply, "\x1b]11;rgb:0000/0000/0000\x1b\\")
	}
	if bytes.Contains(p, []byte("\x1b[6n")) {
		_, _ = io.WriteString(s.reply, "\x1b[1;1R")
	}
	select {
	case s.changed <- struct{}{}:
	default:
	}
	return len(p), nil
}

func (s *terminal) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// waitFor blocks until text appears after offset mark and returns the
// offset after it. The deadline only guards against a hang.
func (s *terminal) waitFor(t *testing.T, mark int, text string) int {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		all := s.String()
		if i := strings.Index(all[mark:], text); i >= 0 {
			return mark + i + len(text)
		}
		select {
		case <-s.changed:
		case <-deadline:
			t.Fatalf("paved never showed %q; terminal:\n%q", text, all[mark:])
		}
	}
}

// TestNewInteractive runs `paved new minimal` in a pseudo-terminal (stdin,
// stdout and stderr), answers the form with keystrokes and checks the
// project and the printed non-interactive command.
func TestNewInteractive(t *testing.T) {
	bin, err := exec.LookPath("paved") // put on PATH by testscript.Main
	if err != nil {
		t.Skipf("paved is not on PATH: %v", err)
	}
	work := t.TempDir()
	cmd := exec.Command(bin, "new", "minimal", "--no-git", "--no-register")
	cmd.Dir = work
	cmd.Env = append(os.Environ(),
		"HOME="+work+"/home", "XDG_CONFIG_HOME="+work+"/home/.config", "XDG_DATA_HOME="+work+"/home/.local/share",
		"XDG_CACHE_HOME="+work+"/home/.cache", "PAVED_CATALOG="+work+"/catalog.db",
		"PAVED_AUTHOR=Paved Test <test@paved.dev>", "NO_COLOR=1", "TERM=xterm-256color", "PAVED_ACCESSIBLE=",
	)
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 120})
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer ptmx.Close()
	term := &terminal{changed: make(chan struct{}, 1), reply: ptmx}
	go func() { _, _ = io.Copy(term, ptmx) }()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() { _ = cmd.Process.Kill() }()

	key := func(s string) {
		t.Helper()
		if _, err := ptmx.WriteString(s); err != nil {
			t.Fatal(err)
		}
	}
	at := term.waitFor(t, 0, "Name")
	key("orders\r")
	at = term.waitFor(t, at, "The orders service") // a default rendered from the name
	key("\r")
	at = term.waitFor(t, at, "Owner")
	key("team-a\r")
	at = term.waitFor(t, at, "Lifecycle")
	key("\x1b[B\r") // production
	at = term.waitFor(t, at, "GitHub repository")
	key("\r")
	term.waitFor(t, at, "Create it with these answers?")
	key("\r")

	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("paved new: %v; terminal:\n%s", err, term.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("paved new did not finish; terminal:\n%q", term.String())
	}
	// description is spelled out: its default is a template, which may render
	// differently another time
	term.waitFor(t, 0, "paved new minimal --set name=orders --set description='The orders service' --set owner=team-a --set lifecycle=production")
	got, err := os.ReadFile(filepath.Join(work, "orders", ".paved.yaml"))
	if err != nil {
		t.Fatalf("no project: %v; terminal:\n%s", err, term.String())
	}
	for _, want := range []string{`name: orders`, `owner: team-a`, `lifecycle: production`, `description: The orders service`} {
		if !regexp.MustCompile(`(?m)\b` + regexp.QuoteMeta(want) + `\b`).Match(got) {
			t.Errorf(".paved.yaml lacks %q:\n%s", want, got)
		}
	}
}
