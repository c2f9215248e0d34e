package newcmd

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paved-dev/paved/internal/answers"
	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/config"
	"github.com/paved-dev/paved/internal/iostreams"
	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/project"
	"github.com/paved-dev/paved/internal/source"
)

func TestNewCmd(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want Options
	}{
		{name: "defaults", args: []string{}, want: Options{Output: "text"}},
		{name: "template and dir", args: []string{"minimal", "--dir", "svc/orders"}, want: Options{Template: "minimal", Dir: "svc/orders", Output: "text"}},
		{
			name: "set keeps commas and splits later",
			args: []string{"x", "--set", "tags=a,b", "--set", "expr=a=b", "--values", "v.yaml", "-y"},
			want: Options{Template: "x", Sets: []string{"tags=a,b", "expr=a=b"}, ValuesFile: "v.yaml", Yes: true, Output: "text"},
		},
		{
			name: "every switch",
			args: []string{"x", "--dry-run", "--force", "--no-git", "--no-hooks", "--no-register", "--trust", "-o", "json"},
			want: Options{Template: "x", DryRun: true, Force: true, NoGit: true, NoHooks: true, NoRegister: true, Trust: true, Output: "json"},
		},
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
				t.Fatal(err)
			}
			// compare only what flags and arguments fill in
			got.IO, got.Prompter, got.Sources, got.Builtins, got.Getenv, got.Now, got.Version, got.Config, got.Register = nil, nil, nil, nil, nil, nil, "", nil, nil
			if diff := cmp.Diff(tt.want, *got); diff != "" {
				t.Errorf("Options (-want +got):\n%s", diff)
			}
		})
	}
}

const testManifest = `apiVersion: paved.dev/v1alpha1
kind: Template
metadata: {name: svc}
spec:
  version: 2.0.0
  parameters:
    - name: name
      required: true
      pattern: '^[a-z-]+$'
    - name: owner
      required: true
  hooks:
    after:
      - run: [sh, -c, 'echo hooked > hook.txt']
        title: Writing hook.txt
  nextSteps:
    - 'cd {{ .Values.name }}'
`

// fakeSources resolves every TEMPLATE to one in-memory template of kind.
type fakeSources struct{ kind source.Kind }

func (f fakeSources) Resolve(_ context.Context, ref string) (*source.Template, error) {
	if ref == "nope" {
		return nil, cmdutil.BadInputf("unknown template %q", ref)
	}
	src := "builtin"
	if f.kind != source.KindBuiltin {
		src = "/templates/svc"
	}
	return &source.Template{Kind: f.kind, Source: src, Name: ref, FS: fstest.MapFS{
		"template.yaml":              {Data: []byte(testManifest)},
		"skeleton/README.md.tmpl":    {Data: []byte("# {{ .Values.name }} by {{ .Values.owner }}\n")},
		"skeleton/.gitignore":        {Data: []byte("*.log\n")},
		"skeleton/scripts/run.sh":    {Data: []byte("#!/bin/sh\n"), Mode: 0o755},
		"skeleton/ci.yml":            {Data: []byte("sha: ${{ github.sha }}\n")},
		"skeleton/catalog-info.yaml": {Data: []byte("kind: Component\n")},
	}}, nil
}

// fakePrompter answers the questions nobody answered yet.
type fakePrompter struct{ answers manifest.Values }

func (f fakePrompter) Ask(_ context.Context, m *manifest.Manifest, known manifest.Values, _ answers.Renderer) (manifest.Values, error) {
	out := manifest.Values{}
	for _, p := range m.Spec.Parameters {
		if v, ok := f.answers[p.Name]; ok {
			out[p.Name] = v
		}
	}
	for k, v := range known {
		out[k] = v
	}
	return out, nil
}

var fixedNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func testOptions(t *testing.T, kind source.Kind) (o *Options, out, errOut *bytes.Buffer) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	o = &Options{
		IO:       ios,
		Sources:  fakeSources{kind: kind},
		Builtins: []string{"minimal", "svc"},
		Getenv: func(k string) string {
			if k == "PAVED_AUTHOR" {
				return "Paved Test <test@paved.dev>"
			}
			return ""
		},
		Now:      func() time.Time { return fixedNow },
		Version:  "test",
		Config:   func() (*config.Config, error) { return &config.Config{}, nil },
		Template: "svc",
		Dir:      filepath.Join(t.TempDir(), "orders"),
		Sets:     []string{"name=orders", "owner=group:payments"},
		Output:   "text",
	}
	return o, out, errOut
}

