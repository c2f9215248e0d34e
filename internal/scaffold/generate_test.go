package scaffold

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paved-dev/paved/internal/dirtest"
	"github.com/paved-dev/paved/internal/manifest"
)

func testPlan() *Plan {
	return &Plan{Files: []File{
		{Path: ".paved.yaml", Mode: 0o644, Data: []byte("template: {}\n")},
		{Path: "README.md", Mode: 0o644, Data: []byte("# orders\n")},
		{Path: "bin/run.sh", Mode: 0o755, Data: []byte("#!/bin/sh\n")},
		{Path: "src/deep/a.ts", Mode: 0o644, Data: []byte("a")},
	}}
}

// tree reads every file under dir as path → mode + content.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = info.Mode().Perm().String() + " " + string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// entries lists the names in dir, to prove no staging folder is left behind.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestGenerate(t *testing.T) {
	t.Parallel()
	want := map[string]string{
		".paved.yaml":   "-rw-r--r-- template: {}\n",
		"README.md":     "-rw-r--r-- # orders\n",
		"bin/run.sh":    "-rwxr-xr-x #!/bin/sh\n",
		"src/deep/a.ts": "-rw-r--r-- a",
	}
	t.Run("a new folder", func(t *testing.T) {
		t.Parallel()
		parent := t.TempDir()
		target := filepath.Join(parent, "orders")
		res, err := Generate(t.Context(), testPlan(), target, GenerateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, tree(t, target)); diff != "" {
			t.Errorf("generated tree (-want +got):\n%s", diff)
		}
		if res.Dir != target || res.Files != 4 || len(res.Overwritten) != 0 {
			t.Errorf("Result = %+v", res)
		}
		if diff := cmp.Diff([]string{"orders"}, entries(t, parent)); diff != "" {
			t.Errorf("parent folder (-want +got):\n%s", diff)
		}
		if info, _ := os.Stat(target); info.Mode().Perm() != 0o755 {
			t.Errorf("target mode = %v, want 0755", info.Mode().Perm())
		}
	})
	t.Run("missing parents are created", func(t *testing.T) {
		t.Parallel()
		target := filepath.Join(t.TempDir(), "a", "b", "orders")
		if _, err := Generate(t.Context(), testPlan(), target, GenerateOptions{}); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, tree(t, target)); diff != "" {
			t.Errorf("generated tree (-want +got):\n%s", diff)
		}
	})
	t.Run("an empty existing folder", func(t *testing.T) {
		t.Parallel()
		target := t.TempDir()
		if _, err := Generate(t.Context(), testPlan(), target, GenerateOptions{}); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, tree(t, target)); diff != "" {
			t.Errorf("generated tree (-want +got):\n%s", diff)
		}
	})
	t.Run("a non-empty folder is refused without force", func(t *testing.T) {
		t.Parallel()
		target := t.TempDir()
		dirtest.Write(t, target, map[string]string{"mine.txt": "keep"})
		_, err := Generate(t.Context(), testPlan(), target, GenerateOptions{})
		var te *TargetError
		if !errors.As(err, &te) || !strings.Contains(err.Error(), "folder is not empty") || !strings.Contains(te.Hint(), "--force") {
			t.Fatalf("Generate() error = %v, want a not-empty TargetError with a --force hint", err)
		}
		if diff := cmp.Diff(map[string]string{"mine.txt": "-rw-r--r-- keep"}, tree(t, target)); diff != "" {
			t.Errorf("target changed (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{filepath.Base(target)}, entries(t, filepath.Dir(target))); diff != "" {
			t.Errorf("staging left behind (-want +got):\n%s", diff)
		}
	})
	t.Run("force overwrites the plan's files and keeps the others", func(t *testing.T) {
		t.Parallel()
		target := t.TempDir()
		dirtest.Write(t, target, map[string]string{"mine.txt": "keep", "README.md": "old", "src/deep/b.ts": "b"})
		plan := testPlan()
		conflicts, err := Conflicts(plan, target)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"README.md"}, conflicts); diff != "" {
			t.Errorf("Conflicts() (-want +got):\n%s", diff)
		}
		res, err := Generate(t.Context(), plan, target, GenerateOptions{Force: true})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"README.md"}, res.Overwritten); diff != "" {
			t.Errorf("Result.Overwritten (-want +got):\n%s", diff)
		}
		wantTree := map[string]string{"mine.txt": "-rw-r--r-- keep", "src/deep/b.ts": "-rw-r--r-- b"}
		for k, v := range want {
			wantTree[k] = v
		}
		if diff := cmp.Diff(wantTree, tree(t, target)); diff != "" {
			t.Errorf("generated tree (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{filepath.Base(target)}, entries(t, filepath.Dir(target))); diff != "" {
			t.Errorf("staging left behind (-want +got):\n%s", diff)
		}
	})
	t.Run("force refuses a folder where the plan writes a file, before moving anything", func(t *testing.T) {
		t.Parallel()
		target := t.TempDir()
		dirtest.Write(t, target, map[string]string{"README.md/inner": "x", ".paved.yaml": "old"})
		before := tree(t, target)
		_, err := Generate(t.Context(), testPlan(), target, GenerateOptions{Force: true})
		if err == nil || !strings.Contains(err.Error(), "README.md is a folder") {
			t.Fatalf("Generate() error = %v, want README.md is a folder", err)
		}
		if diff := cmp.Diff(before, tree(t, target)); diff != "" {
			t.Errorf("target changed (-want +got):\n%s", diff)
		}
	})
	t.Run("a target that is a file is refused", func(t *testing.T) {
		t.Parallel()
		target := filepath.Join(t.TempDir(), "f")
		dirtest.Write(t, filepath.Dir(target), map[string]string{"f": "x"})
		if _, err := Generate(t.Context(), testPlan(), target, GenerateOptions{Force: true}); err == nil || !strings.Contains(err.Error(), "is not a folder") {
			t.Fatalf("Generate() error = %v, want not a folder", err)
		}
	})
}

