package source

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseGit(t *testing.T) {
	t.Parallel()
	abs, err := filepath.Abs("local/repo")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, in   string
		want       Git
		wantString string
		wantName   string
	}{
		{"git:: https with subdir and ref", "git::https://github.com/org/tpl.git//templates/svc?ref=v1.2.0",
			Git{URL: "https://github.com/org/tpl.git", Subdir: "templates/svc", Ref: "v1.2.0"},
			"git::https://github.com/org/tpl.git//templates/svc", "svc"},
		{"plain https", "https://github.com/org/tpl.git",
			Git{URL: "https://github.com/org/tpl.git"}, "git::https://github.com/org/tpl.git", "tpl"},
		{"plain https with ref", "https://github.com/org/tpl.git?ref=main",
			Git{URL: "https://github.com/org/tpl.git", Ref: "main"}, "git::https://github.com/org/tpl.git", "tpl"},
		{"credentials are dropped", "git::https://x-access-token:ghp_secret@github.com/org/tpl.git//svc",
			Git{URL: "https://github.com/org/tpl.git", Subdir: "svc"}, "git::https://github.com/org/tpl.git//svc", "svc"},
		{"file URL with subdir", "git::file:///srv/repos/tpl//svc?ref=v1.0.0",
			Git{URL: "file:///srv/repos/tpl", Subdir: "svc", Ref: "v1.0.0"}, "git::file:///srv/repos/tpl//svc", "svc"},
		{"plain file URL", "file:///srv/repos/tpl",
			Git{URL: "file:///srv/repos/tpl"}, "git::file:///srv/repos/tpl", "tpl"},
		{"ssh URL", "git::ssh://git@github.com/org/tpl.git",
			Git{URL: "ssh://git@github.com/org/tpl.git"}, "git::ssh://git@github.com/org/tpl.git", "tpl"},
		{"scp-like", "git@github.com:org/tpl.git//a/b?ref=abc1234",
			Git{URL: "git@github.com:org/tpl.git", Subdir: "a/b", Ref: "abc1234"}, "git::git@github.com:org/tpl.git//a/b", "b"},
		{"git:: scp-like", "git::git@github.com:tpl.git",
			Git{URL: "git@github.com:tpl.git"}, "git::git@github.com:tpl.git", "tpl"},
		{"git:: local path", "git::local/repo//svc",
			Git{URL: "file://" + filepath.ToSlash(abs), Subdir: "svc"}, "git::file://" + filepath.ToSlash(abs) + "//svc", "svc"},
		{"trailing // is the root", "git::https://h/o/r.git//",
			Git{URL: "https://h/o/r.git"}, "git::https://h/o/r.git", "r"},
		{"subdir is cleaned", "git::https://h/o/r.git//a/./b/",
			Git{URL: "https://h/o/r.git", Subdir: "a/b"}, "git::https://h/o/r.git//a/b", "b"},
		{"escaped ref", "git::https://h/o/r.git?ref=release%2F1.0",
			Git{URL: "https://h/o/r.git", Ref: "release/1.0"}, "git::https://h/o/r.git", "r"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok, err := ParseGit(tt.in)
			if err != nil || !ok {
				t.Fatalf("ParseGit(%q) = ok %v, %v", tt.in, ok, err)
			}
			got.raw = ""
			if got != tt.want {
				t.Errorf("ParseGit(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
			if s := got.String(); s != tt.wantString {
				t.Errorf("String() = %q, want %q", s, tt.wantString)
			}
			if n := got.Name(); n != tt.wantName {
				t.Errorf("Name() = %q, want %q", n, tt.wantName)
			}
			// What is recorded resolves to the same source.
			again, ok, err := ParseGit(WithRef(got.String(), got.Ref))
			again.raw = ""
			if err != nil || !ok || again != got {
				t.Errorf("ParseGit(WithRef(String())) = %+v, %v, %v; want %+v", again, ok, err, got)
			}
		})
	}
}

func TestParseGitNotGit(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"minimal", "./templates/svc", "/abs/dir", "templates/svc", "C:thing", "host:path"} {
		if _, ok, err := ParseGit(in); ok || err != nil {
			t.Errorf("ParseGit(%q) = ok %v, err %v; want not a git source", in, ok, err)
		}
	}
}

func TestParseGitErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"empty after git::", "git::", "no URL after git::"},
		{"unknown query parameter", "git::https://h/o/r.git?ref=v1&depth=1", "unknown parameter depth"},
		{"empty ref", "git::https://h/o/r.git?ref=", "ref needs exactly one value"},
		{"two refs", "git::https://h/o/r.git?ref=a&ref=b", "ref needs exactly one value"},
		{"subdir escapes", "git::https://h/o/r.git//../etc", "leaves the repository"},
		{"unsupported scheme", "git::ftp://h/o/r.git", `unsupported scheme "ftp"`},
		{"relative file URL", "file://relative/path", "a file URL names a local path"},
		{"token never echoed", "git::https://tok3n@h/o/r.git?bogus=1", "unknown parameter bogus"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, ok, err := ParseGit(tt.in)
			if !ok || err == nil {
				t.Fatalf("ParseGit(%q) = ok %v, err %v; want a git source error", tt.in, ok, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseGit(%q) error = %q, want it to contain %q", tt.in, err, tt.want)
			}
			if strings.Contains(err.Error(), "tok3n") {
				t.Errorf("ParseGit(%q) error shows the token: %q", tt.in, err)
			}
			var se *Error
			if !errors.As(err, &se) || se.Hint() == "" || se.ExitCode() != 2 {
				t.Errorf("ParseGit(%q) error is not bad input with a hint: %#v", tt.in, err)
			}
		})
	}
}