func TestRun(t *testing.T) {
	t.Parallel()
	t.Run("creates the project with git and prints the next steps", func(t *testing.T) {
		t.Parallel()
		o, out, _ := testOptions(t, source.KindBuiltin)
		if err := Run(t.Context(), o); err != nil {
			t.Fatal(err)
		}
		readme, _ := os.ReadFile(filepath.Join(o.Dir, "README.md"))
		if string(readme) != "# orders by group:payments\n" {
			t.Errorf("README.md = %q", readme)
		}
		if info, err := os.Stat(filepath.Join(o.Dir, "scripts/run.sh")); err != nil || info.Mode().Perm() != 0o755 {
			t.Errorf("scripts/run.sh mode = %v, %v; want 0755", info, err)
		}
		if _, err := os.Stat(filepath.Join(o.Dir, ".git")); err != nil {
			t.Errorf("no .git: %v", err)
		}
		if hook, _ := os.ReadFile(filepath.Join(o.Dir, "hook.txt")); string(hook) != "hooked\n" {
			t.Errorf("builtin hook did not run: hook.txt = %q", hook)
		}
		f, err := project.Read(o.Dir)
		if err != nil {
			t.Fatal(err)
		}
		if f.Template.Name != "svc" || f.Template.Version != "2.0.0" || f.Values["name"] != "orders" {
			t.Errorf(".paved.yaml = %+v", f)
		}
		for _, want := range []string{"Created", "from svc 2.0.0 (6 files", "✓ Writing hook.txt", "first commit", "Next steps:\n  cd "} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("the first commit is the same for the same answers and clock", func(t *testing.T) {
		t.Parallel()
		var hashes []string
		for range 2 {
			o, out, _ := testOptions(t, source.KindBuiltin)
			o.Output = "json"
			if err := Run(t.Context(), o); err != nil {
				t.Fatal(err)
			}
			var res Result
			if err := json.Unmarshal([]byte(out.String()), &res); err != nil {
				t.Fatal(err)
			}
			hashes = append(hashes, res.GitCommit)
		}
		if hashes[0] == "" || hashes[0] != hashes[1] {
			t.Errorf("first commits = %v, want the same hash twice", hashes)
		}
	})
	t.Run("missing answers without a terminal name every one", func(t *testing.T) {
		t.Parallel()
		o, _, _ := testOptions(t, source.KindBuiltin)
		o.Sets = nil
		err := Run(t.Context(), o)
		var me *answers.MissingAnswersError
		if !errors.As(err, &me) || cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "name, owner") {
			t.Fatalf("Run() = %v, want missing answers for name, owner (exit 2)", err)
		}
		if _, err := os.Stat(o.Dir); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("target created despite the error")
		}
	})
	t.Run("a bad --set is bad input", func(t *testing.T) {
		t.Parallel()
		o, _, _ := testOptions(t, source.KindBuiltin)
		o.Sets = []string{"name"}
		if err := Run(t.Context(), o); cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), `--set "name": want KEY=VALUE`) {
			t.Fatalf("Run() = %v", err)
		}
	})
	t.Run("no template without a terminal is bad usage listing built-ins", func(t *testing.T) {
		t.Parallel()
		o, _, _ := testOptions(t, source.KindBuiltin)
		o.Template = ""
		err := Run(t.Context(), o)
		if cmdutil.ExitCode(err) != 2 || !strings.Contains(cmdutil.Hint(err), "minimal, svc") {
			t.Fatalf("Run() = %v (hint %q)", err, cmdutil.Hint(err))
		}
	})
	t.Run("an interactive run asks and prints the equivalent command", func(t *testing.T) {
		t.Parallel()
		o, out, _ := testOptions(t, source.KindBuiltin)
		o.IO.InTTY, o.IO.OutTTY = true, true
		o.Template = ""
		o.Sets = []string{"name=orders"}
		o.Prompter = fakePrompter{answers: manifest.Values{"template": "svc", "owner": "group:asked"}}
		if err := Run(t.Context(), o); err != nil {
			t.Fatal(err)
		}
		f, err := project.Read(o.Dir)
		if err != nil {
			t.Fatal(err)
		}
		if f.Values["owner"] != "group:asked" {
			t.Errorf("owner = %v, want the form's answer", f.Values["owner"])
		}
		if !strings.Contains(out.String(), "To create the same service without questions:\n  paved new svc --set name=orders --set owner=group:asked") {
			t.Errorf("output lacks the command line:\n%s", out)
		}
	})
	t.Run("hooks of a template that is not built in are skipped and listed", func(t *testing.T) {
		t.Parallel()
		o, out, _ := testOptions(t, source.KindDir)
		if err := Run(t.Context(), o); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(o.Dir, "hook.txt")); err == nil {
			t.Error("an untrusted hook ran")
		}
		if !strings.Contains(out.String(), "Skipped 1 hook") || !strings.Contains(out.String(), "sh -c 'echo hooked > hook.txt'") {
			t.Errorf("output does not say which hook was skipped and how to run it:\n%s", out)
		}
	})
	for _, trust := range []struct {
		name string
		edit func(o *Options)
	}{
		{name: "--trust runs them", edit: func(o *Options) { o.Trust = true }},
		{name: "a trusted source in the config runs them", edit: func(o *Options) {
			o.Config = func() (*config.Config, error) { return &config.Config{TrustedSources: []string{"/templates/"}}, nil }
		}},
	} {
		t.Run(trust.name, func(t *testing.T) {
			t.Parallel()
			o, _, _ := testOptions(t, source.KindDir)
			trust.edit(o)
			if err := Run(t.Context(), o); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(filepath.Join(o.Dir, "hook.txt")); err != nil {
				t.Errorf("trusted hook did not run: %v", err)
			}
		})
	}
	t.Run("--no-hooks skips even built-in hooks", func(t *testing.T) {
		t.Parallel()
		o, _, _ := testOptions(t, source.KindBuiltin)
		o.NoHooks = true
		if err := Run(t.Context(), o); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(o.Dir, "hook.txt")); err == nil {
			t.Error("hook ran with --no-hooks")
		}
	})
	t.Run("--no-git makes no repository", func(t *testing.T) {
		t.Parallel()
		o, out, _ := testOptions(t, source.KindBuiltin)
		o.NoGit = true
		if err := Run(t.Context(), o); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(o.Dir, ".git")); err == nil || strings.Contains(out.String(), "first commit") {
			t.Error("a git repository was made with --no-git")
		}
	})
	t.Run("registers the new service, and a failure is only a warning", func(t *testing.T) {
		t.Parallel()
		o, out, _ := testOptions(t, source.KindBuiltin)
		var got string
		o.Register = func(_ context.Context, dir string) (string, error) { got = dir; return "component:default/orders", nil }
		if err := Run(t.Context(), o); err != nil {
			t.Fatal(err)
		}
		if got != o.Dir || !strings.Contains(out.String(), "Registered component:default/orders") {
			t.Errorf("Register(%q); output:\n%s", got, out)
		}

		o2, _, errOut2 := testOptions(t, source.KindBuiltin)
		o2.Register = func(context.Context, string) (string, error) { return "", errors.New("catalog locked") }
		if err := Run(t.Context(), o2); err != nil {
			t.Fatalf("Run() = %v, want success with a warning", err)
		}
		if !strings.Contains(errOut2.String(), "not registered in the catalog: catalog locked") {
			t.Errorf("ErrOut = %q", errOut2)
		}

		o3, _, _ := testOptions(t, source.KindBuiltin)
		o3.NoRegister = true
		o3.Register = func(context.Context, string) (string, error) {
			t.Error("registered with --no-register")
			return "", nil
		}
		if err := Run(t.Context(), o3); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("dry run prints the tree and writes nothing", func(t *testing.T) {
		t.Parallel()
		o, out, _ := testOptions(t, source.KindDir)
		o.DryRun = true
		if err := Run(t.Context(), o); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(o.Dir); !errors.Is(err, os.ErrNotExist) {
			t.Error("dry run created the target")
		}
		want := `orders/ from svc 2.0.0 (6 files, `
		for _, w := range []string{want, "  scripts/\n    run.sh", "(executable)", "Would skip 1 hook:", "Nothing was written"} {
			if !strings.Contains(out.String(), w) {
				t.Errorf("dry run output lacks %q:\n%s", w, out)
			}
		}
	})
	t.Run("dry run with --force lists what it would overwrite", func(t *testing.T) {
		t.Parallel()
		o, out, _ := testOptions(t, source.KindBuiltin)
		if err := os.MkdirAll(o.Dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(o.Dir, "README.md"), []byte("mine"), 0o644); err != nil {
			t.Fatal(err)
		}
		o.DryRun = true
		if err := Run(t.Context(), o); cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "not empty") {
			t.Fatalf("dry run into a non-empty folder without --force = %v", err)
		}
		o.Force = true
		o.Output = "json"
		out.Reset()
		if err := Run(t.Context(), o); err != nil {
			t.Fatal(err)
		}
		var res Result
		if err := json.Unmarshal([]byte(out.String()), &res); err != nil {
			t.Fatal(err)
		}
		if !res.DryRun || !cmp.Equal(res.Overwritten, []string{"README.md"}) || len(res.Tree) != 6 {
			t.Errorf("dry run result = %+v", res)
		}
		if data, _ := os.ReadFile(filepath.Join(o.Dir, "README.md")); string(data) != "mine" {
			t.Error("dry run overwrote README.md")
		}
	})
	t.Run("json output", func(t *testing.T) {
		t.Parallel()
		o, out, _ := testOptions(t, source.KindDir)
		o.Output = "json"
		o.Register = func(context.Context, string) (string, error) { return "component:default/orders", nil }
		if err := Run(t.Context(), o); err != nil {
			t.Fatal(err)
		}
		var res Result
		if err := json.Unmarshal([]byte(out.String()), &res); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		want := Result{Dir: o.Dir, Template: "svc", Version: "2.0.0", Source: "/templates/svc", Files: 6, Bytes: res.Bytes,
			GitCommit: res.GitCommit, Registered: "component:default/orders",
			HooksSkipped: [][]string{{"sh", "-c", "echo hooked > hook.txt"}}, NextSteps: []string{"cd " + o.Dir}}
		if diff := cmp.Diff(want, res); diff != "" || len(res.GitCommit) != 40 {
			t.Errorf("json result (-want +got):\n%s", diff)
		}
	})
	t.Run("an unknown output format is bad usage", func(t *testing.T) {
		t.Parallel()
		o, _, _ := testOptions(t, source.KindBuiltin)
		o.Output = "yaml"
		if err := Run(t.Context(), o); cmdutil.ExitCode(err) != 2 {
			t.Fatalf("Run() = %v", err)
		}
	})
}

