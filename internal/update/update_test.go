package update

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"

	"github.com/paved-dev/paved/internal/dirtest"
	"github.com/paved-dev/paved/internal/gitx"
	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/merge"
	"github.com/paved-dev/paved/internal/project"
	"github.com/paved-dev/paved/internal/source"
)

const gitSource = "git::https://example.com/acme/templates.git//svc"

var testSig = gitx.Signature{Name: "Paved Test", Email: "test@paved.dev", When: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}

// fakeSources serves template versions from folders, as a git source with
// one tag per version (the tag is also the version's "commit").
type fakeSources struct {
	dirs map[string]string // tag → template folder
	tags []string          // newest first
}

func (f *fakeSources) Resolve(_ context.Context, ref string) (*source.Template, error) {
	src, tag, _ := strings.Cut(ref, "?ref=")
	if src != gitSource {
		return nil, errors.New("unknown source " + ref)
	}
	if tag == "" {
		tag = f.tags[0]
	}
	dir, ok := f.dirs[tag]
	if !ok {
		return nil, errors.New("no ref " + tag)
	}
	return &source.Template{Kind: source.KindGit, Source: gitSource, Name: "svc", Ref: tag, Commit: tag, FS: os.DirFS(dir), Dir: dir}, nil
}

func (f *fakeSources) Tags(context.Context, *source.Template) ([]string, error) { return f.tags, nil }

func manifestYAML(version string, params, extra string) string {
	return "apiVersion: paved.dev/v1alpha1\nkind: Template\nmetadata:\n  name: svc\nspec:\n  version: " + version +
		"\n  parameters:\n" + params + extra
}

const nameParam = "    - name: name\n      required: true\n"

// fixture is a template with versions and a project generated at the first.
type fixture struct {
	src     *fakeSources
	project string
	env     Env
}

// newFixture writes each version's template (tag → files) and generates the
// project from the oldest, committing it as `paved new` does; extra files
// land in that first commit as hooks' outputs would.
func newFixture(t testing.TB, versions []string, trees map[string]map[string]string, values manifest.Values, hookOutputs map[string]string) *fixture {
	t.Helper()
	root := t.TempDir()
	f := &fixture{src: &fakeSources{dirs: map[string]string{}}}
	for i := len(versions) - 1; i >= 0; i-- {
		v := versions[i]
		dir := filepath.Join(root, "tpl-"+v)
		dirtest.Write(t, dir, trees[v])
		f.src.dirs[v] = dir
		f.src.tags = append(f.src.tags, v)
	}
	f.env = Env{Sources: f.src, Author: func() (gitx.Signature, error) { return testSig, nil }, PavedVersion: "test",
		Answer: func(_ context.Context, m *manifest.Manifest, known manifest.Values) (manifest.Values, error) {
			return withDefaults(m, known)
		}}
	tpl, err := f.src.Resolve(t.Context(), gitSource+"?ref="+versions[0])
	if err != nil {
		t.Fatal(err)
	}
	m, err := manifest.Load(tpl.FS)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Render(t.Context(), tpl, m, values, "test")
	if err != nil {
		t.Fatal(err)
	}
	f.project = filepath.Join(root, "project")
	for _, file := range r.Plan.Files {
		dirtest.Write(t, f.project, map[string]string{file.Path + map[bool]string{true: "*"}[file.Mode&0o111 != 0]: string(file.Data)})
	}
	dirtest.Write(t, f.project, hookOutputs)
	if _, err := gitx.InitCommit(t.Context(), f.project, "Create svc\n\n"+FirstCommitMark+" test.", testSig); err != nil {
		t.Fatal(err)
	}
	return f
}

// edit changes project files and commits them.
func (f *fixture) edit(t testing.TB, files map[string]string) string {
	t.Helper()
	dirtest.Write(t, f.project, files)
	repo, err := gitx.OpenRepo(f.project)
	if err != nil {
		t.Fatal(err)
	}
	head, _, _ := repo.Head()
	entries, err := repo.Tree(t.Context(), head)
	if err != nil {
		t.Fatal(err)
	}
	for name := range files {
		name = strings.TrimSuffix(name, "*")
		data, mode, ok, err := gitx.ReadFile(f.project, name)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			delete(entries, name)
			continue
		}
		h, _ := repo.WriteBlob(data)
		entries[name] = gitx.Entry{Hash: h, Mode: mode}
	}
	tree, err := repo.WriteTree(entries)
	if err != nil {
		t.Fatal(err)
	}
	c, err := repo.CommitTree(tree, []string{head}, "user edit", testSig)
	if err != nil {
		t.Fatal(err)
	}
	if err := repo.Advance(c); err != nil {
		t.Fatal(err)
	}
	return c
}

