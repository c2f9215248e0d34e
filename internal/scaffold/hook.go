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
	"time"

	"github.com/paved-dev/paved/internal/config"
	"github.com/paved-dev/paved/internal/interrupt"
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

// DefaultStopGrace is how long a cancelled hook's processes have between
// SIGTERM and SIGKILL.
const DefaultStopGrace = 5 * time.Second

// runHook runs one hook in dir, argv without a shell, its output captured
// and shown only on failure. The hook runs in a process group of its own
// (where the platform has them), so a Ctrl-C or a hang-up of the terminal
// reaches paved alone: cancelling ctx then sends the whole group SIGTERM,
// and SIGKILL to whatever is left after the grace period, so no hook
// process outlives paved. The group is also registered with
// [interrupt.Track], for a second signal that makes paved exit at once.
func runHook(ctx context.Context, dir string, h manifest.Hook, o GenerateOptions) error {
	if len(h.Run) == 0 || h.Run[0] == "" {
		return &HookError{Hook: h, Err: errors.New("empty command")}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	cmd := exec.Command(h.Run[0], h.Run[1:]...)
	cmd.Dir = dir
	cmd.Env = hookEnv(o)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	// A process the hook left running in the background may hold the
	// output pipe open: Wait gives up on it this long after the hook exits.
	cmd.WaitDelay = 2 * time.Second
	ownGroup(cmd)

	stop := progress(o, h.Title)
	if err := cmd.Start(); err != nil {
		stop(false)
		return &HookError{Hook: h, Err: err}
	}
	untrack := interrupt.Track(ctx, func() { signalGroup(cmd.Process, true) })
	defer untrack()
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	var err error
	select {
	case err = <-waited:
	case <-ctx.Done():
		select {
		case err = <-waited: // it ended as ctx was cancelled: nothing to stop
			stop(err == nil)
			return ctx.Err()
		default:
		}
		grace := o.StopGrace
		if grace <= 0 {
			grace = DefaultStopGrace
		}
		killed := stopGroup(cmd.Process, waited, grace)
		stop(false)
		if o.Log != nil {
			how := "sent SIGTERM to its processes; they stopped"
			if killed {
				how = fmt.Sprintf("sent SIGTERM to its processes, SIGKILL after %s", grace)
			}
			fmt.Fprintf(o.Log, "  interrupted %q: %s\n", h.Title, how)
		}
		return ctx.Err()
	}
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

// stopGroup stops a cancelled hook: SIGTERM to its process group, then,
// if the group (the hook or anything it started) is still there when
// grace is over, SIGKILL. It returns once the hook has been waited for and
// the group is gone (or killed), and reports whether SIGKILL was needed.
func stopGroup(p *os.Process, waited <-chan error, grace time.Duration) (killed bool) {
	signalGroup(p, false)
	deadline := time.NewTimer(grace)
	defer deadline.Stop()
	select {
	case <-waited:
	case <-deadline.C:
		signalGroup(p, true)
		<-waited
		return true
	}
	// The hook is gone; what it started may still be running.
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for groupAlive(p) {
		select {
		case <-deadline.C:
			signalGroup(p, true)
			return true
		case <-tick.C:
		}
	}
	return false
}

// progress shows a hook's title: through o.Progress when set, else as a
// plain line on o.Log. The returned func ends it.
func progress(o GenerateOptions, title string) func(ok bool) {
	if o.Progress != nil {
		return o.Progress(title)
	}
	if o.Log != nil {
		fmt.Fprintf(o.Log, "→ %s\n", title)
	}
	return func(bool) {}
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}
