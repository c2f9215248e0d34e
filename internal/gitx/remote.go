package gitx

import (
	"context"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/storage/memory"
)

// remote is where refs and commits come from: a repository on disk or a
// network remote.
type remote interface {
	// refs maps ref names to commits (annotated tags peeled) and names the
	// ref HEAD points to.
	refs(ctx context.Context) (map[string]plumbing.Hash, plumbing.ReferenceName, error)
	// commit fetches one commit: by ref name, by full hash, or by the
	// abbreviated hash rev.
	commit(ctx context.Context, name plumbing.ReferenceName, hash plumbing.Hash, rev string) (*object.Commit, error)
}

func openRemote(ep Endpoint, creds *Credentials) (remote, error) {
	if ep.Scheme == "file" {
		// A local repository is read in place: go-git's file transport
		// would start the git binary.
		repo, err := git.PlainOpenWithOptions(ep.Path, &git.PlainOpenOptions{EnableDotGitCommonDir: true})
		if err != nil {
			return nil, err
		}
		return &localRemote{repo: repo}, nil
	}
	auth, ca, err := creds.Auth(ep)
	if err != nil {
		return nil, err
	}
	return &netRemote{url: ep.URL, auth: auth, ca: ca}, nil
}

type localRemote struct{ repo *git.Repository }

func (l *localRemote) refs(ctx context.Context) (map[string]plumbing.Hash, plumbing.ReferenceName, error) {
	iter, err := l.repo.References()
	if err != nil {
		return nil, "", err
	}
	refs := map[string]plumbing.Hash{}
	err = iter.ForEach(func(r *plumbing.Reference) error {
		if r.Type() != plumbing.HashReference {
			return nil
		}
		h := r.Hash()
		if t, err := l.repo.TagObject(h); err == nil {
			c, err := t.Commit()
			if err != nil {
				return nil // a tag of a tree or blob is no template version
			}
			h = c.Hash
		}
		refs[r.Name().String()] = h
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	var head plumbing.ReferenceName
	if r, err := l.repo.Reference(plumbing.HEAD, false); err == nil {
		switch r.Type() {
		case plumbing.SymbolicReference:
			head = r.Target()
		case plumbing.HashReference:
			refs["HEAD"] = r.Hash()
			head = plumbing.HEAD
		}
	}
	return refs, head, ctx.Err()
}

func (l *localRemote) commit(ctx context.Context, name plumbing.ReferenceName, hash plumbing.Hash, rev string) (*object.Commit, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if hash.IsZero() {
		h, err := l.repo.ResolveRevision(plumbing.Revision(rev))
		if err != nil {
			return nil, err
		}
		hash = *h
	}
	return l.repo.CommitObject(hash)
}

type netRemote struct {
	url  string
	auth transport.AuthMethod
	ca   []byte // extra CA certificates for https
}

func (n *netRemote) refs(ctx context.Context) (map[string]plumbing.Hash, plumbing.ReferenceName, error) {
	r := git.NewRemote(memory.NewStorage(), &config.RemoteConfig{Name: "origin", URLs: []string{n.url}})
	list, err := r.ListContext(ctx, &git.ListOptions{Auth: n.auth, CABundle: n.ca, PeelingOption: git.AppendPeeled})
	if err != nil {
		return nil, "", err
	}
	refs := map[string]plumbing.Hash{}
	var head plumbing.ReferenceName
	for _, ref := range list {
		name := ref.Name().String()
		switch {
		case ref.Type() == plumbing.SymbolicReference:
			if ref.Name() == plumbing.HEAD {
				head = ref.Target()
			}
		case strings.HasSuffix(name, "^{}"):
			refs[strings.TrimSuffix(name, "^{}")] = ref.Hash()
		default:
			if _, peeled := refs[name]; !peeled {
				refs[name] = ref.Hash()
			}
		}
	}
	// Peeled entries may come before or after their tag: apply them last.
	for _, ref := range list {
		if name := ref.Name().String(); strings.HasSuffix(name, "^{}") {
			refs[strings.TrimSuffix(name, "^{}")] = ref.Hash()
		}
	}
	if head == "" {
		if _, ok := refs["HEAD"]; ok {
			head = plumbing.HEAD
		}
	}
	return refs, head, nil
}

func (n *netRemote) commit(ctx context.Context, name plumbing.ReferenceName, hash plumbing.Hash, rev string) (*object.Commit, error) {
	opts := &git.CloneOptions{URL: n.url, Auth: n.auth, CABundle: n.ca, Tags: git.NoTags, NoCheckout: true}
	if name != "" && name != plumbing.HEAD {
		// One ref, one commit deep: a template needs nothing more.
		opts.ReferenceName, opts.SingleBranch, opts.Depth = name, true, 1
	}
	repo, err := git.CloneContext(ctx, memory.NewStorage(), nil, opts)
	if err != nil {
		return nil, err
	}
	if hash.IsZero() {
		h, err := repo.ResolveRevision(plumbing.Revision(rev))
		if err != nil {
			return nil, err
		}
		hash = *h
	}
	return repo.CommitObject(hash)
}
