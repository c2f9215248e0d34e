package update

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/source"
)

// hookTemplate is a template whose hook rewrites go.mod and writes go.sum,
// as go mod tidy does.
func hookTemplate(version, goLine string) map[string]string {
	hooks := "  hooks:\n    after:\n      - run: [sh, -c, 'printf \"require example.com/dep v1.0.0\\n\" >> go.mod && printf \"example.com/dep h1:x\\n\" > go.sum']\n        title: tidy\n"
	return map[string]string{
		"template.yaml":         manifestYAML(version, nameParam, hooks),
		"skeleton/go.mod.tmpl":  "module example.com/{{ .Values.name }}\n\n" + goLine + "\n",
		"skeleton/main.go.tmpl": "package main\n\nfunc main() {}\n",
		"skeleton/.gitignore":   "bin/\n",
		"skeleton/README.md":    "readme\n",
	}
}

func TestRunHooks(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("needs sh")
	}
	trees := map[string]map[string]string{"v1.0.0": hookTemplate("1.0.0", "go 1.24"), "v1.1.0": hookTemplate("1.1.0", "go 1.26")}
	generated := map[string]string{
		"go.mod": "module example.com/orders\n\ngo 1.24\nrequire example.com/dep v1.0.0\n",
		"go.sum": "example.com/dep h1:x\n",
	}
	for _, tc := range []struct {
		name    string
		trusted bool
		noHooks bool
	}{
		{name: "trusted: hooks run on the new render", trusted: true},
		{name: "untrusted: lockfiles carried, hooks listed"},
		{name: "--no-hooks wins over trust", trusted: true, noHooks: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, []string{"v1.0.0", "v1.1.0"}, trees, manifest.Values{"name": "orders"}, generated)
			f.env.Trusted = func(*source.Template) (bool, error) { return tc.trusted, nil }
			res, err := Run(t.Context(), f.env, Options{Dir: f.project, NoHooks: tc.noHooks})
			if err != nil {
				t.Fatal(err)
			}
			ran := tc.trusted && !tc.noHooks
			if got := len(res.HooksRun) > 0; got != ran {
				t.Errorf("HooksRun = %v, want run %v", res.HooksRun, ran)
			}
			gomod := f.read(t, "go.mod")
			if !strings.Contains(gomod, "go 1.26\n") {
				t.Errorf("go.mod lost the template's change:\n%s", gomod)
			}
			// Without the hooks, what they wrote into a template file is the
			// user's to restore (go mod tidy, listed in HooksToRun).
			if ran && !strings.Contains(gomod, "require example.com/dep v1.0.0\n") {
				t.Errorf("go.mod lost the hook's require:\n%s", gomod)
			}
			if f.read(t, "go.sum") != "example.com/dep h1:x\n" {
				t.Error("go.sum changed or vanished")
			}
			if !ran && (len(res.Carried) != 1 || len(res.HooksToRun) != 1) {
				t.Errorf("Carried = %v, HooksToRun = %v; want go.sum carried and the hook listed", res.Carried, res.HooksToRun)
			}
			// the pristine commit holds what the hooks wrote
			files, err := readTree(t.Context(), f.repo(t), res.Pristine)
			if err != nil {
				t.Fatal(err)
			}
			if files["go.sum"] == nil || files[".gitignore"] == nil {
				t.Errorf("pristine commit files = %v, want go.sum and .gitignore", Files(files).Paths())
			}
			if dirty, _ := f.repo(t).Dirty(t.Context()); len(dirty) != 0 {
				t.Errorf("dirty after update: %v", dirty)
			}
		})
	}
}

func TestRunHookFailure(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("needs sh")
	}
	bad := hookTemplate("1.1.0", "go 1.26")
	bad["template.yaml"] = manifestYAML("1.1.0", nameParam, "  hooks:\n    after:\n      - run: [sh, -c, 'echo offline >&2; exit 3']\n")
	f := newFixture(t, []string{"v1.0.0", "v1.1.0"}, map[string]map[string]string{"v1.0.0": hookTemplate("1.0.0", "go 1.24"), "v1.1.0": bad},
		manifest.Values{"name": "orders"}, nil)
	f.env.Trusted = func(*source.Template) (bool, error) { return true, nil }
	head, _, _ := f.repo(t).Head()
	_, err := Run(t.Context(), f.env, Options{Dir: f.project})
	if err == nil || !strings.Contains(err.Error(), "hooks") || !strings.Contains(err.Error(), "offline") {
		t.Fatalf("Run with a failing hook = %v, want an error with the hook's output", err)
	}
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(e.Fix, "--no-hooks") {
		t.Errorf("hint = %v, want --no-hooks", err)
	}
	if after, _, _ := f.repo(t).Head(); after != head || !strings.Contains(f.read(t, "go.mod"), "go 1.24") {
		t.Error("a failed hook changed the project")
	}
}

// The hook folders of dead runs are removed; a live run's, and folders
// that are not paved's, stay.
func TestSweepHookDirs(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("no sweeping where processes cannot be probed")
	}
	base := t.TempDir()
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Skip(err)
	}
	names := map[string]bool{ // name → kept
		fmt.Sprintf("%s%d-123", hookDirPrefix, dead.Process.Pid): false,
		fmt.Sprintf("%s%d-456", hookDirPrefix, os.Getpid()):      true,
		hookDirPrefix + "notapid-789":                            true,
		"other-1-2":                                              true,
	}
	for name := range names {
		if err := os.MkdirAll(filepath.Join(base, name, "orders"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	sweepHookDirs(base)
	for name, kept := range names {
		_, err := os.Stat(filepath.Join(base, name))
		if (err == nil) != kept {
			t.Errorf("%s: kept = %v, want %v", name, err == nil, kept)
		}
	}
}
