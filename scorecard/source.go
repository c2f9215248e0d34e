package scorecard

import (
	"context"
	"fmt"
	"io"
	"path"
	"time"

	"github.com/paved-dev/paved/internal/gitx"
)

// SourceOptions says how to fetch and score a git source.
type SourceOptions struct {
	Subpath string // below the source's own //SUBDIR
	Now     time.Time
	// LatestVersion is [Meta.LatestVersion].
	LatestVersion func(template, source string) string
	// CacheDir keeps clones for later runs ([gitx.FetchRepo]); "" keeps
	// them in memory for this run only.
	CacheDir string
	// Credentials name the hosts a token goes to, over https only; nil
	// sends none.
	Credentials *gitx.Credentials
	Progress    io.Writer // fetch progress, nil for none
}

// OpenSource snapshots a git source (`git::URL//SUBDIR?ref=REF`, or a
// plain https, ssh or file URL) at its ref: [gitx.FetchRepo] fetches it
// (history included, for the git fact; a file:// repository is read in
// place, never its work tree) and the snapshot reads the commit's tree.
func OpenSource(ctx context.Context, arg string, o SourceOptions) (*Snapshot, error) {
	src, ok, err := gitx.ParseSource(arg)
	if err != nil {
		return nil, err
	}
	display := gitx.Redact(arg)
	if !ok {
		return nil, fmt.Errorf("%q is not a git source", display)
	}
	sub, err := cleanSubpath(path.Join(src.Subdir, o.Subpath))
	if err != nil {
		return nil, err
	}
	repo, commit, err := gitx.FetchRepo(ctx, gitx.CloneOptions{
		URL: src.Raw, Ref: src.Ref, CacheDir: o.CacheDir, Credentials: o.Credentials, Progress: o.Progress,
	})
	if err != nil {
		return nil, fmt.Errorf("git source %s: %w", display, err)
	}
	tree, err := repo.TreeFS(ctx, commit)
	if err != nil {
		return nil, fmt.Errorf("git source %s: %w", display, err)
	}
	s, err := Open(ctx, tree, nil, Meta{Name: display, Source: display, Commit: commit, Subpath: sub,
		Now: o.Now, LatestVersion: o.LatestVersion, Git: repo})
	if err != nil {
		return nil, fmt.Errorf("git source %s: %w", display, err)
	}
	if sub != "" && len(s.files) == 0 {
		return nil, fmt.Errorf("git source %s: subpath %q has no files", display, sub)
	}
	return s, nil
}
