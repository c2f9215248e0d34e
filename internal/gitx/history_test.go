package gitx

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/google/go-cmp/cmp"

	"github.com/paved-dev/paved/internal/dirtest"
)

// newProject makes a repository like `paved new` does: one commit with .paved.yaml.
func newProject(t *testing.T) (*Repo, string) {
	t.Helper()
	dir := t.TempDir()
	dirtest.Write(t, dir, map[string]string{
		".paved.yaml":  "template: {name: t}\n",
		"a.txt":        "a\n",
		"a/b.txt":      "ab\n",
		"a-b":          "dash\n",
		"bin/run.sh*":  "#!/bin/sh\n",
		"deep/x/y/z.c": "int z;\n",
	})
	first, err := InitCommit(t.Context(), dir, "Create t", testSig)
	if err != nil {
		t.Fatal(err)
	}
	r, err := OpenRepo(dir)
	if err != nil {
		t.Fatal(err)
	}
	return r, first
}

// commitWork commits the work tree's files as they are, on top of HEAD.
func commitWork(t *testing.T, r *Repo, message string, when time.Time) string {
	t.Helper()
	head, _, err := r.Head()
	if err != nil {
		t.Fatal(err)
	}
	files, err := r.Tree(t.Context(), head)
	if err != nil {
		t.Fatal(err)
	}
	for name := range files {
		data, mode, ok, err := ReadFile(r.Dir(), name)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			delete(files, name)
			continue
		}
		h, err := r.WriteBlob(data)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = Entry{Hash: h, Mode: mode}
	}
	tree, err := r.WriteTree(files)
	if err != nil {
		t.Fatal(err)
	}
	sig := testSig
	sig.When = when
	c, err := r.CommitTree(tree, []string{head}, message, sig)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Advance(c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestHistory(t *testing.T) {
	t.Parallel()

	t.Run("a tree written from a commit's files has the commit's tree hash", func(t *testing.T) {
		t.Parallel()
		r, first := newProject(t)
		files, err := r.Tree(t.Context(), first)
		if err != nil {
			t.Fatal(err)
		}
		if got := files["bin/run.sh"].Mode; got != filemode.Executable {
			t.Errorf("bin/run.sh mode = %v, want executable", got)
		}
		tree, err := r.WriteTree(files)
		if err != nil {
			t.Fatal(err)
		}
		c, err := r.repo.CommitObject(hashOf(first))
		if err != nil {
			t.Fatal(err)
		}
		if tree != c.TreeHash.String() {
			t.Errorf("WriteTree = %s, want %s (git's own order)", tree, c.TreeHash)
		}
	})

	t.Run("blobs round-trip", func(t *testing.T) {
		t.Parallel()
		r, _ := newProject(t)
		h, err := r.WriteBlob([]byte("hello\x00world"))
		if err != nil {
			t.Fatal(err)
		}
		if h != BlobHash([]byte("hello\x00world")) {
			t.Errorf("WriteBlob = %s, want BlobHash %s", h, BlobHash([]byte("hello\x00world")))
		}
		got, err := r.ReadBlob(h)
		if err != nil || string(got) != "hello\x00world" {
			t.Errorf("ReadBlob = %q, %v", got, err)
		}
	})

	t.Run("introduced finds the first commit with the file", func(t *testing.T) {
		t.Parallel()
		r, first := newProject(t)
		dirtest.Write(t, r.Dir(), map[string]string{".paved.yaml": "template: {name: t, version: 2}\n"})
		second := commitWork(t, r, "update", testSig.When.Add(time.Hour))
		got, err := r.Introduced(t.Context(), ".paved.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if got != first {
			t.Errorf("Introduced = %s, want the first commit %s (second is %s)", got, first, second)
		}
		if got, _ := r.Introduced(t.Context(), "missing.txt"); got != "" {
			t.Errorf("Introduced(missing) = %s, want \"\"", got)
		}
		if msg, err := r.Message(first); err != nil || msg != "Create t" {
			t.Errorf("Message(first) = %q, %v; want \"Create t\"", msg, err)
		}
		parents, err := r.Parents(second)
		if err != nil || len(parents) != 1 || parents[0] != first {
			t.Errorf("Parents(second) = %v, %v, want [%s]", parents, err, first)
		}
	})

	t.Run("a commit with two parents and a ref", func(t *testing.T) {
		t.Parallel()
		r, first := newProject(t)
		files, _ := r.Tree(t.Context(), first)
		tree, _ := r.WriteTree(files)
		side, err := r.CommitTree(tree, nil, "side", testSig)
		if err != nil {
			t.Fatal(err)
		}
		merge, err := r.CommitTree(tree, []string{first, side}, "merge", testSig)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.SetRef("refs/paved/update", side); err != nil {
			t.Fatal(err)
		}
		if got := r.Ref("refs/paved/update"); got != side {
			t.Errorf("Ref = %s, want %s", got, side)
		}
		if err := r.DeleteRef("refs/paved/update"); err != nil {
			t.Fatal(err)
		}
		if got := r.Ref("refs/paved/update"); got != "" {
			t.Errorf("Ref after delete = %s, want \"\"", got)
		}
		if err := r.Advance(merge); err != nil {
			t.Fatal(err)
		}
		head, branch, _ := r.Head()
		if head != merge || branch != "main" {
			t.Errorf("Head = %s on %q, want %s on main", head, branch, merge)
		}
		parents, _ := r.Parents(merge)
		if diff := cmp.Diff([]string{first, side}, parents); diff != "" {
			t.Errorf("Parents (-want +got):\n%s", diff)
		}
		if !r.HasCommit(side) || r.HasCommit("0123456789012345678901234567890123456789") || r.HasCommit("nope") {
			t.Errorf("HasCommit is wrong")
		}
	})

	t.Run("dirty lists changed tracked files only", func(t *testing.T) {
		t.Parallel()
		r, _ := newProject(t)
		if got, err := r.Dirty(t.Context()); err != nil || len(got) != 0 {
			t.Fatalf("Dirty on a fresh project = %v, %v, want none", got, err)
		}
		dirtest.Write(t, r.Dir(), map[string]string{"untracked.txt": "u\n", "a/b.txt": "changed\n"})
		if err := os.Remove(filepath.Join(r.Dir(), "a-b")); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(filepath.Join(r.Dir(), "a.txt"), 0o755); err != nil {
			t.Fatal(err)
		}
		got, err := r.Dirty(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"a-b", "a.txt", "a/b.txt"}, got); diff != "" {
			t.Errorf("Dirty (-want +got):\n%s", diff)
		}
		commitWork(t, r, "commit all", testSig.When.Add(time.Hour))
		if got, err := r.Dirty(t.Context()); err != nil || len(got) != 0 {
			t.Errorf("Dirty after committing = %v, %v, want none", got, err)
		}
	})

	t.Run("read file", func(t *testing.T) {
		t.Parallel()
		r, _ := newProject(t)
		tests := []struct {
			name string
			ok   bool
			mode filemode.FileMode
		}{
			{"bin/run.sh", true, filemode.Executable},
			{"a.txt", true, filemode.Regular},
			{"a", false, 0},
			{"a.txt/below", false, 0},
			{"nope", false, 0},
		}
		for _, tt := range tests {
			_, mode, ok, err := ReadFile(r.Dir(), tt.name)
			if err != nil || ok != tt.ok || mode != tt.mode {
				t.Errorf("ReadFile(%s) = %v, %v, %v; want %v, %v", tt.name, mode, ok, err, tt.mode, tt.ok)
			}
		}
	})

	t.Run("not a repository", func(t *testing.T) {
		t.Parallel()
		if _, err := OpenRepo(t.TempDir()); err == nil {
			t.Error("OpenRepo on a plain folder succeeded")
		}
	})
}

func hashOf(s string) plumbing.Hash { return plumbing.NewHash(s) }
