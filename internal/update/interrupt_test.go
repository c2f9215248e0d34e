package update

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/google/go-cmp/cmp"

	"github.com/paved-dev/paved/internal/dirtest"
	"github.com/paved-dev/paved/internal/manifest"
)

// treeState is everything a user could see of a project: every file and
// folder of the work tree with its content and mode, the index's bytes,
// HEAD and the dirty list.
type treeState struct {
	Files []string
	Index string
	Head  string
	Dirty []string
}

func snapshotTree(t testing.TB, dir string) treeState {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == ".git" {
			return filepath.SkipDir
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			files = append(files, rel+"/")
		case info.Mode()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			files = append(files, rel+" -> "+target)
		default:
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			files = append(files, fmt.Sprintf("%s %v %x", rel, info.Mode().Perm(), sha256.Sum256(data)))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	index, err := os.ReadFile(filepath.Join(dir, ".git", "index"))
	if err != nil {
		t.Fatal(err)
	}
	repo, err := openRepo(dir)
	if err != nil {
		t.Fatal(err)
	}
	head, _, _ := repo.Head()
	dirty, err := repo.Dirty(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return treeState{Files: files, Index: fmt.Sprintf("%x", sha256.Sum256(index)), Head: head, Dirty: dirty}
}

// largeFixture is a project of n files that the new version all changes,
// with committed edits in every tenth file and an uncommitted edit
// (--allow-dirty). With untracked, the user also has an untracked file
// where the new version adds one: a conflict.
func largeFixture(t *testing.T, n int, untracked bool) *fixture {
	t.Helper()
	trees := benchTrees(n)
	trees["v1.1.0"]["skeleton/ADDED.md"] = "added by 1.1.0\n"
	f := newFixture(t, []string{"v1.0.0", "v1.1.0"}, trees, manifest.Values{"name": "orders"}, nil)
	f.edit(t, userEdits(n))
	dirtest.Write(t, f.project, map[string]string{
		"src/dir1/file1.ts": strings.Replace(f.read(t, "src/dir1/file1.ts"), "line 40 ", "uncommitted edit ", 1),
	})
	if untracked {
		dirtest.Write(t, f.project, map[string]string{"ADDED.md": "the user's own untracked notes\n"})
	}
	return f
}

func assertNoState(t *testing.T, f *fixture) {
	t.Helper()
	repo := f.repo(t)
	if f.exists(".git/" + stateFile) {
		t.Error("the update state is still recorded")
	}
	for _, ref := range []string{PendingRef, BeforeRef, AfterRef} {
		if repo.Ref(ref) != "" {
			t.Errorf("%s is still set", ref)
		}
	}
}

// An update interrupted part-way through writing files puts back the
// ones it wrote and says so; no state is left behind.
func TestRunInterruptedWhileWriting(t *testing.T) {
	t.Parallel()
	n := 5000
	if testing.Short() {
		n = 1000 // the 5,000 files take half a minute on a busy machine
	}
	f := largeFixture(t, n, true)
	before := snapshotTree(t, f.project)

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	env := f.env
	env.Wrote = func(written int) {
		if written == n/2 {
			cancel()
		}
	}
	_, err := Run(ctx, env, Options{Dir: f.project, AllowDirty: true})
	var ie *InterruptedError
	if !errors.As(err, &ie) || !errors.Is(err, context.Canceled) {
		t.Fatalf("Run() error = %v, want an InterruptedError wrapping context.Canceled", err)
	}
	if want := fmt.Sprintf("stopped after writing %d of %d files and put them back: the project is as it was", n/2, n+2); !strings.Contains(err.Error(), want) {
		t.Errorf("Run() error = %q, want it to say %q", err, want)
	}
	if diff := cmp.Diff(before, snapshotTree(t, f.project)); diff != "" {
		t.Errorf("project changed by the interrupted update (-before +after):\n%s", diff)
	}
	assertNoState(t, f)
}

// killAt runs an update that dies (as with kill -9: no rollback, no
// deferred cleanup) after writing n files.
func killAt(t *testing.T, f *fixture, n int) {
	t.Helper()
	type killed struct{}
	env := f.env
	env.Wrote = func(written int) {
		if written == n {
			panic(killed{})
		}
	}
	defer func() {
		if r := recover(); r != (killed{}) {
			t.Fatalf("the update was not killed: recover() = %v", r)
		}
	}()
	_, err := Run(t.Context(), env, Options{Dir: f.project, AllowDirty: true})
	t.Fatalf("Run() = %v, want it killed", err)
}

// An update killed part-way leaves a state that --abort undoes exactly,
// uncommitted edits and the untracked file it overwrote included, and
// that --continue finishes into the same commit an uninterrupted update
// makes.
func TestRunKilledWhileWriting(t *testing.T) {
	t.Parallel()
	const n = 500
	t.Run("abort puts everything back", func(t *testing.T) {
		t.Parallel()
		f := largeFixture(t, n, true)
		before := snapshotTree(t, f.project)
		killAt(t, f, 300)
		// a kill in the middle of a file's write leaves its temporary file
		dirtest.Write(t, f.project, map[string]string{"src/dir3/" + tempPrefix + "123": "half a file"})
		_, err := Run(t.Context(), f.env, Options{Dir: f.project, AllowDirty: true})
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(e.Msg, "interrupted while writing files") || !strings.Contains(e.Fix, "--abort") {
			t.Fatalf("Run() after the kill = %v, want the interrupted update named", err)
		}
		p, err := Abort(t.Context(), f.project)
		if err != nil || !p.Interrupted {
			t.Fatalf("Abort() = %+v, %v", p, err)
		}
		if diff := cmp.Diff(before, snapshotTree(t, f.project)); diff != "" {
			t.Errorf("abort did not restore the project (-before +after):\n%s", diff)
		}
		assertNoState(t, f)
	})
	t.Run("continue finishes it", func(t *testing.T) {
		t.Parallel()
		f := largeFixture(t, n, false)
		twin := largeFixture(t, n, false)
		res, err := Run(t.Context(), twin.env, Options{Dir: twin.project, AllowDirty: true})
		if err != nil || res.Commit == "" {
			t.Fatalf("uninterrupted Run() = commit %q, %d conflicts, %v", res.Commit, len(res.Conflicts()), err)
		}
		killAt(t, f, 300)
		p, err := Continue(t.Context(), f.env, f.project)
		if err != nil || p.Commit == "" || !p.Interrupted {
			t.Fatalf("Continue() = %+v, %v", p, err)
		}
		if p.Commit != res.Commit {
			t.Errorf("Continue() committed %s, the uninterrupted update %s", p.Commit, res.Commit)
		}
		got, want := snapshotTree(t, f.project), snapshotTree(t, twin.project)
		got.Index, want.Index = "", "" // stat data differ
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("continued update differs from an uninterrupted one (-want +got):\n%s", diff)
		}
		assertNoState(t, f)
	})
}

// paved update --allow-dirty that conflicts, then --abort: the user's
// uncommitted edits (in a conflicted file and a cleanly merged one) and
// the untracked file the update overwrote come back byte for byte, and a
// file the user staged is staged again.
func TestAbortRestoresUncommittedChanges(t *testing.T) {
	t.Parallel()
	f := newFixture(t, []string{"v1.0.0", "v1.1.0"}, map[string]map[string]string{"v1.0.0": v1, "v1.1.0": v2},
		manifest.Values{"name": "orders"}, nil)
	dirtest.Write(t, f.project, map[string]string{
		"Dockerfile": "FROM node:20-alpine\nRUN npm ci\nCMD [\"node\", \"index.js\"]\n# not committed\n",
		"README.md":  "# orders\n\nline one\nline two\nline three\nline four\nline five\nuncommitted team notes\n",
		"new.txt":    "my own untracked new.txt\n",
		"kept.txt":   "staged by the user\n",
	})
	gr, err := git.PlainOpen(f.project)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := gr.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wt.Add("kept.txt"); err != nil {
		t.Fatal(err)
	}
	before := snapshotTree(t, f.project)
	res, err := Run(t.Context(), f.env, Options{Dir: f.project, AllowDirty: true})
	if err != nil || len(res.Conflicts()) == 0 {
		t.Fatalf("Run() = %+v, %v; want conflicts", res, err)
	}
	if _, err := Abort(t.Context(), f.project); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, snapshotTree(t, f.project)); diff != "" {
		t.Errorf("abort lost the user's uncommitted changes (-before +after):\n%s", diff)
	}
	assertNoState(t, f)
}

