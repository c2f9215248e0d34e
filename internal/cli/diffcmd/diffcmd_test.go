package diffcmd

import (
	"context"
	"testing"

	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/iostreams"
)

func TestNewCmd(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		args           []string
		dir, output    string
		stat, exitCode bool
	}{
		{name: "defaults", output: "text"},
		{name: "stat with exit code", args: []string{"svc", "--stat", "--exit-code"}, dir: "svc", output: "text", stat: true, exitCode: true},
		{name: "json", args: []string{"-o", "json"}, output: "json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ios, _, _, _ := iostreams.Test()
			var got *Options
			cmd := NewCmd(&cmdutil.Deps{IO: ios}, func(_ context.Context, o *Options) error { got = o; return nil })
			cmd.SetArgs(tt.args)
			if err := cmd.Execute(); err != nil {
				t.Fatal(err)
			}
			if got.Dir != tt.dir || got.Output != tt.output || got.Stat != tt.stat || got.ExitCode != tt.exitCode {
				t.Errorf("Options = %+v", got)
			}
		})
	}
}
