package source

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/paved-dev/paved/internal/config"
)

func TestHooksTrusted(t *testing.T) {
	t.Parallel()
	const git = "git::https://g.example/acme/t.git"
	broken := errors.New("config.yaml: broken")
	trusting := func() (*config.Config, error) {
		return &config.Config{TrustedSources: []string{git}}, nil
	}
	failing := func() (*config.Config, error) { return nil, broken }
	tests := []struct {
		name    string
		tpl     *Template
		trust   bool
		config  func() (*config.Config, error)
		want    bool
		wantErr error
	}{
		{"a built-in template is trusted without reading the config", &Template{Kind: KindBuiltin, Source: "builtin"}, false, failing, true, nil},
		{"--trust trusts any template without reading the config", &Template{Kind: KindGit, Source: "git::https://g.example/x.git"}, true, failing, true, nil},
		{"a source the config lists is trusted", &Template{Kind: KindGit, Source: git}, false, trusting, true, nil},
		{"a source the config does not list is not", &Template{Kind: KindDir, Source: "/tmp/t"}, false, trusting, false, nil},
		{"no config trusts no source", &Template{Kind: KindGit, Source: git}, false, nil, false, nil},
		{"a broken config is an error", &Template{Kind: KindGit, Source: git}, false, failing, false, broken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.tpl.HooksTrusted(tt.trust, tt.config)
			if !errors.Is(err, tt.wantErr) || got != tt.want {
				t.Errorf("HooksTrusted(%s %s, trust %v) = %v, %v; want %v, %v", tt.tpl.Kind, tt.tpl.Source, tt.trust, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

// TestTrusts matches trustedSources entries against sources spelt to slip
// past a string comparison, and the spellings of one source that must match.
func TestTrusts(t *testing.T) {
	t.Parallel()
	const readme = "git::https://github.com/acme/paved-templates.git"
	const org = "git::https://host.example/trusted-org/"
	tests := []struct {
		name, entry, source, ref string
		want                     bool
	}{
		// the README's example
		{"the repository itself", readme, readme, "", true},
		{"a folder of it at a tag", readme, "git::https://github.com/acme/paved-templates.git//worker?ref=v1.1.0", "", true},
		{"a folder as recorded, ref beside it", readme, "git::https://github.com/acme/paved-templates.git//worker", "v1.1.0", true},
		{"the .git folder of it", readme, "https://github.com/acme/paved-templates/.git", "", true},
		{"without .git", readme, "https://github.com/acme/paved-templates", "", true},
		{"uppercase host and scheme", readme, "git::HTTPS://GitHub.COM/acme/paved-templates.git", "", true},
		{"default port", readme, "git::https://github.com:443/acme/paved-templates.git", "", true},
		{"trailing slash", readme, "https://github.com/acme/paved-templates.git/", "", true},
		{"a user in the URL", readme, "https://someone@github.com/acme/paved-templates.git", "", true},
		{"another repository with the same prefix", readme, "git::https://github.com/acme/paved-templates-evil.git", "", false},
		{"a repository below it", readme, "git::https://github.com/acme/paved-templates.git/evil.git", "", false},
		{"a suffix after .git", readme, "git::https://github.com/acme/paved-templates.git.evil", "", false},
		{"another port", readme, "git::https://github.com:8443/acme/paved-templates.git", "", false},
		{"http is not https", readme, "git::http://github.com/acme/paved-templates.git", "", false},
		{"ssh is not https", readme, "git@github.com:acme/paved-templates.git", "", false},
		{"the host as userinfo", readme, "https://github.com@evil.example/acme/paved-templates.git", "", false},
		{"the host as a path", readme, "https://evil.example/github.com/acme/paved-templates.git", "", false},
		{"the host as a subdomain", readme, "https://github.com.evil.example/acme/paved-templates.git", "", false},
		// a prefix
		{"a repository below the prefix", org, "git::https://host.example/trusted-org/t.git//svc?ref=v1", "", true},
		{"a subgroup below the prefix", org, "https://host.example/trusted-org/team/t.git", "", true},
		{"a sibling org sharing the prefix", org, "git::https://host.example/trusted-org-evil/t.git", "", false},
		{"dot dot out of the prefix", org, "git::https://host.example/trusted-org/../evil.git", "", false},
		{"encoded dot dot out of the prefix", org, "git::https://host.example/trusted-org/%2e%2e/evil.git", "", false},
		{"encoded slash and dot dot", org, "git::https://host.example/trusted-org%2F..%2Fevil.git", "", false},
		{"dot dot that stays inside", org, "git::https://host.example/trusted-org/x/../t.git", "", true},
		{"climbing above the root", org, "git::https://host.example/../trusted-org/t.git", "", false},
		{"doubled slash is the subdir, not the org", org, "git::https://host.example//trusted-org/t.git", "", false},
		{"backslash", org, `git::https://host.example/trusted-org\..\evil.git`, "", false},
		{"a whole host", "https://host.example/", "git::https://host.example/any/t.git", "", true},
		{"a whole host, other host", "https://host.example/", "git::https://host.example.evil/any/t.git", "", false},
		// an entry with a subdir or a ref
		{"the entry's folder", readme + "//worker", readme + "//worker/api", "", true},
		{"a sibling of the entry's folder", readme + "//worker", readme + "//worker-evil", "", false},
		{"the root is not the entry's folder", readme + "//worker", readme, "", false},
		{"dot dot out of the entry's folder", readme + "//worker", readme + "//worker/../evil", "", false},
		{"the entry's ref", readme + "?ref=v1.0.0", readme, "v1.0.0", true},
		{"another ref", readme + "?ref=v1.0.0", readme, "main", false},
		// scp-like and ssh
		{"scp-like and ssh:// are one remote", "git@github.com:acme/t.git", "ssh://git@github.com/acme/t", "", true},
		{"IDN and its punycode", "https://bücher.example/acme/t.git", "https://xn--bcher-kva.example/acme/t.git", "", true},
		// malformed
		{"an entry that does not parse", "git::https://host.example/%zz", "git::https://host.example/%zz", "", false},
		{"a source that does not parse", org, "git::ftp://host.example/trusted-org/t.git", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Trusts(tt.entry, KindGit, tt.source, tt.ref); got != tt.want {
				t.Errorf("Trusts(%q, %q, ref %q) = %v, want %v", tt.entry, tt.source, tt.ref, got, tt.want)
			}
		})
	}
}

func TestTrustsLocal(t *testing.T) {
	t.Parallel()
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"trusted/tpl", "trusted-evil/tpl", "evil"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(dir, "evil"), filepath.Join(dir, "trusted", "link")); err != nil {
		t.Fatal(err)
	}
	trusted := dir + "/trusted/"
	tests := []struct {
		name, entry string
		kind        Kind
		source      string
		want        bool
	}{
		{"a directory below the prefix", trusted, KindDir, dir + "/trusted/tpl", true},
		{"a sibling sharing the prefix", trusted, KindDir, dir + "/trusted-evil/tpl", false},
		{"a symlink out of the prefix", trusted, KindDir, dir + "/trusted/link", false},
		{"dot dot out of the prefix", trusted, KindDir, dir + "/trusted/../evil", false},
		{"an exact directory", dir + "/trusted/tpl", KindDir, dir + "/trusted/tpl", true},
		{"not below an exact directory", dir + "/trusted", KindDir, dir + "/trusted/tpl", false},
		{"a relative entry trusts nothing", "trusted/", KindDir, dir + "/trusted/tpl", false},
		{"a git entry does not trust a directory", "git::file://" + trusted, KindDir, dir + "/trusted/tpl", false},
		{"a file URL below the prefix", "git::file://" + trusted, KindGit, "git::file://" + dir + "/trusted/tpl", true},
		{"a file URL with dot dot", "git::file://" + trusted, KindGit, "git::file://" + dir + "/trusted/../evil", false},
		{"a file URL with encoded dot dot", "git::file://" + trusted, KindGit, "git::file://" + dir + "/trusted/%2e%2e/evil", false},
		{"a file URL through a symlink", "git::file://" + trusted, KindGit, "git::file://" + dir + "/trusted/link", false},
		{"a file URL climbing above the root", "git::file://" + trusted, KindGit, "git::file:///../" + dir + "/trusted/tpl", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Trusts(tt.entry, tt.kind, tt.source, ""); got != tt.want {
				t.Errorf("Trusts(%q, %s %q) = %v, want %v", tt.entry, tt.kind, tt.source, got, tt.want)
			}
		})
	}
}
