package cmdutil

import (
	"fmt"
	"path/filepath"
)

// ProjectDir resolves the DIR argument of a command that works on a
// generated project (check, diff, update): "" is the current folder, and
// the result is absolute.
func ProjectDir(dir string) (string, error) {
	path := dir
	if path == "" {
		path = "."
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("resolve %s: %w", dir, err)
	}
	return abs, nil
}
