//go:build unix

package form

import (
	"github.com/paved-dev/paved/internal/answers"
	"io"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paved-dev/paved/internal/iostreams"
	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/ptytest"
)

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
	term := ptytest.Open(t, 40, 100, 20*time.Second)
	scr := term.Screen

	ios := &iostreams.IOStreams{In: term.TTY, Out: io.Discard, ErrOut: term.TTY, InTTY: true, OutTTY: true, ErrTTY: true}
	type result struct {
		v   manifest.Values
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := answers.Resolve(t.Context(), answers.Request{Manifest: m, Ask: true, Prompter: New(ios), Render: renderer(m)})
		done <- result{v, err}
	}()

	at := scr.WaitFor(t, 0, "Service name")
	term.Type(t, "Bad")
	term.Type(t, "\r") // rejected inline by the pattern
	at = scr.WaitFor(t, at, "does not match")
	term.Type(t, "\x7f\x7f\x7f"+"shop\r")
	at = scr.WaitFor(t, at, "Database")
	term.Type(t, "\x1b[B\r") // down to postgres
	at = scr.WaitFor(t, at, "Run migrations")
	term.Type(t, "\r")                       // keep yes
	at = scr.WaitFor(t, at, "Database name") // shown now, its default rendered from name
	scr.WaitFor(t, at, "shop_db")
	term.Type(t, "\r")
	scr.WaitFor(t, at, "Create it with these answers?")
	term.Type(t, "\r")

	var r result
	select {
	case r = <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("the form did not finish; screen:\n%q", scr.String())
	}
	term.Close()
	if r.err != nil {
		t.Fatalf("Answers: %v\nscreen:\n%q", r.err, scr.String())
	}
	want := manifest.Values{"name": "shop", "database": "postgres", "migrations": true, "dbName": "shop_db"}
	if diff := cmp.Diff(want, r.v); diff != "" {
		t.Errorf("answers mismatch (-want +got):\n%s", diff)
	}
}
