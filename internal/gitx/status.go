package gitx

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
	"syscall"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

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

// Changed lists the paths of the work tree that differ from HEAD, sorted:
// modified, added, deleted, and untracked files that no ignore file
// excludes, as `git status` shows them. A repository without a work tree
// has none.
func (r *Repo) Changed(ctx context.Context) ([]string, error) {
	if r.dir == "" {
		return []string{}, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	wt, err := r.repo.Worktree()
	if err != nil {
		return nil, fmt.Errorf("git status: %w", err)
	}
	status, err := wt.Status()
	if err != nil {
		return nil, fmt.Errorf("git status: %w", err)
	}
	out := []string{}
	for p, fs := range status {
		if fs.Worktree != git.Unmodified || fs.Staging != git.Unmodified {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out, nil
}

// Tracked lists the files of the index, sorted and without duplicates (a
// conflicted file has several stages).
func (r *Repo) Tracked() ([]string, error) {
	idx, err := r.repo.Storer.Index()
	if err != nil {
		return nil, fmt.Errorf("read git index: %w", err)
	}
	files := make([]string, 0, len(idx.Entries))
	for _, e := range idx.Entries {
		files = append(files, e.Name)
	}
	slices.Sort(files)
	return slices.Compact(files), nil
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
