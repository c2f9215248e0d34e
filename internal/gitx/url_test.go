package gitx

import (
	"errors"
	"testing"
)

func TestParseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, raw string
		want      Endpoint
	}{
		{"https", "https://github.com/org/repo.git", Endpoint{URL: "https://github.com/org/repo.git", Scheme: "https"}},
		{"https token as user is dropped", "https://ghp_abc@github.com/org/repo.git",
			Endpoint{URL: "https://github.com/org/repo.git", Scheme: "https", User: "ghp_abc"}},
		{"https user and password are dropped", "https://me:pw@github.com/org/repo.git",
			Endpoint{URL: "https://github.com/org/repo.git", Scheme: "https", User: "me", Password: "pw"}},
		{"ssh keeps its user", "ssh://git@github.com/org/repo.git",
			Endpoint{URL: "ssh://git@github.com/org/repo.git", Scheme: "ssh", User: "git"}},
		{"ssh drops a password", "ssh://git:pw@github.com:2222/org/repo.git",
			Endpoint{URL: "ssh://git@github.com:2222/org/repo.git", Scheme: "ssh", User: "git", Password: "pw"}},
		{"scp-like", "git@github.com:org/repo.git", Endpoint{URL: "git@github.com:org/repo.git", Scheme: "ssh", User: "git"}},
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
		{"no url here", "no url here"},
	}
	for _, tt := range tests {
		if got := Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
