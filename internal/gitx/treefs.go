package gitx

import (
	"context"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// TreeFS is the file tree of one commit as an [fs.FS]: blobs are loaded
// only when a file is opened and stream as they are read, so listing a tree
// never inflates every file, and a reader that stops after N bytes has read
// N bytes. A symlink is a blob holding its target: it stats as a symlink and
// is never followed. Submodules stat as irregular files.
type TreeFS struct {
	repo    *git.Repository
	entries map[string]Entry
	names   []string // every file, sorted

	// A file whose index entry has the commit's hash and whose size and
	// modification time are still the index's (unchanged since checkout,
	// as git status decides) is read from the work tree instead, through
	// root: inflating a blob costs several times reading a file.
	index map[string]*index.Entry
	root  *os.Root
	dir   string
}

// TreeFS returns the tree of commit as an [fs.FS]. In a repository with a
// work tree, files unchanged since checkout are read from disk.
func (r *Repo) TreeFS(ctx context.Context, commit string) (*TreeFS, error) {
	entries, err := r.Tree(ctx, commit)
	if err != nil {
		return nil, err
	}
	t := &TreeFS{repo: r.repo, entries: entries, names: make([]string, 0, len(entries))}
	for name := range entries {
		t.names = append(t.names, name)
	}
	slices.Sort(t.names)
	if r.dir != "" {
		if idx, err := r.repo.Storer.Index(); err == nil {
			if root, err := os.OpenRoot(r.dir); err == nil {
				t.index = make(map[string]*index.Entry, len(idx.Entries))
				for _, e := range idx.Entries {
					t.index[e.Name] = e
				}
				t.root, t.dir = root, r.dir
			}
		}
	}
	return t, nil
}

// Files lists every file of the tree by slash-separated path, sorted.
func (t *TreeFS) Files() []string { return t.names }

// Open opens a file or a folder of the tree.
func (t *TreeFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	e, ok := t.entries[name]
	if !ok {
		entries, err := t.ReadDir(name)
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		}
		return &treeDir{info: treeInfo{name: path.Base(name), mode: filemode.Dir}, entries: entries}, nil
	}
	if f, ok := t.unchanged(name, e); ok {
		return f, nil
	}
	info := treeInfo{name: path.Base(name), mode: e.Mode}
	if !e.Mode.IsFile() {
		return &treeFile{info: info}, nil
	}
	blob, err := t.repo.BlobObject(plumbing.NewHash(e.Hash))
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	info.size = blob.Size
	return &treeFile{info: info, open: blob.Reader}, nil
}

// unchanged opens the work tree's copy of name when git status would call
// it unchanged from e.
func (t *TreeFS) unchanged(name string, e Entry) (fs.File, bool) {
	ie := t.index[name]
	if t.root == nil || ie == nil || ie.Hash.String() != e.Hash || e.Mode != filemode.Regular && e.Mode != filemode.Executable {
		return nil, false
	}
	info, err := os.Lstat(filepath.Join(t.dir, filepath.FromSlash(name)))
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(ie.Size) || !info.ModTime().Equal(ie.ModifiedAt) {
		return nil, false
	}
	f, err := t.root.Open(name)
	if err != nil {
		return nil, false
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() || fi.Size() != info.Size() {
		f.Close()
		return nil, false
	}
	return f, true
}

// ReadDir lists the files and folders directly in the folder name ("." for
// the root), sorted by name.
func (t *TreeFS) ReadDir(name string) ([]fs.DirEntry, error) {
	prefix := ""
	if name != "." && name != "" {
		prefix = strings.TrimSuffix(name, "/") + "/"
	}
	var out []fs.DirEntry
	seen := map[string]bool{}
	i, _ := slices.BinarySearch(t.names, prefix)
	for ; i < len(t.names) && strings.HasPrefix(t.names[i], prefix); i++ {
		rest := t.names[i][len(prefix):]
		if dir, _, ok := strings.Cut(rest, "/"); ok {
			if !seen[dir] {
				seen[dir] = true
				out = append(out, fs.FileInfoToDirEntry(treeInfo{name: dir, mode: filemode.Dir}))
			}
			continue
		}
		out = append(out, treeDirEntry{t: t, path: t.names[i], info: treeInfo{name: rest, mode: t.entries[t.names[i]].Mode}})
	}
	if out == nil && prefix != "" {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}

type treeFile struct {
	info treeInfo
	open func() (io.ReadCloser, error)
	r    io.ReadCloser
}

func (f *treeFile) Stat() (fs.FileInfo, error) { return f.info, nil }

func (f *treeFile) Read(p []byte) (int, error) {
	if f.r == nil {
		if f.open == nil {
			return 0, &fs.PathError{Op: "read", Path: f.info.name, Err: fs.ErrInvalid}
		}
		r, err := f.open()
		if err != nil {
			return 0, err
		}
		f.r = r
	}
	return f.r.Read(p)
}

func (f *treeFile) Close() error {
	if f.r != nil {
		return f.r.Close()
	}
	return nil
}

// treeDirEntry is a file in a listing; Info stats it as Open would.
type treeDirEntry struct {
	t    *TreeFS
	path string
	info treeInfo
}

func (e treeDirEntry) Name() string      { return e.info.name }
func (e treeDirEntry) IsDir() bool       { return false }
func (e treeDirEntry) Type() fs.FileMode { return e.info.Mode().Type() }
func (e treeDirEntry) Info() (fs.FileInfo, error) {
	f, err := e.t.Open(e.path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Stat()
}

type treeDir struct {
	info    treeInfo
	entries []fs.DirEntry
}

func (d *treeDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *treeDir) Close() error               { return nil }
func (d *treeDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: fs.ErrInvalid}
}

func (d *treeDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if n <= 0 {
		out := d.entries
		d.entries = nil
		return out, nil
	}
	if len(d.entries) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(d.entries))
	out := d.entries[:n]
	d.entries = d.entries[n:]
	return out, nil
}

type treeInfo struct {
	name string
	size int64
	mode filemode.FileMode
}

func (i treeInfo) Name() string       { return i.name }
func (i treeInfo) Size() int64        { return i.size }
func (i treeInfo) ModTime() time.Time { return time.Time{} }
func (i treeInfo) IsDir() bool        { return i.mode == filemode.Dir }
func (i treeInfo) Sys() any           { return nil }
func (i treeInfo) Mode() fs.FileMode {
	switch i.mode {
	case filemode.Dir:
		return fs.ModeDir | 0o755
	case filemode.Symlink:
		return fs.ModeSymlink | 0o777
	case filemode.Executable:
		return 0o755
	case filemode.Submodule:
		return fs.ModeIrregular
	}
	return 0o644
}
