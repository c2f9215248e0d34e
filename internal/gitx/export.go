package gitx

import (
	"context"
	"errors"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// export writes the files of commit c into dir, keeping the executable bit
// and symlinks (templates refuse symlinks later, with a clear error) and
// leaving out submodules.
func export(ctx context.Context, c *object.Commit, dir string) error {
	tree, err := c.Tree()
	if err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	return tree.Files().ForEach(func(f *object.File) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		name := path.Clean(f.Name)
		if d := path.Dir(name); d != "." {
			if err := root.MkdirAll(d, 0o755); err != nil {
				return err
			}
		}
		switch f.Mode {
		case filemode.Symlink:
			target, err := f.Contents()
			if err != nil {
				return err
			}
			return root.Symlink(target, name)
		case filemode.Regular, filemode.Deprecated, filemode.Executable:
			perm := os.FileMode(0o644)
			if f.Mode == filemode.Executable {
				perm = 0o755
			}
			r, err := f.Reader()
			if err != nil {
				return err
			}
			defer r.Close()
			w, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
			if err != nil {
				return err
			}
			if _, err := io.Copy(w, r); err != nil {
				w.Close()
				return err
			}
			return w.Close()
		}
		return nil
	})
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// cachedPrefix finds the one cached commit that starts with prefix.
func cachedPrefix(base, prefix string) (dir, commit string) {
	entries, err := os.ReadDir(base)
	if err != nil {
		return "", ""
	}
	prefix = strings.ToLower(prefix)
	for _, e := range entries {
		if e.IsDir() && isHex(e.Name(), 40) && strings.HasPrefix(e.Name(), prefix) {
			if commit != "" {
				return "", "" // ambiguous: let the repository decide
			}
			commit = e.Name()
		}
	}
	if commit == "" {
		return "", ""
	}
	return filepath.Join(base, commit), commit
}

// isHex reports whether s is between min and 40 lowercase hex digits.
func isHex(s string, min int) bool {
	if len(s) < min || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && (r < 'a' || r > 'f') {
			return false
		}
	}
	return true
}

// rememberTag notes which commit a tag named, so the cached tree can serve
// the tag when the remote cannot be reached. Best effort: a failure only
// costs that fallback.
func rememberTag(base, tag, commit string) {
	dir := filepath.Join(base, "tags")
	file := filepath.Join(dir, url.PathEscape(tag))
	if b, err := os.ReadFile(file); err == nil && string(b) == commit {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return
	}
	f, err := os.CreateTemp(dir, ".tag-")
	if err != nil {
		return
	}
	_, werr := f.WriteString(commit)
	if cerr := f.Close(); werr != nil || cerr != nil || os.Rename(f.Name(), file) != nil {
		_ = os.Remove(f.Name())
	}
}

// cachedTag returns the cached tree of a tag remembered by rememberTag.
func cachedTag(base, tag string) (dir, commit string) {
	if tag == "" {
		return "", ""
	}
	for _, t := range []string{tag, strings.TrimPrefix(tag, "refs/tags/")} {
		b, err := os.ReadFile(filepath.Join(base, "tags", url.PathEscape(t)))
		if err != nil || !isHex(string(b), 40) {
			continue
		}
		if d := filepath.Join(base, string(b)); isDir(d) {
			return d, string(b)
		}
	}
	return "", ""
}

// sweep removes the temporary folders of fetches whose process died (killed
// mid-fetch), named .fetch-PID-*. A folder whose process may still run is
// left alone.
func sweep(base string) {
	entries, err := os.ReadDir(base)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), ".fetch-")
		if !ok {
			continue
		}
		pidText, _, _ := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if err != nil || pid == os.Getpid() || alive(pid) {
			continue
		}
		_ = os.RemoveAll(filepath.Join(base, e.Name()))
	}
}

// alive reports whether process pid may still be running.
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM) // EPERM: alive, someone else's
}
