package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paved-dev/paved/internal/gitx"
)

func TestLoad(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		content string // "" means no file
		wantErr string
		trusted []string
		creds   []Credential
	}{
		{name: "a missing file is an empty config"},
		{name: "trusted sources and author", content: "trustedSources: [git::https://g.example/acme/t.git, https://g.example/ops/]\nauthor: {name: Ada, email: ada@example.com}\n",
			trusted: []string{"git::https://g.example/acme/t.git", "https://g.example/ops/"}},
		{name: "an unknown key names the line", content: "trustedSource: [x]\n", wantErr: "line 1: field trustedSource not found"},
		{name: "broken YAML is an error", content: "trustedSources: [\n", wantErr: "config.yaml"},
		{name: "credentials hosts are canonical", content: "credentials:\n  - {host: GitHub.com, tokenEnv: GITHUB_TOKEN}\n  - {host: 'git.example.com:8443', tokenEnv: CORP, caFile: ca.pem}\n",
			creds: []Credential{{Host: "github.com", TokenEnv: "GITHUB_TOKEN"}, {Host: "git.example.com:8443", TokenEnv: "CORP", CAFile: "ca.pem"}}},
		{name: "a credential needs a host", content: "credentials: [{tokenEnv: X}]\n", wantErr: "credentials[0]: no host"},
		{name: "a host is not a URL", content: "credentials: [{host: 'https://github.com', tokenEnv: X}]\n", wantErr: "without https://"},
		{name: "a host has no path", content: "credentials: [{host: github.com/acme, tokenEnv: X}]\n", wantErr: "credentials[0]: host"},
		{name: "a host has no userinfo", content: "credentials: [{host: 'me@github.com', tokenEnv: X}]\n", wantErr: "credentials[0]: host"},
		{name: "a host is listed once", content: "credentials: [{host: github.com, tokenEnv: X}, {host: 'GITHUB.com:443', tokenEnv: Y}]\n", wantErr: "listed already in credentials[0]"},
		{name: "tokenEnv is a name, not a token", content: "credentials: [{host: github.com, tokenEnv: 'ghp_abc-123'}]\n", wantErr: "not an environment variable name"},
		{name: "a credential names a token or a CA", content: "credentials: [{host: github.com}]\n", wantErr: "neither tokenEnv nor caFile"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "config.yaml")
			if tt.content != "" {
				if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			c, err := Load(path)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Load() error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load() error = %v", err)
			}
			if strings.Join(c.TrustedSources, ",") != strings.Join(tt.trusted, ",") {
				t.Errorf("TrustedSources = %q, want %q", c.TrustedSources, tt.trusted)
			}
			if diff := cmp.Diff(tt.creds, c.Credentials); diff != "" {
				t.Errorf("Credentials (-want +got):\n%s", diff)
			}
		})
	}
}

func TestGitCredentialsCAFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(filepath.Join(dir, "ca.pem"), []byte("PEM"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("credentials: [{host: git.example.com, tokenEnv: CORP, caFile: ca.pem}, {host: other.example, caFile: missing.pem}]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GitCredentials(func(string) string { return "tok" })
	if err == nil || !strings.Contains(err.Error(), "credentials[1] (other.example): caFile") {
		t.Fatalf("GitCredentials with a missing caFile = %v, want an error naming the entry", err)
	}
	c.Credentials = c.Credentials[:1]
	creds, err := c.GitCredentials(func(k string) string { return map[string]string{"CORP": "tok"}[k] })
	if err != nil {
		t.Fatal(err)
	}
	want := []gitx.Credential{{Host: "git.example.com", TokenEnv: "CORP", Token: "tok", CABundle: []byte("PEM")}}
	if diff := cmp.Diff(want, creds.List); diff != "" {
		t.Errorf("GitCredentials (-want +got):\n%s", diff)
	}
}
