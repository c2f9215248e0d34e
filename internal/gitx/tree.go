package gitx

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Entry is one file of a tree: its blob and git mode.
type Entry struct {
	Hash string
	Mode filemode.FileMode // Regular, Executable, Symlink or Submodule
}

// Exec reports whether the entry is an executable file.
func (e Entry) Exec() bool { return e.Mode == filemode.Executable }

// Tree lists every file of a commit's tree by slash-separated path.
func (r *Repo) Tree(ctx context.Context, commit string) (map[string]Entry, error) {
	c, err := r.repo.CommitObject(plumbing.NewHash(commit))
	if err != nil {
		return nil, fmt.Errorf("read commit %s: %w", commit, err)
	}
	t, err := c.Tree()
	if err != nil {
		return nil, fmt.Errorf("read tree of %s: %w", commit, err)
	}
	out := map[string]Entry{}
	w := object.NewTreeWalker(t, true, nil)
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
			return nil, fmt.Errorf("read tree of %s: %w", commit, err)
		}
		if e.Mode == filemode.Dir {
			continue
		}
		out[name] = Entry{Hash: e.Hash.String(), Mode: e.Mode}
	}
	return out, nil
}

// ReadBlob returns the content of a blob.
func (r *Repo) ReadBlob(hash string) ([]byte, error) {
	b, err := r.repo.BlobObject(plumbing.NewHash(hash))
	if err != nil {
		return nil, fmt.Errorf("read blob %s: %w", hash, err)
	}
	rd, err := b.Reader()
	if err != nil {
		return nil, fmt.Errorf("read blob %s: %w", hash, err)
	}
	defer rd.Close()
	return io.ReadAll(rd)
}
