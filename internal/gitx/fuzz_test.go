package gitx

import (
	"strings"
	"testing"
)

// urlSeeds are spellings that have fooled URL matchers before.
var urlSeeds = []string{
	"https://github.com/acme/paved-templates.git",
	"HTTPS://GitHub.COM:443/acme/x.git/",
	"https://github.com@evil.example/acme/x.git",
	"https://h.example/trusted-org/%2e%2e/evil.git",
	"https://h.example/trusted-org%2F..%2Fevil.git",
	"https://h.example/../x.git",
	`https://h.example/trusted-org\..\evil.git`,
	"https://b%C3%BCcher.example/x.git",
	"https://bücher.example./x.git",
	"https://[::1]:8443/x.git",
	"https://h.example:0443/x.git",
	"http://u:p@h.example/x",
	"ssh://git:pw@github.com:22/org/repo.git",
	"git@github.com:acme/../x.git",
	"git://h.example/x",
	"file:///srv/trusted/%2e%2e/evil",
	"file://localhost/srv/x",
	"file:///../etc",
	"https://h.example/a%00b",
	"https:h.example/x",
	"https://h.example/x.git#frag",
}

// FuzzParseURL: ParseURL never panics, and its URL is a fixed point: parsed
// again it gives the same endpoint, credentials aside.
func FuzzParseURL(f *testing.F) {
	for _, s := range urlSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		ep, err := ParseURL(raw)
		if err != nil {
			return
		}
		again, err := ParseURL(ep.URL)
		if err != nil {
			t.Fatalf("ParseURL(%q) = %q, which does not parse: %v", raw, ep.URL, err)
		}
		if again.URL != ep.URL || again.Host != ep.Host || again.Path != ep.Path || again.Scheme != ep.Scheme || again.Key() != ep.Key() {
			t.Fatalf("ParseURL(%q) = %+v; parsed again %+v", raw, ep, again)
		}
		if ep.Password != "" && len(ep.Password) >= 3 && strings.Contains(ep.URL, ep.Password) && !strings.Contains(strings.Replace(raw, ep.Password, "", 1), ep.Password) {
			t.Fatalf("ParseURL(%q).URL = %q shows the password", raw, ep.URL)
		}
		if strings.Contains(ep.Path, "/../") || strings.HasSuffix(ep.Path, "/..") {
			t.Fatalf("ParseURL(%q).Path = %q keeps a .. segment", raw, ep.Path)
		}
	})
}

// FuzzParseSource: ParseSource never panics, what it records parses back to
// the same source (canonical(canonical(x)) == canonical(x)), and neither the
// recorded form nor an error shows the token of the URL.
func FuzzParseSource(f *testing.F) {
	for _, s := range urlSeeds {
		f.Add("git::"+s+"//svc?ref=v1.0.0", "ghp_S3cret")
		f.Add(s, "tok3n_")
	}
	for _, s := range []string{
		"git::https://github.com/acme/paved-templates.git//worker?ref=v1.1.0",
		"git::https://h/o/r.git//a/./b/",
		"git::https://h/o/r.git//%2e%2e/x",
		"git::https://h/o/r.git//a%3Fb%25c",
		"git::https://h/o/r.git?ref=release%2F1.0",
		"git::https://h/o/r.git?ref=a&depth=1",
		"git::local/repo//svc",
		"git@github.com:org/tpl.git//a/b?ref=abc1234",
		"git::",
		"https://x",
	} {
		f.Add(s, "ghp_S3cret")
	}
	f.Fuzz(func(t *testing.T, s, secret string) {
		src, ok, err := ParseSource(s)
		if err == nil && ok {
			rec := src.WithRef()
			again, ok2, err := ParseSource(rec)
			if err != nil || !ok2 {
				t.Fatalf("ParseSource(%q) records %q, which does not parse: %v", s, rec, err)
			}
			if again.URL != src.URL || again.Subdir != src.Subdir || again.Ref != src.Ref || again.Key() != src.Key() {
				t.Fatalf("ParseSource(%q) = %q %q %q; its record %q parses to %q %q %q", s, src.URL, src.Subdir, src.Ref, rec, again.URL, again.Subdir, again.Ref)
			}
			if strings.HasPrefix(again.Subdir, "../") || again.Subdir == ".." {
				t.Fatalf("ParseSource(%q).Subdir = %q climbs", s, again.Subdir)
			}
		}

		// The same source with a token in its URL never shows the token.
		tok := strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' {
				return r
			}
			return -1
		}, secret)
		rest, _ := strings.CutPrefix(s, "git::")
		i := strings.Index(rest, "://")
		if len(tok) < 6 || i < 0 || strings.Contains(rest, tok) {
			return
		}
		withTok := "git::" + rest[:i+3] + "x-access-token:" + tok + "@" + rest[i+3:]
		src, _, err = ParseSource(withTok)
		var text string
		if err != nil {
			text = err.Error() + " " + Hint(err)
		} else {
			text = src.String() + " " + src.WithRef() + " " + src.URL + " " + Redact(src.Raw)
		}
		if strings.Contains(text, tok) {
			t.Fatalf("ParseSource(%q) shows the token: %q", withTok, text)
		}
	})
}
