package gitx

import (
	"errors"
	"strings"
	"testing"
)

func TestParseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, raw string
		want      Endpoint
	}{
		{"https", "https://github.com/org/repo.git", Endpoint{URL: "https://github.com/org/repo.git", Scheme: "https", Host: "github.com", Path: "/org/repo.git"}},
		{"https token as user is dropped", "https://ghp_abc@github.com/org/repo.git",
			Endpoint{URL: "https://github.com/org/repo.git", Scheme: "https", Host: "github.com", User: "ghp_abc", Path: "/org/repo.git"}},
		{"https user and password are dropped", "https://me:pw@github.com/org/repo.git",
			Endpoint{URL: "https://github.com/org/repo.git", Scheme: "https", Host: "github.com", User: "me", Password: "pw", Path: "/org/repo.git"}},
		{"ssh keeps its user", "ssh://git@github.com/org/repo.git",
			Endpoint{URL: "ssh://git@github.com/org/repo.git", Scheme: "ssh", Host: "github.com", User: "git", Path: "/org/repo.git"}},
		{"ssh drops a password", "ssh://git:pw@github.com:2222/org/repo.git",
			Endpoint{URL: "ssh://git@github.com:2222/org/repo.git", Scheme: "ssh", Host: "github.com:2222", User: "git", Password: "pw", Path: "/org/repo.git"}},
		{"scp-like", "git@github.com:org/repo.git", Endpoint{URL: "git@github.com:org/repo.git", Scheme: "ssh", Host: "github.com", User: "git", Path: "/org/repo.git"}},
		{"file", "file:///srv/repos/tpl", Endpoint{URL: "file:///srv/repos/tpl", Scheme: "file", Path: "/srv/repos/tpl"}},
		{"file on localhost", "file://localhost/srv/tpl", Endpoint{URL: "file:///srv/tpl", Scheme: "file", Path: "/srv/tpl"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseURL(tt.raw)
			if err != nil {
				t.Fatalf("ParseURL(%q): %v", tt.raw, err)
			}
			if got != tt.want {
				t.Errorf("ParseURL(%q) = %+v, want %+v", tt.raw, got, tt.want)
			}
		})
	}
}

