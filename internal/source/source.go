// Package source resolves what a user names as TEMPLATE — a built-in name, a
// directory, or a git source — to a template root as an fs.FS.
//
// Git sources are written git::URL//SUBDIR?ref=REF (the widely known form),
// or as a plain https://…, ssh://…, git@host:org/repo.git or file:// URL.
// They are fetched through [gitx.Clone] into a cache keyed by URL and commit.
// [Template.Source] records a git source WITHOUT its ref and without any
// credentials ("git::https://host/org/repo.git//templates/svc"); the ref
// and commit are kept beside it, and [WithRef] puts a ref back for a later
// Resolve (what `paved update --to` does).
package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/paved-dev/paved/internal/didyoumean"
	"github.com/paved-dev/paved/internal/gitx"
	"github.com/paved-dev/paved/internal/semver"
)

// Kind is where a template comes from.
type Kind string

// Kinds of template source.
const (
	KindBuiltin Kind = "builtin"
	KindDir     Kind = "dir"
	KindGit     Kind = "git"
)

// ManifestFile is the file every template root holds.
const ManifestFile = "template.yaml"

// Template is a resolved template: where it came from and its files.
type Template struct {
	Kind Kind
	// Source is what .paved.yaml records: "builtin", an absolute directory,
	// or a git source without ref and credentials.
	Source string
	// Name is the built-in name or the last element of the path.
	Name string
	// Ref is the ref asked for ("" is the remote HEAD) and Commit the
	// commit it resolved to; git sources only.
	Ref, Commit string
	// FS is the template root: template.yaml and skeleton/.
	FS fs.FS
	// Dir is the root on disk; "" for a built-in template.
	Dir string
}

// Resolver turns a TEMPLATE argument into a [Template].
type Resolver interface {
	Resolve(ctx context.Context, ref string) (*Template, error)
}

// Options configure [Sources].
type Options struct {
	Builtin  fs.FS  // the embedded templates (templates.FS): one folder per template
	CacheDir string // git sources are cached under CacheDir/git
	// Credentials loads the hosts a token goes to (the config's
	// credentials, else GITHUB_TOKEN for github.com); it is called only
	// for an http(s) source, and nil sends no token.
	Credentials func() (*gitx.Credentials, error)
	Progress    io.Writer // a line while fetching; nil is quiet
}

// Sources resolves built-in, directory and git templates.
type Sources struct{ o Options }

// New returns a resolver over o.
func New(o Options) *Sources { return &Sources{o: o} }

// Error is a TEMPLATE that cannot be resolved. It is bad input (exit 2) and
// says what to do.
type Error struct {
	Template string
	Msg      string
	Fix      string
	Err      error // a [gitx.Error] or a sentinel; never carries credentials
}

func (e *Error) Error() string { return e.Msg }

// Hint says what to do next.
func (e *Error) Hint() string { return e.Fix }

// ExitCode is 2, or the exit code of the git failure behind it.
func (e *Error) ExitCode() int {
	var c interface{ ExitCode() int }
	if e.Err != nil && errors.As(e.Err, &c) {
		return c.ExitCode()
	}
	return 2
}

func (e *Error) Unwrap() error { return e.Err }

// Builtins lists the built-in template names, sorted.
func (s *Sources) Builtins() []string {
	if s.o.Builtin == nil {
		return nil
	}
	entries, err := fs.ReadDir(s.o.Builtin, ".")
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			if _, err := fs.Stat(s.o.Builtin, e.Name()+"/"+ManifestFile); err == nil {
				names = append(names, e.Name())
			}
		}
	}
	sort.Strings(names)
	return names
}

// formsHint is the remedy for a TEMPLATE paved cannot place.
func (s *Sources) formsHint() string {
	names := s.Builtins()
	builtins := "none"
	if len(names) > 0 {
		builtins = strings.Join(names, ", ")
	}
	return "built-in templates: " + builtins + "; or give a directory (./my-template) or a git source (git::https://host/org/repo.git//dir?ref=v1.0.0)"
}

