//go:build !linux

package scorecard

import (
	"io/fs"
	"os"
)

// rootReader reads files beneath a work tree's root and nowhere else,
// through an os.Root: no path component, symlink or ".." may leave it.
type rootReader struct{ root *os.Root }

func openRootReader(dir string) (*rootReader, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &rootReader{root: root}, nil
}

func (r *rootReader) readFile(name string, max int64) ([]byte, error) {
	return readRootFile(r.root, name, max)
}

func (r *rootReader) readDir(name string) ([]fs.DirEntry, error) {
	return readRootDir(r.root, name)
}
