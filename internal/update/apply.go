package update

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"

	"github.com/paved-dev/paved/internal/gitx"
	"github.com/paved-dev/paved/internal/merge"
	"github.com/paved-dev/paved/internal/project"
	"github.com/paved-dev/paved/internal/safepath"
	"github.com/paved-dev/paved/internal/scaffold"
)

// cmdHint is the fix a safepath error carries.
func cmdHint(err error) string {
	var pe *safepath.Error
	if errors.As(err, &pe) {
		return pe.Fix
	}
	return ""
}

// apply writes the pristine commit(s), the merged files and .paved.yaml,
// then commits the merge, or records the update as in progress when it
// conflicted.
func apply(ctx context.Context, env Env, repo *gitx.Repo, dir string, rec *project.File, b *base, theirs *Rendered, res *Result) error {
	sig, err := env.Author()
	if err != nil {
		return err
	}
	head, _, err := repo.Head()
	if err != nil {
		return err
	}
	if b.rendered != nil {
		msg := fmt.Sprintf("paved: %s %s as generated (pristine, re-rendered)\n\nThe recorded pristine commit was missing; paved update rendered the\nrecorded version again to merge from.\n", rec.Template.Name, rec.Template.Version)
		if b.commit, err = commitFiles(repo, b.rendered.Plan, b.files, nil, msg, sig); err != nil {
			return err
		}
		res.Base = b.commit
	}
	msg := fmt.Sprintf("paved: %s %s as generated (pristine)\n\nThe template rendered with this project's answers, unchanged: paved update\nmerges from it and records it in %s.\n", rec.Template.Name, theirs.Version(), project.FileName)
	pristine, err := commitFiles(repo, theirs.Plan, theirs.Files, []string{b.commit}, msg, sig)
	if err != nil {
		return err
	}
	res.Pristine = pristine

	next := *theirs.Record
	next.Pristine = pristine
	record, err := next.Marshal()
	if err != nil {
		return err
	}
	writes := map[string]*merge.Blob{project.FileName: {Data: record, Mode: 0o644}}
	paths := []string{project.FileName}
	var conflicts []string
	for _, c := range res.Changes {
		if c.write {
			writes[c.Path] = c.after
			paths = append(paths, c.Path)
		}
		if c.Action == merge.Conflict {
			conflicts = append(conflicts, c.Path)
		}
	}
	sort.Strings(paths)
	message := fmt.Sprintf("paved: update %s from %s to %s\n\nMerged the template's changes with paved update (base %s, template\nrender %s).\n",
		rec.Template.Name, rec.Template.Version, theirs.Version(), short(b.commit), short(pristine))
	st := &state{Phase: phaseWriting, Template: rec.Template.Name, From: rec.Template.Version, To: theirs.Version(),
		Head: head, Pristine: pristine, Paths: paths, Conflicts: conflicts, Message: message, PID: os.Getpid()}
	if err := ctx.Err(); err != nil {
		return err // nothing written yet: the objects stored so far are unreferenced
	}
	old, err := snapshot(repo, dir, st, writes, sig)
	if err != nil {
		return err
	}
	if err := writeState(dir, st, true); err != nil {
		return err
	}
	if err := keepSnapshot(repo, st); err != nil {
		return stoppedWriting(repo, dir, st, &stopError{err: err})
	}
	// From here on the state on disk lets --abort put everything back.
	if err := writeWork(ctx, dir, paths, writes, old, env.Wrote); err != nil {
		return stoppedWriting(repo, dir, st, err)
	}
	// Everything is written: finish, whatever ctx says now (the commit is
	// quick, and a half-finished update is worse than a finished one).
	ctx = context.WithoutCancel(ctx)
	if len(conflicts) > 0 {
		st.Phase = phaseConflicts
		return writeState(dir, st, false)
	}
	res.Commit, err = finish(ctx, repo, dir, st, sig)
	return err
}

