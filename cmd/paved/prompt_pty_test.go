//go:build unix

package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/paved-dev/paved/internal/ptytest"
)

// step waits for a prompt, then types an answer.
type step struct{ prompt, keys string }

// TestNewInteractive runs `paved new minimal` in a pseudo-terminal (stdin,
// stdout and stderr), answers the form with keystrokes and checks the
// project and the printed non-interactive command: once with the
// full-screen form, once with line prompts (PAVED_ACCESSIBLE=1).
func TestNewInteractive(t *testing.T) {
	bin, err := exec.LookPath("paved") // put on PATH by testscript.Main
	if err != nil {
		t.Skipf("paved is not on PATH: %v", err)
	}
	tests := []struct {
		name       string
		accessible string
		steps      []step
	}{
		{"full-screen form", "", []step{
			{"Name", "orders\r"},
			{"The orders service", "\r"}, // a default rendered from the name
			{"Owner", "team-a\r"},
			{"Lifecycle", "\x1b[B\r"}, // down to production
			{"GitHub repository", "\r"},
			{"Create it with these answers?", "\r"},
		}},
		{"line prompts", "1", []step{
			{"Name (", "Orders\r"},
			{"does not match", "orders\r"},
			{"Description (one sentence for the README and the catalog) [The orders service]", "\r"},
			{"Owner (", "team-a\r"},
			{"Enter a number between 1 and 3", "2\r"},
			{"GitHub repository (", "\r"},
			{"Create it with these answers? [Y/n]", "y\r"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			runInteractive(t, bin, tt.accessible, tt.steps)
		})
	}
}

func runInteractive(t *testing.T, bin, accessible string, steps []step) {
	work := t.TempDir()
	cmd := exec.Command(bin, "new", "minimal", "--no-git", "--no-register")
	cmd.Dir = work
	cmd.Env = append(os.Environ(),
		"HOME="+work+"/home", "XDG_CONFIG_HOME="+work+"/home/.config", "XDG_DATA_HOME="+work+"/home/.local/share",
		"XDG_CACHE_HOME="+work+"/home/.cache", "PAVED_CATALOG="+work+"/catalog.db",
		"PAVED_AUTHOR=Paved Test <test@paved.dev>", "NO_COLOR=1", "TERM=xterm-256color", "PAVED_ACCESSIBLE="+accessible,
	)
	pt := ptytest.Start(t, cmd, 40, 120, 30*time.Second)
	term := pt.Screen
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() { _ = cmd.Process.Kill() }()

	at := 0
	for _, st := range steps {
		at = term.WaitFor(t, at, st.prompt)
		pt.Type(t, st.keys)
	}
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
	term.WaitFor(t, 0, "paved new minimal --set name=orders --set description='The orders service' --set owner=team-a --set lifecycle=production")
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

// TestNewInteractiveCancel presses Ctrl-C in the middle of the form: paved
// exits 130, says nothing was changed, and creates nothing.
func TestNewInteractiveCancel(t *testing.T) {
	bin, err := exec.LookPath("paved")
	if err != nil {
		t.Skipf("paved is not on PATH: %v", err)
	}
	for _, tt := range []struct{ name, accessible, prompt string }{
		{"full-screen form", "", "Description"},
		{"line prompts", "1", "Description ("},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			work := t.TempDir()
			cmd := exec.Command(bin, "new", "minimal", "--no-git", "--no-register")
			cmd.Dir = work
			cmd.Env = append(os.Environ(), "HOME="+work+"/home", "XDG_CACHE_HOME="+work+"/cache",
				"PAVED_CATALOG="+work+"/catalog.db", "NO_COLOR=1", "TERM=xterm-256color", "PAVED_ACCESSIBLE="+tt.accessible)
			pt := ptytest.Start(t, cmd, 40, 120, 30*time.Second)
			term := pt.Screen
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			defer func() { _ = cmd.Process.Kill() }()

			at := term.WaitFor(t, 0, "Name")
			pt.Type(t, "orders\r")
			term.WaitFor(t, at, tt.prompt)
			pt.Type(t, "\x03") // Ctrl-C
			var err error
			select {
			case err = <-exited:
			case <-time.After(30 * time.Second):
				t.Fatalf("paved new did not stop on Ctrl-C; terminal:\n%q", term.String())
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 130 {
				t.Errorf("paved new after Ctrl-C: %v, want exit status 130", err)
			}
			term.WaitFor(t, 0, "Cancelled: nothing was changed.")
			if _, err := os.Stat(filepath.Join(work, "orders")); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("orders exists after Ctrl-C (err %v)", err)
			}
		})
	}
}
