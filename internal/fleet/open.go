package fleet

import (
	"context"
	"strings"

	"github.com/paved-dev/paved/internal/gitx"
	"github.com/paved-dev/paved/scorecard"
)

// open opens the snapshot of one target: a git source fetched with the
// credentials of its host, or a local folder (its work tree, or HEAD when
// the run is committed).
func (r *run) open(ctx context.Context, t target, latest func(string, string) string) (*scorecard.Snapshot, error) {
	if !gitx.IsSource(t.arg) {
		return scorecard.OpenLocal(ctx, t.arg, scorecard.DirOptions{Subpath: t.subpath, Now: r.now, Committed: r.committed, LatestVersion: latest})
	}
	src, _, err := gitx.ParseSource(t.arg)
	if err != nil {
		return nil, err
	}
	var creds *gitx.Credentials
	if r.env.Creds != nil && strings.HasPrefix(src.Scheme, "http") {
		if creds, err = r.env.Creds(); err != nil {
			return nil, err
		}
	}
	return scorecard.OpenSource(ctx, t.arg, scorecard.SourceOptions{Subpath: t.subpath, Now: r.now, LatestVersion: latest,
		CacheDir: r.env.CacheDir, Credentials: creds})
}

// scoreOne never fails the run: a repository that cannot be read is a result with Error.
func scoreOne(ctx context.Context, r *run, t target, latest func(string, string) string) *scorecard.Result {
	snap, err := r.open(ctx, t, latest)
	if err != nil {
		repo := t.arg
		if t.entity != "" {
			repo = t.entity
		}
		return &scorecard.Result{Repo: repo, Entity: t.entity, Error: err.Error(), Checks: []scorecard.CheckResult{}}
	}
	res := scorecard.Evaluate(ctx, r.rubric, snap, r.sel)
	if t.entity != "" {
		res.Entity, res.Repo = t.entity, t.entity
	}
	if t.service && t.subpath != "" {
		res.Repo = strings.TrimSuffix(res.Repo, "/") + "//" + t.subpath
	}
	return res
}
