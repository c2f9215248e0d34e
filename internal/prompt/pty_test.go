//go:build unix

package prompt

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/google/go-cmp/cmp"

	"github.com/paved-dev/paved/internal/iostreams"
	"github.com/paved-dev/paved/internal/manifest"
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

// waitFor blocks until the screen shows text after mark (a byte offset),
// and returns the new offset. The deadline only guards against a hang.
func (s *screen) waitFor(t *testing.T, mark int, text string) int {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		all := s.String()
		if i := strings.Index(all[mark:], text); i >= 0 {
			return mark + i + len(text)
		}
		select {
		case <-s.changed:
		case <-deadline:
			t.Fatalf("the form never showed %q; screen:\n%q", text, all[mark:])
		}
	}
}

// TestFormTerminal runs the real (not accessible) form in a pseudo-terminal
// and drives it with keystrokes.
func TestFormTerminal(t *testing.T) {
	m := parse(t, `apiVersion: paved.dev/v1alpha1
kind: Template
metadata: {name: svc}
spec:
  version: 1.0.0
  parameters:
    - name: name
      title: Service name
      required: true
      pattern: '^[a-z]+$'
    - name: database
      title: Database
      type: select
      options: [none, postgres]
    - name: migrations
      title: Run migrations
      type: bool
      default: true
      when: '{{ ne .Values.database "none" }}'
    - name: dbName
      title: Database name
      default: '{{ .Values.name }}_db'
      when: '{{ .Values.migrations }}'
`)
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 40, Cols: 100}); err != nil {
		t.Fatal(err)
	}
	scr := &screen{changed: make(chan struct{}, 1)}
	copied := make(chan struct{})
	go func() {
		_, _ = io.Copy(scr, ptmx)
		close(copied)
	}()

	ios := &iostreams.IOStreams{In: tty, Out: io.Discard, ErrOut: tty, InTTY: true, OutTTY: true, ErrTTY: true}
	type result struct {
		v   manifest.Values
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := Answers(t.Context(), Request{Manifest: m, Ask: true, Prompter: NewForm(ios), Render: renderer(m)})
		done <- result{v, err}
	}()

	key := func(s string) {
		t.Helper()
		if _, err := ptmx.WriteString(s); err != nil {
			t.Fatal(err)
		}
	}
	at := scr.waitFor(t, 0, "Service name")
	key("Bad")
	key("\r") // rejected inline by the pattern
	at = scr.waitFor(t, at, "does not match")
	key("\x7f\x7f\x7f" + "shop\r")
	at = scr.waitFor(t, at, "Database")
	key("\x1b[B\r") // down to postgres
	at = scr.waitFor(t, at, "Run migrations")
	key("\r")                                // keep yes
	at = scr.waitFor(t, at, "Database name") // shown now, its default rendered from name
	scr.waitFor(t, at, "shop_db")
	key("\r")
	scr.waitFor(t, at, "Create it with these answers?")
	key("\r")

	var r result
	select {
	case r = <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("the form did not finish; screen:\n%q", scr.String())
	}
	tty.Close()
	if r.err != nil {
		t.Fatalf("Answers: %v\nscreen:\n%q", r.err, scr.String())
	}
	want := manifest.Values{"name": "shop", "database": "postgres", "migrations": true, "dbName": "shop_db"}
	if diff := cmp.Diff(want, r.v); diff != "" {
		t.Errorf("answers mismatch (-want +got):\n%s", diff)
	}
	ptmx.Close()
	<-copied
}
