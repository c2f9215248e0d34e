package source

import (
	"fmt"
	"net/url"

	"github.com/paved-dev/paved/internal/gitx"
)

// Git is a parsed git source: git::URL//SUBDIR?ref=REF.
type Git struct {
	URL    string // canonical, without credentials
	Subdir string // slash-separated, relative; "" is the repository root
	Ref    string // tag, branch or commit; "" is the remote HEAD
	raw    string // URL as given, credentials included: used to fetch, never printed
}

// String is the source as .paved.yaml records it: git::URL//SUBDIR, without
// ref or credentials.
func (g Git) String() string {
	return gitx.Source{Endpoint: gitx.Endpoint{URL: g.URL}, Subdir: g.Subdir}.String()
}

// Name is the last element of the subdir, else the repository's name.
func (g Git) Name() string {
	return gitx.Source{Endpoint: gitx.Endpoint{URL: g.URL}, Subdir: g.Subdir}.Name()
}

// ParseGit parses s as a git source with [gitx.ParseSource], the one parser
// paved has for them. ok is false when s is not one (a built-in name or a
// directory); err is set when s is a git source written wrong. A git::
// source may name a local repository by path.
func ParseGit(s string) (g Git, ok bool, err error) {
	src, ok, err := gitx.ParseSource(s)
	if err != nil {
		return Git{}, true, &Error{Template: gitx.Redact(s), Msg: err.Error(), Fix: gitx.Hint(err), Err: err}
	}
	if !ok {
		return Git{}, false, nil
	}
	return Git{URL: src.URL, Subdir: src.Subdir, Ref: src.Ref, raw: src.Raw}, true, nil
}

// CheckRecorded refuses a source read from a file (.paved.yaml's
// template.source) that carries credentials in its URL: paved never records
// them, and a file from a repository must not choose what is sent. A token
// comes only from the config's credentials, for the hosts named there.
func CheckRecorded(s string) error {
	src, ok, err := gitx.ParseSource(s)
	if !ok || err != nil {
		return nil // not git, or reported by Resolve
	}
	if src.Password == "" && (src.User == "" || src.Scheme == "ssh" || src.Scheme == "git") {
		return nil
	}
	return &Error{Template: gitx.Redact(s),
		Msg: fmt.Sprintf("the recorded template source %s carries credentials in its URL", gitx.Redact(s)),
		Fix: "remove the user:token@ part from template.source in .paved.yaml; paved takes a token only from the credentials section of its config, for the hosts named there"}
}

// WithRef returns a recorded git source with ?ref=ref, for Resolve.
func WithRef(source, ref string) string {
	if ref == "" {
		return source
	}
	return source + "?ref=" + url.QueryEscape(ref)
}
