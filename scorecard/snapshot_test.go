package scorecard

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/google/go-cmp/cmp"

	"github.com/paved-dev/paved/internal/dirtest"
)

func TestOpenDirListing(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"README.md": "x", ".gitignore": "*.log\n/out/\n", "app.log": "x", "out/a.txt": "x",
		"node_modules/pino/index.js": "x", "vendor/x/y.go": "x", "dist/app.js": "x",
		"src/a.ts": "x", "src/.gitignore": "secret.ts\n", "src/secret.ts": "x", "pkg/api/go.mod": "module x\n",
	}
	t.Run("plain folder honours .gitignore and skips dependency trees", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		dirtest.Write(t, dir, files)
		got := mustOpen(t, dir, "").Files()
		want := []string{".gitignore", "README.md", "pkg/api/go.mod", "src/.gitignore", "src/a.ts"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Files() (-want +got):\n%s", diff)
		}
	})
	t.Run("git work tree lists tracked and untracked files", func(t *testing.T) {
		t.Parallel()
		dir := repoDir(t, files, testNow)
		dirtest.Write(t, dir, map[string]string{"untracked.txt": "x", "new.log": "x"})
		got := mustOpen(t, dir, "").Files()
		want := []string{".gitignore", "README.md", "pkg/api/go.mod", "src/.gitignore", "src/a.ts", "untracked.txt"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Files() (-want +got):\n%s", diff)
		}
	})
	t.Run("subpath scores one package", func(t *testing.T) {
		t.Parallel()
		dir := repoDir(t, files, testNow)
		s := mustOpen(t, dir, "pkg/api")
		if diff := cmp.Diff([]string{"go.mod"}, s.Files()); diff != "" {
			t.Errorf("Files() (-want +got):\n%s", diff)
		}
		if data, err := s.ReadText("go.mod"); err != nil || string(data) != "module x\n" {
			t.Errorf("ReadText(go.mod) = %q, %v", data, err)
		}
		// Opening a folder inside the repository is the same as --subpath.
		if got := mustOpen(t, filepath.Join(dir, "pkg"), "").Subpath; got != "pkg" {
			t.Errorf("OpenDir(repo/pkg).Subpath = %q, want pkg", got)
		}
	})
	t.Run("bad subpath", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		for _, sub := range []string{"../x", "missing"} {
			if _, err := OpenDir(dir, sub, testNow); err == nil {
				t.Errorf("OpenDir(subpath %q) = nil error", sub)
			}
		}
	})
}

