package gitx

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/transport"
)

// CloneOptions says what to fetch and where.
type CloneOptions struct {
	URL      string // https, http, ssh, scp-like or file URL; credentials in it are used, never recorded
	Ref      string // a tag, branch, full ref name or commit (full or abbreviated); "" is the remote HEAD
	CacheDir string // trees land in CacheDir/git/<CacheKey(URL)>/<commit>
	// Credentials name the hosts a token goes to (over https only); nil
	// sends none.
	Credentials *Credentials
	Progress    io.Writer // one line per fetch; nil is quiet
}

// Remote names a repository to list.
type Remote struct {
	URL         string
	Credentials *Credentials
}

// CacheKey is the cache folder of a URL: the first 16 hex digits of the
// SHA-256 of the URL without credentials.
func CacheKey(cleanURL string) string {
	sum := sha256.Sum256([]byte(cleanURL))
	return hex.EncodeToString(sum[:])[:16]
}

// Clone makes the tree of o.Ref available on disk and returns its folder and
// commit. The folder holds the commit's files without .git and is shared by
// every run that resolves to the same URL and commit: a full commit hash is
// served from the cache without touching the remote, any other ref costs one
// ref listing. A fetch is written to a temporary folder and renamed into
// place, so concurrent runs never see half a tree.
func Clone(ctx context.Context, o CloneOptions) (dir, commit string, err error) {
	ep, err := ParseURL(o.URL)
	if err != nil {
		return "", "", err
	}
	secrets := secretsOf(ep, o.Credentials)
	base := filepath.Join(o.CacheDir, "git", CacheKey(ep.URL))

	if isHex(o.Ref, 40) {
		if d := filepath.Join(base, o.Ref); isDir(d) {
			return d, o.Ref, nil
		}
	} else if isHex(o.Ref, 7) {
		if d, c := cachedPrefix(base, o.Ref); d != "" {
			return d, c, nil
		}
	}

	rem, err := openRemote(ep, o.Credentials)
	if err != nil {
		return "", "", wrapGit(ctx, err, ep, o.Credentials, secrets, "open")
	}
	name, hash, err := resolve(ctx, rem, ep, o.Credentials, o.Ref, secrets)
	if err != nil {
		// Offline, a tag fetched before is still that tag.
		if errors.Is(err, ErrFetch) && ctx.Err() == nil {
			if d, c := cachedTag(base, o.Ref); d != "" {
				if o.Progress != nil {
					fmt.Fprintf(o.Progress, "Cannot reach %s: using %s (%s) from the cache\n", ep.URL, o.Ref, c[:12])
				}
				return d, c, nil
			}
		}
		return "", "", err
	}
	dir, commit, err = fetch(ctx, o, rem, ep, base, name, hash, secrets)
	if err == nil && name.IsTag() {
		rememberTag(base, name.Short(), commit)
	}
	return dir, commit, err
}