// stoppedWriting turns a failed or interrupted write, which writeWork
// already tried to undo, into the error that says what the work tree holds.
func stoppedWriting(repo *gitx.Repo, dir string, st *state, err error) error {
	var s *stopError
	if !errors.As(err, &s) {
		return err
	}
	if s.undoErr == nil {
		if cerr := clearState(repo, dir); cerr != nil {
			s.undoErr = cerr
		}
	}
	if s.undoErr == nil {
		if errors.Is(s.err, context.Canceled) || errors.Is(s.err, context.DeadlineExceeded) {
			return &InterruptedError{Err: s.err,
				Msg: fmt.Sprintf("paved update stopped after writing %d of %d files and put them back: the project is as it was", s.written, len(st.Paths))}
		}
		return s.err
	}
	fix := "run paved update --abort to put every file back as it was, or paved update --continue to finish the update"
	if errors.Is(s.err, context.Canceled) || errors.Is(s.err, context.DeadlineExceeded) {
		return &InterruptedError{Err: s.err, Fix: fix,
			Msg: fmt.Sprintf("paved update stopped after writing %d of %d files and could not put them back (%v)", s.written, len(st.Paths), s.undoErr)}
	}
	return &Error{Code: 1, Err: s.err, Fix: fix,
		Msg: fmt.Sprintf("%v; putting back the %d files already written failed too: %v", s.err, s.written, s.undoErr)}
}

// finish commits the written update, records the commit, moves the branch
// to it and clears the state. A kill between any two steps leaves a state
// --continue and --abort understand.
func finish(ctx context.Context, repo *gitx.Repo, dir string, st *state, sig gitx.Signature) (string, error) {
	commit, err := mergeCommit(ctx, repo, st.Head, st.Pristine, st.Paths, st.Message, sig)
	if err != nil {
		return "", err
	}
	st.Phase, st.Commit = phaseCommitting, commit
	if err := writeState(dir, st, false); err != nil {
		return "", err
	}
	if err := repo.Advance(commit); err != nil {
		return "", err
	}
	return commit, clearState(repo, dir)
}

// commitFiles commits a render (files plus the plan's .paved.yaml) with the
// given parents, without touching the work tree.
func commitFiles(repo *gitx.Repo, plan *scaffold.Plan, files Files, parents []string, msg string, sig gitx.Signature) (string, error) {
	entries := map[string]gitx.Entry{}
	add := func(p string, b *merge.Blob) error {
		if err := safepath.Check(p); err != nil {
			return &Error{Code: 2, Msg: "refusing to commit " + err.Error(), Fix: cmdHint(err)}
		}
		h, err := repo.WriteBlob(b.Data)
		if err != nil {
			return err
		}
		e := gitx.Entry{Hash: h, Mode: 0o100644}
		if b.Exec() {
			e.Mode = 0o100755
		}
		entries[p] = e
		return nil
	}
	for p, b := range files {
		if err := add(p, b); err != nil {
			return "", err
		}
	}
	for _, f := range plan.Files {
		if f.Path == project.FileName {
			if err := add(f.Path, &merge.Blob{Data: f.Data, Mode: f.Mode}); err != nil {
				return "", err
			}
		}
	}
	tree, err := repo.WriteTree(entries)
	if err != nil {
		return "", err
	}
	var ps []string
	for _, p := range parents {
		if p != "" {
			ps = append(ps, p)
		}
	}
	return repo.CommitTree(tree, ps, msg, sig)
}

// mergeCommit commits HEAD's tree with paths taken from the work tree (a
// missing file is removed), with parents HEAD and pristine. No reference
// moves.
func mergeCommit(ctx context.Context, repo *gitx.Repo, head, pristine string, paths []string, msg string, sig gitx.Signature) (string, error) {
	entries, err := repo.Tree(ctx, head)
	if err != nil {
		return "", err
	}
	for _, p := range paths {
		data, mode, ok, err := gitx.ReadFile(repo.Dir(), p)
		if err != nil {
			return "", err
		}
		if !ok {
			delete(entries, p)
			continue
		}
		h, err := repo.WriteBlob(data)
		if err != nil {
			return "", err
		}
		entries[p] = gitx.Entry{Hash: h, Mode: mode}
	}
	tree, err := repo.WriteTree(entries)
	if err != nil {
		return "", err
	}
	return repo.CommitTree(tree, []string{head, pristine}, msg, sig)
}

