package cmdutil

import (
	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/templates"
)

// GitToken is the HTTPS token for private git sources: PAVED_GIT_TOKEN,
// else GITHUB_TOKEN.
func (d *Deps) GitToken() string {
	if t := d.Env("PAVED_GIT_TOKEN"); t != "" {
		return t
	}
	return d.Env("GITHUB_TOKEN")
}

// Sources builds the template resolver every command that reads templates
// uses: the built-in templates, git clones cached under [Deps.CacheDir]
// with [Deps.GitToken], and clone progress on ErrOut when the streams show
// progress.
func (d *Deps) Sources() *source.Sources {
	o := source.Options{Builtin: templates.FS, CacheDir: d.CacheDir(), Token: d.GitToken()}
	if d.IO.ShowProgress() {
		o.Progress = d.IO.ErrOut
	}
	return source.New(o)
}
