package gitx

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// Activity is what the history reachable from a commit says about how
// alive a repository is.
type Activity struct {
	HasCommits bool      // false only for a commit that cannot be read
	LastCommit time.Time // the commit's committer time, UTC
	Commits    int       // commits committed at or after since
	Authors    int       // distinct author emails (case-folded) of those commits
}

// Activity walks the history from commit in committer-time order, back to
// since.
func (r *Repo) Activity(ctx context.Context, commit string, since time.Time) (Activity, error) {
	var a Activity
	iter, err := r.repo.Log(&git.LogOptions{From: plumbing.NewHash(commit), Order: git.LogOrderCommitterTime})
	if err != nil {
		return a, fmt.Errorf("git log: %w", err)
	}
	defer iter.Close()
	authors := map[string]bool{}
	err = iter.ForEach(func(c *object.Commit) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !a.HasCommits {
			a.HasCommits = true
			a.LastCommit = c.Committer.When.UTC()
		}
		if c.Committer.When.Before(since) {
			return storer.ErrStop // committer-time order: everything after is older
		}
		a.Commits++
		authors[strings.ToLower(c.Author.Email)] = true
		return nil
	})
	if err != nil && !errors.Is(err, storer.ErrStop) {
		return a, fmt.Errorf("git log: %w", err)
	}
	a.Authors = len(authors)
	return a, nil
}

// Tags lists the repository's tags, sorted.
func (r *Repo) Tags() ([]string, error) {
	iter, err := r.repo.Tags()
	if err != nil {
		return nil, fmt.Errorf("git tags: %w", err)
	}
	out := []string{}
	err = iter.ForEach(func(ref *plumbing.Reference) error {
		out = append(out, ref.Name().Short())
		return nil
	})
	slices.Sort(out)
	return out, err
}

// Changed lists the paths of the work tree that differ from HEAD, sorted:
// modified, added, deleted, and untracked files that no ignore file
// excludes, as `git status` shows them. A repository without a work tree
// has none.
func (r *Repo) Changed(ctx context.Context) ([]string, error) {
	if r.dir == "" {
		return []string{}, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	wt, err := r.repo.Worktree()
	if err != nil {
		return nil, fmt.Errorf("git status: %w", err)
	}
	status, err := wt.Status()
	if err != nil {
		return nil, fmt.Errorf("git status: %w", err)
	}
	out := []string{}
	for p, fs := range status {
		if fs.Worktree != git.Unmodified || fs.Staging != git.Unmodified {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out, nil
}

// Tracked lists the files of the index, sorted and without duplicates (a
// conflicted file has several stages).
func (r *Repo) Tracked() ([]string, error) {
	idx, err := r.repo.Storer.Index()
	if err != nil {
		return nil, fmt.Errorf("read git index: %w", err)
	}
	files := make([]string, 0, len(idx.Entries))
	for _, e := range idx.Entries {
		files = append(files, e.Name)
	}
	slices.Sort(files)
	return slices.Compact(files), nil
}
