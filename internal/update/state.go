package update

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"syscall"

	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/paved-dev/paved/internal/gitx"
	"github.com/paved-dev/paved/internal/merge"
)

// PendingRef keeps the pristine commit of an update in progress reachable,
// so git gc cannot drop it before `paved update --continue`.
const PendingRef = "refs/paved/update"

// BeforeRef and AfterRef keep the two snapshots of an update in progress
// reachable: the files it writes as they were before (what --abort puts
// back) and as the update writes them (what --continue finishes writing).
const (
	BeforeRef = "refs/paved/update-before"
	AfterRef  = "refs/paved/update-after"
)

// stateFile, under .git, records an update in progress.
const stateFile = "PAVED_UPDATE"

// Phases of an update in progress.
const (
	// phaseWriting: the work tree is being written. Found by another run,
	// the update was interrupted (killed) half-way.
	phaseWriting = "writing"
	// phaseConflicts: everything is written, conflicts wait for the user.
	// An empty phase (paved before phases existed) reads as this one.
	phaseConflicts = "conflicts"
	// phaseCommitting: written and committed; the branch may not have
	// moved to the commit yet.
	phaseCommitting = "committing"
)

// state is an update in progress. It is written, synced, before the first
// change to the work tree, so an update killed at any point leaves what
// --abort needs to put every file back.
type state struct {
	Phase     string   `json:"phase,omitempty"`
	Template  string   `json:"template"`
	From      string   `json:"from"`
	To        string   `json:"to"`
	Head      string   `json:"head"`     // HEAD when the update began writing
	Pristine  string   `json:"pristine"` // the new pristine commit: the merge's second parent
	Paths     []string `json:"paths"`    // every path written or removed, .paved.yaml included
	Conflicts []string `json:"conflicts"`
	Message   string   `json:"message"`
	// Before is a commit whose tree holds each of Paths as the work tree
	// had it before the update (uncommitted edits and untracked files
	// included); a path it lacks did not exist.
	Before string `json:"before,omitempty"`
	// After is a commit whose tree holds each of Paths as the update
	// writes it; a path it lacks is removed.
	After string `json:"after,omitempty"`
	// Index is the blob of .git/index before the update; "" when there was none.
	Index string `json:"index,omitempty"`
	// Created are the folders the update creates, outermost first.
	Created []string `json:"created,omitempty"`
	// Commit is the merge commit (phase committing).
	Commit string `json:"commit,omitempty"`
	// PID is the paved process that recorded the state: while it runs, the
	// update is not interrupted but under way.
	PID int `json:"pid,omitempty"`
}

func (st *state) phase() string {
	if st.Phase == "" {
		return phaseConflicts
	}
	return st.Phase
}

func statePath(dir string) string { return filepath.Join(dir, ".git", stateFile) }

func readState(dir string) (*state, error) {
	data, err := os.ReadFile(statePath(dir))
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", statePath(dir), err)
	}
	var st state
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, &Error{Code: 2, Msg: fmt.Sprintf("%s is broken: %v", statePath(dir), err),
			Fix: "remove it and run paved update again (restore the project's files with git checkout -- . first)"}
	}
	return &st, nil
}

// inProgress is the refusal of a second update while one is in progress.
func inProgress(st *state) error {
	switch st.phase() {
	case phaseCommitting:
		return &Error{Code: 1, Msg: fmt.Sprintf("an update of %s to %s was committed but stopped before it finished", st.Template, st.To),
			Fix: "run paved update --continue to finish it, or paved update --abort to take it back"}
	case phaseWriting:
		if st.PID > 0 && st.PID != os.Getpid() && processAlive(st.PID) {
			return &Error{Code: 1, Msg: fmt.Sprintf("another paved update (pid %d) is updating %s to %s right now", st.PID, st.Template, st.To),
				Fix: "wait for it to finish, then run paved update again"}
		}
		return &Error{Code: 1, Msg: fmt.Sprintf("an update of %s to %s was interrupted while writing files", st.Template, st.To),
			Fix: "run paved update --abort to put every file back as it was, or paved update --continue to finish it"}
	}
	return &Error{Code: 1, Msg: fmt.Sprintf("an update of %s to %s is in progress", st.Template, st.To),
		Fix: "resolve the conflicts and run paved update --continue, or paved update --abort"}
}

