package scorecard

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
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

// Snapshot is one repository (or one package of a monorepo) to score. Its
// facts are computed at most once; its files are read at most once.
type Snapshot struct {
	// Name is what the user asked to score: a path or a git source.
	Name string
	// Dir is the absolute directory of a local work tree ("" for git sources).
	Dir string
	// Source is the git source without credentials ("" for local trees).
	Source string
	// Commit is the scored commit of a git source (or HEAD of a local repo).
	Commit string
	// Subpath is the monorepo package scored, relative to the repository root.
	Subpath string
	// Now is the clock checks such as "activity in the last 90 days" compare against.
	Now time.Time
	// LatestVersion returns a paved-road template's current version, "" when
	// unknown; set it before the first check runs. nil means always unknown.
	LatestVersion func(template, source string) string

	fsys  fs.FS           // the repository root
	root  string          // the repository root on disk, "" for git sources
	files []string        // listed files, relative to Subpath, sorted
	repo  *git.Repository // nil when not a git repository
	facts map[string]func() (any, error)
	mu    sync.Mutex
	texts map[string]*text
	globs map[string][]string
	greps map[string]bool
	batch map[string][]*matcher // the rubric's literal greps per glob, set by Evaluate
}

type text struct {
	once sync.Once
	data []byte
	err  error
}

// newSnapshot lists nothing yet: the caller sets files and repo.
func newSnapshot(name string, fsys fs.FS, now time.Time) *Snapshot {
	s := &Snapshot{
		Name:  name,
		Now:   now,
		fsys:  fsys,
		texts: map[string]*text{},
		globs: map[string][]string{},
		greps: map[string]bool{},
	}
	s.facts = map[string]func() (any, error){}
	for _, f := range Facts() {
		load := f.Load
		s.facts[f.Name] = sync.OnceValues(func() (any, error) { return load(s) })
	}
	return s
}

