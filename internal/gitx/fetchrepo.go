package gitx

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/storage/memory"
)

// FetchRepo makes the history of a repository readable at o.Ref, for
// scoring: its tree ([Repo.TreeFS]), its log ([Repo.Activity]) and its
// tags. A file URL is read in place, never its work tree. Any other URL is
// cloned with its history and tags into
// o.CacheDir/git/<CacheKey(URL)>/<commit>.git, written to a temporary
// folder and renamed into place, and shared by every later run that
// resolves to the same commit: a full commit hash is then served without
// touching the remote, any other ref costs one ref listing. With no
// CacheDir the clone is kept in memory. Errors are [Error]s, scrubbed of
// every credential.
func FetchRepo(ctx context.Context, o CloneOptions) (repo *Repo, commit string, err error) {
	ep, err := ParseURL(o.URL)
	if err != nil {
		return nil, "", err
	}
	secrets := secretsOf(ep, o.Credentials)
	rem, err := openRemote(ep, o.Credentials)
	if err != nil {
		return nil, "", wrapGit(ctx, err, ep, o.Credentials, secrets, "open")
	}
	if l, ok := rem.(*localRemote); ok {
		c, err := localCommit(ctx, l, ep, o.Ref)
		if err != nil {
			return nil, "", err
		}
		return &Repo{repo: l.repo}, c, nil
	}
	base := ""
	if o.CacheDir != "" {
		base = filepath.Join(o.CacheDir, "git", CacheKey(ep.URL))
	}
	cached := func(hash string) *Repo {
		if base == "" || !isHex(hash, 40) {
			return nil
		}
		r, err := git.PlainOpen(filepath.Join(base, hash+".git"))
		if err != nil {
			return nil
		}
		return &Repo{repo: r}
	}
	if r := cached(o.Ref); r != nil {
		return r, o.Ref, nil
	}
	_, hash, err := resolve(ctx, rem, ep, o.Credentials, o.Ref, secrets)
	if err != nil {
		return nil, "", err
	}
	if r := cached(hash.String()); r != nil && !hash.IsZero() {
		return r, hash.String(), nil
	}
	if o.Progress != nil {
		fmt.Fprintf(o.Progress, "Fetching %s at %s…\n", ep.URL, refLabel(o.Ref))
	}
	auth, ca, err := o.Credentials.Auth(ep)
	if err != nil {
		return nil, "", err
	}
	opts := &git.CloneOptions{URL: ep.URL, Auth: auth, CABundle: ca, Tags: git.AllTags, NoCheckout: true}
	var (
		r   *git.Repository
		tmp string
	)
	if base == "" {
		r, err = git.CloneContext(ctx, memory.NewStorage(), nil, opts)
	} else {
		if err := os.MkdirAll(base, 0o755); err != nil {
			return nil, "", fmt.Errorf("git cache: %w", err)
		}
		sweep(base)
		if tmp, err = os.MkdirTemp(base, fmt.Sprintf(".fetch-%d-", os.Getpid())); err != nil {
			return nil, "", fmt.Errorf("git cache: %w", err)
		}
		defer os.RemoveAll(tmp)
		r, err = git.PlainCloneContext(ctx, tmp, true, opts)
	}
	if err != nil {
		return nil, "", wrapGit(ctx, err, ep, o.Credentials, secrets, "fetch "+refLabel(o.Ref)+" from")
	}
	if hash.IsZero() {
		h, err := r.ResolveRevision(plumbing.Revision(o.Ref))
		if err != nil {
			return nil, "", newError(ErrRefNotFound, 2, fmt.Sprintf("ref %q not found in %s", o.Ref, ep.URL),
				"use a tag, a branch or a commit hash")
		}
		hash = *h
	}
	if _, err := r.CommitObject(hash); err != nil {
		return nil, "", wrapGit(ctx, err, ep, o.Credentials, secrets, "fetch "+refLabel(o.Ref)+" from")
	}
	if base == "" {
		return &Repo{repo: r}, hash.String(), nil
	}
	dir := filepath.Join(base, hash.String()+".git")
	if err := os.Rename(tmp, dir); err != nil && !isDir(dir) {
		return nil, "", fmt.Errorf("git cache: %w", err)
	}
	if r := cached(hash.String()); r != nil {
		return r, hash.String(), nil
	}
	return nil, "", fmt.Errorf("git cache: cannot open %s", dir)
}

// localCommit resolves ref in a repository read in place, as git would:
// a commit, then a tag, a remote-tracking branch or a branch of that name.
func localCommit(ctx context.Context, l *localRemote, ep Endpoint, ref string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if ref == "" {
		head, err := l.repo.Head()
		if err != nil {
			return "", newError(ErrRefNotFound, 2, fmt.Sprintf("%s has no commits to read", ep.URL), "commit something first, or name a ref: ?ref=TAG")
		}
		return head.Hash().String(), nil
	}
	for _, rev := range []string{ref, "refs/tags/" + ref, "refs/remotes/origin/" + ref, "refs/heads/" + ref} {
		if h, err := l.repo.ResolveRevision(plumbing.Revision(rev)); err == nil {
			if _, err := l.repo.CommitObject(*h); err == nil {
				return h.String(), nil
			}
		}
	}
	refs, _, err := l.refs(ctx)
	if err != nil && !errors.Is(err, context.Canceled) {
		refs = nil
	}
	return "", newError(ErrRefNotFound, 2, fmt.Sprintf("ref %q not found in %s", ref, ep.URL), refsHint(refs))
}
