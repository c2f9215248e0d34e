package gitx

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// Endpoint is a git remote in canonical form, split from its credentials.
// Two spellings of one remote (an uppercase host, the default port, %2e%2e,
// ./ and ../ segments, a doubled slash) give the same Endpoint, so what is
// matched (trust, credentials, the cache key) is what is fetched.
type Endpoint struct {
	// URL is the canonical URL, safe to print, record and hash: no
	// password, and for http(s) no user either (an https user is usually a
	// token). It is also the URL that is fetched.
	URL string
	// Scheme is "https", "http", "ssh", "git" or "file" (scp-like
	// user@host:path is "ssh").
	Scheme string
	// Host is host[:port], lowercase, an international name in punycode,
	// without a trailing dot or the scheme's default port; "" for file.
	Host string
	// User and Password came from the URL's userinfo.
	User, Password string
	// Path is the repository's path: slash-separated with dot segments
	// resolved for a remote (scp-like paths get a leading slash), the local
	// path for a file URL.
	Path string
}

// Key is the form trust is matched on: scheme://host/path without the user,
// a trailing slash or a ".git" suffix (or "/.git" folder), so
// git::https://h/acme/t.git and https://H/acme/t are the same repository. A file URL keeps its path as
// it is (resolve symlinks before comparing).
func (e Endpoint) Key() string {
	p := strings.TrimSuffix(strings.TrimRight(filepath.ToSlash(e.Path), "/"), ".git")
	return e.Scheme + "://" + e.Host + strings.TrimRight(p, "/") // /repo/.git is /repo
}

// defaultPorts are left out of a canonical host.
var defaultPorts = map[string]string{"https": "443", "http": "80", "ssh": "22", "git": "9418"}

// urlHint is the remedy for a malformed git URL.
const urlHint = "use https://host/org/repo.git, ssh://git@host/org/repo.git, git@host:org/repo.git or file:///path/to/repo"

// scpLike matches user@host:path, git's shorthand for ssh.
var scpLike = regexp.MustCompile(`^[A-Za-z0-9._~-]+@[A-Za-z0-9.-]+:[^/]`)

// basicAuth finds an Authorization header's credentials in free text.
var basicAuth = regexp.MustCompile(`(?i)(basic |bearer |token )[A-Za-z0-9+/=._-]{6,}`)

// userinfo finds credentials inside URLs in free text.
// The scheme is optional: "://user:token@host" must not slip through.
var userinfo = regexp.MustCompile(`((?:[A-Za-z][A-Za-z0-9+.-]*)?://)[^/\s@]*@`)

// hostChars are the characters a canonical host name may hold.
var hostChars = regexp.MustCompile(`^[a-z0-9._-]+$`)

func badURL(raw, why, hint string) error {
	if hint == "" {
		hint = urlHint
	}
	return newError(ErrBadURL, 2, fmt.Sprintf("bad git URL %q: %s", Redact(raw), why), hint)
}

// ParseURL parses a git remote URL into its canonical [Endpoint]. It
// accepts https://, http://, ssh://, git:// and file:// URLs and scp-like
// user@host:path. A path that climbs above its root (/../x, %2e%2e) is an
// error, as are control characters, a backslash, a query or a fragment.
func ParseURL(raw string) (Endpoint, error) {
	if i := strings.IndexFunc(raw, func(r rune) bool { return r < 0x20 || r == 0x7f }); i >= 0 || !utf8.ValidString(raw) {
		return Endpoint{}, badURL(raw, "a control character or invalid UTF-8", "")
	}
	if scpLike.MatchString(raw) && !strings.Contains(raw, "://") {
		return parseSCP(raw)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return Endpoint{}, badURL(raw, errText(unwrapURLError(err)), "")
	}
	ep := Endpoint{Scheme: u.Scheme} // url.Parse lowercases the scheme
	switch {
	case u.Opaque != "":
		return Endpoint{}, badURL(raw, "no // after the scheme", "")
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return Endpoint{}, badURL(raw, "a git URL has no #fragment", "")
	case u.RawQuery != "" || u.ForceQuery:
		return Endpoint{}, badURL(raw, "a git URL has no query", "name the ref in a git source: git::URL?ref=REF")
	}
	if u.User != nil {
		ep.User = u.User.Username()
		ep.Password, _ = u.User.Password()
	}
	switch ep.Scheme {
	case "https", "http", "ssh", "git":
	case "file":
		if u.Host != "" && !strings.EqualFold(u.Host, "localhost") {
			return Endpoint{}, badURL(raw, "a file URL names a local path", "use file:///absolute/path (three slashes)")
		}
		if u.User != nil {
			return Endpoint{}, badURL(raw, "a file URL has no user", "use file:///absolute/path (three slashes)")
		}
		if !strings.HasPrefix(u.Path, "/") {
			return Endpoint{}, badURL(raw, "the path is not absolute", "use file:///absolute/path (three slashes)")
		}
		p, err := cleanPath(u.Path, false)
		if err != nil {
			return Endpoint{}, badURL(raw, err.Error(), "")
		}
		ep.Path = filepath.FromSlash(p)
		ep.URL = (&url.URL{Scheme: "file", Path: p}).String()
		return ep, nil
	default:
		return Endpoint{}, badURL(raw, fmt.Sprintf("unsupported scheme %q", u.Scheme), "use https://, ssh://, git@host:path or file:///path")
	}
	host, err := CanonicalHost(ep.Scheme, u.Host)
	if err != nil {
		return Endpoint{}, badURL(raw, err.Error(), "use https://host/org/repo.git")
	}
	ep.Host = host
	p, err := cleanPath(u.Path, ep.Scheme != "file")
	if err != nil {
		return Endpoint{}, badURL(raw, err.Error(), "")
	}
	ep.Path = p
	out := &url.URL{Scheme: ep.Scheme, Host: ep.Host, Path: p}
	if (ep.Scheme == "ssh" || ep.Scheme == "git") && ep.User != "" {
		out.User = url.User(ep.User)
	}
	ep.URL = out.String()
	return ep, nil
}

