// Package cli wires paved's commands together: Main builds the dependencies
// once, runs the root command under a signal-aware context, prints errors with
// their remedies and picks the exit code.
package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/paved-dev/paved/internal/cli/catalogcmd"
	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/interrupt"
	"github.com/paved-dev/paved/internal/iostreams"
	"github.com/paved-dev/paved/internal/textsafe"
)

// Version is paved's version, set at build time with
// -ldflags "-X github.com/paved-dev/paved/internal/cli.Version=v1.2.3".
var Version = ""

// Main runs paved with args (without the program name) and returns the exit code.
//
// SIGINT, SIGTERM and SIGHUP are handled alike: the first cancels the
// command's context, and the command stops and says what it left (exit
// 128+signal); a second one ends paved at once, after killing the hooks
// still running.
func Main(ctx context.Context, args []string, ios *iostreams.IOStreams, getenv func(string) string) int {
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, handledSignals(signal.Ignored)...)
	defer signal.Stop(sigs)
	return run(ctx, args, ios, getenv, sigs, os.Exit)
}

// handledSignals are the signals Main handles: SIGINT, SIGTERM and
// SIGHUP, less those paved was started with ignored. Notify would undo
// the ignoring: `nohup paved update` must survive the hang-up, and a
// background job of a script its Ctrl-C.
func handledSignals(ignored func(os.Signal) bool) []os.Signal {
	var out []os.Signal
	for _, s := range []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP} {
		if !ignored(s) {
			out = append(out, s)
		}
	}
	return out
}

// SignalError is the cause of a context cancelled by a signal.
type SignalError struct{ Signal os.Signal }

func (e *SignalError) Error() string { return "interrupted by " + signalName(e.Signal) }

// Is makes a signal's cause a cancellation: code that returns
// context.Cause(ctx) is reported as cancelled, like code that returns
// ctx.Err().
func (e *SignalError) Is(target error) bool { return target == context.Canceled }

// ExitCode is the shell's code for a process ended by the signal.
func (e *SignalError) ExitCode() int {
	if s, ok := e.Signal.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 130
}

// run is Main with the signals and the way to exit at once as parameters,
// for tests.
func run(ctx context.Context, args []string, ios *iostreams.IOStreams, getenv func(string) string, sigs <-chan os.Signal, exit func(int)) int {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	children := interrupt.NewChildren()
	ctx = interrupt.WithChildren(ctx, children)
	done := make(chan struct{})
	defer close(done)
	go watchSignals(sigs, done, cancel, children, ios, exit)

	d := &cmdutil.Deps{
		IO:      ios,
		Version: version(),
		Getenv:  getenv,
		Now:     time.Now,
	}
	d.Register = catalogcmd.RegisterFunc(d)
	root := NewRootCmd(d)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return cmdutil.ExitOK
	}
	if errors.Is(err, cmdutil.ErrProblem) {
		return cmdutil.ExitProblem
	}
	printError(ios, err)
	if errors.Is(err, context.Canceled) || errors.Is(err, cmdutil.ErrCancelled) {
		var sig *SignalError
		if errors.As(context.Cause(ctx), &sig) {
			return sig.ExitCode()
		}
		return 130
	}
	return cmdutil.ExitCode(err)
}

// watchSignals cancels the context on the first signal; on the second it
// kills the hooks' process groups and ends paved at once.
func watchSignals(sigs <-chan os.Signal, done <-chan struct{}, cancel context.CancelCauseFunc, children *interrupt.Children, ios *iostreams.IOStreams, exit func(int)) {
	first := true
	for {
		select {
		case <-done:
			return
		case s := <-sigs:
			if first {
				first = false
				cancel(&SignalError{Signal: s})
				continue
			}
			killed := ""
			if n := children.KillAll(); n > 0 {
				killed = fmt.Sprintf(", killed %d running %s", n, cmdutil.Plural(n, "hook", "hooks"))
			}
			fmt.Fprintf(ios.ErrOut, "\n%s again: stopped at once%s; an interrupted paved update is undone with paved update --abort\n", signalName(s), killed)
			exit((&SignalError{Signal: s}).ExitCode())
			return
		}
	}
}

func signalName(s os.Signal) string {
	switch s {
	case os.Interrupt:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGHUP:
		return "SIGHUP"
	}
	return s.String()
}

// interruption is an error that says what an interrupted command did and
// left; Main prints it instead of the usual "nothing was changed".
type interruption interface {
	error
	Interrupted()
}

func printError(ios *iostreams.IOStreams, err error) {
	var report interruption
	switch {
	case errors.As(err, &report):
		fmt.Fprintf(ios.ErrOut, "%s %s\n", ios.Yellow("Interrupted:"), err)
		if h := cmdutil.Hint(err); h != "" {
			fmt.Fprintf(ios.ErrOut, "  %s %s\n", ios.Dim("hint:"), h)
		}
		return
	case errors.Is(err, context.Canceled) || errors.Is(err, cmdutil.ErrCancelled):
		fmt.Fprintln(ios.ErrOut, "Cancelled: nothing was changed.")
		return
	}
	fmt.Fprintf(ios.ErrOut, "%s %s\n", ios.Red("Error:"), textsafe.Text(err.Error()))
	if h := cmdutil.Hint(err); h != "" {
		fmt.Fprintf(ios.ErrOut, "  %s %s\n", ios.Dim("hint:"), textsafe.Text(h))
	}
}

func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}
