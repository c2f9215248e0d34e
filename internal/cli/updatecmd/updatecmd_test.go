package updatecmd

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/iostreams"
)

func TestNewCmd(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want Options
	}{
		{name: "defaults", args: nil, want: Options{Output: "text"}},
		{name: "dir and target", args: []string{"svc", "--to", "v1.2.0", "--yes"}, want: Options{Dir: "svc", To: "v1.2.0", Yes: true, Output: "text"}},
		{name: "answers keep commas and equals", args: []string{"--set", "a=1,2", "--set", "b=x=y"}, want: Options{Sets: []string{"a=1,2", "b=x=y"}, Output: "text"}},
		{name: "dry run as json", args: []string{"--dry-run", "-o", "json", "--allow-dirty"}, want: Options{DryRun: true, AllowDirty: true, Output: "json"}},
		{name: "continue", args: []string{"--continue"}, want: Options{Continue: true, Output: "text"}},
		{name: "abort", args: []string{"--abort"}, want: Options{Abort: true, Output: "text"}},
		{name: "hooks", args: []string{"--no-hooks", "--trust"}, want: Options{NoHooks: true, Trust: true, Output: "text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ios, _, _, _ := iostreams.Test()
			d := &cmdutil.Deps{IO: ios, Getenv: func(string) string { return "" }, Now: time.Now}
			var got *Options
			cmd := NewCmd(d, func(_ context.Context, o *Options) error { got = o; return nil })
			cmd.SetArgs(tt.args)
			if err := cmd.Execute(); err != nil {
				t.Fatalf("Execute(%v): %v", tt.args, err)
			}
			if diff := cmp.Diff(tt.want, *got, cmpopts.IgnoreFields(Options{}, "IO", "Prompter", "Sources", "Getenv", "Now", "Version", "Config")); diff != "" {
				t.Errorf("Options for %v (-want +got):\n%s", tt.args, diff)
			}
		})
	}
}

func TestRunBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts Options
	}{
		{name: "unknown output", opts: Options{Output: "yaml"}},
		{name: "continue and abort", opts: Options{Continue: true, Abort: true, Output: "text"}},
		{name: "continue with --to", opts: Options{Continue: true, To: "v1", Output: "text"}},
		{name: "abort with --dry-run", opts: Options{Abort: true, DryRun: true, Output: "text"}},
		{name: "set without equals", opts: Options{Sets: []string{"name"}, Output: "text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ios, _, _, _ := iostreams.Test()
			tt.opts.IO = ios
			tt.opts.Dir = t.TempDir()
			err := Run(t.Context(), &tt.opts)
			if got := cmdutil.ExitCode(err); got != cmdutil.ExitBadInput || errors.Is(err, cmdutil.ErrProblem) {
				t.Errorf("Run(%+v) = %v (exit %d), want exit 2", tt.opts, err, got)
			}
			if cmdutil.Hint(err) == "" {
				t.Errorf("Run(%+v) = %v has no hint", tt.opts, err)
			}
		})
	}
}