func (f *fixture) read(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(f.project, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func (f *fixture) exists(name string) bool {
	_, err := os.Lstat(filepath.Join(f.project, filepath.FromSlash(name)))
	return err == nil
}

func (f *fixture) repo(t *testing.T) *gitx.Repo {
	t.Helper()
	repo, err := gitx.OpenRepo(f.project)
	if err != nil {
		t.Fatal(err)
	}
	return repo
}

// assertLines checks that every line is still in the file: nothing the
// user wrote is lost.
func (f *fixture) assertLines(t *testing.T, name string, lines ...string) {
	t.Helper()
	got := f.read(t, name)
	for _, l := range lines {
		if !strings.Contains(got, l+"\n") {
			t.Errorf("%s lost the line %q:\n%s", name, l, got)
		}
	}
}

func changeOf(res *Result, p string) *Change {
	for i := range res.Changes {
		if res.Changes[i].Path == p {
			return &res.Changes[i]
		}
	}
	return nil
}

var v1 = map[string]string{
	"template.yaml":              manifestYAML("1.0.0", nameParam, ""),
	"skeleton/README.md.tmpl":    "# {{ .Values.name }}\n\nline one\nline two\nline three\nline four\nline five\n",
	"skeleton/Dockerfile":        "FROM node:20\nRUN npm ci\nCMD [\"node\", \"index.js\"]\n",
	"skeleton/old.txt":           "obsolete\n",
	"skeleton/kept.txt":          "template text\n",
	"skeleton/logo.bin":          "\x00\x01logo-v1",
	"skeleton/scripts/run.sh":    "#!/bin/sh\necho run\n",
	"skeleton/package.json.tmpl": "{\"name\": \"{{ .Values.name }}\", \"version\": \"1.0.0\"}\n",
}

var v2 = map[string]string{
	"template.yaml":              manifestYAML("1.1.0", nameParam, ""),
	"skeleton/README.md.tmpl":    "# {{ .Values.name }}\n\nline one\nline two (improved by the template)\nline three\nline four\nline five\n",
	"skeleton/Dockerfile":        "FROM node:22\nRUN npm ci\nCMD [\"node\", \"index.js\"]\n",
	"skeleton/kept.txt":          "template text\n",
	"skeleton/new.txt":           "added by v1.1.0\n",
	"skeleton/logo.bin":          "\x00\x01logo-v2",
	"skeleton/scripts/run.sh*":   "#!/bin/sh\necho run\n",
	"skeleton/package.json.tmpl": "{\"name\": \"{{ .Values.name }}\", \"version\": \"1.0.0\"}\n",
}

func TestRunCleanMerge(t *testing.T) {
	t.Parallel()
	f := newFixture(t, []string{"v1.0.0", "v1.1.0"}, map[string]map[string]string{"v1.0.0": v1, "v1.1.0": v2},
		manifest.Values{"name": "orders"}, map[string]string{"package-lock.json": "{\"lockfileVersion\": 3}\n"})
	repo := f.repo(t)
	first, _, _ := repo.Head()
	userCommit := f.edit(t, map[string]string{
		"README.md":   "# orders\n\nline one\nline two\nline three\nline four\nline five\n\n## Runbook (added by the team)\n",
		"src/app.ts":  "export const app = 1\n",
		"kept.txt":    "template text\nplus the team's line\n",
		"old.txt":     "<delete>",
		"Dockerfile2": "FROM scratch\n",
	})

	res, err := Run(t.Context(), f.env, Options{Dir: f.project})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if res.From != "1.0.0" || res.To != "1.1.0" || res.Commit == "" || len(res.Conflicts()) != 0 {
		t.Fatalf("Run = %+v, want a clean update 1.0.0 → 1.1.0 with a commit", res)
	}

	t.Run("both the template's change and the user's edit are present", func(t *testing.T) {
		f.assertLines(t, "README.md", "line two (improved by the template)", "## Runbook (added by the team)")
		f.assertLines(t, "kept.txt", "plus the team's line")
		f.assertLines(t, "src/app.ts", "export const app = 1")
		if got := f.read(t, "Dockerfile"); !strings.HasPrefix(got, "FROM node:22") {
			t.Errorf("Dockerfile = %q, want the template's node:22", got)
		}
	})
	t.Run("added, removed, binary and mode changes follow the template", func(t *testing.T) {
		if got := f.read(t, "new.txt"); got != "added by v1.1.0\n" {
			t.Errorf("new.txt = %q", got)
		}
		if got := f.read(t, "logo.bin"); got != "\x00\x01logo-v2" {
			t.Errorf("logo.bin = %q, want the template's new binary", got)
		}
		fi, err := os.Stat(filepath.Join(f.project, "scripts", "run.sh"))
		if err != nil || fi.Mode()&0o111 == 0 {
			t.Errorf("scripts/run.sh mode = %v, %v; want executable", fi.Mode(), err)
		}
		if f.exists("old.txt") {
			t.Error("old.txt is back")
		}
	})
	t.Run("hook outputs are not removed", func(t *testing.T) {
		if !f.exists("package-lock.json") {
			t.Error("package-lock.json was deleted")
		}
		if len(res.Carried) != 1 || res.Carried[0] != "package-lock.json" {
			t.Errorf("Carried = %v", res.Carried)
		}
	})
	t.Run("the merge commit has HEAD and the new pristine commit as parents", func(t *testing.T) {
		head, branch, _ := repo.Head()
		if head != res.Commit || branch != "main" {
			t.Errorf("HEAD = %s on %s, want %s on main", head, branch, res.Commit)
		}
		parents, _ := repo.Parents(res.Commit)
		if len(parents) != 2 || parents[0] != userCommit || parents[1] != res.Pristine {
			t.Errorf("parents = %v, want [%s %s]", parents, userCommit, res.Pristine)
		}
		pp, _ := repo.Parents(res.Pristine)
		if len(pp) != 1 || pp[0] != first || res.Base != first {
			t.Errorf("pristine parents = %v, base %s; want the first commit %s", pp, res.Base, first)
		}
		if dirty, _ := repo.Dirty(t.Context()); len(dirty) != 0 {
			t.Errorf("work tree dirty after the update: %v", dirty)
		}
	})
	t.Run(".paved.yaml records version, commit and pristine", func(t *testing.T) {
		rec, err := project.Read(f.project)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Template.Version != "1.1.0" || rec.Template.Commit != "v1.1.0" || rec.Pristine != res.Pristine {
			t.Errorf(".paved.yaml = %+v, want 1.1.0 at v1.1.0 with pristine %s", rec, res.Pristine)
		}
	})
	t.Run("a second run is up to date", func(t *testing.T) {
		again, err := Run(t.Context(), f.env, Options{Dir: f.project})
		if err != nil || !again.UpToDate {
			t.Errorf("second Run = %+v, %v; want up to date", again, err)
		}
	})
}

func TestRunConflictThenContinue(t *testing.T) {
	t.Parallel()
	f := newFixture(t, []string{"v1.0.0", "v1.1.0"}, map[string]map[string]string{"v1.0.0": v1, "v1.1.0": v2},
		manifest.Values{"name": "orders"}, nil)
	repo := f.repo(t)
	userCommit := f.edit(t, map[string]string{
		"Dockerfile": "FROM node:20-alpine\nRUN npm ci\nCMD [\"node\", \"index.js\"]\nEXPOSE 8080\n",
		"logo.bin":   "\x00\x01logo-by-the-team",
		"README.md":  "# orders\n\nline one\nline two\nline three\nline four\nline five\nteam notes\n",
	})
	res, err := Run(t.Context(), f.env, Options{Dir: f.project})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	var conflicted []string
	for _, c := range res.Conflicts() {
		conflicted = append(conflicted, c.Path)
	}
	if strings.Join(conflicted, " ") != "Dockerfile logo.bin" || res.Commit != "" {
		t.Fatalf("conflicts = %v, commit %q; want Dockerfile and logo.bin, no commit", conflicted, res.Commit)
	}
	if head, _, _ := repo.Head(); head != userCommit {
		t.Errorf("HEAD moved to %s with conflicts", head)
	}
	docker := f.read(t, "Dockerfile")
	for _, want := range []string{"<<<<<<< ours\nFROM node:20-alpine\n", "||||||| base: svc 1.0.0\nFROM node:20\n", "=======\nFROM node:22\n", ">>>>>>> theirs: svc 1.1.0\n", "EXPOSE 8080\n"} {
		if !strings.Contains(docker, want) {
			t.Errorf("Dockerfile lacks %q:\n%s", want, docker)
		}
	}
	if got := f.read(t, "logo.bin"); got != "\x00\x01logo-by-the-team" {
		t.Errorf("logo.bin = %q, want the team's binary kept", got)
	}
	f.assertLines(t, "README.md", "team notes", "line two (improved by the template)")

	t.Run("a new update refuses while one is in progress", func(t *testing.T) {
		_, err := Run(t.Context(), f.env, Options{Dir: f.project, AllowDirty: true})
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(e.Fix, "--continue") {
			t.Errorf("Run during an update = %v, want an error pointing at --continue", err)
		}
	})
	t.Run("continue refuses while markers remain", func(t *testing.T) {
		p, err := Continue(t.Context(), f.env, f.project)
		if err != nil || len(p.Unresolved) != 1 || p.Unresolved[0] != "Dockerfile" || p.Commit != "" {
			t.Errorf("Continue = %+v, %v; want Dockerfile unresolved", p, err)
		}
	})
	t.Run("continue commits once resolved", func(t *testing.T) {
		dirtest.Write(t, f.project, map[string]string{"Dockerfile": "FROM node:22-alpine\nRUN npm ci\nCMD [\"node\", \"index.js\"]\nEXPOSE 8080\n"})
		p, err := Continue(t.Context(), f.env, f.project)
		if err != nil || p.Commit == "" {
			t.Fatalf("Continue = %+v, %v", p, err)
		}
		parents, _ := repo.Parents(p.Commit)
		if len(parents) != 2 || parents[0] != userCommit || parents[1] != res.Pristine {
			t.Errorf("parents = %v, want [%s %s]", parents, userCommit, res.Pristine)
		}
		if repo.Ref(PendingRef) != "" || f.exists(".git/"+stateFile) {
			t.Error("the pending update was not cleared")
		}
		f.assertLines(t, "Dockerfile", "EXPOSE 8080")
		f.assertLines(t, "README.md", "team notes")
		rec, _ := project.Read(f.project)
		if rec.Template.Version != "1.1.0" || rec.Pristine != res.Pristine {
			t.Errorf(".paved.yaml = %+v", rec)
		}
		if dirty, _ := repo.Dirty(t.Context()); len(dirty) != 0 {
			t.Errorf("dirty after continue: %v", dirty)
		}
	})
}

func TestRunAbort(t *testing.T) {
	t.Parallel()
	f := newFixture(t, []string{"v1.0.0", "v1.1.0"}, map[string]map[string]string{"v1.0.0": v1, "v1.1.0": v2},
		manifest.Values{"name": "orders"}, nil)
	f.edit(t, map[string]string{"Dockerfile": "FROM node:20-alpine\nRUN npm ci\nCMD [\"node\", \"index.js\"]\n"})
	before := f.read(t, "Dockerfile")
	if _, err := Run(t.Context(), f.env, Options{Dir: f.project}); err != nil {
		t.Fatal(err)
	}
	if _, err := Abort(t.Context(), f.project); err != nil {
		t.Fatal(err)
	}
	if got := f.read(t, "Dockerfile"); got != before {
		t.Errorf("Dockerfile after abort = %q, want %q", got, before)
	}
	if f.exists("new.txt") {
		t.Error("new.txt survived the abort")
	}
	if dirty, _ := f.repo(t).Dirty(t.Context()); len(dirty) != 0 {
		t.Errorf("dirty after abort: %v", dirty)
	}
	if _, err := Continue(t.Context(), f.env, f.project); err == nil {
		t.Error("Continue after abort succeeded")
	}
}

func TestRunRefusals(t *testing.T) {
	t.Parallel()
	f := newFixture(t, []string{"v1.0.0", "v1.1.0"}, map[string]map[string]string{"v1.0.0": v1, "v1.1.0": v2},
		manifest.Values{"name": "orders"}, nil)
	dirtest.Write(t, f.project, map[string]string{"README.md": "uncommitted\n"})

	t.Run("dirty work tree", func(t *testing.T) {
		_, err := Run(t.Context(), f.env, Options{Dir: f.project})
		var e *Error
		if !errors.As(err, &e) || e.ExitCode() != 2 || !strings.Contains(err.Error(), "README.md") || !strings.Contains(e.Fix, "--allow-dirty") {
			t.Errorf("Run on a dirty tree = %v, want exit 2 naming README.md and --allow-dirty", err)
		}
	})
	t.Run("dry run changes nothing", func(t *testing.T) {
		head, _, _ := f.repo(t).Head()
		res, err := Run(t.Context(), f.env, Options{Dir: f.project, DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if c := changeOf(res, "Dockerfile"); c == nil || c.Action != merge.Update || !strings.Contains(c.Diff, "+FROM node:22") {
			t.Errorf("dry-run Dockerfile change = %+v", c)
		}
		if c := changeOf(res, "new.txt"); c == nil || c.Action != merge.Add {
			t.Errorf("dry-run new.txt change = %+v", c)
		}
		if after, _, _ := f.repo(t).Head(); after != head || f.exists("new.txt") || f.read(t, "README.md") != "uncommitted\n" {
			t.Error("dry run changed the project")
		}
	})
	t.Run("never downgrades without --to", func(t *testing.T) {
		g := newFixture(t, []string{"v1.1.0", "v1.0.0"}, map[string]map[string]string{"v1.0.0": v1, "v1.1.0": v2},
			manifest.Values{"name": "orders"}, nil)
		g.src.tags = []string{"v1.0.0", "v1.1.0"} // the "newest" tag is older than the project
		_, err := Run(t.Context(), g.env, Options{Dir: g.project})
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(err.Error(), "older than the project's 1.1.0") {
			t.Errorf("Run = %v, want a refusal to downgrade", err)
		}
	})
	t.Run("--to on a non-git template", func(t *testing.T) {
		rec := &project.File{Template: project.TemplateRef{Name: "minimal", Source: "builtin"}}
		_, _, err := Latest(t.Context(), f.src, rec, "v2")
		var e *Error
		if !errors.As(err, &e) || e.ExitCode() != 2 {
			t.Errorf("Latest --to builtin = %v, want exit 2", err)
		}
	})
	t.Run("not a git repository", func(t *testing.T) {
		dir := t.TempDir()
		dirtest.Write(t, dir, map[string]string{".paved.yaml": "template: {name: svc, source: builtin, version: 1.0.0, commit: \"\"}\nvalues: {}\n"})
		_, err := Run(t.Context(), f.env, Options{Dir: dir})
		var e *Error
		if !errors.As(err, &e) || e.ExitCode() != 2 || !strings.Contains(e.Fix, "git init") {
			t.Errorf("Run outside git = %v", err)
		}
	})
	t.Run("a repository without commits", func(t *testing.T) {
		dir := t.TempDir()
		dirtest.Write(t, dir, map[string]string{".paved.yaml": "template: {name: svc, source: builtin, version: 1.0.0, commit: \"\"}\nvalues: {}\n"})
		if _, err := git.PlainInit(dir, false); err != nil {
			t.Fatal(err)
		}
		_, err := Run(t.Context(), f.env, Options{Dir: dir})
		var e *Error
		if !errors.As(err, &e) || e.ExitCode() != 2 || !strings.Contains(err.Error(), "no commit yet") {
			t.Errorf("Run in an empty repository = %v", err)
		}
	})
	t.Run("no .paved.yaml", func(t *testing.T) {
		_, err := Run(t.Context(), f.env, Options{Dir: t.TempDir()})
		var e *project.Error
		if !errors.As(err, &e) {
			t.Errorf("Run without .paved.yaml = %v, want a project.Error", err)
		}
	})
}

func TestRunMigrationsAndFallback(t *testing.T) {
	t.Parallel()
	old := map[string]string{
		"template.yaml":        manifestYAML("1.0.0", "    - name: svc\n      required: true\n", ""),
		"skeleton/a.txt.tmpl":  "service {{ .Values.svc }}\nsecond\nthird\nfourth\n",
		"skeleton/keep.md":     "unchanged\n",
		"skeleton/gone.md":     "the template drops me\n",
		"skeleton/changed.md":  "the template drops me too\n",
		"skeleton/static.bin":  "\x00static",
		"skeleton/README.tmpl": "{{ .Values.svc }}\n",
	}
	next := map[string]string{
		"template.yaml": manifestYAML("2.0.0", nameParam+"    - name: port\n      type: int\n      default: 8080\n",
			"  migrations:\n    - version: 2.0.0\n      rename: {svc: name}\n"),
		"skeleton/a.txt.tmpl":  "service {{ .Values.name }} on {{ .Values.port }}\nsecond\nthird\nfourth\n",
		"skeleton/keep.md":     "unchanged\n",
		"skeleton/static.bin":  "\x00static",
		"skeleton/README.tmpl": "{{ .Values.name }}\n",
	}
	for _, tc := range []struct {
		name      string
		adopt     bool // the first commit is not paved's: fall back to a re-render
		wantBased bool
	}{
		{name: "base from history"},
		{name: "base re-rendered when history has none", adopt: true, wantBased: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, []string{"v1.0.0", "v2.0.0"}, map[string]map[string]string{"v1.0.0": old, "v2.0.0": next},
				manifest.Values{"svc": "orders"}, nil)
			edits := map[string]string{"a.txt": "service orders\nsecond\nthird\nfourth\nteam line\n", "changed.md": "edited by the team\n"}
			if tc.adopt {
				// A project that adopted paved later: history starts elsewhere.
				if err := os.RemoveAll(filepath.Join(f.project, ".git")); err != nil {
					t.Fatal(err)
				}
				dirtest.Write(t, f.project, map[string]string{"history.txt": "before paved\n"})
				if _, err := gitx.InitCommit(t.Context(), f.project, "before", testSig); err != nil {
					t.Fatal(err)
				}
			}
			f.edit(t, edits)
			res, err := Run(t.Context(), f.env, Options{Dir: f.project})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if res.BaseRendered != tc.wantBased || res.Commit == "" {
				t.Fatalf("Run = %+v; want BaseRendered %v and a commit", res, tc.wantBased)
			}
			f.assertLines(t, "a.txt", "service orders on 8080", "team line")
			f.assertLines(t, "changed.md", "edited by the team")
			if f.exists("gone.md") {
				t.Error("gone.md, unchanged by the team, was kept")
			}
			if c := changeOf(res, "changed.md"); c == nil || c.Action != merge.Keep {
				t.Errorf("changed.md change = %+v, want keep", c)
			}
			rec, _ := project.Read(f.project)
			if rec.Values["name"] != "orders" || rec.Values["port"] != 8080 || rec.Values["svc"] != nil {
				t.Errorf("values after migration = %v", rec.Values)
			}
			if tc.adopt {
				f.assertLines(t, "history.txt", "before paved")
			}
		})
	}
}

func TestMigrate(t *testing.T) {
	t.Parallel()
	m := &manifest.Manifest{Spec: manifest.Spec{Version: "3.0.0",
		Parameters: []manifest.Parameter{{Name: "name"}, {Name: "db"}, {Name: "tier"}},
		Migrations: []manifest.Migration{
			{Version: "3.0.0", Rename: map[string]string{"database": "db"}, Defaults: map[string]any{"tier": "gold"}},
			{Version: "2.0.0", Rename: map[string]string{"svc": "name"}, Remove: []string{"legacy"}},
			{Version: "1.0.0", Rename: map[string]string{"name": "never"}},
		}}}
	got, dropped := Migrate(manifest.Values{"svc": "orders", "database": "postgres", "legacy": true, "stale": 1}, "1.0.0", m)
	want := manifest.Values{"name": "orders", "db": "postgres", "tier": "gold"}
	if len(got) != len(want) || got["name"] != "orders" || got["db"] != "postgres" || got["tier"] != "gold" {
		t.Errorf("Migrate = %v, want %v", got, want)
	}
	if strings.Join(dropped, ",") != "stale" {
		t.Errorf("dropped = %v, want [stale]", dropped)
	}
}
