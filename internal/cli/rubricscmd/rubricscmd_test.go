package rubricscmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/iostreams"
)

func TestCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("apiVersion: paved.dev/v1alpha1\nkind: Rubric\nmetadata: {name: b}\nspec:\n  levels: [a]\n  checks:\n    - {id: x, level: b, title: X, expr: 'true', remediation: r}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		argv     []string
		wantOut  string
		wantCode int
	}{
		{"list", []string{"list"}, "production-readiness", 0},
		{"show", []string{"show", "production-readiness"}, "recent-activity", 0},
		{"show yaml", []string{"show", "production-readiness", "-o", "yaml"}, "id: paved-latest", 0},
		{"lint example", []string{"lint", "../../../examples/rubrics/api-guidelines.yaml"}, "ok (7 checks", 0},
		{"lint bad", []string{"lint", bad}, "", 2},
		{"unknown subcommand", []string{"frobnicate"}, "", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ios, _, out, _ := iostreams.Test()
			cmd := NewCmd(&cmdutil.Deps{IO: ios, Getenv: func(string) string { return "" }})
			cmd.SetArgs(tt.argv)
			cmd.SetOut(out)
			cmd.SilenceErrors, cmd.SilenceUsage = true, true
			err := cmd.Execute()
			if code := cmdutil.ExitCode(err); code != tt.wantCode {
				t.Fatalf("exit %d (%v), want %d", code, err, tt.wantCode)
			}
			if !strings.Contains(out.String(), tt.wantOut) {
				t.Errorf("output lacks %q:\n%s", tt.wantOut, out)
			}
		})
	}
}