func TestRunForceIntoRepository(t *testing.T) {
	t.Parallel()
	o, out, errOut := testOptions(t, source.KindBuiltin)
	if err := os.MkdirAll(filepath.Join(o.Dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(o.Dir, ".git", "HEAD"), []byte("ref: refs/heads/trunk\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	o.Force = true
	if err := Run(t.Context(), o); err != nil {
		t.Fatal(err)
	}
	if head, _ := os.ReadFile(filepath.Join(o.Dir, ".git", "HEAD")); string(head) != "ref: refs/heads/trunk\n" {
		t.Errorf("the existing repository was touched: HEAD = %q", head)
	}
	if !strings.Contains(errOut.String(), "already a git repository") || strings.Contains(out.String(), "first commit") {
		t.Errorf("output:\n%s\n%s", out, errOut)
	}
}

func TestRunProgressOnTerminal(t *testing.T) {
	t.Parallel()
	o, _, errOut := testOptions(t, source.KindBuiltin)
	o.IO.ErrTTY = true
	if err := Run(t.Context(), o); err != nil {
		t.Fatal(err)
	}
	// the spinner ends on a line of its own with a tick and the hook's title
	if !strings.Contains(errOut.String(), "\r\x1b[K✓ Writing hook.txt\n") {
		t.Errorf("ErrOut = %q, want the finished spinner line", errOut)
	}
}

func TestRunRefusesTargetBeforeAsking(t *testing.T) {
	t.Parallel()
	o, _, _ := testOptions(t, source.KindBuiltin)
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(o.Dir, "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	o.IO.InTTY, o.IO.OutTTY = true, true
	o.Sets = nil
	o.Prompter = askNever{t}
	if err := Run(t.Context(), o); cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("Run() = %v, want a not-empty target error", err)
	}
}

// askNever fails the test if a form appears.
type askNever struct{ t *testing.T }

func (a askNever) Ask(context.Context, *manifest.Manifest, manifest.Values, answers.Renderer) (manifest.Values, error) {
	a.t.Error("the form appeared")
	return nil, errors.New("asked")
}

func TestRunNoCommandLineWhenNothingAsked(t *testing.T) {
	t.Parallel()
	o, out, _ := testOptions(t, source.KindBuiltin)
	o.IO.InTTY, o.IO.OutTTY = true, true
	o.Prompter = fakePrompter{} // flags answered every question
	if err := Run(t.Context(), o); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "without questions") {
		t.Errorf("printed the equivalent command though nothing was asked:\n%s", out)
	}
}

func TestNextSteps(t *testing.T) {
	t.Parallel()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	v := manifest.Values{"name": "orders"}
	tests := []struct {
		dir  string
		want []string
	}{
		{dir: filepath.Join(wd, "orders"), want: []string{"cd orders", "make test"}},
		{dir: filepath.Join(wd, "services", "orders"), want: []string{"cd services/orders", "make test"}},
		{dir: "/elsewhere/my orders", want: []string{"cd '/elsewhere/my orders'", "make test"}},
	}
	for _, tt := range tests {
		if got := nextSteps([]string{"cd orders", "make test"}, v, tt.dir); !cmp.Equal(got, tt.want) {
			t.Errorf("nextSteps(dir %s) = %q, want %q", tt.dir, got, tt.want)
		}
	}
}