// OpenDir snapshots a local directory. In a git work tree the files are the
// tracked ones (as `git ls-files` lists them); in a plain folder every file
// not ignored by a .gitignore. subpath narrows the snapshot to one package.
func OpenDir(dir, subpath string, now time.Time) (*Snapshot, error) {
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
	sub, err := cleanSubpath(subpath)
	if err != nil {
		return nil, err
	}
	var repo *git.Repository
	root := abs
	if r, err := git.PlainOpenWithOptions(abs, &git.PlainOpenOptions{DetectDotGit: true}); err == nil {
		if wt, err := r.Worktree(); err == nil {
			repo = r
			root = wt.Filesystem.Root()
			if rel, err := filepath.Rel(root, abs); err == nil && rel != "." {
				sub = path.Join(filepath.ToSlash(rel), sub)
			}
		}
	}
	if sub != "" {
		if info, err := os.Stat(filepath.Join(root, filepath.FromSlash(sub))); err != nil || !info.IsDir() {
			return nil, fmt.Errorf("score %s: subpath %q is not a directory", dir, sub)
		}
	}
	// Files are read by loadLocal, which refuses symlinks; the FS is kept for symmetry with git sources.
	s := newSnapshot(dir, os.DirFS(root), now)
	s.Dir = abs
	s.root = root
	s.Subpath = sub
	s.repo = repo
	if repo != nil {
		if head, err := repo.Head(); err == nil {
			s.Commit = head.Hash().String()
		}
		s.files, err = indexFiles(repo, sub)
	} else {
		s.files, err = walkFiles(root, sub)
	}
	if err != nil {
		return nil, fmt.Errorf("score %s: %w", dir, err)
	}
	return s, nil
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

// indexFiles lists tracked files under sub, relative to sub.
func indexFiles(repo *git.Repository, sub string) ([]string, error) {
	idx, err := repo.Storer.Index()
	if err != nil {
		return nil, fmt.Errorf("read git index: %w", err)
	}
	files := make([]string, 0, len(idx.Entries))
	for _, e := range idx.Entries {
		if p, ok := relTo(e.Name, sub); ok && !skipped(p) {
			files = append(files, p)
		}
	}
	slices.Sort(files)
	return slices.Compact(files), nil
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

// walkFiles lists a plain folder honouring every .gitignore on the way.
// Symlinked folders are not followed, so a symlink loop cannot trap it.
func walkFiles(root, sub string) ([]string, error) {
	var patterns []gitignore.Pattern
	var files []string
	start := filepath.Join(root, filepath.FromSlash(sub))
	err := filepath.WalkDir(start, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == start {
				return err
			}
			return nil // unreadable entries are skipped, as git would
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		parts := strings.Split(rel, "/")
		if d.IsDir() {
			if rel != "." {
				if skippedDirs[d.Name()] || gitignore.NewMatcher(patterns).Match(parts, true) {
					return filepath.SkipDir
				}
			}
			data, err := os.ReadFile(filepath.Join(p, ".gitignore"))
			if err == nil {
				var domain []string
				if rel != "." {
					domain = parts
				}
				for line := range strings.SplitSeq(string(data), "\n") {
					line = strings.TrimRight(line, "\r")
					if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
						continue
					}
					patterns = append(patterns, gitignore.ParsePattern(line, domain))
				}
			}
			return nil
		}
		if gitignore.NewMatcher(patterns).Match(parts, false) {
			return nil
		}
		if r, ok := relTo(rel, sub); ok {
			files = append(files, r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	return files, nil
}

// Files lists the snapshot's files (relative to its subpath), sorted.
func (s *Snapshot) Files() []string { return s.files }

// Fact returns the named fact, computing it on first use.
func (s *Snapshot) Fact(name string) (any, error) {
	f, ok := s.facts[name]
	if !ok {
		return nil, fmt.Errorf("unknown fact %q", name)
	}
	return f()
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

// ReadText returns the content of a listed file, reading it at most once per
// snapshot. Binary files, files over [MaxTextSize] and anything that is not a
// regular file return an error wrapping [ErrNotText]; unlisted files
// [fs.ErrNotExist].
func (s *Snapshot) ReadText(p string) ([]byte, error) {
	p = strings.TrimPrefix(path.Clean(p), "./")
	if !s.Has(p) {
		return nil, fmt.Errorf("read %s: %w", p, fs.ErrNotExist)
	}
	s.mu.Lock()
	t, ok := s.texts[p]
	if !ok {
		t = &text{}
		s.texts[p] = t
	}
	s.mu.Unlock()
	t.once.Do(func() { t.data, t.err = s.load(p) })
	return t.data, t.err
}

func (s *Snapshot) load(p string) ([]byte, error) {
	if s.Dir != "" && s.Source == "" {
		return s.loadLocal(p)
	}
	f, err := s.fsys.Open(s.full(p))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("read %s: %w", p, err)
		}
		return nil, fmt.Errorf("read %s: %w: %v", p, ErrNotText, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return nil, fmt.Errorf("read %s: %w (not a regular file)", p, ErrNotText)
	}
	if info.Size() > MaxTextSize {
		return nil, fmt.Errorf("read %s: %w (%d bytes, over %d)", p, ErrNotText, info.Size(), MaxTextSize)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxTextSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w: %v", p, ErrNotText, err)
	}
	if len(data) > MaxTextSize {
		return nil, fmt.Errorf("read %s: %w (over %d bytes)", p, ErrNotText, MaxTextSize)
	}
	if bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0 {
		return nil, fmt.Errorf("read %s: %w (binary)", p, ErrNotText)
	}
	return data, nil
}

// Glob lists the files matching a doublestar pattern, sorted. Results are
// cached per pattern.
func (s *Snapshot) Glob(pattern string) ([]string, error) {
	if !doublestar.ValidatePattern(pattern) {
		return nil, fmt.Errorf("bad glob %q", pattern)
	}
	s.mu.Lock()
	m, ok := s.globs[pattern]
	s.mu.Unlock()
	if ok {
		return m, nil
	}
	m = matchFiles(s.files, pattern)
	if m == nil {
		m = []string{}
	}
	s.mu.Lock()
	s.globs[pattern] = m
	s.mu.Unlock()
	return m, nil
}

func hasMeta(p string) bool { return strings.ContainsAny(p, "*?[{\\") }

// Grep reports whether any text file matching glob has a line matching re.
// Binary and oversized files are skipped. Results are cached per pair.
func (s *Snapshot) Grep(ctx context.Context, glob string, re *regexp.Regexp) (bool, error) {
	return s.grep(ctx, glob, &matcher{re: re})
}

func (s *Snapshot) grep(ctx context.Context, glob string, m *matcher, siblings ...*matcher) (bool, error) {
	key := func(m *matcher) string { return glob + "\x00" + m.re.String() }
	s.mu.Lock()
	hit, ok := s.greps[key(m)]
	s.mu.Unlock()
	if ok {
		return hit, nil
	}
	files, err := s.Glob(glob)
	if err != nil {
		return false, err
	}
	// Answer the other patterns the rubric greps over the same files in the
	// same pass: each file is then scanned while it is still in the CPU cache.
	todo := []*matcher{m}
	s.mu.Lock()
	for _, o := range siblings {
		if _, done := s.greps[key(o)]; !done && o != m {
			todo = append(todo, o)
		}
	}
	s.mu.Unlock()
	hits, err := s.grepFiles(ctx, files, todo)
	if err != nil {
		return false, err
	}
	s.mu.Lock()
	for i, o := range todo {
		s.greps[key(o)] = hits[i]
	}
	s.mu.Unlock()
	return hits[0], nil
}

// grepFiles reports, per matcher, whether any of files matches. Two workers
// read and scan (reading dominates) without locks, so a busy machine does not
// turn every file into a scheduler round trip; they stop once every matcher
// has a hit.
func (s *Snapshot) grepFiles(ctx context.Context, files []string, ms []*matcher) ([]bool, error) {
	const workers = 2
	var (
		wg    sync.WaitGroup
		next  atomic.Int64
		left  atomic.Int64
		found = make([]atomic.Bool, len(ms))
	)
	left.Store(int64(len(ms)))
	for range min(workers, len(files)) {
		wg.Go(func() {
			for left.Load() > 0 && ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= len(files) {
					return
				}
				data, err := s.ReadText(files[i])
				if err != nil {
					continue // binary, oversized or vanished: nothing to grep
				}
				for j, m := range ms {
					if !found[j].Load() && m.Match(data) && found[j].CompareAndSwap(false, true) {
						left.Add(-1)
					}
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make([]bool, len(ms))
	for j := range found {
		out[j] = found[j].Load()
	}
	return out, nil
}

// loadLocal reads a work-tree file. Listed paths never go through a symlinked
// folder (git does not track through them and the walk does not follow
// them), so an Lstat of the file itself is enough to refuse symlinks: a
// symlink, even a loop or one leaving the repository, is never read.
func (s *Snapshot) loadLocal(p string) ([]byte, error) {
	full := filepath.Join(s.root, filepath.FromSlash(s.full(p)))
	info, err := os.Lstat(full)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("read %s: %w", p, err)
		}
		return nil, fmt.Errorf("read %s: %w: %v", p, ErrNotText, err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("read %s: %w (not a regular file)", p, ErrNotText)
	}
	if info.Size() > MaxTextSize {
		return nil, fmt.Errorf("read %s: %w (%d bytes, over %d)", p, ErrNotText, info.Size(), MaxTextSize)
	}
	// One read of the size Lstat saw: a file growing meanwhile is read as it was.
	data, err := readRegular(full, info.Size())
	if err != nil {
		return nil, fmt.Errorf("read %s: %w: %v", p, ErrNotText, err)
	}
	if bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0 {
		return nil, fmt.Errorf("read %s: %w (binary)", p, ErrNotText)
	}
	return data, nil
}

func validGlob(g string) bool { return doublestar.ValidatePattern(g) }
