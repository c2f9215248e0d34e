package source

import (
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/paved-dev/paved/internal/gitx"
)

// Git is a parsed git source: git::URL//SUBDIR?ref=REF.
type Git struct {
	URL    string // without credentials
	Subdir string // slash-separated, relative; "" is the repository root
	Ref    string // tag, branch or commit; "" is the remote HEAD
	raw    string // URL as given, credentials included: used to fetch, never printed
}

// String is the source as .paved.yaml records it: git::URL//SUBDIR, without
// ref or credentials.
func (g Git) String() string {
	s := "git::" + g.URL
	if g.Subdir != "" {
		s += "//" + g.Subdir
	}
	return s
}

// Name is the last element of the subdir, else the repository's name.
func (g Git) Name() string {
	if g.Subdir != "" {
		return path.Base(g.Subdir)
	}
	u := strings.TrimSuffix(strings.TrimRight(g.URL, "/"), ".git")
	if i := strings.LastIndexAny(u, "/:"); i >= 0 {
		u = u[i+1:]
	}
	return u
}

// schemes that make a TEMPLATE a git source without the git:: prefix.
var schemes = []string{"https://", "http://", "ssh://", "git://", "file://"}

// scpLike matches user@host:path.
var scpLike = regexp.MustCompile(`^[A-Za-z0-9._~-]+@[A-Za-z0-9.-]+:[^/]`)

// gitHint is the remedy for a malformed git source.
const gitHint = "write git::URL//SUBDIR?ref=REF, e.g. git::https://github.com/org/templates.git//svc?ref=v1.0.0"

// ParseGit parses s as a git source. ok is false when s is not one (a
// built-in name or a directory); err is set when s is a git source written
// wrong. A git:: source may name a local repository by path.
func ParseGit(s string) (g Git, ok bool, err error) {
	rest, prefixed := strings.CutPrefix(s, "git::")
	hasScheme := false
	for _, sc := range schemes {
		if strings.HasPrefix(strings.ToLower(rest), sc) {
			hasScheme = true
		}
	}
	scp := !strings.Contains(rest, "://") && scpLike.MatchString(rest)
	if !prefixed && !hasScheme && !scp {
		return Git{}, false, nil
	}
	bad := func(format string, args ...any) (Git, bool, error) {
		return Git{}, true, &Error{Template: gitx.Redact(s), Msg: fmt.Sprintf("bad git source %q: ", gitx.Redact(s)) + fmt.Sprintf(format, args...), Fix: gitHint}
	}
	if rest == "" {
		return bad("no URL after git::")
	}

	// ?ref=REF
	if before, query, found := strings.Cut(rest, "?"); found {
		rest = before
		q, err := url.ParseQuery(query)
		if err != nil {
			return bad("query %q: %v", query, err)
		}
		var unknown []string
		for k := range q {
			if k != "ref" {
				unknown = append(unknown, k)
			}
		}
		if len(unknown) > 0 {
			sort.Strings(unknown)
			return bad("unknown parameter %s (only ref is supported)", strings.Join(unknown, ", "))
		}
		if v, ok := q["ref"]; ok {
			if len(v) != 1 || v[0] == "" {
				return bad("ref needs exactly one value, as in ?ref=v1.0.0")
			}
			g.Ref = v[0]
		}
	}

	// URL//SUBDIR: the first // after the scheme's.
	start := 0
	if i := strings.Index(rest, "://"); i >= 0 {
		start = i + 3
		if start < len(rest) && rest[start] == '/' {
			start++ // file:///abs: skip the path's own leading slash
		}
	}
	if i := strings.Index(rest[min(start, len(rest)):], "//"); i >= 0 {
		sub, okSub := cleanSubdir(rest[start+i+2:])
		if !okSub {
			return bad("subdir %q leaves the repository", rest[start+i+2:])
		}
		g.Subdir = sub
		rest = rest[:start+i]
	}

	if prefixed && !scp && !strings.Contains(rest, "://") {
		// git::./path or git::/abs/path: a local repository.
		abs, err := filepath.Abs(rest)
		if err != nil {
			return bad("%v", err)
		}
		rest = "file://" + filepath.ToSlash(abs)
	}
	ep, err := gitx.ParseURL(rest)
	if err != nil {
		return Git{}, true, &Error{Template: gitx.Redact(s), Msg: fmt.Sprintf("bad git source %q: %v", gitx.Redact(s), err), Fix: gitHint, Err: err}
	}
	g.URL, g.raw = ep.URL, rest
	return g, true, nil
}

// WithRef returns a recorded git source with ?ref=ref, for Resolve.
func WithRef(source, ref string) string {
	if ref == "" {
		return source
	}
	return source + "?ref=" + url.QueryEscape(ref)
}
