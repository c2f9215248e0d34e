package gitx

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Source is a parsed git source, git::URL//SUBDIR?ref=REF: the one parser
// behind templates (internal/source), scored repositories (scorecard) and
// trustedSources, so all three read a source alike.
type Source struct {
	// Endpoint is the repository in canonical form, without credentials.
	Endpoint
	// Subdir is slash-separated and relative, percent-escapes decoded and
	// dot segments resolved; "" is the repository root.
	Subdir string
	// Ref is a tag, branch or commit; "" is the remote HEAD.
	Ref string
	// Raw is the URL as given, credentials included: it is fetched, never
	// printed.
	Raw string
	// Prefix is set when the URL ended in "/" and there is no subdir: as a
	// trustedSources entry it stands for every repository below it.
	Prefix bool
}

// SourceHint is the remedy for a malformed git source.
const SourceHint = "write git::URL//SUBDIR?ref=REF, e.g. git::https://github.com/org/templates.git//svc?ref=v1.0.0"

// sourceSchemes make a string a git source without the git:: prefix.
var sourceSchemes = []string{"https://", "http://", "ssh://", "git://", "file://"}

// String is the source as .paved.yaml records it: git::URL//SUBDIR, without
// ref or credentials. Parsing it again gives the same source.
func (s Source) String() string {
	out := "git::" + s.URL
	if s.Subdir != "" {
		out += "//" + escapeSubdir(s.Subdir)
	}
	return out
}

// WithRef is [Source.String] with ?ref=REF when there is a ref.
func (s Source) WithRef() string {
	if s.Ref == "" {
		return s.String()
	}
	return s.String() + "?ref=" + url.QueryEscape(s.Ref)
}

// Name is the last element of the subdir, else the repository's name
// without ".git": what a template or a scored repository is called.
func (s Source) Name() string {
	if s.Subdir != "" {
		return path.Base(s.Subdir)
	}
	u := strings.TrimSuffix(strings.TrimRight(s.URL, "/"), ".git")
	if i := strings.LastIndexAny(u, "/:"); i >= 0 {
		u = u[i+1:]
	}
	return u
}

// escapeSubdir escapes what would otherwise end the subdir or be decoded.
func escapeSubdir(s string) string {
	return strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(s)
}

// IsSource reports whether s is written as a git source (git::, a git URL
// scheme, or user@host:path), well-formed or not.
func IsSource(s string) bool {
	if strings.HasPrefix(s, "git::") {
		return true
	}
	lower := strings.ToLower(s)
	for _, sc := range sourceSchemes {
		if strings.HasPrefix(lower, sc) {
			return true
		}
	}
	return !strings.Contains(s, "://") && scpLike.MatchString(s)
}

// ParseSource parses s as a git source. ok is false when s is not one (a
// built-in name or a directory); err, an [Error] wrapping [ErrBadURL], is
// set when s is a git source written wrong. git::PATH names a local
// repository, made absolute against the working directory.
func ParseSource(s string) (src Source, ok bool, err error) {
	if !IsSource(s) {
		return Source{}, false, nil
	}
	rest, prefixed := strings.CutPrefix(s, "git::")
	bad := func(format string, args ...any) (Source, bool, error) {
		return Source{}, true, newError(ErrBadURL, 2, fmt.Sprintf("bad git source %q: ", Redact(s))+Redact(fmt.Sprintf(format, args...)), SourceHint)
	}
	if rest == "" {
		return bad("no URL after git::")
	}
	if strings.ContainsFunc(s, isControl) {
		return bad("a control character")
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
			if strings.ContainsFunc(v[0], isControl) {
				return bad("a control character in the ref")
			}
			src.Ref = v[0]
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
		raw := rest[start+i+2:]
		sub, why := cleanSubdir(raw)
		if why != "" {
			return bad("subdir %q %s", raw, why)
		}
		src.Subdir = sub
		rest = rest[:start+i]
	}
	src.Prefix = src.Subdir == "" && strings.HasSuffix(rest, "/")

	scp := !strings.Contains(rest, "://") && scpLike.MatchString(rest)
	if prefixed && !scp && !strings.Contains(rest, "://") {
		// git::./path or git::/abs/path: a local repository.
		abs, err := filepath.Abs(rest)
		if err != nil {
			return bad("%v", err)
		}
		rest = "file://" + (&url.URL{Path: filepath.ToSlash(abs)}).EscapedPath()
	}
	ep, err := ParseURL(rest)
	if err != nil {
		return Source{}, true, newError(ErrBadURL, 2, fmt.Sprintf("bad git source %q: %v", Redact(s), err), Hint(err))
	}
	src.Endpoint, src.Raw = ep, rest
	return src, true, nil
}

// cleanSubdir decodes and checks the SUBDIR of a git source; why says what
// is wrong with it.
func cleanSubdir(sub string) (clean, why string) {
	if strings.Contains(sub, `\`) {
		return "", "holds a backslash"
	}
	dec, err := url.PathUnescape(sub)
	if err != nil {
		return "", "has a bad %-escape"
	}
	if strings.ContainsFunc(dec, isControl) {
		return "", "holds a control character"
	}
	p, err := cleanPath("/"+dec, true)
	if err != nil {
		return "", "leaves the repository"
	}
	return strings.TrimPrefix(p, "/"), ""
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// Hint is err's remedy when it is an [Error], else "".
func Hint(err error) string {
	var ge *Error
	if errors.As(err, &ge) {
		return ge.Hint()
	}
	return ""
}
