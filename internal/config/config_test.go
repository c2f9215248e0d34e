package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		content string // "" means no file
		wantErr string
		trusted []string
	}{
		{name: "a missing file is an empty config"},
		{name: "trusted sources and author", content: "trustedSources: [git::https://g.example/acme/t.git, https://g.example/ops/]\nauthor: {name: Ada, email: ada@example.com}\n",
			trusted: []string{"git::https://g.example/acme/t.git", "https://g.example/ops/"}},
		{name: "an unknown key names the line", content: "trustedSource: [x]\n", wantErr: "line 1: field trustedSource not found"},
		{name: "broken YAML is an error", content: "trustedSources: [\n", wantErr: "config.yaml"},
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
		})
	}
}

func TestTrusted(t *testing.T) {
	t.Parallel()
	c := &Config{TrustedSources: []string{"git::https://g.example/acme/t.git", "https://g.example/ops/"}}
	tests := []struct {
		source string
		want   bool
	}{
		{"git::https://g.example/acme/t.git", true},
		{"git::https://g.example/acme/t.git.evil", false},
		{"https://g.example/ops/templates.git", true},
		{"https://g.example/opsx/templates.git", false},
		{"builtin", false},
	}
	for _, tt := range tests {
		if got := c.Trusted(tt.source); got != tt.want {
			t.Errorf("Trusted(%q) = %v, want %v", tt.source, got, tt.want)
		}
	}
}
