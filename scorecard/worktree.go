package scorecard

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"time"

	"github.com/paved-dev/paved/internal/gitx"
)

// DirOptions says what of a local directory to score.
type DirOptions struct {
	Subpath string // one package of a monorepo, relative to the directory
	Now     time.Time
	// Committed scores HEAD's tree exactly, as a git source would be: no
	// untracked file, no uncommitted change. Otherwise a work tree is scored
	// as the user sees it.
	Committed bool
	// LatestVersion is [Meta.LatestVersion].
	LatestVersion func(template, source string) string
}

// OpenDir snapshots a local directory as the user sees it; see [OpenLocal].
func OpenDir(dir, subpath string, now time.Time) (*Snapshot, error) {
	return OpenLocal(context.Background(), dir, DirOptions{Subpath: subpath, Now: now})
}

// OpenLocal snapshots a local directory. In a git work tree the files are
// the tracked ones that still exist plus the untracked ones that no
// .gitignore, .git/info/exclude or global excludes file ignores, as `git
// status` sees them; with o.Committed, HEAD's files ([gitx.Repo.TreeFS]).
// In a plain folder every file not ignored by a .gitignore. Every read
// stays inside the directory.
func OpenLocal(ctx context.Context, dir string, o DirOptions) (*Snapshot, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("score %s: %w", dir, err)
	}
	info, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("score %s: %w", dir, err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("score %s: not a directory", dir)
	}
	sub, err := cleanSubpath(o.Subpath)
	if err != nil {
		return nil, err
	}
	m := Meta{Name: dir, Dir: abs, Now: o.Now, LatestVersion: o.LatestVersion}
	root := abs
	repo, err := gitx.FindRepo(abs)
	if err == nil {
		root = repo.Dir()
		if rel, err := filepath.Rel(root, abs); err == nil && rel != "." {
			sub = path.Join(filepath.ToSlash(rel), sub)
		}
		m.Git = repo
		if commit, branch, err := repo.Head(); err == nil {
			m.Commit, m.Branch = commit, branch
		}
	} else {
		repo = nil
	}
	m.Subpath = sub
	if o.Committed && repo != nil {
		var fsys fs.FS = emptyTree{}
		if m.Commit != "" {
			if fsys, err = repo.TreeFS(ctx, m.Commit); err != nil {
				return nil, fmt.Errorf("score %s: %w", dir, err)
			}
		}
		s, err := Open(ctx, fsys, nil, m)
		if err != nil {
			return nil, fmt.Errorf("score %s: %w", dir, err)
		}
		if sub != "" && len(s.files) == 0 {
			return nil, fmt.Errorf("score %s: subpath %q has no committed files", dir, sub)
		}
		return s, nil
	}
	if sub != "" {
		if info, err := os.Stat(filepath.Join(root, filepath.FromSlash(sub))); err != nil || !info.IsDir() {
			return nil, fmt.Errorf("score %s: subpath %q is not a directory", dir, sub)
		}
	}
	rd, err := openRootReader(root)
	if err != nil {
		return nil, fmt.Errorf("score %s: %w", dir, err)
	}
	w := gitx.WalkOptions{Sub: sub, SkipDir: func(name string) bool { return skippedDirs[name] }}
	if repo != nil {
		if w.Tracked, err = repo.Tracked(); err != nil {
			return nil, fmt.Errorf("score %s: %w", dir, err)
		}
		w.Repo = true
	}
	files, err := gitx.Visible(ctx, rootFS{rd}, w)
	if err != nil {
		return nil, fmt.Errorf("score %s: %w", dir, err)
	}
	return Open(ctx, rootFS{rd}, files, m)
}

// emptyTree is the tree of a repository without commits.
type emptyTree struct{}

func (emptyTree) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}
func (emptyTree) Files() []string { return []string{} }