// A second update refuses to start while one is being written (two
// terminals, one project): the state file is created exclusively.
func TestWriteStateIsExclusive(t *testing.T) {
	t.Parallel()
	f := newFixture(t, []string{"v1.0.0", "v1.1.0"}, map[string]map[string]string{"v1.0.0": v1, "v1.1.0": v2},
		manifest.Values{"name": "orders"}, nil)
	live := exec.Command("sleep", "30")
	if err := live.Start(); err != nil {
		t.Skip(err)
	}
	defer func() { _ = live.Process.Kill(); _ = live.Wait() }()
	st := &state{Phase: phaseWriting, Template: "svc", To: "1.1.0", PID: live.Process.Pid}
	if err := writeState(f.project, st, true); err != nil {
		t.Fatal(err)
	}
	err := writeState(f.project, st, true)
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(e.Msg, "another paved update (pid") {
		t.Errorf("second writeState() = %v, want the update under way named", err)
	}
	_ = live.Process.Kill()
	_ = live.Wait()
	err = writeState(f.project, st, true)
	if !errors.As(err, &e) || !strings.Contains(e.Msg, "interrupted while writing files") {
		t.Errorf("writeState() after its process died = %v, want the interrupted update named", err)
	}
}

// An update killed after its merge commit, with the branch moved but the
// state not yet cleared: a new update names it, --continue finishes it
// and --abort takes the commit back and puts every file back.
func TestRunKilledAfterCommit(t *testing.T) {
	t.Parallel()
	setup := func(t *testing.T) (*fixture, treeState, string) {
		f := largeFixture(t, 20, false)
		before := snapshotTree(t, f.project)
		killAt(t, f, 22) // every file written: 20, ADDED.md, .paved.yaml
		st, err := readState(f.project)
		if err != nil || st == nil {
			t.Fatalf("readState() = %v, %v", st, err)
		}
		// what finish does, up to the kill before clearState
		repo := f.repo(t)
		commit, err := mergeCommit(t.Context(), repo, st.Head, st.Pristine, st.Paths, st.Message, testSig)
		if err != nil {
			t.Fatal(err)
		}
		st.Phase, st.Commit = phaseCommitting, commit
		if err := writeState(f.project, st, false); err != nil {
			t.Fatal(err)
		}
		if err := repo.Advance(commit); err != nil {
			t.Fatal(err)
		}
		_, err = Run(t.Context(), f.env, Options{Dir: f.project, AllowDirty: true})
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(e.Msg, "was committed but stopped before it finished") {
			t.Fatalf("Run() after the kill = %v, want the unfinished update named", err)
		}
		return f, before, commit
	}
	t.Run("continue finishes it", func(t *testing.T) {
		t.Parallel()
		f, _, commit := setup(t)
		p, err := Continue(t.Context(), f.env, f.project)
		if err != nil || p.Commit != commit {
			t.Fatalf("Continue() = %+v, %v; want commit %s", p, err, commit)
		}
		if head, _, _ := f.repo(t).Head(); head != commit {
			t.Errorf("HEAD = %s, want %s", head, commit)
		}
		assertNoState(t, f)
	})
	t.Run("abort takes it back", func(t *testing.T) {
		t.Parallel()
		f, before, _ := setup(t)
		if _, err := Abort(t.Context(), f.project); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(before, snapshotTree(t, f.project)); diff != "" {
			t.Errorf("abort did not restore the project (-before +after):\n%s", diff)
		}
		assertNoState(t, f)
	})
}
