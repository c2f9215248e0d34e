package source

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/google/go-cmp/cmp"

	"github.com/paved-dev/paved/internal/dirtest"
)

var builtin = fstest.MapFS{
	"minimal/template.yaml":           {Data: []byte("kind: Template\n")},
	"minimal/skeleton/README.md.tmpl": {Data: []byte("# {{.Values.name}}\n")},
	"go-service/template.yaml":        {Data: []byte("kind: Template\n")},
	"harness_test.go":                 {Data: []byte("package templates\n")},
	"notemplate/README":               {Data: []byte("x")},
}

// gitRepo makes a repository with a template under templates/svc, tagged
// v1.0.0, then a second commit tagged v1.1.0 and v1.1.0-rc.1 and a few
// tags that are not versions.
func gitRepo(t testing.TB) (dir string, commits []string) {
	t.Helper()
	dir = t.TempDir()
	repo, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName("main")},
	})
	if err != nil {
		t.Fatal(err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	for i, step := range []struct {
		version string
		tags    []string
	}{
		{"1.0.0", []string{"v1.0.0", "latest-ish"}},
		{"1.1.0", []string{"v1.1.0", "v1.1.0-rc.1", "v1.0.10", "2.0.0-beta", "v2"}},
	} {
		dirtest.Write(t, dir, map[string]string{
			"templates/svc/template.yaml":           "version: " + step.version + "\n",
			"templates/svc/skeleton/README.md.tmpl": "# svc\n",
			"README.md":                             "not a template root\n",
		})
		if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
			t.Fatal(err)
		}
		sig := &object.Signature{Name: "T", Email: "t@x", When: time.Date(2026, 1, 1, i, 0, 0, 0, time.UTC)}
		h, err := wt.Commit("v"+step.version, &git.CommitOptions{Author: sig, Committer: sig})
		if err != nil {
			t.Fatal(err)
		}
		commits = append(commits, h.String())
		for _, tag := range step.tags {
			if _, err := repo.CreateTag(tag, h, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir, commits
}

func readManifest(t *testing.T, tpl *Template) string {
	t.Helper()
	b, err := fs.ReadFile(tpl.FS, ManifestFile)
	if err != nil {
		t.Fatalf("read %s from %s: %v", ManifestFile, tpl.Source, err)
	}
	return string(b)
}

func TestResolve(t *testing.T) {
	t.Parallel()
	repo, commits := gitRepo(t)
	local := t.TempDir()
	dirtest.Write(t, local, map[string]string{"my-tpl/template.yaml": "kind: Template\n"})
	myTpl := filepath.Join(local, "my-tpl")

	tests := []struct {
		name     string
		ref      string
		want     Template // FS not compared
		manifest string
	}{
		{"built-in name", "minimal", Template{Kind: KindBuiltin, Source: "builtin", Name: "minimal"}, "kind: Template\n"},
		{"absolute directory", myTpl, Template{Kind: KindDir, Source: myTpl, Name: "my-tpl", Dir: myTpl}, "kind: Template\n"},
		{"git tag", "git::file://" + repo + "//templates/svc?ref=v1.0.0",
			Template{Kind: KindGit, Source: "git::file://" + repo + "//templates/svc", Name: "svc", Ref: "v1.0.0", Commit: commits[0]},
			"version: 1.0.0\n"},
		{"git default HEAD", "git::file://" + repo + "//templates/svc",
			Template{Kind: KindGit, Source: "git::file://" + repo + "//templates/svc", Name: "svc", Commit: commits[1]},
			"version: 1.1.0\n"},
		{"git commit", "git::file://" + repo + "//templates/svc?ref=" + commits[0],
			Template{Kind: KindGit, Source: "git::file://" + repo + "//templates/svc", Name: "svc", Ref: commits[0], Commit: commits[0]},
			"version: 1.0.0\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cache := t.TempDir()
			s := New(Options{Builtin: builtin, CacheDir: cache})
			got, err := s.Resolve(t.Context(), tt.ref)
			if err != nil {
				t.Fatalf("Resolve(%q): %v", tt.ref, err)
			}
			if got.Kind == KindGit {
				if !strings.HasPrefix(got.Dir, cache) || !strings.HasSuffix(got.Dir, filepath.Join(tt.want.Commit, "templates", "svc")) {
					t.Errorf("Dir = %s, want CACHE/git/KEY/%s/templates/svc", got.Dir, tt.want.Commit)
				}
				tt.want.Dir = got.Dir
			}
			if diff := cmp.Diff(tt.want, *got, cmp.FilterPath(func(p cmp.Path) bool { return p.String() == "FS" }, cmp.Ignore())); diff != "" {
				t.Errorf("Resolve(%q) mismatch (-want +got):\n%s", tt.ref, diff)
			}
			if m := readManifest(t, got); m != tt.manifest {
				t.Errorf("template.yaml = %q, want %q", m, tt.manifest)
			}
		})
	}
}

func TestResolveRelativeDirectory(t *testing.T) {
	// Not parallel: changes the working directory.
	dir := t.TempDir()
	dirtest.Write(t, dir, map[string]string{"minimal/template.yaml": "local\n", "mine/template.yaml": "mine\n"})
	t.Chdir(dir)
	s := New(Options{Builtin: builtin})
	for _, tt := range []struct{ ref, kind, manifest string }{
		{"minimal", "builtin", "kind: Template\n"}, // a built-in name wins…
		{"./minimal", "dir", "local\n"},            // …unless written as a path
		{"mine", "dir", "mine\n"},                  // an existing folder that is no built-in
	} {
		got, err := s.Resolve(t.Context(), tt.ref)
		if err != nil {
			t.Fatalf("Resolve(%q): %v", tt.ref, err)
		}
		if string(got.Kind) != tt.kind || readManifest(t, got) != tt.manifest {
			t.Errorf("Resolve(%q) = %s %q, want %s %q", tt.ref, got.Kind, readManifest(t, got), tt.kind, tt.manifest)
		}
		if got.Kind == KindDir && got.Source != filepath.Join(dir, strings.TrimPrefix(tt.ref, "./")) {
			t.Errorf("Resolve(%q).Source = %s, want an absolute path", tt.ref, got.Source)
		}
	}
}

func TestResolveErrors(t *testing.T) {
	t.Parallel()
	repo, _ := gitRepo(t)
	dir := t.TempDir()
	dirtest.Write(t, dir, map[string]string{"empty/README": "x", "file.txt": "x"})
	tests := []struct {
		name, ref, wantMsg, wantHint string
	}{
		{"empty", "", "no template given", "built-in templates: go-service, minimal"},
		{"unknown name lists built-ins", "expres-service", `unknown template "expres-service"`, "built-in templates: go-service, minimal; or give a directory"},
		{"a typo gets a suggestion", "minmal", `unknown template "minmal"`, "did you mean minimal? built-in templates"},
		{"missing directory", filepath.Join(dir, "nope"), "does not exist", "built-in templates"},
		{"a file", filepath.Join(dir, "file.txt"), "is a file, not a directory", "template.yaml"},
		{"no template.yaml", filepath.Join(dir, "empty"), "has no template.yaml", "paved templates lint"},
		{"git ref not found", "git::file://" + repo + "//templates/svc?ref=v9.9.9", `ref "v9.9.9" not found`, "v1.0.0, v1.0.10, v1.1.0"},
		{"git subdir missing", "git::file://" + repo + "//templates/nope?ref=v1.0.0", `no folder "templates/nope" at v1.0.0`, "//"},
		{"git root is no template", "git::file://" + repo, "no template.yaml in the repository root", "//SUBDIR"},
		{"git repository missing", "git::file://" + dir + "/nope.git", "repository not found", "check the URL"},
		{"bad git source", "git::https://h/o/r.git?tag=v1", "unknown parameter tag", "git::URL//SUBDIR?ref=REF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := New(Options{Builtin: builtin, CacheDir: t.TempDir()})
			_, err := s.Resolve(t.Context(), tt.ref)
			var se *Error
			if !errors.As(err, &se) {
				t.Fatalf("Resolve(%q) = %v, want a *source.Error", tt.ref, err)
			}
			if !strings.Contains(se.Error(), tt.wantMsg) || !strings.Contains(se.Hint(), tt.wantHint) {
				t.Errorf("Resolve(%q) = %q (hint %q), want %q (hint containing %q)", tt.ref, se.Error(), se.Hint(), tt.wantMsg, tt.wantHint)
			}
			if se.ExitCode() != 2 {
				t.Errorf("Resolve(%q) exit code = %d, want 2", tt.ref, se.ExitCode())
			}
		})
	}
}

func TestResolveProgressAndCache(t *testing.T) {
	t.Parallel()
	repo, _ := gitRepo(t)
	var progress bytes.Buffer
	s := New(Options{Builtin: builtin, CacheDir: t.TempDir(), Progress: &progress})
	ref := "git::file://" + repo + "//templates/svc?ref=v1.1.0"
	if _, err := s.Resolve(t.Context(), ref); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(progress.String(), "Fetching file://"+repo+" at v1.1.0") {
		t.Errorf("progress = %q, want a Fetching line", progress.String())
	}
	progress.Reset()
	if _, err := s.Resolve(t.Context(), ref); err != nil {
		t.Fatal(err)
	}
	if progress.Len() != 0 {
		t.Errorf("second Resolve fetched again: %q", progress.String())
	}
}

func TestTags(t *testing.T) {
	t.Parallel()
	repo, _ := gitRepo(t)
	s := New(Options{Builtin: builtin, CacheDir: t.TempDir()})
	tpl, err := s.Resolve(t.Context(), "git::file://"+repo+"//templates/svc?ref=v1.0.0")
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Tags(t.Context(), tpl)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2.0.0-beta", "v1.1.0", "v1.1.0-rc.1", "v1.0.10", "v1.0.0"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Tags mismatch (-want +got):\n%s", diff)
	}

	builtinTpl, err := s.Resolve(t.Context(), "minimal")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Tags(t.Context(), builtinTpl); err == nil || !strings.Contains(err.Error(), "only git templates have tagged versions") {
		t.Errorf("Tags(builtin) = %v, want an error", err)
	}
}

