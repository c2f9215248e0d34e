package gitx

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Entry is one file of a tree: its blob and git mode.
type Entry struct {
	Hash string
	Mode filemode.FileMode // Regular, Executable, Symlink or Submodule
}

// Exec reports whether the entry is an executable file.
func (e Entry) Exec() bool { return e.Mode == filemode.Executable }

// ErrNotRepo is a folder that is not the root of a git repository.
var ErrNotRepo = errors.New("not a git repository")

// Repo is an opened repository, for the history work of `paved update`:
// reading trees of old commits, writing trees and commits that no work tree
// holds (pristine renders), and moving the branch.
type Repo struct {
	repo *git.Repository
	dir  string
}

// OpenRepo opens the repository whose work tree is rooted at dir.
func OpenRepo(dir string) (*Repo, error) {
	r, err := git.PlainOpen(dir)
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, fmt.Errorf("%s: %w", dir, ErrNotRepo)
	}
	if err != nil {
		return nil, fmt.Errorf("open git repository %s: %w", dir, err)
	}
	return &Repo{repo: r, dir: dir}, nil
}

// Dir is the repository's work tree.
func (r *Repo) Dir() string { return r.dir }

// Head returns the commit HEAD points to and the branch it is on ("" when
// detached).
func (r *Repo) Head() (commit, branch string, err error) {
	ref, err := r.repo.Head()
	if err != nil {
		return "", "", fmt.Errorf("read HEAD of %s: %w", r.dir, err)
	}
	if ref.Name().IsBranch() {
		branch = ref.Name().Short()
	}
	return ref.Hash().String(), branch, nil
}

// HasCommit reports whether hash names a commit present in the repository
// (a shallow clone may lack old ones).
func (r *Repo) HasCommit(hash string) bool {
	if !plumbing.IsHash(hash) {
		return false
	}
	c, err := r.repo.CommitObject(plumbing.NewHash(hash))
	if err != nil {
		return false
	}
	_, err = c.Tree()
	return err == nil
}

// Parents returns the parents of a commit.
func (r *Repo) Parents(commit string) ([]string, error) {
	c, err := r.repo.CommitObject(plumbing.NewHash(commit))
	if err != nil {
		return nil, fmt.Errorf("read commit %s: %w", commit, err)
	}
	out := make([]string, len(c.ParentHashes))
	for i, p := range c.ParentHashes {
		out[i] = p.String()
	}
	return out, nil
}

// Message returns a commit's message.
func (r *Repo) Message(commit string) (string, error) {
	c, err := r.repo.CommitObject(plumbing.NewHash(commit))
	if err != nil {
		return "", fmt.Errorf("read commit %s: %w", commit, err)
	}
	return c.Message, nil
}

// Introduced returns the commit reachable from HEAD that added file (a path
// in the repository, slash-separated): the oldest commit whose tree has it
// while none of its parents' trees do. "" when no commit did.
func (r *Repo) Introduced(ctx context.Context, file string) (string, error) {
	head, err := r.repo.Head()
	if err != nil {
		return "", fmt.Errorf("read HEAD of %s: %w", r.dir, err)
	}
	iter, err := r.repo.Log(&git.LogOptions{From: head.Hash(), Order: git.LogOrderCommitterTime})
	if err != nil {
		return "", fmt.Errorf("read history of %s: %w", r.dir, err)
	}
	defer iter.Close()
	var found string
	err = iter.ForEach(func(c *object.Commit) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !hasFile(c, file) {
			return nil
		}
		for _, p := range c.ParentHashes {
			pc, err := r.repo.CommitObject(p)
			if err != nil {
				return nil // shallow: the parent is missing, so this may not be the first
			}
			if hasFile(pc, file) {
				return nil
			}
		}
		found = c.Hash.String()
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("read history of %s: %w", r.dir, err)
	}
	return found, nil
}

func hasFile(c *object.Commit, file string) bool {
	t, err := c.Tree()
	if err != nil {
		return false
	}
	_, err = t.FindEntry(file)
	return err == nil
}

// Tree lists every file of a commit's tree by slash-separated path.
func (r *Repo) Tree(ctx context.Context, commit string) (map[string]Entry, error) {
	c, err := r.repo.CommitObject(plumbing.NewHash(commit))
	if err != nil {
		return nil, fmt.Errorf("read commit %s: %w", commit, err)
	}
	t, err := c.Tree()
	if err != nil {
		return nil, fmt.Errorf("read tree of %s: %w", commit, err)
	}
	out := map[string]Entry{}
	w := object.NewTreeWalker(t, true, nil)
	defer w.Close()
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		name, e, err := w.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read tree of %s: %w", commit, err)
		}
		if e.Mode == filemode.Dir {
			continue
		}
		out[name] = Entry{Hash: e.Hash.String(), Mode: e.Mode}
	}
	return out, nil
}

