package scorecard

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"syscall"
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
