//go:build unix

package newcmd

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/internal/cli/form"
	"github.com/paved-dev/paved/internal/iostreams"
	"github.com/paved-dev/paved/internal/project"
	"github.com/paved-dev/paved/internal/ptytest"
	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/templates"
)

// TestRunTerminal runs `paved new` with no TEMPLATE in a pseudo-terminal:
// the real form picks the template, asks its questions, the project is
// created, and the equivalent command is printed.
func TestRunTerminal(t *testing.T) {
	term := ptytest.Open(t, 40, 120, 30*time.Second)
	scr := term.Screen

	var out bytes.Buffer
	ios := &iostreams.IOStreams{In: term.TTY, Out: &out, ErrOut: term.TTY, InTTY: true, OutTTY: true, ErrTTY: true}
	dir := filepath.Join(t.TempDir(), "orders")
	o := &Options{
		IO:       ios,
		Prompter: form.New(ios),
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

	at := scr.WaitFor(t, 0, "Template")
	term.Type(t, "\r")
	at = scr.WaitFor(t, at, "Create it with these answers?")
	term.Type(t, "\r")
	at = scr.WaitFor(t, at, "Name")
	term.Type(t, "orders\r")
	at = scr.WaitFor(t, at, "Description")
	term.Type(t, "\r") // keep the default, rendered from the name
	at = scr.WaitFor(t, at, "Owner")
	term.Type(t, "group:payments\r")
	at = scr.WaitFor(t, at, "Lifecycle")
	term.Type(t, "\x1b[B\r") // production
	at = scr.WaitFor(t, at, "GitHub repository")
	term.Type(t, "\r")
	scr.WaitFor(t, at, "Create it with these answers?")
	term.Type(t, "\r")

	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v\nscreen:\n%q", err, scr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("paved new did not finish; screen:\n%q", scr.String())
	}
	term.Close()

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
