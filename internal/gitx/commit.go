package gitx

import (
	"context"
	"fmt"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// DefaultBranch is the branch a generated project starts on.
const DefaultBranch = "main"

// InitCommit makes dir a git repository on branch main and commits every file
// in it that its .gitignore does not exclude, in one commit by sig. The same
// files, message and signature give the same hash on every run.
func InitCommit(ctx context.Context, dir, message string, sig Signature) (hash string, err error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	repo, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName(DefaultBranch)},
	})
	if err != nil {
		return "", fmt.Errorf("git init %s: %w", dir, err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		return "", fmt.Errorf("git init %s: %w", dir, err)
	}
	// All honours .gitignore files through the worktree's excludes.
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		return "", fmt.Errorf("git add in %s: %w", dir, err)
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	s := &object.Signature{Name: sig.Name, Email: sig.Email, When: sig.When}
	h, err := wt.Commit(message, &git.CommitOptions{Author: s, Committer: s, AllowEmptyCommits: true})
	if err != nil {
		return "", fmt.Errorf("git commit in %s: %w", dir, err)
	}
	return h.String(), nil
}
