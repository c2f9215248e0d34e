package cmdutil

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paved-dev/paved/internal/gitx"
)

func TestGitCredentials(t *testing.T) {
	t.Parallel()
	env := map[string]string{"PAVED_GIT_TOKEN": "p", "GITHUB_TOKEN": "g", "CORP_TOKEN": "c"}
	tests := []struct {
		name   string
		config string // "" is no file
		env    map[string]string
		want   []gitx.Credential
	}{
		{"PAVED_GIT_TOKEN wins, for github.com only", "", env,
			[]gitx.Credential{{Host: "github.com", TokenEnv: "PAVED_GIT_TOKEN", Token: "p"}}},
		{"GITHUB_TOKEN is the fallback", "", map[string]string{"PAVED_GIT_TOKEN": "", "GITHUB_TOKEN": "g"},
			[]gitx.Credential{{Host: "github.com", TokenEnv: "GITHUB_TOKEN", Token: "g"}}},
		{"no token", "", nil, nil},
		{"a config without credentials keeps the defaults", "trustedSources: []\n", map[string]string{"GITHUB_TOKEN": "g"},
			[]gitx.Credential{{Host: "github.com", TokenEnv: "GITHUB_TOKEN", Token: "g"}}},
		{"the credentials section is the whole list", "credentials:\n  - host: Git.Example.COM:443\n    tokenEnv: CORP_TOKEN\n", env,
			[]gitx.Credential{{Host: "git.example.com", TokenEnv: "CORP_TOKEN", Token: "c"}}},
		{"an empty credentials section sends no token", "credentials: []\n", env, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := filepath.Join(t.TempDir(), "config.yaml")
			if tt.config != "" {
				if err := os.WriteFile(cfg, []byte(tt.config), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			d := &Deps{Getenv: func(k string) string { return tt.env[k] }, ConfigFile: cfg}
			got, err := d.GitCredentials()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got.List); diff != "" {
				t.Errorf("GitCredentials() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTokenEnvs(t *testing.T) {
	t.Parallel()
	cfg := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(cfg, []byte("credentials: [{host: git.example.com, tokenEnv: CORP_TOKEN}]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d := &Deps{Getenv: func(string) string { return "" }, ConfigFile: cfg}
	if got, want := TokenEnvs(d.Config), []string{"PAVED_GIT_TOKEN", "GITHUB_TOKEN", "CORP_TOKEN"}; !slices.Equal(got, want) {
		t.Errorf("TokenEnvs() = %q, want %q", got, want)
	}
	if err := os.WriteFile(cfg, []byte("credentials: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, want := TokenEnvs(d.Config), []string{"PAVED_GIT_TOKEN", "GITHUB_TOKEN"}; !slices.Equal(got, want) {
		t.Errorf("TokenEnvs() with a broken config = %q, want %q", got, want)
	}
	if got := TokenEnvs(nil); len(got) != 2 {
		t.Errorf("TokenEnvs(nil) = %q, want the defaults", got)
	}
}
