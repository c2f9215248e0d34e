package gitx

import (
	"fmt"
	"slices"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

// SetRef points a reference (e.g. "refs/paved/update") at a commit, which
// keeps it from being garbage-collected.
func (r *Repo) SetRef(name, commit string) error {
	ref := plumbing.NewHashReference(plumbing.ReferenceName(name), plumbing.NewHash(commit))
	if err := r.repo.Storer.SetReference(ref); err != nil {
		return fmt.Errorf("set %s: %w", name, err)
	}
	return nil
}

// Ref returns the commit a reference points to, or "" when it does not exist.
func (r *Repo) Ref(name string) string {
	ref, err := r.repo.Reference(plumbing.ReferenceName(name), true)
	if err != nil {
		return ""
	}
	return ref.Hash().String()
}

// DeleteRef removes a reference; a missing one is fine.
func (r *Repo) DeleteRef(name string) error {
	if err := r.repo.Storer.RemoveReference(plumbing.ReferenceName(name)); err != nil {
		return fmt.Errorf("delete %s: %w", name, err)
	}
	return nil
}

// Advance moves HEAD's branch (or a detached HEAD) to commit and makes the
// index match it, leaving the work tree alone: what `git reset --mixed`
// does. The caller has already written the commit's files to the work tree.
func (r *Repo) Advance(commit string) error {
	wt, err := r.repo.Worktree()
	if err != nil {
		return fmt.Errorf("open work tree of %s: %w", r.dir, err)
	}
	if err := wt.Reset(&git.ResetOptions{Commit: plumbing.NewHash(commit), Mode: git.MixedReset}); err != nil {
		return fmt.Errorf("move HEAD of %s to %s: %w", r.dir, commit, err)
	}
	return nil
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