// fetch puts the commit that name, hash or o.Ref resolved to into the cache
// unless it is there already.
func fetch(ctx context.Context, o CloneOptions, rem remote, ep Endpoint, base string, name plumbing.ReferenceName, hash plumbing.Hash, secrets []string) (dir, commit string, err error) {
	if !hash.IsZero() {
		if d := filepath.Join(base, hash.String()); isDir(d) {
			return d, hash.String(), nil
		}
	}
	if o.Progress != nil {
		fmt.Fprintf(o.Progress, "Fetching %s at %s…\n", ep.URL, refLabel(o.Ref))
	}
	c, err := rem.commit(ctx, name, hash, o.Ref)
	if err != nil {
		return "", "", wrapGit(ctx, err, ep, o.Credentials, secrets, "fetch "+refLabel(o.Ref)+" from")
	}
	dir = filepath.Join(base, c.Hash.String())
	if isDir(dir) {
		return dir, c.Hash.String(), nil
	}
	if err := os.MkdirAll(base, 0o755); err != nil {
		return "", "", fmt.Errorf("template cache: %w", err)
	}
	sweep(base)
	tmp, err := os.MkdirTemp(base, fmt.Sprintf(".fetch-%d-", os.Getpid()))
	if err != nil {
		return "", "", fmt.Errorf("template cache: %w", err)
	}
	defer os.RemoveAll(tmp)
	if err := export(ctx, c, tmp); err != nil {
		return "", "", fmt.Errorf("write %s at %s into the cache: %w", ep.URL, c.Hash, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		// Another run may have put the same commit in place first.
		if isDir(dir) {
			return dir, c.Hash.String(), nil
		}
		return "", "", fmt.Errorf("template cache: %w", err)
	}
	return dir, c.Hash.String(), nil
}

// RemoteTags lists a repository's tags with the commit each points to
// (annotated tags peeled).
func RemoteTags(ctx context.Context, r Remote) (map[string]string, error) {
	ep, err := ParseURL(r.URL)
	if err != nil {
		return nil, err
	}
	secrets := secretsOf(ep, r.Credentials)
	rem, err := openRemote(ep, r.Credentials)
	if err != nil {
		return nil, wrapGit(ctx, err, ep, r.Credentials, secrets, "open")
	}
	refs, _, err := rem.refs(ctx)
	if err != nil {
		return nil, wrapGit(ctx, err, ep, r.Credentials, secrets, "list tags of")
	}
	tags := map[string]string{}
	for name, h := range refs {
		if t, ok := strings.CutPrefix(name, "refs/tags/"); ok {
			tags[t] = h.String()
		}
	}
	return tags, nil
}

// secretsOf lists what must never appear in text: the token and the URL's
// credentials (an https user is often a token).
func secretsOf(ep Endpoint, creds *Credentials) []string {
	secrets := append(creds.Secrets(), ep.Password)
	if ep.Password != "" {
		secrets = append(secrets, ep.User+":"+ep.Password)
	}
	if ep.Scheme == "https" || ep.Scheme == "http" {
		secrets = append(secrets, ep.User)
	}
	return secrets
}

func refLabel(ref string) string {
	if ref == "" {
		return "HEAD"
	}
	return ref
}

// resolve turns ref into a ref name to fetch and the commit it points to.
// A full hash resolves to itself; an abbreviated hash to a zero hash that
// the fetch resolves.
func resolve(ctx context.Context, rem remote, ep Endpoint, creds *Credentials, ref string, secrets []string) (plumbing.ReferenceName, plumbing.Hash, error) {
	if isHex(ref, 40) {
		return "", plumbing.NewHash(ref), nil
	}
	refs, head, err := rem.refs(ctx)
	if err != nil {
		return "", plumbing.ZeroHash, wrapGit(ctx, err, ep, creds, secrets, "list refs of")
	}
	if ref == "" {
		if head == "" {
			return "", plumbing.ZeroHash, newError(ErrRefNotFound, 2,
				fmt.Sprintf("%s has no HEAD to fetch", ep.URL), "name a ref: ?ref=TAG or ?ref=BRANCH")
		}
		return head, refs[string(head)], nil
	}
	for _, name := range []string{ref, "refs/tags/" + ref, "refs/heads/" + ref} {
		if h, ok := refs[name]; ok && strings.HasPrefix(name, "refs/") {
			return plumbing.ReferenceName(name), h, nil
		}
	}
	if isHex(ref, 7) {
		return "", plumbing.ZeroHash, nil
	}
	return "", plumbing.ZeroHash, newError(ErrRefNotFound, 2,
		fmt.Sprintf("ref %q not found in %s", ref, ep.URL), refsHint(refs))
}

func refsHint(refs map[string]plumbing.Hash) string {
	var tags, heads []string
	for name := range refs {
		if t, ok := strings.CutPrefix(name, "refs/tags/"); ok {
			tags = append(tags, t)
		} else if b, ok := strings.CutPrefix(name, "refs/heads/"); ok {
			heads = append(heads, b)
		}
	}
	sort.Strings(tags)
	sort.Strings(heads)
	list := func(s []string) string {
		if len(s) > 10 {
			s = append(s[:10:10], "…")
		}
		if len(s) == 0 {
			return "none"
		}
		return strings.Join(s, ", ")
	}
	return fmt.Sprintf("use a tag (%s), a branch (%s) or a commit hash", list(tags), list(heads))
}

// wrapGit turns a go-git error into a scrubbed [Error] with a remedy.
func wrapGit(ctx context.Context, err error, ep Endpoint, creds *Credentials, secrets []string, op string) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		e := newError(ErrFetch, 1, fmt.Sprintf("%s %s: %v", op, ep.URL, ctxErr), "")
		e.kinds = append(e.kinds, ctxErr)
		return e
	}
	var ge *Error
	if errors.As(err, &ge) {
		return ge
	}
	// For the errors paved knows, the server's own words are left out: a
	// server may echo what it was sent.
	known := func(what string) string { return fmt.Sprintf("%s %s: %s", op, ep.URL, what) }
	switch {
	case errors.Is(err, transport.ErrAuthenticationRequired), errors.Is(err, transport.ErrAuthorizationFailed),
		errors.Is(err, transport.ErrInvalidAuthMethod):
		return newError(ErrAuth, 2, known("authentication failed"), creds.AuthHint(ep))
	case errors.Is(err, transport.ErrRepositoryNotFound), errors.Is(err, git.ErrRepositoryNotExists):
		return newError(ErrNoRepo, 2, known("repository not found"), "check the URL; for a private repository, "+creds.AuthHint(ep))
	case errors.Is(err, transport.ErrEmptyRemoteRepository):
		return newError(ErrRefNotFound, 2, known("the repository is empty"), "push the template to the repository first")
	case errors.Is(err, plumbing.ErrObjectNotFound), errors.Is(err, plumbing.ErrReferenceNotFound):
		return newError(ErrRefNotFound, 2, known("commit not found"), "check the ref: a tag, a branch or a commit of that repository")
	}
	msg := scrub(fmt.Sprintf("%s %s: %v", op, ep.URL, err), secrets...)
	if ep.Scheme == "ssh" {
		text := err.Error()
		switch {
		case strings.Contains(text, "knownhosts"):
			return newError(ErrAuth, 2, msg, "trust the host first: ssh-keyscan HOST >> ~/.ssh/known_hosts (check its fingerprint)")
		case strings.Contains(text, "SSH_AUTH_SOCK"), strings.Contains(text, "unable to authenticate"), strings.Contains(text, "handshake failed"):
			return newError(ErrAuth, 2, msg, creds.AuthHint(ep))
		}
	}
	return newError(ErrFetch, 1, msg, "check the URL and your network, then try again")
}
