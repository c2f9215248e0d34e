//go:build unix

package newcmd

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/paved-dev/paved/internal/iostreams"
	"github.com/paved-dev/paved/internal/project"
	"github.com/paved-dev/paved/internal/prompt"
	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/templates"
)

// screen collects what the form draws on the terminal.
type screen struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buf.Write(p)
	select {
	case s.changed <- struct{}{}:
	default:
	}
	return len(p), nil
}

func (s *screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// waitFor blocks until the screen shows text after mark and returns the new
// mark. The deadline only guards against a hang.
func (s *screen) waitFor(t *testing.T, mark int, text string) int {
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
			t.Fatalf("the terminal never showed %q; screen:\n%q", text, all[mark:])
		}
	}
}

// TestRunTerminal runs `paved new` with no TEMPLATE in a pseudo-terminal:
// the real form picks the template, asks its questions, the project is
// created, and the equivalent command is printed.
func TestRunTerminal(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 40, Cols: 120}); err != nil {
		t.Fatal(err)
	}
	scr := &screen{changed: make(chan struct{}, 1)}
	copied := make(chan struct{})
	go func() {
		_, _ = io.Copy(scr, ptmx)
		close(copied)
	}()

	var out bytes.Buffer
	ios := &iostreams.IOStreams{In: tty, Out: &out, ErrOut: tty, InTTY: true, OutTTY: true, ErrTTY: true}
	dir := filepath.Join(t.TempDir(), "orders")
	o := &Options{
		IO:       ios,
		Prompter: prompt.NewForm(ios),
		Sources:  source.New(source.Options{Builtin: templates.FS}),
		Builtins: []string{"minimal"},
		Getenv:   func(string) string { return "" },
		Now:      time.Now,
		Dir:      dir,
		NoGit:    true,
		Output:   "text",
	}
	done := make(chan error, 1)
	go func() { done <- Run(t.Context(), o) }()

	key := func(s string) {
		t.Helper()
		if _, err := ptmx.WriteString(s); err != nil {
			t.Fatal(err)
		}
	}
	at := scr.waitFor(t, 0, "Template")
	key("\r")
	at = scr.waitFor(t, at, "Create it with these answers?")
	key("\r")
	at = scr.waitFor(t, at, "Name")
	key("orders\r")
	at = scr.waitFor(t, at, "Description")
	key("\r") // keep the default, rendered from the name
	at = scr.waitFor(t, at, "Owner")
	key("group:payments\r")
	at = scr.waitFor(t, at, "Lifecycle")
	key("\x1b[B\r") // production
	at = scr.waitFor(t, at, "GitHub repository")
	key("\r")
	scr.waitFor(t, at, "Create it with these answers?")
	key("\r")

	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v\nscreen:\n%q", err, scr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("paved new did not finish; screen:\n%q", scr.String())
	}
	tty.Close()
	ptmx.Close()
	<-copied

	f, err := project.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if f.Template.Name != "minimal" || f.Values["owner"] != "group:payments" || f.Values["lifecycle"] != "production" || f.Values["description"] != "The orders service" {
		t.Errorf(".paved.yaml = %+v", f)
	}
	if _, err := os.Stat(filepath.Join(dir, "catalog-info.yaml")); err != nil {
		t.Error(err)
	}
	for _, want := range []string{"Created", "To create the same service without questions:\n  paved new minimal --set name=orders"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
