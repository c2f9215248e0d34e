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
	"github.com/paved-dev/paved/internal/iostreams"
	"github.com/paved-dev/paved/internal/textsafe"
)

// Version is paved's version, set at build time with
// -ldflags "-X github.com/paved-dev/paved/internal/cli.Version=v1.2.3".
var Version = ""

// Main runs paved with args (without the program name) and returns the exit code.
func Main(ctx context.Context, args []string, ios *iostreams.IOStreams, getenv func(string) string) int {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

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
		return 130
	}
	return cmdutil.ExitCode(err)
}

func printError(ios *iostreams.IOStreams, err error) {
	if errors.Is(err, context.Canceled) || errors.Is(err, cmdutil.ErrCancelled) {
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
