package source

import (
	"path/filepath"
	"strings"

	"github.com/paved-dev/paved/internal/config"
	"github.com/paved-dev/paved/internal/gitx"
)

// HooksTrusted reports whether t's hooks may run, the rule paved new and
// paved update share: always for a built-in template, for any template with
// trust (--trust), else for a source listed under trustedSources in the
// config (see [Trusts]), which load reads only in that last case; a nil
// load trusts no source.
func (t *Template) HooksTrusted(trust bool, load func() (*config.Config, error)) (bool, error) {
	if t.Kind == KindBuiltin || trust {
		return true, nil
	}
	if load == nil {
		return false, nil
	}
	cfg, err := load()
	if err != nil {
		return false, err
	}
	for _, entry := range cfg.TrustedSources {
		if Trusts(entry, t.Kind, t.Source, t.Ref) {
			return true, nil
		}
	}
	return false, nil
}

// Trusts reports whether the trustedSources entry trusts a template of
// kind kind recorded as source at ref. Both sides are put in canonical
// form first ([gitx.ParseSource]: scheme and host case-folded, %-escapes
// decoded, . and .. resolved, a ".git" suffix and the user dropped), and
// matched on whole path segments:
//
//   - a git entry names one repository, and trusts every folder and ref of
//     it; with //SUBDIR only that folder and those below it, with ?ref=REF
//     only that ref;
//   - a git entry whose URL ends in "/" (or names only a host) trusts every
//     repository below it: https://h/acme/ trusts https://h/acme/x.git, not
//     https://h/acme-evil/x.git;
//   - a directory entry (an absolute path) trusts that directory, or with a
//     trailing "/" every directory below it; symlinks are resolved on both
//     sides.
//
// An entry or a source that does not parse, or that climbs above its root,
// trusts nothing.
func Trusts(entry string, kind Kind, source, ref string) bool {
	switch kind {
	case KindGit:
		e, ok, err := gitx.ParseSource(entry)
		if !ok || err != nil {
			return false
		}
		s, ok, err := gitx.ParseSource(source)
		if !ok || err != nil {
			return false
		}
		if ref == "" {
			ref = s.Ref
		}
		ek, sk := key(e.Endpoint), key(s.Endpoint)
		if e.Prefix || strings.Trim(e.Path, "/") == "" {
			return sk == ek || strings.HasPrefix(sk, strings.TrimSuffix(ek, "/")+"/")
		}
		if sk != ek {
			return false
		}
		if e.Subdir != "" && s.Subdir != e.Subdir && !strings.HasPrefix(s.Subdir, e.Subdir+"/") {
			return false
		}
		return e.Ref == "" || e.Ref == ref
	case KindDir:
		if gitx.IsSource(entry) || !filepath.IsAbs(entry) || !filepath.IsAbs(source) {
			return false
		}
		prefix := strings.HasSuffix(entry, "/") || strings.HasSuffix(entry, string(filepath.Separator))
		e, s := realPath(entry), realPath(source)
		if s == e {
			return true
		}
		return prefix && strings.HasPrefix(s, strings.TrimSuffix(e, string(filepath.Separator))+string(filepath.Separator))
	}
	return false
}

// key is the endpoint's trust key, a local repository's path with its
// symlinks resolved.
func key(ep gitx.Endpoint) string {
	if ep.Scheme == "file" {
		ep.Path = realPath(ep.Path)
	}
	return ep.Key()
}

// realPath is p cleaned, with its symlinks resolved when it exists.
func realPath(p string) string {
	p = filepath.Clean(p)
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}