// stopError is a write of the work tree that stopped part-way: the cause,
// how many files were written, and whether putting them back failed.
type stopError struct {
	err     error
	written int
	undoErr error
}

func (e *stopError) Error() string { return e.err.Error() }
func (e *stopError) Unwrap() error { return e.err }

// writeWork writes (or, for a nil blob, removes) each path in the work
// tree, checking ctx between files and calling wrote (when set) after each.
// On failure or cancellation it puts back what it had already changed, as
// old has it, and returns a *stopError.
func writeWork(ctx context.Context, dir string, paths []string, writes, old map[string]*merge.Blob, wrote func(n int)) error {
	for i, p := range paths {
		touched := paths[:i]
		err := ctx.Err()
		if err == nil {
			err = writeFile(dir, p, writes[p])
			touched = paths[:i+1] // p too: a failed write may have removed it
		}
		if err != nil {
			var undo []error
			for _, q := range slices.Backward(touched) {
				if e := putBack(dir, q, old[q]); e != nil {
					undo = append(undo, e)
				}
			}
			return &stopError{err: err, written: i, undoErr: errors.Join(undo...)}
		}
		if wrote != nil {
			wrote(i + 1)
		}
	}
	return nil
}

// writeFile replaces dir/p with b through a temporary file and a rename, or
// removes it (and the folders it leaves empty) when b is nil.
func writeFile(dir, p string, b *merge.Blob) error {
	if err := safepath.Check(p); err != nil {
		// Never write or remove version-control metadata, or a path that
		// leaves the project, whatever a render, a merge or a state file says.
		return &Error{Code: 2, Msg: "refusing to touch " + err.Error(), Fix: cmdHint(err)}
	}
	full := filepath.Join(dir, filepath.FromSlash(p))
	if b == nil {
		if err := os.Remove(full); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove %s: %w", p, err)
		}
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			if os.Remove(filepath.Join(dir, filepath.FromSlash(d))) != nil {
				break // not empty
			}
		}
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return fmt.Errorf("write %s: %w", p, err)
	}
	perm := fs.FileMode(0o644)
	if b.Exec() {
		perm = 0o755
	}
	tmp, err := os.CreateTemp(filepath.Dir(full), tempPrefix+"*")
	if err != nil {
		return fmt.Errorf("write %s: %w", p, err)
	}
	_, werr := tmp.Write(b.Data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr, os.Chmod(tmp.Name(), perm)); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", p, err)
	}
	if err := os.Rename(tmp.Name(), full); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", p, err)
	}
	return nil
}

// Pending is an update in progress, as `paved update --continue` and
// `--abort` see it.
type Pending struct {
	Template, From, To string
	Commit             string   // the merge commit, once committed
	Unresolved         []string // conflicted files that still hold markers
	// Interrupted: the update had been interrupted while writing files.
	Interrupted bool
}

