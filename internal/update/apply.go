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
	"sort"
	"syscall"

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

// PendingRef keeps the pristine commit of an update stopped by conflicts
// reachable, so git gc cannot drop it before `paved update --continue`.
const PendingRef = "refs/paved/update"

// stateFile, under .git, records an update stopped by conflicts.
const stateFile = "PAVED_UPDATE"

// state is an update stopped by conflicts.
type state struct {
	Template  string   `json:"template"`
	From      string   `json:"from"`
	To        string   `json:"to"`
	Head      string   `json:"head"`     // HEAD when the update wrote the work tree
	Pristine  string   `json:"pristine"` // the new pristine commit: the merge's second parent
	Paths     []string `json:"paths"`    // every path written or removed, .paved.yaml included
	Conflicts []string `json:"conflicts"`
	Message   string   `json:"message"`
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

func writeState(dir string, st *state) error {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(statePath(dir), append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("record the update in progress: %w", err)
	}
	return nil
}

func clearState(repo *gitx.Repo, dir string) error {
	if err := os.Remove(statePath(dir)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("clear the update in progress: %w", err)
	}
	return repo.DeleteRef(PendingRef)
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
	if err := writeWork(dir, paths, writes); err != nil {
		return err
	}
	message := fmt.Sprintf("paved: update %s from %s to %s\n\nMerged the template's changes with paved update (base %s, template\nrender %s).\n",
		rec.Template.Name, rec.Template.Version, theirs.Version(), short(b.commit), short(pristine))
	if len(conflicts) > 0 {
		if err := repo.SetRef(PendingRef, pristine); err != nil {
			return err
		}
		return writeState(dir, &state{Template: rec.Template.Name, From: rec.Template.Version, To: theirs.Version(),
			Head: head, Pristine: pristine, Paths: paths, Conflicts: conflicts, Message: message})
	}
	res.Commit, err = commitPaths(ctx, repo, head, pristine, paths, message, sig)
	return err
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

// commitPaths commits HEAD's tree with paths taken from the work tree (a
// missing file is removed), with parents HEAD and pristine, and moves the
// branch there.
func commitPaths(ctx context.Context, repo *gitx.Repo, head, pristine string, paths []string, msg string, sig gitx.Signature) (string, error) {
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
	commit, err := repo.CommitTree(tree, []string{head, pristine}, msg, sig)
	if err != nil {
		return "", err
	}
	return commit, repo.Advance(commit)
}

// writeWork writes (or, for a nil blob, removes) each path in the work
// tree. On failure it puts back what it had already changed.
func writeWork(dir string, paths []string, writes map[string]*merge.Blob) (err error) {
	type undo struct {
		path string
		old  *merge.Blob
	}
	var done []undo
	defer func() {
		if err == nil {
			return
		}
		for i := len(done) - 1; i >= 0; i-- {
			_ = writeFile(dir, done[i].path, done[i].old)
		}
	}()
	for _, p := range paths {
		data, mode, ok, rerr := gitx.ReadFile(dir, p)
		if rerr != nil {
			return rerr
		}
		var old *merge.Blob
		if ok {
			old = blobOf(data, mode)
		}
		if err := writeFile(dir, p, writes[p]); err != nil {
			return err
		}
		done = append(done, undo{p, old})
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
	tmp, err := os.CreateTemp(filepath.Dir(full), ".paved-*")
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

// Pending is an update stopped by conflicts, as `paved update --continue`
// sees it.
type Pending struct {
	Template, From, To string
	Commit             string   // the merge commit, once committed
	Unresolved         []string // conflicted files that still hold markers
}

// Continue commits an update that stopped on conflicts, once no conflicted
// file holds conflict markers any more.
func Continue(ctx context.Context, env Env, dir string) (*Pending, error) {
	repo, st, err := pending(dir)
	if err != nil {
		return nil, err
	}
	p := &Pending{Template: st.Template, From: st.From, To: st.To}
	head, _, err := repo.Head()
	if err != nil {
		return nil, err
	}
	if head != st.Head {
		return nil, &Error{Code: 1, Msg: fmt.Sprintf("HEAD moved from %s to %s since the update stopped", short(st.Head), short(head)),
			Fix: "run paved update --abort, then paved update again"}
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
	if p.Commit, err = commitPaths(ctx, repo, head, st.Pristine, st.Paths, st.Message, sig); err != nil {
		return nil, err
	}
	return p, clearState(repo, dir)
}

// Abort puts back the files an update stopped by conflicts wrote, as HEAD
// has them, and forgets the update.
func Abort(ctx context.Context, dir string) (*Pending, error) {
	repo, st, err := pending(dir)
	if err != nil {
		return nil, err
	}
	head, _, err := repo.Head()
	if err != nil {
		return nil, err
	}
	files, err := readTree(ctx, repo, head)
	if err != nil {
		return nil, err
	}
	writes := map[string]*merge.Blob{}
	for _, p := range st.Paths {
		writes[p] = files[p]
	}
	if err := writeWork(dir, st.Paths, writes); err != nil {
		return nil, err
	}
	return &Pending{Template: st.Template, From: st.From, To: st.To}, clearState(repo, dir)
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
			Fix: "paved update --continue and --abort finish an update that stopped on conflicts"}
	}
	// A state file naming .git/... (written by an older paved, or by hand)
	// must not make --abort or --continue rewrite or delete git's own files.
	st.Paths = slices.DeleteFunc(st.Paths, func(p string) bool { return safepath.Check(p) != nil })
	return repo, st, nil
}
