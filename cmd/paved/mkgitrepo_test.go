package main

import (
	"errors"
	"path/filepath"
	"strconv"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/rogpeppe/go-internal/testscript"
)

// cmdMkGitRepo turns a folder of the script's work dir into a git repository
// (with go-git), commits everything in it and tags the commit, so scripts can
// serve git template sources from local repositories (file:// URLs):
//
//	mkgitrepo [-a] [-b BRANCH] DIR [TAG...]
//
// Run it again on the same DIR after changing files to add a second commit
// (additions, changes and removals) and tag it: that is how a script makes a
// v1.0.0 and a v1.1.0 of a template. -a makes annotated tags instead of
// lightweight ones; -b BRANCH also points branch BRANCH at the new commit
// (HEAD stays on main). Commits have a fixed author and clock, so their hashes
// are the same on every run. The new commit's hash is put in $GITCOMMIT.
func cmdMkGitRepo(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! mkgitrepo")
	}
	annotated := false
	var branches []string
	for len(args) > 0 && len(args[0]) > 0 && args[0][0] == '-' {
		switch {
		case args[0] == "-a":
			annotated = true
			args = args[1:]
		case args[0] == "-b" && len(args) > 1:
			branches = append(branches, args[1])
			args = args[2:]
		default:
			ts.Fatalf("usage: mkgitrepo [-a] [-b BRANCH] DIR [TAG...]")
		}
	}
	if len(args) < 1 {
		ts.Fatalf("usage: mkgitrepo [-a] [-b BRANCH] DIR [TAG...]")
	}
	dir := ts.MkAbs(args[0])

	repo, err := git.PlainOpen(dir)
	if errors.Is(err, git.ErrRepositoryNotExists) {
		repo, err = git.PlainInitWithOptions(dir, &git.PlainInitOptions{
			InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName("main")},
		})
	}
	ts.Check(err)
	wt, err := repo.Worktree()
	ts.Check(err)
	ts.Check(wt.AddWithOptions(&git.AddOptions{All: true}))

	// The clock advances one minute per commit so history has an order.
	n := 0
	if head, err := repo.Head(); err == nil {
		iter, err := repo.Log(&git.LogOptions{From: head.Hash()})
		ts.Check(err)
		ts.Check(iter.ForEach(func(*object.Commit) error { n++; return nil }))
	}
	sig := &object.Signature{
		Name:  "Paved Test",
		Email: "test@paved.dev",
		When:  time.Date(2026, 1, 1, 0, n, 0, 0, time.UTC),
	}
	hash, err := wt.Commit("commit "+filepath.Base(dir)+" #"+strconv.Itoa(n+1), &git.CommitOptions{
		Author:            sig,
		Committer:         sig,
		AllowEmptyCommits: true,
	})
	ts.Check(err)
	for _, tag := range args[1:] {
		var opts *git.CreateTagOptions
		if annotated {
			opts = &git.CreateTagOptions{Tagger: sig, Message: "release " + tag}
		}
		if _, err := repo.CreateTag(tag, hash, opts); err != nil {
			ts.Fatalf("tag %s: %v", tag, err)
		}
	}
	for _, b := range branches {
		ref := plumbing.NewHashReference(plumbing.NewBranchReferenceName(b), hash)
		ts.Check(repo.Storer.SetReference(ref))
	}
	ts.Setenv("GITCOMMIT", hash.String())
}
