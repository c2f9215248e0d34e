package scaffold

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/paved-dev/paved/internal/config"
	"github.com/paved-dev/paved/internal/manifest"
)

// HookError is a hook that failed; it carries the hook's output.
type HookError struct {
	Hook   manifest.Hook
	Output string // combined stdout and stderr, last lines
	Err    error
}

func (e *HookError) Error() string {
	msg := fmt.Sprintf("hook %q (%s) failed: %v", e.Hook.Title, strings.Join(e.Hook.Run, " "), e.Err)
	if e.Output != "" {
		msg += "\n" + indent(e.Output)
	}
	return msg
}

// Unwrap returns the command's error.
func (e *HookError) Unwrap() error { return e.Err }

// ExitCode is 1, whatever the hook exited with: paved's job found a
// problem (without this, exec.ExitError's own ExitCode would leak through
// the wrap and paved would exit with the hook's code).
func (e *HookError) ExitCode() int { return 1 }

// Hint says how to get past a failing hook.
func (e *HookError) Hint() string {
	if errors.Is(e.Err, exec.ErrNotFound) {
		return fmt.Sprintf("install %s, or pass --no-hooks and run the hooks yourself later", e.Hook.Run[0])
	}
	return "fix the cause above, or pass --no-hooks and run the hook yourself in the new folder"
}

// hookEnv is the hooks' environment: o.Env (else the process's) without
// the variables that hold git tokens, so a template's hook cannot read
// them.
func hookEnv(o GenerateOptions) []string {
	env := o.Env
	if env == nil {
		env = os.Environ()
	}
	hide := append(config.DefaultTokenEnvs(), o.HideEnv...)
	return slices.DeleteFunc(slices.Clone(env), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		return slices.Contains(hide, name)
	})
}

// maxOutput bounds the hook output kept for an error message.
const maxOutput = 8 << 10

// runHook runs one hook in dir, argv without a shell, its output captured
// and shown only on failure. Cancelling ctx kills it (its process group
// where the platform has one).
func runHook(ctx context.Context, dir string, h manifest.Hook, o GenerateOptions) error {
	if len(h.Run) == 0 || h.Run[0] == "" {
		return &HookError{Hook: h, Err: errors.New("empty command")}
	}
	cmd := exec.CommandContext(ctx, h.Run[0], h.Run[1:]...)
	cmd.Dir = dir
	cmd.Env = hookEnv(o)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	cmd.WaitDelay = 2 * time.Second
	killGroup(cmd)

	stop := progress(o, h.Title)
	err := cmd.Run()
	stop(err == nil)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		text := out.String()
		if len(text) > maxOutput {
			text = "…" + text[len(text)-maxOutput:]
		}
		return &HookError{Hook: h, Output: strings.TrimRight(text, "\n"), Err: err}
	}
	return nil
}

// progress shows a hook's title on ErrOut: a spinner on a terminal, a plain
// line otherwise. The returned func ends it.
func progress(o GenerateOptions, title string) func(ok bool) {
	if o.IO == nil {
		return func(bool) {}
	}
	ios := o.IO
	if !ios.ShowProgress() {
		fmt.Fprintf(ios.ErrOut, "→ %s\n", title)
		return func(bool) {}
	}
	frames := []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for i := 0; ; i++ {
			fmt.Fprintf(ios.ErrOut, "\r%s %s", ios.Yellow(frames[i%len(frames)]), title)
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func(ok bool) {
		close(done)
		wg.Wait()
		mark := ios.Green("✓")
		if !ok {
			mark = ios.Red("✗")
		}
		fmt.Fprintf(ios.ErrOut, "\r\x1b[K%s %s\n", mark, title)
	}
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}
