package source

import "github.com/paved-dev/paved/internal/config"

// HooksTrusted reports whether t's hooks may run, the rule paved new and
// paved update share: always for a built-in template, for any template with
// trust (--trust), else for a source listed under trustedSources in the
// config, which load reads only in that last case; a nil load trusts no
// source.
func (t *Template) HooksTrusted(trust bool, load func() (*config.Config, error)) (bool, error) {
	if t.Kind == KindBuiltin || trust {
		return true, nil
	}
	if load == nil {
		return false, nil
	}
	cfg, err := load()
	if err != nil {
		return false, err
	}
	return cfg.Trusted(t.Source), nil
}
