package scaffold

import (
	"io/fs"
	"os"
	"path"
	"sync"

	"github.com/paved-dev/paved/internal/source"
)

// templateFS returns the file system Render reads t from. For a template on
// disk it is a [rootsFS] over t.Dir: an os.Root FS resolves every path
// element with an open of its own (four opens to read skeleton/src/x/f),
// while rootsFS opens each folder once and then a file by its base name,
// with the same refusal of anything outside the template. Embedded
// templates are read as they are.
func templateFS(t *source.Template) (fs.FS, func()) {
	if t.Dir == "" {
		return t.FS, func() {}
	}
	root, err := os.OpenRoot(t.Dir)
	if err != nil {
		return t.FS, func() {}
	}
	r := &rootsFS{roots: map[string]*os.Root{".": root}}
	return r, r.close
}

// rootsFS is a read-only fs.FS over a folder that keeps one os.Root per
// folder it has visited. It is safe for concurrent use.
type rootsFS struct {
	mu    sync.Mutex
	roots map[string]*os.Root
}

func (r *rootsFS) close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, root := range r.roots {
		root.Close()
	}
	r.roots = nil
}

// dir returns the Root of folder name (a valid fs.FS path), opening the
// folders on the way once.
func (r *rootsFS) dir(name string) (*os.Root, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.dirLocked(name)
}

func (r *rootsFS) dirLocked(name string) (*os.Root, error) {
	if root, ok := r.roots[name]; ok {
		return root, nil
	}
	parent, err := r.dirLocked(path.Dir(name))
	if err != nil {
		return nil, err
	}
	root, err := parent.OpenRoot(path.Base(name))
	if err != nil {
		return nil, err
	}
	r.roots[name] = root
	return root, nil
}

func (r *rootsFS) split(op, name string) (*os.Root, string, error) {
	if !fs.ValidPath(name) {
		return nil, "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		root, err := r.dir(".")
		return root, ".", err
	}
	root, err := r.dir(path.Dir(name))
	if err != nil {
		return nil, "", &fs.PathError{Op: op, Path: name, Err: err}
	}
	return root, path.Base(name), nil
}

// Open opens name for reading.
func (r *rootsFS) Open(name string) (fs.File, error) {
	root, base, err := r.split("open", name)
	if err != nil {
		return nil, err
	}
	return root.Open(base)
}

// ReadFile reads name with one open.
func (r *rootsFS) ReadFile(name string) ([]byte, error) {
	root, base, err := r.split("readfile", name)
	if err != nil {
		return nil, err
	}
	return root.ReadFile(base)
}

// ReadDir lists folder name, sorted by file name.
func (r *rootsFS) ReadDir(name string) ([]fs.DirEntry, error) {
	root, err := r.dir(name)
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
	}
	return fs.ReadDir(root.FS(), ".")
}

// Stat describes name without following a final symlink, so Render sees
// links in the template for what they are.
func (r *rootsFS) Stat(name string) (fs.FileInfo, error) {
	root, base, err := r.split("stat", name)
	if err != nil {
		return nil, err
	}
	return root.Lstat(base)
}
