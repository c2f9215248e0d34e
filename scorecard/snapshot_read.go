package scorecard

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"sync"
)

type text struct {
	once sync.Once
	data []byte
	err  error
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
	t.once.Do(func() { t.data, t.err = readText(s.fsys, s.full(p), p) })
	return t.data, t.err
}

// boundedReader is an [fs.FS] that reads a whole file in one go, refusing
// one over max bytes before reading it: the work tree's [rootFS].
type boundedReader interface {
	readFile(name string, max int64) ([]byte, error)
}

// readText reads name of fsys as text; errors name the file as shown.
func readText(fsys fs.FS, name, shown string) ([]byte, error) {
	var data []byte
	var err error
	if b, ok := fsys.(boundedReader); ok {
		data, err = readBounded(b, name, shown)
	} else {
		data, err = readFS(fsys, name, shown)
	}
	if err != nil {
		return nil, err
	}
	if bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0 {
		return nil, fmt.Errorf("read %s: %w (binary)", shown, ErrNotText)
	}
	return data, nil
}

func readFS(fsys fs.FS, name, shown string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("read %s: %w", shown, err)
		}
		return nil, fmt.Errorf("read %s: %w: %v", shown, ErrNotText, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return nil, fmt.Errorf("read %s: %w (not a regular file)", shown, ErrNotText)
	}
	if info.Size() > MaxTextSize {
		return nil, fmt.Errorf("read %s: %w (%d bytes, over %d)", shown, ErrNotText, info.Size(), MaxTextSize)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxTextSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w: %v", shown, ErrNotText, err)
	}
	if len(data) > MaxTextSize {
		return nil, fmt.Errorf("read %s: %w (over %d bytes)", shown, ErrNotText, MaxTextSize)
	}
	return data, nil
}

// readBounded reads a work-tree file through the root reader: a symlink is
// followed only while it stays inside the repository, and only a regular
// file is read.
func readBounded(b boundedReader, name, shown string) ([]byte, error) {
	data, err := b.readFile(name, MaxTextSize)
	var big *tooLargeError
	switch {
	case err == nil:
		return data, nil
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("read %s: %w", shown, fs.ErrNotExist)
	case errors.Is(err, ErrOutside):
		return nil, fmt.Errorf("read %s: %w: %w", shown, ErrNotText, ErrOutside)
	case errors.As(err, &big):
		return nil, fmt.Errorf("read %s: %w (%v)", shown, ErrNotText, err)
	case errors.Is(err, errNotRegular):
		return nil, fmt.Errorf("read %s: %w (not a regular file)", shown, ErrNotText)
	default:
		return nil, fmt.Errorf("read %s: %w: %v", shown, ErrNotText, err)
	}
}