func TestGenerateAtomic(t *testing.T) {
	t.Parallel()
	hookPlan := func(run ...string) *Plan {
		p := testPlan()
		p.Hooks = []manifest.Hook{{Run: []string{"sh", "-c", "echo ok > hooked"}, Title: "first"}, {Run: run, Title: "second"}}
		return p
	}
	escaping := testPlan()
	escaping.Files = append(escaping.Files, File{Path: "../escaped", Mode: 0o644, Data: []byte("x")})
	tests := []struct {
		name    string
		plan    *Plan
		force   bool
		want    string
		hint    string
		output  string
		prepare map[string]string // files already in the target
	}{
		{name: "the last file failing to write leaves no target", plan: escaping, want: "write ../escaped"},
		{name: "a failing hook leaves no target", plan: hookPlan("sh", "-c", "echo broken dependency >&2; exit 3"), want: `hook "second" (sh -c echo broken dependency >&2; exit 3) failed: exit status 3`, output: "broken dependency"},
		{name: "a missing hook command leaves no target", plan: hookPlan("paved-no-such-command"), want: "executable file not found", hint: "install paved-no-such-command"},
		{name: "a failing hook leaves a forced target as it was", plan: hookPlan("false"), force: true, prepare: map[string]string{"README.md": "mine", "x": "y"}, want: `hook "second"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			parent := t.TempDir()
			target := filepath.Join(parent, "orders")
			if tt.prepare != nil {
				dirtest.Write(t, target, tt.prepare)
			}
			before := entries(t, parent)
			var beforeTree map[string]string
			if tt.prepare != nil {
				beforeTree = tree(t, target)
			}
			_, err := Generate(t.Context(), tt.plan, target, GenerateOptions{RunHooks: true, Force: tt.force, Log: io.Discard})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Generate() error = %v, want %q", err, tt.want)
			}
			if tt.output != "" && !strings.Contains(err.Error(), tt.output) {
				t.Errorf("Generate() error does not show the hook's output %q: %v", tt.output, err)
			}
			if tt.hint != "" {
				var he *HookError
				if !errors.As(err, &he) || !strings.Contains(he.Hint(), tt.hint) {
					t.Errorf("hint = %v, want %q", err, tt.hint)
				}
			}
			if diff := cmp.Diff(before, entries(t, parent)); diff != "" {
				t.Errorf("parent folder changed (-before +after):\n%s", diff)
			}
			if tt.prepare != nil {
				if diff := cmp.Diff(beforeTree, tree(t, target)); diff != "" {
					t.Errorf("target changed (-before +after):\n%s", diff)
				}
			}
		})
	}
}

func TestGenerateHooks(t *testing.T) {
	t.Parallel()
	p := testPlan()
	p.Hooks = []manifest.Hook{{Run: []string{"sh", "-c", "ls README.md > listed; echo $PAVED_X > env"}, Title: "Listing"}}
	t.Run("hooks run in the generated folder", func(t *testing.T) {
		t.Parallel()
		target := filepath.Join(t.TempDir(), "orders")
		errOut := new(bytes.Buffer)
		res, err := Generate(t.Context(), p, target, GenerateOptions{RunHooks: true, Log: errOut, Env: []string{"PAVED_X=42", "PATH=" + os.Getenv("PATH")}})
		if err != nil {
			t.Fatal(err)
		}
		got := tree(t, target)
		if got["listed"] != "-rw-r--r-- README.md\n" || got["env"] != "-rw-r--r-- 42\n" {
			t.Errorf("hook output files: listed=%q env=%q", got["listed"], got["env"])
		}
		if diff := cmp.Diff([]string{"Listing"}, res.HooksRun); diff != "" {
			t.Errorf("HooksRun (-want +got):\n%s", diff)
		}
		if !strings.Contains(errOut.String(), "→ Listing") {
			t.Errorf("ErrOut = %q, want the hook's title", errOut)
		}
	})
	t.Run("hooks are skipped unless asked", func(t *testing.T) {
		t.Parallel()
		target := filepath.Join(t.TempDir(), "orders")
		res, err := Generate(t.Context(), p, target, GenerateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := tree(t, target)["listed"]; ok || len(res.HooksRun) != 0 {
			t.Errorf("hook ran without RunHooks")
		}
	})
}

func TestConflicts(t *testing.T) {
	t.Parallel()
	target := t.TempDir()
	dirtest.Write(t, target, map[string]string{"README.md": "x", "bin": "a file where a folder would be", "other": "y"})
	got, err := Conflicts(testPlan(), target)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []string{"README.md"}) {
		t.Errorf("Conflicts() = %v, want [README.md]", got)
	}
	none, err := Conflicts(testPlan(), filepath.Join(target, "absent"))
	if err != nil || len(none) != 0 {
		t.Errorf("Conflicts(absent) = %v, %v; want none", none, err)
	}
}

func TestGenerateBeforeMove(t *testing.T) {
	t.Parallel()
	t.Run("runs in the staging folder with every file", func(t *testing.T) {
		t.Parallel()
		target := filepath.Join(t.TempDir(), "orders")
		var seen string
		_, err := Generate(t.Context(), testPlan(), target, GenerateOptions{BeforeMove: func(_ context.Context, dir string) error {
			if dir == target {
				return errors.New("ran on the target")
			}
			data, err := os.ReadFile(filepath.Join(dir, "README.md"))
			seen = string(data)
			return err
		}})
		if err != nil || seen != "# orders\n" {
			t.Fatalf("Generate() = %v, BeforeMove saw %q", err, seen)
		}
	})
	t.Run("its failure leaves nothing", func(t *testing.T) {
		t.Parallel()
		parent := t.TempDir()
		_, err := Generate(t.Context(), testPlan(), filepath.Join(parent, "orders"), GenerateOptions{BeforeMove: func(context.Context, string) error {
			return errors.New("git broke")
		}})
		if err == nil || err.Error() != "git broke" {
			t.Fatalf("Generate() = %v, want git broke", err)
		}
		if names := entries(t, parent); len(names) != 0 {
			t.Errorf("left behind: %v", names)
		}
	})
}

func TestHookErrorExitCode(t *testing.T) {
	t.Parallel()
	p := testPlan()
	p.Hooks = []manifest.Hook{{Run: []string{"sh", "-c", "exit 3"}, Title: "three"}}
	_, err := Generate(t.Context(), p, filepath.Join(t.TempDir(), "x"), GenerateOptions{RunHooks: true})
	var coded interface{ ExitCode() int }
	if !errors.As(err, &coded) || coded.ExitCode() != 1 {
		t.Fatalf("Generate() = %v, want an error exiting 1, not the hook's 3", err)
	}
}

func TestGenerateForceMovesNewFolders(t *testing.T) {
	t.Parallel()
	target := t.TempDir()
	dirtest.Write(t, target, map[string]string{"src/mine.ts": "mine", "README.md": "old"})
	p := testPlan()
	p.Hooks = []manifest.Hook{{Run: []string{"sh", "-c", "mkdir -p node_modules/a && echo x > node_modules/a/index.js"}, Title: "install"}}
	if _, err := Generate(t.Context(), p, target, GenerateOptions{Force: true, RunHooks: true}); err != nil {
		t.Fatal(err)
	}
	got := tree(t, target)
	for path, want := range map[string]string{
		"src/mine.ts":             "-rw-r--r-- mine",
		"src/deep/a.ts":           "-rw-r--r-- a",
		"README.md":               "-rw-r--r-- # orders\n",
		"node_modules/a/index.js": "-rw-r--r-- x\n",
		"bin/run.sh":              "-rwxr-xr-x #!/bin/sh\n",
	} {
		if got[path] != want {
			t.Errorf("%s = %q, want %q", path, got[path], want)
		}
	}
	if names := entries(t, filepath.Dir(target)); len(names) != 1 {
		t.Errorf("staging left behind: %v", names)
	}
}