func TestReadTextEdgeCases(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dirtest.Write(t, dir, map[string]string{"README.md": "npm start\n", "small.bin": "a\x00b"})
	big := make([]byte, MaxTextSize+10)
	for i := range big {
		big[i] = 'a'
	}
	if err := os.WriteFile(filepath.Join(dir, "huge.txt"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	huge := make([]byte, 3<<20) // a 3 MiB binary
	if err := os.WriteFile(filepath.Join(dir, "huge.bin"), huge, 0o644); err != nil {
		t.Fatal(err)
	}
	// symlink loops: two links pointing at each other, and a folder linking to itself
	_ = os.Symlink("b", filepath.Join(dir, "a"))
	_ = os.Symlink("a", filepath.Join(dir, "b"))
	_ = os.Symlink(".", filepath.Join(dir, "self"))
	_ = os.Symlink("/etc/passwd", filepath.Join(dir, "escape"))
	s := mustOpen(t, dir, "")
	for _, p := range []string{"small.bin", "huge.txt", "huge.bin", "a", "b", "self", "escape"} {
		if _, err := s.ReadText(p); !errors.Is(err, ErrNotText) {
			t.Errorf("ReadText(%s) error = %v, want ErrNotText", p, err)
		}
	}
	if _, err := s.ReadText("missing"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadText(missing) error = %v, want ErrNotExist", err)
	}
	res := Evaluate(t.Context(), mustRubric(t, "production-readiness"), s, Selection{})
	if got := outcomes(res)["readme-run"]; got != Pass {
		t.Errorf("readme-run = %s, want pass despite binaries and loops", got)
	}
	hit, err := s.Grep(t.Context(), "**", mustRe(t, "aaaa"))
	if err != nil || hit {
		t.Errorf("Grep over a huge file = %v, %v; want no hit (not read as text)", hit, err)
	}
}

func mustRe(t *testing.T, p string) *regexp.Regexp {
	t.Helper()
	re, err := (&regexps{}).get(p)
	if err != nil {
		t.Fatal(err)
	}
	return re
}

// countingFS counts opens per file, to prove each file is read at most once.
type countingFS struct {
	fs.FS
	mu    sync.Mutex
	opens map[string]int
}

func (c *countingFS) Open(name string) (fs.File, error) {
	c.mu.Lock()
	c.opens[name]++
	c.mu.Unlock()
	return c.FS.Open(name)
}

func TestEveryFileReadAtMostOnce(t *testing.T) {
	t.Parallel()
	m := fstest.MapFS{}
	var names []string
	for p, c := range nodeService() {
		m[p] = &fstest.MapFile{Data: []byte(c)}
		names = append(names, p)
	}
	for p, c := range goService() {
		if _, ok := m[p]; !ok {
			m[p] = &fstest.MapFile{Data: []byte(c)}
			names = append(names, p)
		}
	}
	cfs := &countingFS{FS: m, opens: map[string]int{}}
	s, err := Open(t.Context(), cfs, sortedCopy(names), Meta{Name: "mem", Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	r := mustRubric(t, "production-readiness")
	for range 3 {
		Evaluate(t.Context(), r, s, Selection{})
	}
	for name, n := range cfs.opens {
		if n > 1 {
			t.Errorf("%s opened %d times, want at most once", name, n)
		}
	}
	if len(cfs.opens) == 0 {
		t.Error("no file was read")
	}
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestEmptyRepositories(t *testing.T) {
	t.Parallel()
	r := mustRubric(t, "production-readiness")
	t.Run("git repository with no commits reaches no level", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		if _, err := git.PlainInit(dir, false); err != nil {
			t.Fatal(err)
		}
		s := mustOpen(t, dir, "")
		res := Evaluate(t.Context(), r, s, Selection{})
		if res.Level != "" || res.Score != 0 {
			t.Errorf("level, score = %q, %v; want none, 0", res.Level, res.Score)
		}
		g, err := s.Fact(t.Context(), "git")
		if err != nil || !g.(Git).Present || g.(Git).HasCommits {
			t.Errorf("git fact = %+v, %v; want present without commits", g, err)
		}
		if got := outcomes(res)["recent-activity"]; got != Fail {
			t.Errorf("recent-activity = %s, want fail", got)
		}
		for _, c := range res.Checks {
			if c.Outcome == Errored {
				t.Errorf("check %s errored: %s", c.ID, c.Message)
			}
		}
	})
	t.Run("empty folder reaches no level", func(t *testing.T) {
		t.Parallel()
		res := Evaluate(t.Context(), r, mustOpen(t, t.TempDir(), ""), Selection{})
		if res.Level != "" {
			t.Errorf("level = %q, want none", res.Level)
		}
		if got := outcomes(res)["recent-activity"]; got != NotApplicable {
			t.Errorf("recent-activity outside git = %s, want not-applicable", got)
		}
	})
}

func TestMalformedFilesAreErrored(t *testing.T) {
	t.Parallel()
	files := nodeService()
	files["package.json"] = "{\n  \"name\": \"orders\",\n  \"dependencies\": {\n}}\n}"
	files[".github/workflows/ci.yml"] = "jobs: [unclosed\n"
	res := scoreFiles(t, files, testNow)
	byID := map[string]CheckResult{}
	for _, c := range res.Checks {
		byID[c.ID] = c
	}
	for _, id := range []string{"structured-logging", "lint", "tracing"} {
		c := byID[id]
		if c.Outcome != Errored || !strings.Contains(c.Message, "package.json: line 5") {
			t.Errorf("check %s = %s %q, want errored naming package.json line 5", id, c.Outcome, c.Message)
		}
	}
	if c := byID["ci-runs-tests"]; c.Outcome != Errored || !strings.Contains(c.Message, ".github/workflows/ci.yml") {
		t.Errorf("ci-runs-tests = %s %q, want errored naming the workflow", c.Outcome, c.Message)
	}
	if res.Level != "" {
		t.Errorf("level = %q, want none: an errored check is not a pass", res.Level)
	}
}

func TestOpenGitSource(t *testing.T) {
	t.Parallel()
	files := goService()
	files["services/web/package.json"] = `{"name":"web"}`
	dir := repoDir(t, files, testNow.Add(-time.Hour))
	repo, _ := git.PlainOpen(dir)
	h, _ := repo.Head()
	if _, err := repo.CreateTag("v2.0.0", h.Hash(), nil); err != nil {
		t.Fatal(err)
	}
	dirtest.Write(t, dir, map[string]string{"README.md": "changed after the tag, not committed"})
	tests := []struct {
		name, arg, sub string
		wantFiles      int
		wantErr        string
	}{
		{"head", "file://" + dir, "", len(files), ""},
		{"tag", "git::file://" + dir + "?ref=v2.0.0", "", len(files), ""},
		{"subdir in the source", "git::file://" + dir + "//services/web", "", 1, ""},
		{"subdir flag", "file://" + dir, "services/web", 1, ""},
		{"unknown ref", "git::file://" + dir + "?ref=nope", "", 0, `ref "nope" not found`},
		{"bad parameter", "git::file://" + dir + "?depth=1", "", 0, "unknown parameter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := OpenSource(t.Context(), tt.arg, SourceOptions{Subpath: tt.sub, Now: testNow})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("OpenSource(%s) error = %v, want %q", tt.arg, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Files()) != tt.wantFiles {
				t.Errorf("files = %d, want %d", len(s.Files()), tt.wantFiles)
			}
			if s.Commit != h.Hash().String() {
				t.Errorf("commit = %s, want %s", s.Commit, h.Hash())
			}
			if tt.sub == "" && !strings.Contains(tt.arg, "//services") {
				res := Evaluate(t.Context(), mustRubric(t, "production-readiness"), s, Selection{})
				if res.Level != "gold" {
					t.Errorf("level = %q, want gold (the committed tree, not the work tree): %+v", res.Level, res.Checks)
				}
			}
		})
	}
}
