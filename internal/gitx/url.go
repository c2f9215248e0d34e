package gitx

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
)

// Endpoint is a git remote split from its credentials.
type Endpoint struct {
	// URL is safe to print, record and hash: no password, and for http(s)
	// no user either (an https user is usually a token).
	URL string
	// Scheme is "https", "http", "ssh", "git" or "file" (scp-like
	// user@host:path is "ssh").
	Scheme string
	// User and Password came from the URL's userinfo.
	User, Password string
	// Path is the local repository path of a file URL.
	Path string
}

// scpLike matches user@host:path, git's shorthand for ssh.
var scpLike = regexp.MustCompile(`^[A-Za-z0-9._~-]+@[A-Za-z0-9.-]+:[^/]`)

// basicAuth finds an Authorization header's credentials in free text.
var basicAuth = regexp.MustCompile(`(?i)(basic |bearer |token )[A-Za-z0-9+/=._-]{6,}`)

// userinfo finds credentials inside URLs in free text.
var userinfo = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.-]*://)[^/\s@]*@`)

// ParseURL splits a git remote URL from its credentials. It accepts
// https://, http://, ssh://, git:// and file:// URLs and scp-like
// user@host:path.
func ParseURL(raw string) (Endpoint, error) {
	if scpLike.MatchString(raw) && !strings.Contains(raw, "://") {
		return Endpoint{URL: raw, Scheme: "ssh", User: raw[:strings.Index(raw, "@")]}, nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return Endpoint{}, newError(ErrBadURL, 2, fmt.Sprintf("bad git URL %q: %v", Redact(raw), errText(err)),
			"use https://host/org/repo.git, ssh://git@host/org/repo.git, git@host:org/repo.git or file:///path/to/repo")
	}
	ep := Endpoint{Scheme: strings.ToLower(u.Scheme)}
	if u.User != nil {
		ep.User = u.User.Username()
		ep.Password, _ = u.User.Password()
	}
	switch ep.Scheme {
	case "https", "http":
		u.User = nil
	case "ssh", "git":
		if ep.User != "" {
			u.User = url.User(ep.User)
		}
	case "file":
		u.User = nil
		if u.Host != "" && u.Host != "localhost" {
			return Endpoint{}, newError(ErrBadURL, 2, fmt.Sprintf("bad git URL %q: a file URL names a local path", Redact(raw)),
				"use file:///absolute/path (three slashes)")
		}
		if !filepath.IsAbs(u.Path) {
			return Endpoint{}, newError(ErrBadURL, 2, fmt.Sprintf("bad git URL %q: the path is not absolute", Redact(raw)),
				"use file:///absolute/path (three slashes)")
		}
		ep.Path = filepath.Clean(u.Path)
		u.Host = ""
	default:
		return Endpoint{}, newError(ErrBadURL, 2, fmt.Sprintf("bad git URL %q: unsupported scheme %q", Redact(raw), u.Scheme),
			"use https://, ssh://, git@host:path or file:///path")
	}
	if ep.Scheme != "file" && u.Host == "" {
		return Endpoint{}, newError(ErrBadURL, 2, fmt.Sprintf("bad git URL %q: no host", Redact(raw)),
			"use https://host/org/repo.git")
	}
	ep.URL = u.String()
	return ep, nil
}

// Redact removes credentials from every URL in s.
func Redact(s string) string {
	return userinfo.ReplaceAllStringFunc(s, func(m string) string {
		i := strings.Index(m, "://")
		scheme, info := m[:i+3], strings.TrimSuffix(m[i+3:], "@")
		if strings.HasPrefix(scheme, "ssh") || strings.HasPrefix(scheme, "git:") {
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