// writeState records st durably: a temporary file, synced, renamed (or,
// with create, linked, so a concurrent update finds the state and stops)
// into place, and the folder synced.
func writeState(dir string, st *state, create bool) error {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	final := statePath(dir)
	f, err := os.CreateTemp(filepath.Dir(final), stateFile+".*")
	if err != nil {
		return fmt.Errorf("record the update in progress: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	_, werr := f.Write(append(data, '\n'))
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		return fmt.Errorf("record the update in progress: %w", err)
	}
	if create {
		err = os.Link(tmp, final)
		if errors.Is(err, fs.ErrExist) {
			if other, rerr := readState(dir); rerr == nil && other != nil {
				return inProgress(other)
			}
		}
	} else {
		err = os.Rename(tmp, final)
	}
	if err != nil {
		return fmt.Errorf("record the update in progress: %w", err)
	}
	return syncDir(filepath.Dir(final))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

func clearState(repo *gitx.Repo, dir string) error {
	if err := os.Remove(statePath(dir)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("clear the update in progress: %w", err)
	}
	return errors.Join(repo.DeleteRef(PendingRef), repo.DeleteRef(BeforeRef), repo.DeleteRef(AfterRef))
}

// snapshot stores, before anything is written, what --abort and --continue
// need: each path as the work tree has it (st.Before), as the update writes
// it (st.After), the index, and the folders writing creates; no reference
// moves until the state is recorded ([keepSnapshot]). It returns
// the paths' current contents, nil for a missing one, for the rollback of
// an interrupted write.
func snapshot(repo *gitx.Repo, dir string, st *state, writes map[string]*merge.Blob, sig gitx.Signature) (map[string]*merge.Blob, error) {
	old := map[string]*merge.Blob{}
	before := map[string]gitx.Entry{}
	after := map[string]gitx.Entry{}
	created := map[string]bool{}
	for _, p := range st.Paths {
		data, mode, ok, err := gitx.ReadFile(dir, p)
		if err != nil {
			return nil, err
		}
		if ok {
			h, err := repo.WriteBlob(data)
			if err != nil {
				return nil, err
			}
			before[p] = gitx.Entry{Hash: h, Mode: mode}
			old[p] = &merge.Blob{Data: data, Mode: modeOf(mode)}
		} else {
			old[p] = nil
		}
		if b := writes[p]; b != nil {
			h, err := repo.WriteBlob(b.Data)
			if err != nil {
				return nil, err
			}
			e := gitx.Entry{Hash: h, Mode: filemode.Regular}
			if b.Exec() {
				e.Mode = filemode.Executable
			}
			after[p] = e
			for d := path.Dir(p); d != "." && !created[d]; d = path.Dir(d) {
				if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(d))); err == nil {
					break
				}
				created[d] = true
			}
		}
	}
	var err error
	if st.Before, err = snapshotCommit(repo, before, "paved update: the files it writes, as they were before", sig); err != nil {
		return nil, err
	}
	if st.After, err = snapshotCommit(repo, after, "paved update: the files it writes, as it writes them", sig); err != nil {
		return nil, err
	}
	if index, err := os.ReadFile(filepath.Join(dir, ".git", "index")); err == nil {
		if st.Index, err = repo.WriteBlob(index); err != nil {
			return nil, err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read the git index: %w", err)
	}
	for d := range created {
		st.Created = append(st.Created, d)
	}
	slices.Sort(st.Created) // a folder sorts before what it holds
	return old, nil
}

// keepSnapshot points the update's references at its commits, so git gc
// keeps them while the update is in progress.
func keepSnapshot(repo *gitx.Repo, st *state) error {
	return errors.Join(repo.SetRef(PendingRef, st.Pristine), repo.SetRef(BeforeRef, st.Before), repo.SetRef(AfterRef, st.After))
}

func snapshotCommit(repo *gitx.Repo, entries map[string]gitx.Entry, msg string, sig gitx.Signature) (string, error) {
	tree, err := repo.WriteTree(entries)
	if err != nil {
		return "", err
	}
	return repo.CommitTree(tree, nil, msg, sig)
}

func modeOf(mode filemode.FileMode) fs.FileMode {
	switch mode {
	case filemode.Executable:
		return 0o755
	case filemode.Symlink:
		return fs.ModeSymlink | 0o777
	}
	return 0o644
}

// snapshotFiles reads a snapshot commit back as a blob (or nil) per path.
func snapshotFiles(ctx context.Context, repo *gitx.Repo, commit string, paths []string) (map[string]*merge.Blob, error) {
	entries, err := repo.Tree(ctx, commit)
	if err != nil {
		return nil, err
	}
	out := map[string]*merge.Blob{}
	for _, p := range paths {
		e, ok := entries[p]
		if !ok {
			out[p] = nil
			continue
		}
		data, err := repo.ReadBlob(e.Hash)
		if err != nil {
			return nil, err
		}
		out[p] = &merge.Blob{Data: data, Mode: modeOf(e.Mode)}
	}
	return out, nil
}

// tempPrefix starts the name of the temporary file each write goes
// through, beside its target; an update killed mid-write leaves one.
const tempPrefix = ".paved-update-"

// sweepTemps removes the temporary files a killed write left in the
// folders of paths.
func sweepTemps(dir string, paths []string) {
	seen := map[string]bool{}
	for _, p := range paths {
		d := filepath.Join(dir, filepath.FromSlash(path.Dir(p)))
		if seen[d] {
			continue
		}
		seen[d] = true
		matches, _ := filepath.Glob(filepath.Join(d, tempPrefix+"*"))
		for _, m := range matches {
			if fi, err := os.Lstat(m); err == nil && fi.Mode().IsRegular() {
				_ = os.Remove(m)
			}
		}
	}
}

// restore puts the work tree back as st.Before has it, removes the folders
// the update created and left empty, and the index as it was. It goes on
// whatever ctx says: half an abort helps nobody.
func restore(repo *gitx.Repo, dir string, st *state) error {
	ctx := context.Background()
	files, err := snapshotFiles(ctx, repo, st.Before, st.Paths)
	if err != nil {
		return err
	}
	sweepTemps(dir, st.Paths)
	var errs []error
	for _, p := range st.Paths {
		if err := putBack(dir, p, files[p]); err != nil {
			errs = append(errs, err)
		}
	}
	for _, d := range slices.Backward(st.Created) {
		_ = os.Remove(filepath.Join(dir, filepath.FromSlash(d))) // only when empty
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if st.Index == "" {
		return nil
	}
	index, err := repo.ReadBlob(st.Index)
	if err != nil {
		return err
	}
	return writeIndex(dir, index)
}

// putBack writes one file of a snapshot, a symlink as a symlink.
func putBack(dir, p string, b *merge.Blob) error {
	if b == nil || b.Mode&fs.ModeSymlink == 0 {
		return writeFile(dir, p, b)
	}
	full := filepath.Join(dir, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return fmt.Errorf("restore %s: %w", p, err)
	}
	if err := os.Remove(full); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("restore %s: %w", p, err)
	}
	if err := os.Symlink(string(b.Data), full); err != nil {
		return fmt.Errorf("restore %s: %w", p, err)
	}
	return nil
}

// writeIndex replaces .git/index with data through a rename.
func writeIndex(dir string, data []byte) error {
	final := filepath.Join(dir, ".git", "index")
	f, err := os.CreateTemp(filepath.Dir(final), "index.paved-*")
	if err != nil {
		return fmt.Errorf("restore the git index: %w", err)
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("restore the git index: %w", err)
	}
	if err := os.Rename(f.Name(), final); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("restore the git index: %w", err)
	}
	return nil
}

// InterruptedError is an update stopped by a signal. Its text says what
// the work tree holds now: put back as it was, or half written with the
// state --abort and --continue need.
type InterruptedError struct {
	Msg, Fix string
	Err      error // the context's error
}

func (e *InterruptedError) Error() string { return e.Msg }

// Hint says how to finish or undo the update, when something is left.
func (e *InterruptedError) Hint() string { return e.Fix }

// Unwrap returns the context's error.
func (e *InterruptedError) Unwrap() error { return e.Err }

// Interrupted marks the error as one that reports what the interruption
// left, so cli.Main prints it instead of "nothing was changed".
func (e *InterruptedError) Interrupted() {}
