package catalog

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
)

// ReadContained reads the regular file rel (slash-separated, relative to
// root) through root: no path component may lead out of root, a symlinked
// folder included. It refuses what is not a regular file (a FIFO, a device,
// a socket, a folder) without blocking on it, and files larger than limit
// bytes (limit <= 0: [DefaultLimits] PlaceholderBytes) with a [LimitError]
// named limitName ("" means "file-bytes").
func ReadContained(root *os.Root, rel string, limit int64) ([]byte, error) {
	return readContained(root, rel, limit, "")
}

func readContained(root *os.Root, rel string, limit int64, limitName string) ([]byte, error) {
	if limit <= 0 {
		limit = DefaultLimits().PlaceholderBytes
	}
	if limitName == "" {
		limitName = "file-bytes"
	}
	if rel == "" || path.IsAbs(rel) || strings.HasPrefix(rel, `\`) || (len(rel) > 1 && rel[1] == ':') {
		return nil, fmt.Errorf("%s: only paths relative to the repository are allowed", rel)
	}
	clean := path.Clean(rel)
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return nil, fmt.Errorf("%s leaves the repository root", rel)
	}
	// Stat first so that a FIFO or a device is never opened; the open is
	// non-blocking besides, in case one is swapped in meanwhile.
	fi, err := root.Stat(clean)
	if err != nil {
		return nil, containErr(rel, err)
	}
	if err := regular(rel, fi); err != nil {
		return nil, err
	}
	f, err := root.OpenFile(clean, os.O_RDONLY|openNonblock, 0)
	if err != nil {
		return nil, containErr(rel, err)
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := regular(rel, fi); err != nil {
		return nil, err
	}
	if fi.Size() > limit {
		return nil, &LimitError{Limit: limitName, Max: limit, What: fmt.Sprintf("%s (%d bytes)", rel, fi.Size())}
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", rel, err)
	}
	if int64(len(data)) > limit {
		return nil, &LimitError{Limit: limitName, Max: limit, What: rel}
	}
	return data, nil
}

func regular(rel string, fi fs.FileInfo) error {
	m := fi.Mode()
	switch {
	case m.IsRegular():
		return nil
	case m.IsDir():
		return fmt.Errorf("%s is a folder, not a file", rel)
	case m&fs.ModeNamedPipe != 0:
		return fmt.Errorf("%s is a named pipe (FIFO), not a regular file", rel)
	case m&fs.ModeDevice != 0:
		return fmt.Errorf("%s is a device, not a regular file", rel)
	case m&fs.ModeSocket != 0:
		return fmt.Errorf("%s is a socket, not a regular file", rel)
	}
	return fmt.Errorf("%s is not a regular file", rel)
}

// containErr words os.Root's refusal of a path that escapes.
func containErr(rel string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && strings.Contains(pe.Err.Error(), "escapes") {
		return fmt.Errorf("%s leads out of the repository (through a symlink or ..)", rel)
	}
	return err
}
