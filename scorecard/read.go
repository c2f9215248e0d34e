package scorecard

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"syscall"
	"time"
)

// ErrOutside reports a path that leads out of the scored repository: through
// a symlinked folder, a symlink to an absolute path, or "..". Such a file is
// never read, so nothing outside the repository can decide a verdict.
var ErrOutside = errors.New("path leaves the repository (through a symlink or ..)")

var (
	errNotRegular = errors.New("not a regular file")
	errSymlink    = errors.New("a symlink that cannot be followed (a loop, or a symlinked folder)")
)

type tooLargeError struct{ size, max int64 }

func (e *tooLargeError) Error() string { return fmt.Sprintf("%d bytes, over %d", e.size, e.max) }

// readRootFile is rootReader.readFile through an os.Root.
func readRootFile(root *os.Root, name string, max int64) ([]byte, error) {
	f, err := root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, rootError(name, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, errNotRegular
	}
	if info.Size() > max {
		return nil, &tooLargeError{size: info.Size(), max: max}
	}
	data := make([]byte, info.Size())
	n, err := io.ReadFull(f, data)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, err
	}
	return data[:n], nil
}

// readRootDir lists a folder of an os.Root, refusing a symlinked folder.
func readRootDir(root *os.Root, name string) ([]fs.DirEntry, error) {
	if info, err := root.Lstat(name); err != nil {
		return nil, rootError(name, err)
	} else if !info.IsDir() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errSymlink}
	}
	f, err := root.Open(name)
	if err != nil {
		return nil, rootError(name, err)
	}
	defer f.Close()
	return f.ReadDir(-1)
}

// rootError maps os.Root's escape error, which has no exported value.
func rootError(name string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if strings.Contains(err.Error(), "escapes") {
		return &fs.PathError{Op: "open", Path: name, Err: ErrOutside}
	}
	return err
}

// rootFS is a work tree as an [fs.FS], read through a [rootReader]: no path
// leaves the root. Files are read whole (at most [MaxTextSize] bytes);
// folders are listed with ReadDir and never through a symlink.
type rootFS struct{ rd *rootReader }

func (r rootFS) readFile(name string, max int64) ([]byte, error) { return r.rd.readFile(name, max) }

// ReadDir lists a folder, refusing a symlinked one.
func (r rootFS) ReadDir(name string) ([]fs.DirEntry, error) { return r.rd.readDir(name) }

// Open reads a regular file of at most [MaxTextSize] bytes.
func (r rootFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	data, err := r.rd.readFile(name, MaxTextSize)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &memFile{Reader: bytes.NewReader(data), name: path.Base(name), size: int64(len(data))}, nil
}

// memFile is a regular file read into memory.
type memFile struct {
	*bytes.Reader
	name string
	size int64
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f, nil }
func (f *memFile) Close() error               { return nil }
func (f *memFile) Name() string               { return f.name }
func (f *memFile) Size() int64                { return f.size }
func (f *memFile) Mode() fs.FileMode          { return 0o644 }
func (f *memFile) ModTime() time.Time         { return time.Time{} }
func (f *memFile) IsDir() bool                { return false }
func (f *memFile) Sys() any                   { return nil }
