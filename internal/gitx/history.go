package gitx

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// HasCommit reports whether hash names a commit present in the repository
// (a shallow clone may lack old ones).
func (r *Repo) HasCommit(hash string) bool {
	if !plumbing.IsHash(hash) {
		return false
	}
	c, err := r.repo.CommitObject(plumbing.NewHash(hash))
	if err != nil {
		return false
	}
	_, err = c.Tree()
	return err == nil
}

// Parents returns the parents of a commit.
func (r *Repo) Parents(commit string) ([]string, error) {
	c, err := r.repo.CommitObject(plumbing.NewHash(commit))
	if err != nil {
		return nil, fmt.Errorf("read commit %s: %w", commit, err)
	}
	out := make([]string, len(c.ParentHashes))
	for i, p := range c.ParentHashes {
		out[i] = p.String()
	}
	return out, nil
}

// Message returns a commit's message.
func (r *Repo) Message(commit string) (string, error) {
	c, err := r.repo.CommitObject(plumbing.NewHash(commit))
	if err != nil {
		return "", fmt.Errorf("read commit %s: %w", commit, err)
	}
	return c.Message, nil
}

// Introduced returns the commit reachable from HEAD that added file (a path
// in the repository, slash-separated): the oldest commit whose tree has it
// while none of its parents' trees do. "" when no commit did.
func (r *Repo) Introduced(ctx context.Context, file string) (string, error) {
	head, err := r.repo.Head()
	if err != nil {
		return "", fmt.Errorf("read HEAD of %s: %w", r.dir, err)
	}
	iter, err := r.repo.Log(&git.LogOptions{From: head.Hash(), Order: git.LogOrderCommitterTime})
	if err != nil {
		return "", fmt.Errorf("read history of %s: %w", r.dir, err)
	}
	defer iter.Close()
	var found string
	err = iter.ForEach(func(c *object.Commit) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !hasFile(c, file) {
			return nil
		}
		for _, p := range c.ParentHashes {
			pc, err := r.repo.CommitObject(p)
			if err != nil {
				return nil // shallow: the parent is missing, so this may not be the first
			}
			if hasFile(pc, file) {
				return nil
			}
		}
		found = c.Hash.String()
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("read history of %s: %w", r.dir, err)
	}
	return found, nil
}

func hasFile(c *object.Commit, file string) bool {
	t, err := c.Tree()
	if err != nil {
		return false
	}
	_, err = t.FindEntry(file)
	return err == nil
}

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