// parseSCP parses user@host:path as ssh.
func parseSCP(raw string) (Endpoint, error) {
	user, rest, _ := strings.Cut(raw, "@")
	h, p, _ := strings.Cut(rest, ":")
	host, err := CanonicalHost("ssh", h)
	if err != nil {
		return Endpoint{}, badURL(raw, err.Error(), "")
	}
	clean, err := cleanPath("/"+p, true)
	if err != nil {
		return Endpoint{}, badURL(raw, err.Error(), "")
	}
	return Endpoint{URL: user + "@" + host + ":" + clean[1:], Scheme: "ssh", Host: host, User: user, Path: clean}, nil
}

// CanonicalHost puts host[:port] as written in a URL or in the config into
// the form [Endpoint.Host] has: lowercase, punycode for an international
// name, no trailing dot, no default port of scheme.
func CanonicalHost(scheme, hostport string) (string, error) {
	if strings.ContainsAny(hostport, "@/\\?#") {
		return "", fmt.Errorf("host %q holds a character a host cannot", hostport)
	}
	u, err := url.Parse("x://" + hostport)
	if err != nil || u.Host != hostport && !strings.Contains(hostport, "%") {
		return "", fmt.Errorf("bad host %q", hostport)
	}
	host, port := u.Hostname(), u.Port()
	if host == "" {
		return "", fmt.Errorf("no host")
	}
	if strings.HasPrefix(u.Host, "[") { // IPv6
		host = "[" + strings.ToLower(host) + "]"
	} else {
		host = strings.ToLower(host)
		if !isASCII(host) {
			a, err := idna.Lookup.ToASCII(host)
			if err != nil {
				return "", fmt.Errorf("bad international host name %q: %v", host, err)
			}
			host = a
		}
		host = strings.TrimSuffix(host, ".")
		if !hostChars.MatchString(host) || strings.HasPrefix(host, ".") || strings.HasSuffix(host, ".") || strings.Contains(host, "..") {
			return "", fmt.Errorf("bad host %q", host)
		}
	}
	if port == "" && strings.HasSuffix(u.Host, ":") {
		return "", fmt.Errorf("empty port in %q", hostport)
	}
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return "", fmt.Errorf("bad port %q", port)
		}
		if port = strconv.Itoa(n); port != defaultPorts[scheme] {
			host += ":" + port
		}
	}
	return host, nil
}

// cleanPath resolves the dot segments and empty segments of a decoded,
// slash-separated absolute path. Climbing above the root is an error; so is
// a backslash in a remote path (some servers read it as a separator).
func cleanPath(p string, remote bool) (string, error) {
	if remote && strings.ContainsRune(p, '\\') {
		return "", fmt.Errorf("a backslash in the path")
	}
	if strings.ContainsFunc(p, isControl) {
		return "", fmt.Errorf("a control character in the path")
	}
	var out []string
	for _, seg := range strings.Split(p, "/") {
		switch seg {
		case "", ".":
		case "..":
			if len(out) == 0 {
				return "", fmt.Errorf("the path climbs above the root (..)")
			}
			out = out[:len(out)-1]
		default:
			out = append(out, seg)
		}
	}
	return "/" + strings.Join(out, "/"), nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// unwrapURLError drops url.Error's copy of the input, which holds any
// credentials.
func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// Redact removes credentials from every URL in s.
func Redact(s string) string {
	return userinfo.ReplaceAllStringFunc(s, func(m string) string {
		i := strings.Index(m, "://")
		scheme, info := m[:i+3], strings.TrimSuffix(m[i+3:], "@")
		if strings.HasPrefix(strings.ToLower(scheme), "ssh") || strings.HasPrefix(strings.ToLower(scheme), "git:") {
			// keep an ssh user (git@), drop a password
			if user, _, ok := strings.Cut(info, ":"); ok {
				return scheme + user + "@"
			}
			return m
		}
		return scheme
	})
}

// scrub removes secrets and URL credentials from error text.
func scrub(text string, secrets ...string) string {
	for _, s := range secrets {
		if len(s) >= 3 {
			// as sent in an Authorization header, should a server echo it
			for _, user := range []string{"x-access-token:", ""} {
				for _, pass := range []string{"", ":"} {
					enc := base64.StdEncoding.EncodeToString([]byte(user + s + pass))
					text = strings.ReplaceAll(text, strings.TrimRight(enc, "="), "***")
				}
			}
			text = strings.ReplaceAll(text, s, "***")
			if esc := url.QueryEscape(s); esc != s {
				text = strings.ReplaceAll(text, esc, "***")
			}
			if esc := url.PathEscape(s); esc != s {
				text = strings.ReplaceAll(text, esc, "***")
			}
		}
	}
	return basicAuth.ReplaceAllString(Redact(text), "${1}***")
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