// Continue finishes an update in progress: one interrupted while writing
// files is written to the end; one stopped on conflicts is committed once
// no conflicted file holds conflict markers any more.
func Continue(ctx context.Context, env Env, dir string) (*Pending, error) {
	repo, st, err := pending(dir)
	if err != nil {
		return nil, err
	}
	p := &Pending{Template: st.Template, From: st.From, To: st.To, Interrupted: st.phase() == phaseWriting}
	head, _, err := repo.Head()
	if err != nil {
		return nil, err
	}
	if st.phase() == phaseCommitting && (head == st.Commit || head == st.Head) {
		// killed after committing: move the branch if it did not, and forget the state
		if head != st.Commit {
			if err := repo.Advance(st.Commit); err != nil {
				return nil, err
			}
		}
		p.Commit = st.Commit
		return p, clearState(repo, dir)
	}
	if head != st.Head {
		return nil, &Error{Code: 1, Msg: fmt.Sprintf("HEAD moved from %s to %s since the update stopped", short(st.Head), short(head)),
			Fix: "run paved update --abort, then paved update again"}
	}
	if st.phase() == phaseWriting {
		if st.After == "" {
			return nil, &Error{Code: 1, Msg: "the interrupted update recorded no snapshot to finish from",
				Fix: "run paved update --abort, then paved update again"}
		}
		writes, err := snapshotFiles(ctx, repo, st.After, st.Paths)
		if err != nil {
			return nil, err
		}
		old, err := snapshotFiles(ctx, repo, st.Before, st.Paths)
		if err != nil {
			return nil, err
		}
		sweepTemps(dir, st.Paths)
		// Put back on failure means as before the update: the state stays.
		if err := writeWork(ctx, dir, st.Paths, writes, old, env.Wrote); err != nil {
			var s *stopError
			if errors.As(err, &s) && (errors.Is(s.err, context.Canceled) || errors.Is(s.err, context.DeadlineExceeded)) {
				return nil, &InterruptedError{Err: s.err, Fix: "run paved update --abort to put every file back as it was, or paved update --continue to finish the update",
					Msg: fmt.Sprintf("paved update --continue stopped after writing %d of %d files: the update is still in progress", s.written, len(st.Paths))}
			}
			return nil, err
		}
		ctx = context.WithoutCancel(ctx)
		st.Phase = phaseConflicts
		if err := writeState(dir, st, false); err != nil {
			return nil, err
		}
	}
	for _, c := range st.Conflicts {
		data, _, ok, err := gitx.ReadFile(dir, c)
		if err != nil {
			return nil, err
		}
		if ok && merge.HasMarkers(data) {
			p.Unresolved = append(p.Unresolved, c)
		}
	}
	if len(p.Unresolved) > 0 {
		return p, nil
	}
	sig, err := env.Author()
	if err != nil {
		return nil, err
	}
	p.Commit, err = finish(context.WithoutCancel(ctx), repo, dir, st, sig)
	return p, err
}

// Abort undoes an update in progress, however far it got: every file it
// wrote or removed is put back as it was before the update (uncommitted
// edits and untracked files included), the index too, and a merge commit
// the branch already moved to is taken back.
func Abort(ctx context.Context, dir string) (*Pending, error) {
	repo, st, err := pending(dir)
	if err != nil {
		return nil, err
	}
	head, _, err := repo.Head()
	if err != nil {
		return nil, err
	}
	p := &Pending{Template: st.Template, From: st.From, To: st.To, Interrupted: st.phase() == phaseWriting}
	if st.Before == "" {
		// recorded by a paved without snapshots: the files as HEAD has them
		files, err := readTree(ctx, repo, head)
		if err != nil {
			return nil, err
		}
		writes := map[string]*merge.Blob{}
		for _, p := range st.Paths {
			writes[p] = files[p]
		}
		if err := writeWork(context.WithoutCancel(ctx), dir, st.Paths, writes, writes, nil); err != nil {
			return nil, err
		}
		return p, clearState(repo, dir)
	}
	if st.phase() == phaseCommitting && st.Commit != "" && head == st.Commit {
		if err := repo.Advance(st.Head); err != nil {
			return nil, err
		}
		head = st.Head
	}
	keepIndex := head != st.Head // HEAD moved on: its index is not the one saved
	if keepIndex {
		st.Index = ""
	}
	if err := restore(repo, dir, st); err != nil {
		return nil, &Error{Code: 1, Err: err, Msg: "putting the files back failed: " + err.Error(),
			Fix: "fix the cause and run paved update --abort again: the update stays recorded until it succeeds"}
	}
	return p, clearState(repo, dir)
}

func pending(dir string) (*gitx.Repo, *state, error) {
	repo, err := openRepo(dir)
	if err != nil {
		return nil, nil, err
	}
	st, err := readState(dir)
	if err != nil {
		return nil, nil, err
	}
	if st == nil {
		return nil, nil, &Error{Code: 2, Msg: "no update is in progress in " + dir,
			Fix: "paved update --continue and --abort finish or undo an update that stopped on conflicts or was interrupted"}
	}
	// A state file naming .git/... (written by an older paved, or by hand)
	// must not make --abort or --continue rewrite or delete git's own files.
	st.Paths = slices.DeleteFunc(st.Paths, func(p string) bool { return safepath.Check(p) != nil })
	return repo, st, nil
}
