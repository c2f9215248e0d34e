package source

import (
	"errors"
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
