package scorecard

import (
	"context"
	"time"
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
		Load: func(ctx context.Context, s *Snapshot) (any, error) { return loadGit(ctx, s) },
	}
}

func loadGit(ctx context.Context, s *Snapshot) (Git, error) {
	g := Git{Tags: []string{}}
	h := s.meta.Git
	if h == nil {
		return g, nil
	}
	g.Present = true
	if s.Commit == "" {
		return g, nil // a repository with no commit yet
	}
	g.Head = s.Commit
	g.Branch = s.meta.Branch
	if tags, err := h.Tags(); err == nil {
		g.Tags = tags
	}
	a, err := h.Activity(ctx, s.Commit, s.Now.Add(-ActivityWindow))
	if err != nil {
		return g, err
	}
	g.HasCommits, g.LastCommit, g.Commits90d, g.Authors90d = a.HasCommits, a.LastCommit, a.Commits, a.Authors
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
		Load: func(ctx context.Context, s *Snapshot) (any, error) {
			st := GitStatus{Changed: []string{}}
			if s.meta.Git == nil || s.Source != "" {
				return st, nil
			}
			changed, err := s.meta.Git.Changed(ctx)
			if err != nil {
				return nil, err
			}
			st.Changed, st.Dirty = changed, len(changed) > 0
			return st, nil
		},
	}
}
