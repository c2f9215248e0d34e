package scorecard

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/paved-dev/paved/internal/gitx"
)

// MaxTextSize is the largest file read as text; bigger files are listed but
// never read, so a checked-in archive cannot slow a run down.
const MaxTextSize = 1 << 20

// ErrNotText reports a file that is binary, too large or not readable as a
// regular file (a directory behind a symlink, a symlink loop).
var ErrNotText = errors.New("not a text file")

// skippedDirs are trees that never say anything about the repository's own
// practices: dependencies, vendored and generated code, build output.
var skippedDirs = map[string]bool{
	".git": true, "node_modules": true, "bower_components": true, "vendor": true,
	"dist": true, "build": true, "generated": true, "__generated__": true,
}

// History is what the `git` and `gitStatus` facts read of a repository's
// history; a [gitx.Repo] is one. Where the repository comes from (a work
// tree, a clone in the cache) is the caller's business.
type History interface {
	// Activity walks the history from commit back to since.
	Activity(ctx context.Context, commit string, since time.Time) (gitx.Activity, error)
	// Tags lists every tag, sorted.
	Tags() ([]string, error)
	// Changed lists the work tree's paths that differ from HEAD (none
	// without a work tree).
	Changed(ctx context.Context) ([]string, error)
}

// Meta is what a snapshot knows besides its files.
type Meta struct {
	// Name is what the user asked to score: a path or a git source.
	Name string
	// Dir is the absolute directory of a local work tree ("" for git sources).
	Dir string
	// Source is the git source without credentials ("" for local trees).
	Source string
	// Commit is the scored commit of a git source (or HEAD of a local repo).
	Commit string
	// Branch is the branch a local work tree is on ("" when detached or a
	// git source).
	Branch string
	// Subpath is the monorepo package scored, relative to the repository
	// root, slash-separated.
	Subpath string
	// Now is the clock checks such as "activity in the last 90 days" compare against.
	Now time.Time
	// LatestVersion returns a paved-road template's current version, ""
	// when unknown. nil means always unknown.
	LatestVersion func(template, source string) string
	// Git reads the history; nil when the files are in no git repository.
	Git History
}

// Snapshot is one repository (or one package of a monorepo) to score: an
// [fs.FS] of the repository's root, the files listed in it and [Meta]. It
// does not change after [Open]: facts are computed at most once and files
// are read at most once, into caches safe for concurrent evaluations.
type Snapshot struct {
	// Name, Dir, Source, Commit, Subpath and Now are those of the [Meta]
	// the snapshot was opened with; read them, never set them.
	Name, Dir, Source, Commit, Subpath string
	Now                                time.Time

	meta  Meta
	fsys  fs.FS    // the repository root
	files []string // listed files, relative to Subpath, sorted
	facts map[string]func(context.Context) (any, error)
	mu    sync.Mutex
	texts map[string]*text
	globs map[string][]string
	greps map[string]bool
}

// Open snapshots the files of fsys, the root of a repository, below
// m.Subpath. files lists what to score, relative to m.Subpath and sorted;
// nil lists every file of fsys below m.Subpath (through [TreeLister] when
// fsys has one), leaving out dependency and build folders.
func Open(ctx context.Context, fsys fs.FS, files []string, m Meta) (*Snapshot, error) {
	sub, err := cleanSubpath(m.Subpath)
	if err != nil {
		return nil, err
	}
	m.Subpath = sub
	if files == nil {
		if files, err = listFS(ctx, fsys, sub); err != nil {
			return nil, err
		}
	}
	s := &Snapshot{
		Name: m.Name, Dir: m.Dir, Source: m.Source, Commit: m.Commit, Subpath: m.Subpath, Now: m.Now,
		meta:  m,
		fsys:  fsys,
		files: files,
		texts: map[string]*text{},
		globs: map[string][]string{},
		greps: map[string]bool{},
	}
	s.facts = loaders(s)
	return s, nil
}

// TreeLister is an [fs.FS] that lists all its files at once, as
// [gitx.TreeFS] does.
type TreeLister interface {
	fs.FS
	Files() []string // every file, slash-separated, sorted
}

// listFS lists the files of fsys below sub, relative to sub and sorted.
func listFS(ctx context.Context, fsys fs.FS, sub string) ([]string, error) {
	var files []string
	if t, ok := fsys.(TreeLister); ok {
		for _, name := range t.Files() {
			if p, ok := relTo(name, sub); ok && !skipped(p) {
				files = append(files, p)
			}
		}
		return files, ctx.Err()
	}
	root := sub
	if root == "" {
		root = "."
	}
	err := fs.WalkDir(fsys, root, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() {
			if name != root && skippedDirs[d.Name()] {
				return fs.SkipDir
			}
			return nil
		}
		if p, ok := relTo(name, sub); ok {
			files = append(files, p)
		}
		return nil
	})
	slices.Sort(files)
	return files, err
}

func cleanSubpath(sub string) (string, error) {
	if sub == "" || sub == "." {
		return "", nil
	}
	c := path.Clean(filepath.ToSlash(sub))
	if path.IsAbs(c) || c == ".." || strings.HasPrefix(c, "../") {
		return "", fmt.Errorf("subpath %q must be a folder inside the repository", sub)
	}
	return strings.TrimSuffix(c, "/"), nil
}

func relTo(name, sub string) (string, bool) {
	if sub == "" {
		return name, true
	}
	if strings.HasPrefix(name, sub+"/") {
		return name[len(sub)+1:], true
	}
	return "", false
}

func skipped(p string) bool {
	for seg := range strings.SplitSeq(path.Dir(p), "/") {
		if skippedDirs[seg] {
			return true
		}
	}
	return false
}

// Files lists the snapshot's files (relative to its subpath), sorted.
func (s *Snapshot) Files() []string { return s.files }

// Fact returns the named fact, computing it on first use.
func (s *Snapshot) Fact(ctx context.Context, name string) (any, error) {
	f, ok := s.facts[name]
	if !ok {
		return nil, fmt.Errorf("unknown fact %q", name)
	}
	return f(ctx)
}

func (s *Snapshot) full(p string) string {
	if s.Subpath == "" {
		return p
	}
	return s.Subpath + "/" + p
}

// Has reports whether the snapshot lists the file p.
func (s *Snapshot) Has(p string) bool {
	_, ok := slices.BinarySearch(s.files, p)
	return ok
}
