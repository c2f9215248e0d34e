package scorecard

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/storage/memory"

	"github.com/paved-dev/paved/internal/gitx"
)

// GitSource is a repository to score given as a git source, in the form
// templates use: `git::URL//SUBDIR?ref=REF`, or a plain https://…/repo.git,
// ssh or file:// URL.
type GitSource struct {
	URL     string // without the git:: prefix, the //SUBDIR and ?ref=
	Subdir  string
	Ref     string // branch, tag or commit; "" for the default branch
	Display string // the source without credentials
}

// IsGitSource reports whether arg names a git source rather than a folder.
func IsGitSource(arg string) bool { return gitx.IsSource(arg) }

// ParseGitSource splits a git source into URL, subfolder and ref with
// [gitx.ParseSource], the parser templates use too.
func ParseGitSource(arg string) (GitSource, error) {
	src, ok, err := gitx.ParseSource(arg)
	if err != nil {
		return GitSource{}, err
	}
	if !ok {
		return GitSource{}, fmt.Errorf("%q is not a git source", gitx.Redact(arg))
	}
	return GitSource{URL: src.Raw, Subdir: src.Subdir, Ref: src.Ref, Display: gitx.Redact(arg)}, nil
}

// CloneOptions tunes how a git source is fetched.
type CloneOptions struct {
	// Credentials name the hosts a token goes to, over https only; nil
	// sends none.
	Credentials *gitx.Credentials
	Progress    io.Writer // clone progress, nil for none
}

// OpenGit snapshots a git source at its ref. file:// sources are read in
// place; others are cloned into memory (history included, for the git fact).
// subpath narrows further, below the source's own //SUBDIR.
func OpenGit(ctx context.Context, src GitSource, subpath string, now time.Time, o CloneOptions) (*Snapshot, error) {
	sub, err := cleanSubpath(path.Join(src.Subdir, subpath))
	if err != nil {
		return nil, err
	}
	ep, err := gitx.ParseURL(src.URL)
	if err != nil {
		return nil, err
	}
	var repo *git.Repository
	if ep.Scheme == "file" {
		repo, err = git.PlainOpenWithOptions(ep.Path, &git.PlainOpenOptions{DetectDotGit: true})
	} else {
		auth, ca, aerr := o.Credentials.Auth(ep)
		if aerr != nil {
			return nil, aerr
		}
		repo, err = git.CloneContext(ctx, memory.NewStorage(), nil, &git.CloneOptions{
			URL: ep.URL, Auth: auth, CABundle: ca, Progress: o.Progress, Tags: git.AllTags,
		})
		if errors.Is(err, transport.ErrAuthenticationRequired) || errors.Is(err, transport.ErrAuthorizationFailed) {
			return nil, fmt.Errorf("open git source %s: authentication failed (%s)", src.Display, o.Credentials.AuthHint(ep))
		}
	}
	if err != nil {
		return nil, fmt.Errorf("open git source %s: %w", src.Display, err)
	}
	hash, err := resolveRef(repo, src.Ref)
	if err != nil {
		return nil, fmt.Errorf("git source %s: %w", src.Display, err)
	}
	commit, err := repo.CommitObject(hash)
	if err != nil {
		return nil, fmt.Errorf("git source %s: %w", src.Display, err)
	}
	tree, err := commit.Tree()
	if err != nil {
		return nil, fmt.Errorf("git source %s: %w", src.Display, err)
	}
	tfs := &treeFS{files: map[string]*object.File{}}
	var files []string
	err = tree.Files().ForEach(func(f *object.File) error {
		tfs.files[f.Name] = f
		if p, ok := relTo(f.Name, sub); ok && !skipped(p) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("git source %s: %w", src.Display, err)
	}
	if sub != "" && len(files) == 0 {
		return nil, fmt.Errorf("git source %s: subpath %q has no files", src.Display, sub)
	}
	slices.Sort(files)
	s := newSnapshot(src.Display, tfs, now)
	s.Source = src.Display
	s.Commit = hash.String()
	s.Subpath = sub
	s.repo = repo
	s.files = files
	return s, nil
}

func resolveRef(repo *git.Repository, ref string) (plumbing.Hash, error) {
	if ref == "" {
		head, err := repo.Head()
		if err != nil {
			return plumbing.ZeroHash, fmt.Errorf("no commits to score: %w", err)
		}
		return head.Hash(), nil
	}
	for _, rev := range []string{ref, "refs/tags/" + ref, "refs/remotes/origin/" + ref, "refs/heads/" + ref} {
		if h, err := repo.ResolveRevision(plumbing.Revision(rev)); err == nil {
			return *h, nil
		}
	}
	return plumbing.ZeroHash, fmt.Errorf("ref %q not found", ref)
}

// treeFS reads files from a git tree; symlinks are blobs holding their
// target and read as non-regular files.
type treeFS struct{ files map[string]*object.File }

func (t *treeFS) Open(name string) (fs.File, error) {
	f, ok := t.files[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &treeFile{f: f}, nil
}

type treeFile struct {
	f *object.File
	r io.Reader
}

func (t *treeFile) Stat() (fs.FileInfo, error) { return treeInfo{t.f}, nil }
func (t *treeFile) Close() error               { return nil }
func (t *treeFile) Read(p []byte) (int, error) {
	if t.r == nil {
		rc, err := t.f.Reader()
		if err != nil {
			return 0, err
		}
		defer rc.Close()
		var buf bytes.Buffer
		if _, err := io.Copy(&buf, io.LimitReader(rc, MaxTextSize+1)); err != nil {
			return 0, err
		}
		t.r = &buf
	}
	return t.r.Read(p)
}

type treeInfo struct{ f *object.File }

func (i treeInfo) Name() string       { return path.Base(i.f.Name) }
func (i treeInfo) Size() int64        { return i.f.Size }
func (i treeInfo) ModTime() time.Time { return time.Time{} }
func (i treeInfo) IsDir() bool        { return false }
func (i treeInfo) Sys() any           { return nil }
func (i treeInfo) Mode() fs.FileMode {
	switch i.f.Mode {
	case filemode.Symlink:
		return fs.ModeSymlink | 0o777
	case filemode.Executable:
		return 0o755
	case filemode.Submodule:
		return fs.ModeIrregular
	}
	return 0o644
}

// FromBrowseURL turns the web address of a folder or file in a GitHub or
// GitLab repository, as Backstage's source-location annotations hold it
// (https://github.com/org/repo/tree/main/services/orders), into a git source
// (git::https://github.com/org/repo.git//services/orders?ref=main). A blob
// address scores the file's folder. Anything else is returned unchanged.
func FromBrowseURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.RawQuery != "" {
		return s
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	// GitLab puts "/-/" before tree|blob; GitHub has org/repo/tree|blob.
	kind := -1
	for i, p := range parts {
		if (p == "tree" || p == "blob") && i >= 2 && i+1 < len(parts) {
			kind = i
			break
		}
	}
	if kind < 0 {
		return s
	}
	repoEnd := kind
	if parts[kind-1] == "-" {
		repoEnd = kind - 1
	}
	if repoEnd < 2 {
		return s
	}
	ref := parts[kind+1]
	sub := parts[kind+2:]
	if parts[kind] == "blob" && len(sub) > 0 {
		sub = sub[:len(sub)-1]
	}
	repo := strings.Join(parts[:repoEnd], "/")
	out := "git::" + u.Scheme + "://" + u.Host + "/" + strings.TrimSuffix(repo, ".git") + ".git"
	if len(sub) > 0 {
		out += "//" + strings.Join(sub, "/")
	}
	return out + "?ref=" + url.QueryEscape(ref)
}
