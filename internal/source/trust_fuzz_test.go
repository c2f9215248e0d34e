package source

import (
	"testing"

	"github.com/paved-dev/paved/internal/gitx"
)

// FuzzTrusts: matching never panics, a source always trusts itself, and an
// entry never trusts a source on another scheme or host.
func FuzzTrusts(f *testing.F) {
	for _, s := range [][2]string{
		{"git::https://github.com/acme/paved-templates.git", "git::https://github.com/acme/paved-templates.git//worker?ref=v1.1.0"},
		{"git::https://host.example/trusted-org/", "git::https://host.example/trusted-org/%2e%2e/evil.git"},
		{"git::https://host.example/trusted-org/", "git::https://host.example/trusted-org-evil/t.git"},
		{"https://github.com/", "https://github.com@evil.example/x.git"},
		{"git::file:///srv/trusted/", "git::file:///srv/trusted/../evil"},
		{"git@github.com:acme/t.git", "ssh://git@github.com/acme/t"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, entry, source string) {
		got := Trusts(entry, KindGit, source, "")
		s, ok, err := gitx.ParseSource(source)
		if !ok || err != nil {
			if got {
				t.Fatalf("Trusts(%q, %q) = true for a source that does not parse", entry, source)
			}
			return
		}
		if s.Scheme != "file" && !Trusts(source, KindGit, source, "") {
			t.Fatalf("Trusts(%q, itself) = false", source)
		}
		if got {
			e, _, _ := gitx.ParseSource(entry)
			if e.Scheme != s.Scheme || e.Host != s.Host {
				t.Fatalf("Trusts(%q, %q) = true across %s://%s and %s://%s", entry, source, e.Scheme, e.Host, s.Scheme, s.Host)
			}
		}
	})
}
