package catalog

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseBackstageRef(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, defKind string
		want        Ref
		wantErr     string
	}{
		{"team", "Group", Ref{"Group", "default", "team"}, ""},
		{"user:jane", "Group", Ref{"user", "default", "jane"}, ""},
		{"group:ns/team", "", Ref{"group", "ns", "team"}, ""},
		{"ns/team", "Group", Ref{"Group", "ns", "team"}, ""},
		{"ns/a:b", "Group", Ref{"Group", "ns", "a:b"}, ""}, // a slash before the colon: no kind
		{"a:b/c/d", "", Ref{"a", "b", "c/d"}, ""},
		{"a:b/c:d", "", Ref{"a", "b", "c:d"}, ""},
		{"x", "", Ref{}, "missing or empty kind"},
		{":x", "Group", Ref{}, "was not on the form"},
		{"x/", "Group", Ref{}, "was not on the form"},
		{"a:/b", "Group", Ref{}, "was not on the form"},
		{"", "Group", Ref{}, "must not be empty"},
	}
	for _, tt := range tests {
		got, err := parseBackstageRef(tt.in, tt.defKind, "default")
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseBackstageRef(%q) = %v, %v; want error with %q", tt.in, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("parseBackstageRef(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

// TestIsValidURL pins cases of the WHATWG parser (new URL) that Backstage's
// link check relies on; the differential test covers more.
func TestIsValidURL(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"https://example.com": true, "http://1.2.3.4": true, "mailto:a@b": true, "urn:isbn:1": true,
		"file:///etc/hosts": true, "ftp:example.com": true, "  https://x.dev  ": true, "http://[::1]:80/x": true,
		"https://exa%41mple.com": true, "https://user:pw@host/": true, "javascript:alert(1)": true,
		"not a url": false, "/docs/runbook": false, "./docs": false, "": false, "http://": false,
		"http://a b.com": false, "https://example.com:99999": false, "http://1.2.3.256": false, "http://[::1": false,
		"https://%zz.com": false, "h_ttp://x": false, "1http://x": false, "https://a|b.com": false, "https://999999999999": false,
	} {
		if got := isValidURL(s); got != want {
			t.Errorf("isValidURL(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestGitURLMapper(t *testing.T) {
	t.Parallel()
	m := GitURLMapper("https://github.com/acme/orders.git")
	for u, want := range map[string]string{
		"https://github.com/acme/orders/blob/main/catalog/a.yaml":     "catalog/a.yaml",
		"https://github.com/acme/orders/tree/v1/x.yaml?plain=1":       "x.yaml",
		"https://github.com/acme/orders/-/blob/main/a/../b.yaml":      "b.yaml",
		"https://github.com/acme/other/blob/main/a.yaml":              "",
		"https://github.com/acme/orders/issues/1":                     "",
		"https://github.com/acme/orders/blob/main":                    "",
		"https://github.com/acme/ordersX/blob/main/catalog-info.yaml": "",
	} {
		got, ok := m(u)
		if ok != (want != "") || got != want {
			t.Errorf("map %q = %q, %v; want %q", u, got, ok, want)
		}
	}
}

func TestFollowLocations(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write := func(rel, s string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	loc := func(name string, targets ...string) string {
		return "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: " + name + "}\nspec:\n  targets: [" + strings.Join(targets, ", ") + "]\n"
	}
	write("catalog-info.yaml", loc("root", "./a/*.yaml", "./nested/loc.yaml", "./missing.yaml", "'https://github.com/acme/repo/blob/main/remote.yaml'", "'https://elsewhere.dev/x.yaml'", "../out.yaml"))
	write("a/one.yaml", "kind: Component\n")
	write("a/two.yaml", "kind: Component\n")
	write("nested/loc.yaml", loc("nested", "../catalog-info.yaml", "./deeper.yaml")) // a cycle back to the root
	write("nested/deeper.yaml", "kind: Component\n")
	write("remote.yaml", "kind: Component\n")
	files, errs := FollowLocations(root, []string{"catalog-info.yaml"}, LocationOptions{MapURL: GitURLMapper("https://github.com/acme/repo")})
	want := []string{"catalog-info.yaml", "a/one.yaml", "a/two.yaml", "nested/loc.yaml", "remote.yaml", "nested/deeper.yaml"}
	if !slices.Equal(files, want) {
		t.Errorf("files = %v, want %v", files, want)
	}
	var msgs []string
	for _, e := range errs {
		if e.File != "catalog-info.yaml" || e.Line != 1 {
			t.Errorf("error %v does not name the Location's file and line", e)
		}
		msgs = append(msgs, e.Msg)
	}
	got := strings.Join(msgs, "\n")
	for _, w := range []string{"./missing.yaml does not exist", "https://elsewhere.dev/x.yaml is outside the source being read", "../out.yaml leaves the repository root"} {
		if !strings.Contains(got, w) {
			t.Errorf("errors %q lack %q", got, w)
		}
	}
	if len(errs) != 3 {
		t.Errorf("got %d errors, want 3:\n%s", len(errs), got)
	}
}

// FuzzParseBackstageRef: the reference parser never panics, and what it
// reads has every part.
func FuzzParseBackstageRef(f *testing.F) {
	for _, s := range []string{"team", "group:ns/team", "a:b/c:d", ":x", "x/", "ns/a:b", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := parseBackstageRef(s, "Group", "default")
		if err == nil && (r.Kind == "" || r.Namespace == "" || r.Name == "") {
			t.Errorf("parseBackstageRef(%q) = %#v with an empty part", s, r)
		}
	})
}

// FuzzIsValidURL: the URL check never panics and ignores surrounding spaces.
func FuzzIsValidURL(f *testing.F) {
	for _, s := range []string{"https://example.com", "not a url", "http://[::1]:80", "https://%zz.com", "http://1.2.3.256", "mailto:x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if isValidURL(s) != isValidURL(" "+s+"\n") {
			t.Errorf("isValidURL(%q) changes with surrounding spaces", s)
		}
	})
}
