package scorecard

import (
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

// ActivityWindow is how far back `git.commits90d` and `git.authors90d` look.
const ActivityWindow = 90 * 24 * time.Hour

// Git is the `git` fact, read with go-git from the scored commit.
type Git struct {
	Present    bool      `cel:"present"`    // the snapshot is in a git repository
	HasCommits bool      `cel:"hasCommits"` // false in a repository with no commit yet
	Head       string    `cel:"head"`       // the scored commit
	Branch     string    `cel:"branch"`     // "" when detached or a git source
	LastCommit time.Time `cel:"lastCommit"` // committer time; the zero time without commits
	Commits90d int       `cel:"commits90d"` // commits in the 90 days before now
	Authors90d int       `cel:"authors90d"` // distinct author emails in those commits
	Tags       []string  `cel:"tags"`       // every tag, sorted
}

// GitFact exposes `git`: history facts over the 90 days before the clock.
func GitFact() Fact {
	return Fact{
		Name: "git",
		Doc:  "git history: present, hasCommits, head, branch, lastCommit, commits90d, authors90d, tags",
		Go:   Git{},
		Load: func(s *Snapshot) (any, error) { return loadGit(s) },
	}
}

func loadGit(s *Snapshot) (Git, error) {
	g := Git{Tags: []string{}}
	if s.repo == nil {
		return g, nil
	}
	g.Present = true
	if s.Commit == "" {
		return g, nil // a repository with no commit yet
	}
	g.Head = s.Commit
	if ref, err := s.repo.Head(); err == nil && ref.Name().IsBranch() && s.Source == "" {
		g.Branch = ref.Name().Short()
	}
	tags, err := s.repo.Tags()
	if err == nil {
		_ = tags.ForEach(func(r *plumbing.Reference) error {
			g.Tags = append(g.Tags, r.Name().Short())
			return nil
		})
		slices.Sort(g.Tags)
	}
	iter, err := s.repo.Log(&git.LogOptions{From: plumbing.NewHash(s.Commit), Order: git.LogOrderCommitterTime})
	if err != nil {
		return g, fmt.Errorf("git log: %w", err)
	}
	since := s.Now.Add(-ActivityWindow)
	authors := map[string]bool{}
	err = iter.ForEach(func(c *object.Commit) error {
		if !g.HasCommits {
			g.HasCommits = true
			g.LastCommit = c.Committer.When.UTC()
		}
		if c.Committer.When.Before(since) {
			return storer.ErrStop // committer-time order: everything after is older
		}
		g.Commits90d++
		authors[strings.ToLower(c.Author.Email)] = true
		return nil
	})
	if err != nil && !errors.Is(err, storer.ErrStop) {
		return g, fmt.Errorf("git log: %w", err)
	}
	g.Authors90d = len(authors)
	return g, nil
}

// GitStatus is the `gitStatus` fact, separate from `git` because it hashes
// the whole work tree: only checks that ask for it pay for it.
type GitStatus struct {
	Dirty   bool     `cel:"dirty"`
	Changed []string `cel:"changed"` // modified, added, deleted or untracked paths, sorted
}

// GitStatusFact exposes `gitStatus`: whether the work tree differs from HEAD.
// Git sources are never dirty.
func GitStatusFact() Fact {
	return Fact{
		Name: "gitStatus",
		Doc:  "the work tree against HEAD: dirty, changed (expensive on big trees; git sources are clean)",
		Go:   GitStatus{},
		Load: func(s *Snapshot) (any, error) {
			st := GitStatus{Changed: []string{}}
			if s.repo == nil || s.Source != "" {
				return st, nil
			}
			wt, err := s.repo.Worktree()
			if err != nil {
				return nil, fmt.Errorf("git status: %w", err)
			}
			status, err := wt.Status()
			if err != nil {
				return nil, fmt.Errorf("git status: %w", err)
			}
			for p, fs := range status {
				if fs.Worktree != git.Unmodified || fs.Staging != git.Unmodified {
					st.Changed = append(st.Changed, p)
				}
			}
			slices.Sort(st.Changed)
			st.Dirty = len(st.Changed) > 0
			return st, nil
		},
	}
}
