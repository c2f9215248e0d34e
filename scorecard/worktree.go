package scorecard

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

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
	var tracked []string
	var excludes []gitignore.Pattern
	if repo != nil {
		if tracked, err = repo.Tracked(); err != nil {
			return nil, fmt.Errorf("score %s: %w", dir, err)
		}
		excludes = globalExcludes()
		if data, err := rd.readFile(".git/info/exclude", MaxTextSize); err == nil {
			excludes = append(excludes, parseIgnore(data, nil)...)
		}
	}
	files, err := walkFiles(ctx, rd, sub, tracked, excludes)
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

// globalExcludes reads the user's core.excludesFile, as git does; a
// missing or unreadable one ignores nothing.
func globalExcludes() []gitignore.Pattern {
	ps, _ := gitignore.LoadGlobalPatterns(osfs.New("/"))
	return ps
}

func parseIgnore(data []byte, domain []string) []gitignore.Pattern {
	var ps []gitignore.Pattern
	for line := range strings.SplitSeq(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ps = append(ps, gitignore.ParsePattern(line, domain))
	}
	return ps
}

// walkFiles lists what the user sees under sub: files that are tracked (in
// the sorted list tracked, paths from the root) and still there, and files
// that no ignore pattern matches; each folder's .gitignore applies below
// it, and those of sub's parents apply too. Symlinked folders are listed as
// files and never entered; FIFOs, sockets and devices are left out; nested
// repositories are left out as git leaves them. The list is never nil.
func walkFiles(ctx context.Context, rd *rootReader, sub string, tracked []string, excludes []gitignore.Pattern) ([]string, error) {
	isTracked := func(p string) bool {
		_, ok := slices.BinarySearch(tracked, p)
		return ok
	}
	trackedUnder := func(dir string) bool {
		i, _ := slices.BinarySearch(tracked, dir+"/")
		return i < len(tracked) && strings.HasPrefix(tracked[i], dir+"/")
	}
	files := []string{}
	var walk func(dir string, parts []string, ps []gitignore.Pattern) error
	walk = func(dir string, parts []string, ps []gitignore.Pattern) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		name := dir
		if name == "" {
			name = "."
		}
		entries, err := rd.readDir(name)
		if err != nil {
			if dir == "" || dir == sub {
				return err
			}
			return nil // unreadable folders are skipped, as git would
		}
		for _, e := range entries {
			if e.Name() == ".git" && dir != "" {
				return nil // a nested repository: git lists none of its files
			}
		}
		for _, e := range entries {
			if e.Name() == ".gitignore" && !e.IsDir() {
				if data, err := rd.readFile(path.Join(dir, ".gitignore"), MaxTextSize); err == nil {
					ps = append(slices.Clip(ps), parseIgnore(data, parts)...)
				}
				break
			}
		}
		m := gitignore.NewMatcher(ps)
		for _, e := range entries {
			rel := path.Join(dir, e.Name())
			// Above sub only the folders on the way down matter.
			inside := sub == "" || strings.HasPrefix(rel, sub+"/") || rel == sub
			if !inside && !(e.IsDir() && strings.HasPrefix(sub, rel+"/")) {
				continue
			}
			p := append(slices.Clip(parts), e.Name())
			if e.IsDir() {
				if e.Name() == ".git" || skippedDirs[e.Name()] {
					continue
				}
				if inside && m.Match(p, true) && !trackedUnder(rel) {
					continue
				}
				if err := walk(rel, p, ps); err != nil {
					return err
				}
				continue
			}
			if t := e.Type(); !t.IsRegular() && t&fs.ModeSymlink == 0 {
				continue // a FIFO, socket or device is never a file to score
			}
			if isTracked(rel) || !m.Match(p, false) {
				if r, ok := relTo(rel, sub); ok {
					files = append(files, r)
				}
			}
		}
		return nil
	}
	if err := walk("", nil, excludes); err != nil {
		return nil, err
	}
	slices.Sort(files)
	return files, nil
}
