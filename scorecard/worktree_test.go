package scorecard

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paved-dev/paved/internal/dirtest"
)

func TestWorkTreeAsTheUserSeesIt(t *testing.T) {
	t.Parallel()
	committed := map[string]string{
		"README.md": "npm start\n", ".gitignore": "/build-out/\n", "src/a.ts": "x",
		"src/.gitignore": "local.ts\n", "kept.log": "tracked although ignored\n", "docs/old.md": "x",
	}
	dir := repoDir(t, committed, testNow)
	// The user's changes since the commit.
	dirtest.Write(t, dir, map[string]string{
		".gitignore": "*.log\n/build-out/\n", // kept.log stays tracked
		"LICENSE":    "MIT\n", "src/b.ts": "x", "src/local.ts": "ignored by src/.gitignore",
		"debug.log": "ignored", "build-out/x.js": "ignored folder", "private.txt": "excluded",
		"nested/.git/HEAD": "a nested repository", "nested/code.go": "x",
	})
	if err := os.WriteFile(filepath.Join(dir, ".git", "info", "exclude"), []byte("private.txt\n"), 0o644); err != nil {
		if err := os.MkdirAll(filepath.Join(dir, ".git", "info"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, ".git", "info", "exclude"), []byte("private.txt\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []string{"README.md", "docs/old.md"} {
		if err := os.Remove(filepath.Join(dir, p)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		o    DirOptions
		want []string
	}{
		{name: "work tree: untracked files count, deleted and ignored ones do not",
			want: []string{".gitignore", "LICENSE", "kept.log", "src/.gitignore", "src/a.ts", "src/b.ts"}},
		{name: "committed: HEAD exactly", o: DirOptions{Committed: true},
			want: []string{".gitignore", "README.md", "docs/old.md", "kept.log", "src/.gitignore", "src/a.ts"}},
		{name: "work tree under a subpath honours the root .gitignore", o: DirOptions{Subpath: "src"},
			want: []string{".gitignore", "a.ts", "b.ts"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.o.Now = testNow
			s, err := OpenLocal(t.Context(), dir, tt.o)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, s.Files()); diff != "" {
				t.Errorf("Files() (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("committed reads HEAD's content, not the work tree's", func(t *testing.T) {
		t.Parallel()
		s, err := OpenLocal(t.Context(), dir, DirOptions{Committed: true, Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		for p, want := range map[string]string{"README.md": "npm start\n", ".gitignore": "/build-out/\n", "src/a.ts": "x"} {
			if data, err := s.ReadText(p); err != nil || string(data) != want {
				t.Errorf("ReadText(%s) = %q, %v; want the committed %q", p, data, err, want)
			}
		}
	})
}

func TestReadsStayInsideTheRepository(t *testing.T) {
	t.Parallel()
	outside := t.TempDir()
	dirtest.Write(t, outside, map[string]string{"secret": "TOPSECRET\n", "etc/shadow": "TOPSECRET\n"})
	dir := repoDir(t, map[string]string{"x/secret": "public\n", "README.md": "npm start\n", "docs/guide.md": "hi\n"}, testNow)
	// The tracked folder x becomes a symlink to a folder outside.
	if err := os.RemoveAll(filepath.Join(dir, "x")); err != nil {
		t.Fatal(err)
	}
	links := map[string]string{
		"x":          filepath.Join(outside, "etc"),
		"abs":        filepath.Join(outside, "secret"),
		"rel":        "../" + filepath.Base(outside) + "/secret",
		"inside":     "docs/guide.md",
		".gitignore": filepath.Join(outside, "secret"),
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := mustOpen(t, dir, "")
	for _, p := range []string{"x/secret", "x/shadow", "abs", "rel", ".gitignore", "fifo"} {
		done := make(chan struct{})
		var data []byte
		var err error
		go func() { data, err = s.ReadText(p); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("ReadText(%s) hangs", p)
		}
		if err == nil || strings.Contains(string(data), "TOPSECRET") {
			t.Errorf("ReadText(%s) = %q, %v; want an error", p, data, err)
		}
	}
	if _, err := s.ReadText("abs"); !errors.Is(err, ErrOutside) {
		t.Errorf("ReadText(abs) error = %v, want ErrOutside", err)
	}
	if data, err := s.ReadText("inside"); err != nil || string(data) != "hi\n" {
		t.Errorf("ReadText(inside) = %q, %v; a symlink inside the repository is followed", data, err)
	}
	hit, err := s.Grep(t.Context(), "**", mustRe(t, "TOPSECRET"))
	if err != nil || hit {
		t.Errorf("Grep(TOPSECRET) = %v, %v; want no hit", hit, err)
	}
}
