package scorecard

import (
	"bytes"
	"cmp"
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
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
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

	fsys  fs.FS           // the repository root, for git trees
	rd    *rootReader     // the work tree's root, nil for git trees
	stop  context.Context // the run's context, for reads facts make
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

// DirOptions says what of a local directory to score.
type DirOptions struct {
	Subpath string    // one package of a monorepo, relative to the directory
	Now     time.Time // what age checks compare against
	// Committed scores HEAD's tree exactly, as a git source would be: no
	// untracked file, no uncommitted change. Otherwise a work tree is scored
	// as the user sees it.
	Committed bool
}

// OpenDir snapshots a local directory as the user sees it; see [OpenLocal].
func OpenDir(dir, subpath string, now time.Time) (*Snapshot, error) {
	return OpenLocal(context.Background(), dir, DirOptions{Subpath: subpath, Now: now})
}

// OpenLocal snapshots a local directory. In a git work tree the files are
// the tracked ones that still exist plus the untracked ones that no
// .gitignore, .git/info/exclude or global excludes file ignores, as `git
// status` sees them; with o.Committed, HEAD's files. In a plain folder every
// file not ignored by a .gitignore. Every read stays inside the directory.
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
	s := newSnapshot(dir, nil, o.Now)
	s.Dir = abs
	s.root = root
	s.Subpath = sub
	s.repo = repo
	var head *object.Tree
	if repo != nil {
		if ref, err := repo.Head(); err == nil {
			s.Commit = ref.Hash().String()
			if c, err := repo.CommitObject(ref.Hash()); err == nil {
				head, _ = c.Tree()
			}
		}
	}
	if o.Committed && repo != nil {
		// Blobs are loaded only when read: listing a tree must not inflate every file.
		tfs := &headFS{repo: repo, entries: map[string]object.TreeEntry{}, root: root}
		if idx, err := repo.Storer.Index(); err == nil {
			tfs.index = make(map[string]*index.Entry, len(idx.Entries))
			for _, e := range idx.Entries {
				tfs.index[e.Name] = e
			}
			tfs.disk, _ = openRootReader(root)
		}
		if head != nil {
			w := object.NewTreeWalker(head, true, nil)
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
					return nil, fmt.Errorf("score %s: %w", dir, err)
				}
				if e.Mode == filemode.Dir {
					continue
				}
				tfs.entries[name] = e
				if p, ok := relTo(name, sub); ok && !skipped(p) {
					s.files = append(s.files, p)
				}
			}
		}
		slices.Sort(s.files)
		s.fsys = tfs
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
	s.rd, err = openRootReader(root)
	if err != nil {
		return nil, fmt.Errorf("score %s: %w", dir, err)
	}
	var tracked []string
	var excludes []gitignore.Pattern
	if repo != nil {
		if tracked, err = indexFiles(repo); err != nil {
			return nil, fmt.Errorf("score %s: %w", dir, err)
		}
		excludes = globalExcludes()
		if data, err := s.rd.readFile(".git/info/exclude", MaxTextSize); err == nil {
			excludes = append(excludes, parseIgnore(data, nil)...)
		}
	}
	if s.files, err = walkFiles(ctx, s.rd, sub, tracked, excludes); err != nil {
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

// indexFiles lists the tracked files of the whole repository, sorted.
func indexFiles(repo *git.Repository) ([]string, error) {
	idx, err := repo.Storer.Index()
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
// repositories are left out as git leaves them.
func walkFiles(ctx context.Context, rd *rootReader, sub string, tracked []string, excludes []gitignore.Pattern) ([]string, error) {
	isTracked := func(p string) bool {
		_, ok := slices.BinarySearch(tracked, p)
		return ok
	}
	trackedUnder := func(dir string) bool {
		i, _ := slices.BinarySearch(tracked, dir+"/")
		return i < len(tracked) && strings.HasPrefix(tracked[i], dir+"/")
	}
	var files []string
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

// headFS reads the blobs of a commit's tree, loading each only when opened.
// A symlink is a blob holding its target: it reads as a non-regular file,
// never followed.
//
// Inflating blobs costs several times reading files, so a file whose index
// entry has HEAD's hash and whose size and modification time are still the
// index's (unchanged since checkout, as git status decides) is read from
// the work tree instead, through the contained root reader.
type headFS struct {
	repo    *git.Repository
	entries map[string]object.TreeEntry
	index   map[string]*index.Entry
	disk    *rootReader
	root    string
}

func (h *headFS) Open(name string) (fs.File, error) {
	e, ok := h.entries[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if data, ok := h.unchanged(name, e); ok {
		f := &object.File{Name: name, Mode: e.Mode}
		f.Size = int64(len(data))
		return &treeFile{f: f, r: bytes.NewReader(data)}, nil
	}
	f := &object.File{Name: name, Mode: e.Mode}
	if e.Mode.IsFile() {
		blob, err := h.repo.BlobObject(e.Hash)
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		f.Blob = *blob
	}
	return &treeFile{f: f}, nil
}

func (h *headFS) unchanged(name string, e object.TreeEntry) ([]byte, bool) {
	ie := h.index[name]
	if h.disk == nil || ie == nil || ie.Hash != e.Hash || e.Mode != filemode.Regular && e.Mode != filemode.Executable {
		return nil, false
	}
	info, err := os.Lstat(filepath.Join(h.root, filepath.FromSlash(name)))
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(ie.Size) || !info.ModTime().Equal(ie.ModifiedAt) {
		return nil, false
	}
	data, err := h.disk.readFile(name, MaxTextSize)
	if err != nil || int64(len(data)) != info.Size() {
		return nil, false
	}
	return data, true
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
	if err := s.stopped(); err != nil {
		return nil, err
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

// stopped is the error of the run's context once it is cancelled: facts
// take no context, so the snapshot carries the run's for its reads.
func (s *Snapshot) stopped() error {
	if s.stop == nil {
		return nil
	}
	return s.stop.Err()
}

func (s *Snapshot) load(p string) ([]byte, error) {
	if s.rd != nil {
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
			for left.Load() > 0 && ctx.Err() == nil && s.stopped() == nil {
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
	if err := cmp.Or(ctx.Err(), s.stopped()); err != nil {
		return nil, err
	}
	out := make([]bool, len(ms))
	for j := range found {
		out[j] = found[j].Load()
	}
	return out, nil
}

// loadLocal reads a work-tree file through the root reader: a symlink is
// followed only while it stays inside the repository, and only a regular
// file is read.
func (s *Snapshot) loadLocal(p string) ([]byte, error) {
	data, err := s.rd.readFile(s.full(p), MaxTextSize)
	var big *tooLargeError
	switch {
	case err == nil:
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("read %s: %w", p, fs.ErrNotExist)
	case errors.Is(err, ErrOutside):
		return nil, fmt.Errorf("read %s: %w: %w", p, ErrNotText, ErrOutside)
	case errors.As(err, &big):
		return nil, fmt.Errorf("read %s: %w (%v)", p, ErrNotText, err)
	case errors.Is(err, errNotRegular):
		return nil, fmt.Errorf("read %s: %w (not a regular file)", p, ErrNotText)
	default:
		return nil, fmt.Errorf("read %s: %w: %v", p, ErrNotText, err)
	}
	if bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0 {
		return nil, fmt.Errorf("read %s: %w (binary)", p, ErrNotText)
	}
	return data, nil
}

func validGlob(g string) bool { return doublestar.ValidatePattern(g) }
