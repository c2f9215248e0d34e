package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/rogpeppe/go-internal/testscript"
)

// cmdGitLog prints a repository's history along first parents, newest
// first, one commit a line: its number of parents and its subject; and
// the work tree's status after "status:" (clean, or the changed paths).
// Scripts check merges and that nothing was committed:
//
//	gitlog orders
//	stdout '^2 paved: update'
func cmdGitLog(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: gitlog DIR")
	}
	repo, err := git.PlainOpen(ts.MkAbs(args[0]))
	ts.Check(err)
	head, err := repo.Head()
	ts.Check(err)
	c, err := repo.CommitObject(head.Hash())
	ts.Check(err)
	for {
		subject, _, _ := strings.Cut(c.Message, "\n")
		fmt.Fprintf(ts.Stdout(), "%d %s\n", len(c.ParentHashes), subject)
		if len(c.ParentHashes) == 0 {
			break
		}
		var perr error
		if c, perr = c.Parent(0); perr != nil {
			break
		}
	}
	wt, err := repo.Worktree()
	ts.Check(err)
	st, err := wt.Status()
	ts.Check(err)
	var changed []string
	for p, s := range st {
		if s.Worktree != git.Untracked && (s.Worktree != git.Unmodified || s.Staging != git.Unmodified) {
			changed = append(changed, p)
		}
	}
	sort.Strings(changed)
	if len(changed) == 0 {
		fmt.Fprintln(ts.Stdout(), "status: clean")
	} else {
		fmt.Fprintf(ts.Stdout(), "status: %s\n", strings.Join(changed, " "))
	}
}
