package cmdutil

import (
	"github.com/paved-dev/paved/internal/config"
	"github.com/paved-dev/paved/internal/gitx"
	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/templates"
)

// GitCredentials says which git token goes to which host: the config's
// credentials section, else PAVED_GIT_TOKEN (or GITHUB_TOKEN) for
// github.com alone. A token is only ever sent over https.
func (d *Deps) GitCredentials() (*gitx.Credentials, error) {
	cfg, err := d.Config()
	if err != nil {
		return nil, err
	}
	creds, err := cfg.GitCredentials(d.Env)
	if err != nil {
		return nil, BadInput(err)
	}
	return creds, nil
}

// TokenEnvs names the variables that hold paved's git tokens
// (PAVED_GIT_TOKEN, GITHUB_TOKEN and every tokenEnv of the config loaded
// by load), for hooks to run without them. A config that cannot be read
// still gives the default names.
func TokenEnvs(load func() (*config.Config, error)) []string {
	var cfg *config.Config
	if load != nil {
		if c, err := load(); err == nil {
			cfg = c
		}
	}
	return cfg.TokenEnvs()
}

// Sources builds the template resolver every command that reads templates
// uses: the built-in templates, git clones cached under [Deps.CacheDir]
// with [Deps.GitCredentials], and clone progress on ErrOut when the
// streams show progress.
func (d *Deps) Sources() *source.Sources {
	o := source.Options{Builtin: templates.FS, CacheDir: d.CacheDir(), Credentials: d.GitCredentials}
	if d.IO.ShowProgress() {
		o.Progress = d.IO.ErrOut
	}
	return source.New(o)
}