// Resolve finds the template ref names: a git source, a built-in name, or
// a directory, in that order (write ./name for a directory that shares a
// built-in's name).
func (s *Sources) Resolve(ctx context.Context, ref string) (*Template, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, &Error{Msg: "no template given", Fix: s.formsHint()}
	}
	g, ok, err := ParseGit(ref)
	if err != nil {
		return nil, err
	}
	if ok {
		return s.resolveGit(ctx, g)
	}
	if isName(ref) {
		for _, name := range s.Builtins() {
			if name == ref {
				sub, err := fs.Sub(s.o.Builtin, name)
				if err != nil {
					return nil, fmt.Errorf("built-in template %s: %w", name, err)
				}
				return &Template{Kind: KindBuiltin, Source: string(KindBuiltin), Name: name, FS: sub}, nil
			}
		}
		if _, err := os.Stat(ref); err != nil {
			fix := s.formsHint()
			if meant := didyoumean.Closest(ref, s.Builtins(), didyoumean.OptimalAlignment); meant != "" {
				fix = "did you mean " + meant + "? " + fix
			}
			return nil, &Error{Template: ref, Msg: fmt.Sprintf("unknown template %q", ref), Fix: fix}
		}
	}
	return s.resolveDir(ref)
}

// isName reports whether ref could be a built-in name rather than a path.
func isName(ref string) bool {
	return !strings.ContainsAny(ref, `/\`) && !strings.HasPrefix(ref, ".") && !strings.HasPrefix(ref, "~")
}

func (s *Sources) resolveDir(ref string) (*Template, error) {
	abs, err := filepath.Abs(ref)
	if err != nil {
		return nil, fmt.Errorf("template directory %s: %w", ref, err)
	}
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, &Error{Template: ref, Msg: fmt.Sprintf("template directory %s does not exist", ref), Fix: s.formsHint()}
	case err != nil:
		return nil, &Error{Template: ref, Msg: fmt.Sprintf("template directory %s: %v", ref, err), Fix: "check the path and its permissions"}
	case !fi.IsDir():
		return nil, &Error{Template: ref, Msg: fmt.Sprintf("template %s is a file, not a directory", ref),
			Fix: "give the folder that holds " + ManifestFile + " and skeleton/"}
	}
	fsys, err := rootFS(abs)
	if err != nil {
		return nil, fmt.Errorf("template directory %s: %w", ref, err)
	}
	if err := hasManifest(fsys); err != nil {
		return nil, &Error{Template: ref, Msg: fmt.Sprintf("%s has no %s", ref, ManifestFile),
			Fix: "a template is a folder with " + ManifestFile + " and skeleton/; check with: paved templates lint " + ref}
	}
	return &Template{Kind: KindDir, Source: abs, Name: filepath.Base(abs), FS: fsys, Dir: abs}, nil
}

func (s *Sources) resolveGit(ctx context.Context, g Git) (*Template, error) {
	if s.o.CacheDir == "" {
		return nil, errors.New("resolve git template: no cache folder")
	}
	creds, err := s.credentials(g)
	if err != nil {
		return nil, err
	}
	dir, commit, err := gitx.Clone(ctx, gitx.CloneOptions{
		URL: g.raw, Ref: g.Ref, CacheDir: s.o.CacheDir, Credentials: creds, Progress: s.o.Progress,
	})
	if err != nil {
		return nil, gitError(ctx, g, err)
	}
	at := commit[:12]
	if g.Ref != "" {
		at = g.Ref + " (" + at + ")"
	}
	root, fsys, err := subdirFS(dir, g.Subdir)
	if err != nil {
		if errors.Is(err, errSymlink) {
			return nil, &Error{Template: g.String(), Msg: fmt.Sprintf("template %s: %v at %s", g.String(), err, at),
				Fix: "a template's folder must be a real folder of the repository: point // at the folder itself, not at a symlink"}
		}
		return nil, &Error{Template: g.String(), Msg: fmt.Sprintf("template %s: no folder %q at %s", g.String(), g.Subdir, at),
			Fix: "check the path after // in the source: it names a folder of the repository"}
	}
	if err := hasManifest(fsys); err != nil {
		where := "the repository root"
		if g.Subdir != "" {
			where = g.Subdir
		}
		return nil, &Error{Template: g.String(), Msg: fmt.Sprintf("template %s: no %s in %s at %s", g.String(), ManifestFile, where, at),
			Fix: "point at the template's folder with //SUBDIR, e.g. git::https://host/org/repo.git//templates/svc"}
	}
	return &Template{Kind: KindGit, Source: g.String(), Name: g.Name(), Ref: g.Ref, Commit: commit, FS: fsys, Dir: root}, nil
}

// credentials loads the credentials for an http(s) source; other sources
// need none, so a broken config does not stop them.
func (s *Sources) credentials(g Git) (*gitx.Credentials, error) {
	if s.o.Credentials == nil || !strings.HasPrefix(g.URL, "http") {
		return nil, nil
	}
	return s.o.Credentials()
}

// errSymlink is a template folder reached through a symlink.
var errSymlink = errors.New("symlink")

// subdirFS opens the folder sub of the repository tree in dir, every
// component of it checked: a symlink anywhere on the way is refused (a
// symlink to /etc or to ../.. would otherwise serve a template from
// outside the repository), and the folder is opened through an os.Root of
// the repository, so nothing below it escapes either.
func subdirFS(dir, sub string) (string, fs.FS, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return "", nil, err
	}
	if sub == "" {
		return dir, r.FS(), nil
	}
	defer r.Close()
	parts := strings.Split(sub, "/")
	for i := range parts {
		p := strings.Join(parts[:i+1], "/")
		fi, err := r.Lstat(p)
		if err != nil {
			return "", nil, err
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return "", nil, fmt.Errorf("%q is a %w", p, errSymlink)
		}
		if !fi.IsDir() {
			return "", nil, fmt.Errorf("%s is not a folder", p)
		}
	}
	sr, err := r.OpenRoot(filepath.FromSlash(sub))
	if err != nil {
		return "", nil, err
	}
	return filepath.Join(dir, filepath.FromSlash(sub)), sr.FS(), nil
}

// rootFS serves dir through os.Root, so no symlink inside it reaches outside.
func rootFS(dir string) (fs.FS, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return r.FS(), nil
}

func hasManifest(fsys fs.FS) error {
	fi, err := fs.Stat(fsys, ManifestFile)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a file", ManifestFile)
	}
	return nil
}

// Tags lists the semver tags of a git template's repository, newest first
// (pre-releases included, ordered by semver). Other kinds have no versions.
func (s *Sources) Tags(ctx context.Context, t *Template) ([]string, error) {
	if t.Kind != KindGit {
		return nil, &Error{Template: t.Source, Msg: fmt.Sprintf("template %s is %s: only git templates have tagged versions", t.Name, kindLabel(t.Kind)),
			Fix: "built-in templates change with paved itself; a directory template is used as it is"}
	}
	// Tags reads a recorded source (.paved.yaml, the catalog), which must
	// not bring credentials of its own.
	if err := CheckRecorded(t.Source); err != nil {
		return nil, err
	}
	g, ok, err := ParseGit(t.Source)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, &Error{Template: t.Source, Msg: fmt.Sprintf("%q is not a git source", t.Source), Fix: "record a source like git::https://host/org/repo.git//dir"}
	}
	creds, err := s.credentials(g)
	if err != nil {
		return nil, err
	}
	tags, err := gitx.RemoteTags(ctx, gitx.Remote{URL: g.URL, Credentials: creds})
	if err != nil {
		return nil, gitError(ctx, g, err)
	}
	return SortTags(tags), nil
}

// gitError explains a failed clone or tag listing of g: cancellation as
// the context's error, a [gitx.Error] as an [Error] naming the template with
// gitx's remedy, anything else as it is.
func gitError(ctx context.Context, g Git, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	var ge *gitx.Error
	if errors.As(err, &ge) {
		return &Error{Template: g.String(), Msg: "template " + g.String() + ": " + ge.Error(), Fix: ge.Hint(), Err: ge}
	}
	return err
}

// SortTags keeps the semver tags (with or without a leading v) of a tag →
// commit map, newest first; equal versions sort by name.
func SortTags(tags map[string]string) []string {
	var out []string
	for name := range tags {
		if semver.Valid(strings.TrimPrefix(name, "v")) {
			out = append(out, name)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if c := semver.Compare(strings.TrimPrefix(out[i], "v"), strings.TrimPrefix(out[j], "v")); c != 0 {
			return c > 0
		}
		return out[i] < out[j]
	})
	return out
}

func kindLabel(k Kind) string {
	switch k {
	case KindBuiltin:
		return "built in"
	case KindDir:
		return "a directory"
	}
	return string(k)
}
