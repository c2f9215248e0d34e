package checkcmd

import (
	"context"
	"testing"

	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/iostreams"
)

func TestNewCmd(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		args        []string
		dir, output string
		changes     bool
	}{
		{name: "defaults", output: "text"},
		{name: "dir, changes, json", args: []string{"svc", "--changes", "-o", "json"}, dir: "svc", output: "json", changes: true},
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
			if got.Dir != tt.dir || got.Output != tt.output || got.Changes != tt.changes {
				t.Errorf("Options = %+v, want dir %q output %q changes %v", got, tt.dir, tt.output, tt.changes)
			}
		})
	}
}