func TestBuiltins(t *testing.T) {
	t.Parallel()
	got := New(Options{Builtin: builtin}).Builtins()
	if diff := cmp.Diff([]string{"go-service", "minimal"}, got); diff != "" {
		t.Errorf("Builtins mismatch (-want +got):\n%s", diff)
	}
	if got := New(Options{}).Builtins(); got != nil {
		t.Errorf("Builtins without an FS = %v, want none", got)
	}
}

func TestDirectoryFSStaysInside(t *testing.T) {
	t.Parallel()
	outside := t.TempDir()
	dirtest.Write(t, outside, map[string]string{"secret": "s3cret"})
	dir := t.TempDir()
	dirtest.Write(t, dir, map[string]string{"template.yaml": "kind: Template\n", "skeleton/README.md": "hi"})
	if err := os.Symlink(filepath.Join(outside, "secret"), filepath.Join(dir, "skeleton", "escape")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("README.md", filepath.Join(dir, "skeleton", "inner")); err != nil {
		t.Fatal(err)
	}
	tpl, err := New(Options{}).Resolve(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := fs.ReadFile(tpl.FS, "skeleton/escape"); err == nil {
		t.Errorf("read %q through a symlink leaving the template", b)
	}
	entries, err := fs.ReadDir(tpl.FS, "skeleton")
	if err != nil {
		t.Fatal(err)
	}
	links := 0
	for _, e := range entries {
		if e.Type()&fs.ModeSymlink != 0 {
			links++
		}
	}
	if links != 2 {
		t.Errorf("ReadDir reports %d symlinks, want 2 (so the renderer can refuse them)", links)
	}
}