// TestCanonical spells remotes in the ways an attacker or a careless user
// might and checks each comes out as the one URL that is then fetched,
// trusted and given credentials, or is refused.
func TestCanonical(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, raw      string
		wantURL, wantH string // "" URL: refused
	}{
		{"uppercase scheme and host", "HTTPS://GitHub.COM/acme/x.git", "https://github.com/acme/x.git", "github.com"},
		{"default https port", "https://github.com:443/acme/x.git", "https://github.com/acme/x.git", "github.com"},
		{"default port with leading zeros", "https://github.com:0443/acme/x.git", "https://github.com/acme/x.git", "github.com"},
		{"other port kept", "https://github.com:8443/acme/x.git", "https://github.com:8443/acme/x.git", "github.com:8443"},
		{"default http port", "http://h.example:80/x", "http://h.example/x", "h.example"},
		{"trailing dot of the host", "https://github.com./acme/x.git", "https://github.com/acme/x.git", "github.com"},
		{"userinfo that looks like a host", "https://github.com@evil.example/acme/x.git", "https://evil.example/acme/x.git", "evil.example"},
		{"userinfo with a password that looks like a host", "https://github.com:443@evil.example/x", "https://evil.example/x", "evil.example"},
		{"dot dot resolved", "https://h.example/trusted-org/../evil.git", "https://h.example/evil.git", "h.example"},
		{"encoded dot dot resolved", "https://h.example/trusted-org/%2e%2e/evil.git", "https://h.example/evil.git", "h.example"},
		{"encoded uppercase dot dot", "https://h.example/trusted-org/%2E%2E/evil.git", "https://h.example/evil.git", "h.example"},
		{"encoded slash decoded", "https://h.example/trusted-org%2F..%2Fevil.git", "https://h.example/evil.git", "h.example"},
		{"single dots dropped", "https://h.example/./acme/./x.git", "https://h.example/acme/x.git", "h.example"},
		{"doubled slashes collapse", "https://h.example///acme//x.git", "https://h.example/acme/x.git", "h.example"},
		{"trailing slash dropped", "https://h.example/acme/x.git/", "https://h.example/acme/x.git", "h.example"},
		{"escaped letters decoded", "https://h.example/%61cme/x.git", "https://h.example/acme/x.git", "h.example"},
		{"space stays escaped", "https://h.example/a%20b/x.git", "https://h.example/a%20b/x.git", "h.example"},
		{"climbing above the root", "https://h.example/../x.git", "", ""},
		{"encoded climbing above the root", "https://h.example/a/%2e%2e/%2e%2e/x.git", "", ""},
		{"backslash", `https://h.example/trusted-org\..\evil.git`, "", ""},
		{"encoded backslash", "https://h.example/trusted-org%5C..%5Cevil.git", "", ""},
		{"control character", "https://h.example/a\nb", "", ""},
		{"encoded NUL", "https://h.example/a%00b", "", ""},
		{"encoded newline", "https://h.example/a%0Ab", "", ""},
		{"fragment", "https://h.example/x.git#frag", "", ""},
		{"query", "https://h.example/x.git?x=1", "", ""},
		{"no host", "https:///x.git", "", ""},
		{"empty port", "https://h.example:/x.git", "", ""},
		{"port out of range", "https://h.example:70000/x.git", "", ""},
		{"opaque", "https:h.example/x.git", "", ""},
		{"IDN to punycode", "https://bücher.example/x.git", "https://xn--bcher-kva.example/x.git", "xn--bcher-kva.example"},
		{"escaped IDN", "https://b%C3%BCcher.example/x.git", "https://xn--bcher-kva.example/x.git", "xn--bcher-kva.example"},
		{"IDN with two trailing dots (fuzz crasher)", "http://0ü00000..", "", ""},
		{"IDN with a trailing dot", "https://bücher.example./x.git", "https://xn--bcher-kva.example/x.git", "xn--bcher-kva.example"},
		{"punycode as is", "https://XN--BCHER-KVA.example/x.git", "https://xn--bcher-kva.example/x.git", "xn--bcher-kva.example"},
		{"IPv6", "https://[::1]:443/x.git", "https://[::1]/x.git", "[::1]"},
		{"IPv6 with a port", "https://[::1]:8443/x.git", "https://[::1]:8443/x.git", "[::1]:8443"},
		{"scp-like, host case", "git@GitHub.com:acme/x.git", "git@github.com:acme/x.git", "github.com"},
		{"scp-like climbing", "git@github.com:acme/../../x.git", "", ""},
		{"scp-like dot dot", "git@github.com:trusted/../evil.git", "git@github.com:evil.git", "github.com"},
		{"ssh default port", "ssh://git@h.example:22/x.git", "ssh://git@h.example/x.git", "h.example"},
		{"file dot dot", "file:///srv/trusted/../evil", "file:///srv/evil", ""},
		{"file encoded dot dot", "file:///srv/trusted/%2e%2e/evil", "file:///srv/evil", ""},
		{"file climbing above the root", "file:///../etc", "", ""},
		{"file with a user", "file://me@localhost/srv/x", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseURL(tt.raw)
			if tt.wantURL == "" {
				if !errors.Is(err, ErrBadURL) || Hint(err) == "" {
					t.Fatalf("ParseURL(%q) = %+v, %v; want ErrBadURL with a hint", tt.raw, got, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseURL(%q): %v", tt.raw, err)
			}
			if got.URL != tt.wantURL || got.Host != tt.wantH {
				t.Errorf("ParseURL(%q) = %s (host %q), want %s (host %q)", tt.raw, got.URL, got.Host, tt.wantURL, tt.wantH)
			}
			again, err := ParseURL(got.URL)
			if err != nil || again.URL != got.URL {
				t.Errorf("ParseURL(%q) = %s, %v; want the canonical URL unchanged", got.URL, again.URL, err)
			}
		})
	}
}

func TestParseURLErrors(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{"ftp://host/x", "https:///nohost", "file://host/x", "file://relative", "https://tok@host/%zz"} {
		t.Run(raw, func(t *testing.T) {
			t.Parallel()
			_, err := ParseURL(raw)
			if !errors.Is(err, ErrBadURL) {
				t.Fatalf("ParseURL(%q) = %v, want ErrBadURL", raw, err)
			}
			if Hint(err) == "" {
				t.Errorf("ParseURL(%q) error has no hint", raw)
			}
			if strings.Contains(err.Error(), "tok@") {
				t.Errorf("ParseURL(%q) error shows the credentials: %v", raw, err)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"clone https://ghp_x@github.com/o/r.git: 401", "clone https://github.com/o/r.git: 401"},
		{"https://u:p@h/r and http://t@h2/r", "https://h/r and http://h2/r"},
		{"ssh://git:pw@host/r", "ssh://git@host/r"},
		{"ssh://git@host/r", "ssh://git@host/r"},
		{"HTTPS://u:p@h/r", "HTTPS://h/r"},
		{"no scheme (fuzz crasher): ://x-access-token:000000@", "no scheme (fuzz crasher): ://"},
		{"no url here", "no url here"},
	}
	for _, tt := range tests {
		if got := Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