// ReadBlob returns the content of a blob.
func (r *Repo) ReadBlob(hash string) ([]byte, error) {
	b, err := r.repo.BlobObject(plumbing.NewHash(hash))
	if err != nil {
		return nil, fmt.Errorf("read blob %s: %w", hash, err)
	}
	rd, err := b.Reader()
	if err != nil {
		return nil, fmt.Errorf("read blob %s: %w", hash, err)
	}
	defer rd.Close()
	return io.ReadAll(rd)
}

// WriteBlob stores data as a blob and returns its hash; a blob already
// stored is not written again.
func (r *Repo) WriteBlob(data []byte) (string, error) {
	if h := plumbing.ComputeHash(plumbing.BlobObject, data); r.repo.Storer.HasEncodedObject(h) == nil {
		return h.String(), nil
	}
	obj := r.repo.Storer.NewEncodedObject()
	obj.SetType(plumbing.BlobObject)
	obj.SetSize(int64(len(data)))
	w, err := obj.Writer()
	if err != nil {
		return "", fmt.Errorf("write blob: %w", err)
	}
	if _, err := w.Write(data); err != nil {
		w.Close()
		return "", fmt.Errorf("write blob: %w", err)
	}
	if err := w.Close(); err != nil {
		return "", fmt.Errorf("write blob: %w", err)
	}
	h, err := r.repo.Storer.SetEncodedObject(obj)
	if err != nil {
		return "", fmt.Errorf("write blob: %w", err)
	}
	return h.String(), nil
}

// WriteTree stores the nested trees of a flat file list and returns the
// root tree's hash.
func (r *Repo) WriteTree(files map[string]Entry) (string, error) {
	type dir struct {
		files map[string]Entry
		dirs  map[string]*dir
	}
	newDir := func() *dir { return &dir{files: map[string]Entry{}, dirs: map[string]*dir{}} }
	root := newDir()
	for p, e := range files {
		parts := strings.Split(p, "/")
		d := root
		for _, part := range parts[:len(parts)-1] {
			sub, ok := d.dirs[part]
			if !ok {
				sub = newDir()
				d.dirs[part] = sub
			}
			d = sub
		}
		d.files[parts[len(parts)-1]] = e
	}
	var write func(d *dir) (plumbing.Hash, error)
	write = func(d *dir) (plumbing.Hash, error) {
		t := &object.Tree{}
		for name, e := range d.files {
			t.Entries = append(t.Entries, object.TreeEntry{Name: name, Mode: e.Mode, Hash: plumbing.NewHash(e.Hash)})
		}
		for name, sub := range d.dirs {
			h, err := write(sub)
			if err != nil {
				return plumbing.ZeroHash, err
			}
			t.Entries = append(t.Entries, object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: h})
		}
		// git orders entries by name, a directory's name compared as if it ended in "/".
		key := func(e object.TreeEntry) string {
			if e.Mode == filemode.Dir {
				return e.Name + "/"
			}
			return e.Name
		}
		sort.Slice(t.Entries, func(i, j int) bool { return key(t.Entries[i]) < key(t.Entries[j]) })
		obj := r.repo.Storer.NewEncodedObject()
		if err := t.Encode(obj); err != nil {
			return plumbing.ZeroHash, err
		}
		return r.repo.Storer.SetEncodedObject(obj)
	}
	h, err := write(root)
	if err != nil {
		return "", fmt.Errorf("write tree: %w", err)
	}
	return h.String(), nil
}

// CommitTree stores a commit of tree with the given parents, by sig, and
// returns its hash. No reference moves.
func (r *Repo) CommitTree(tree string, parents []string, message string, sig Signature) (string, error) {
	s := object.Signature{Name: sig.Name, Email: sig.Email, When: sig.When}
	c := &object.Commit{Author: s, Committer: s, Message: message, TreeHash: plumbing.NewHash(tree)}
	for _, p := range parents {
		c.ParentHashes = append(c.ParentHashes, plumbing.NewHash(p))
	}
	obj := r.repo.Storer.NewEncodedObject()
	if err := c.Encode(obj); err != nil {
		return "", fmt.Errorf("write commit: %w", err)
	}
	h, err := r.repo.Storer.SetEncodedObject(obj)
	if err != nil {
		return "", fmt.Errorf("write commit: %w", err)
	}
	return h.String(), nil
}

// SetRef points a reference (e.g. "refs/paved/update") at a commit, which
// keeps it from being garbage-collected.
func (r *Repo) SetRef(name, commit string) error {
	ref := plumbing.NewHashReference(plumbing.ReferenceName(name), plumbing.NewHash(commit))
	if err := r.repo.Storer.SetReference(ref); err != nil {
		return fmt.Errorf("set %s: %w", name, err)
	}
	return nil
}

// Ref returns the commit a reference points to, or "" when it does not exist.
func (r *Repo) Ref(name string) string {
	ref, err := r.repo.Reference(plumbing.ReferenceName(name), true)
	if err != nil {
		return ""
	}
	return ref.Hash().String()
}

