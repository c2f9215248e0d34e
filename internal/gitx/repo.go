package gitx

import (
	"errors"
	"fmt"

	"github.com/go-git/go-git/v5"
)

// ErrNotRepo is a folder that is not the root of a git repository.
var ErrNotRepo = errors.New("not a git repository")

// Repo is an opened repository. Its methods are grouped by job, one file
// each: history reads (history.go), trees and blobs (tree.go, treefs.go),
// object writes (objects.go), refs (refs.go) and the work tree's status
// (status.go). `paved update` reads old trees, writes pristine renders and
// moves the branch; `paved score` reads a commit's tree and its history.
type Repo struct {
	repo *git.Repository
	dir  string // the work tree; "" for a fetched (bare or in-memory) repository
}

// OpenRepo opens the repository whose work tree is rooted at dir.
func OpenRepo(dir string) (*Repo, error) {
	r, err := git.PlainOpen(dir)
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, fmt.Errorf("%s: %w", dir, ErrNotRepo)
	}
	if err != nil {
		return nil, fmt.Errorf("open git repository %s: %w", dir, err)
	}
	return &Repo{repo: r, dir: dir}, nil
}

// FindRepo opens the repository whose work tree holds dir (dir itself or a
// folder above it). A bare repository, or a folder in none, is [ErrNotRepo].
func FindRepo(dir string) (*Repo, error) {
	r, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, ErrNotRepo)
	}
	wt, err := r.Worktree()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, ErrNotRepo)
	}
	return &Repo{repo: r, dir: wt.Filesystem.Root()}, nil
}

// Dir is the repository's work tree.
func (r *Repo) Dir() string { return r.dir }

// Head returns the commit HEAD points to and the branch it is on ("" when
// detached).
func (r *Repo) Head() (commit, branch string, err error) {
	ref, err := r.repo.Head()
	if err != nil {
		return "", "", fmt.Errorf("read HEAD of %s: %w", r.dir, err)
	}
	if ref.Name().IsBranch() {
		branch = ref.Name().Short()
	}
	return ref.Hash().String(), branch, nil
}