// DeleteRef removes a reference; a missing one is fine.
func (r *Repo) DeleteRef(name string) error {
	if err := r.repo.Storer.RemoveReference(plumbing.ReferenceName(name)); err != nil {
		return fmt.Errorf("delete %s: %w", name, err)
	}
	return nil
}

// Advance moves HEAD's branch (or a detached HEAD) to commit and makes the
// index match it, leaving the work tree alone: what `git reset --mixed`
// does. The caller has already written the commit's files to the work tree.
func (r *Repo) Advance(commit string) error {
	wt, err := r.repo.Worktree()
	if err != nil {
		return fmt.Errorf("open work tree of %s: %w", r.dir, err)
	}
	if err := wt.Reset(&git.ResetOptions{Commit: plumbing.NewHash(commit), Mode: git.MixedReset}); err != nil {
		return fmt.Errorf("move HEAD of %s to %s: %w", r.dir, commit, err)
	}
	return nil
}

// Dirty lists the tracked files whose work-tree or staged content differs
// from HEAD, sorted. Untracked files do not count: `paved update` never
// touches a file the template does not have.
func (r *Repo) Dirty(ctx context.Context) ([]string, error) {
	idx, err := r.repo.Storer.Index()
	if err != nil {
		return nil, fmt.Errorf("read git index of %s: %w", r.dir, err)
	}
	head := map[string]Entry{}
	if ref, err := r.repo.Head(); err == nil {
		if head, err = r.Tree(ctx, ref.Hash().String()); err != nil {
			return nil, err
		}
	}
	dirty := map[string]bool{}
	seen := map[string]bool{}
	for _, e := range idx.Entries {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		seen[e.Name] = true
		h, ok := head[e.Name]
		if !ok || h.Hash != e.Hash.String() || h.Mode != e.Mode || e.Stage != 0 {
			dirty[e.Name] = true
			continue
		}
		changed, err := r.changed(e.Name, e.Hash, e.Mode, e.Size, e.ModifiedAt.UnixNano())
		if err != nil {
			return nil, err
		}
		if changed {
			dirty[e.Name] = true
		}
	}
	for name := range head {
		if !seen[name] {
			dirty[name] = true // staged removal
		}
	}
	out := make([]string, 0, len(dirty))
	for name := range dirty {
		out = append(out, name)
	}
	sort.Strings(out)
	return out, nil
}

// changed compares a work-tree file with its index entry: size and mtime
// first, content when they differ, as git does.
func (r *Repo) changed(name string, hash plumbing.Hash, mode filemode.FileMode, size uint32, mtime int64) (bool, error) {
	if mode == filemode.Submodule {
		return false, nil
	}
	p := filepath.Join(r.dir, filepath.FromSlash(name))
	fi, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("stat %s: %w", p, err)
	}
	if mode == filemode.Symlink {
		if fi.Mode()&fs.ModeSymlink == 0 {
			return true, nil
		}
		target, err := os.Readlink(p)
		if err != nil {
			return false, fmt.Errorf("read link %s: %w", p, err)
		}
		return plumbing.ComputeHash(plumbing.BlobObject, []byte(target)) != hash, nil
	}
	if !fi.Mode().IsRegular() {
		return true, nil
	}
	if (fi.Mode()&0o111 != 0) != (mode == filemode.Executable) {
		return true, nil
	}
	if uint32(fi.Size()) == size && fi.ModTime().UnixNano() == mtime {
		return false, nil
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return false, fmt.Errorf("read %s: %w", p, err)
	}
	return plumbing.ComputeHash(plumbing.BlobObject, data) != hash, nil
}

// ReadFile reads dir/name (name slash-separated) the way git would store
// it: a symlink's target as its content, the executable bit as its mode;
// ok is false when it does not exist. Folders count as missing.
func ReadFile(dir, name string) (data []byte, mode filemode.FileMode, ok bool, err error) {
	p := filepath.Join(dir, filepath.FromSlash(path.Clean(name)))
	fi, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return nil, 0, false, nil
	}
	if err != nil {
		return nil, 0, false, fmt.Errorf("stat %s: %w", p, err)
	}
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		target, err := os.Readlink(p)
		if err != nil {
			return nil, 0, false, fmt.Errorf("read link %s: %w", p, err)
		}
		return []byte(target), filemode.Symlink, true, nil
	case fi.IsDir():
		return nil, 0, false, nil
	}
	data, err = os.ReadFile(p)
	if err != nil {
		return nil, 0, false, fmt.Errorf("read %s: %w", p, err)
	}
	mode = filemode.Regular
	if fi.Mode()&0o111 != 0 {
		mode = filemode.Executable
	}
	return data, mode, true, nil
}

// BlobHash is the git hash of data as a blob, without storing it.
func BlobHash(data []byte) string {
	return plumbing.ComputeHash(plumbing.BlobObject, data).String()
}
