package templatescmd

import (
	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/templates"
)

// NewCmd builds `paved templates` and its subcommands.
func NewCmd(d *cmdutil.Deps) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "templates",
		Short: "List, show and lint templates",
		Long: `Templates are what 'paved new' generates from: a built-in name, a directory,
or a git source (git::https://host/org/repo.git//dir?ref=v1.0.0).`,
		Example: `  paved templates list
  paved templates show express-service
  paved templates lint ./my-template`,
		Args: cobra.ArbitraryArgs,
		RunE: cmdutil.GroupRunE,
	}
	cmd.AddCommand(
		NewListCmd(d, nil),
		NewShowCmd(d, nil),
		NewLintCmd(d, nil),
	)
	return cmd
}

// newSources builds the template resolver from the dependencies.
func newSources(d *cmdutil.Deps) *source.Sources {
	token := d.Env("PAVED_GIT_TOKEN")
	if token == "" {
		token = d.Env("GITHUB_TOKEN")
	}
	o := source.Options{Builtin: templates.FS, CacheDir: d.CacheDir(), Token: token}
	if d.IO.ShowProgress() {
		o.Progress = d.IO.ErrOut
	}
	return source.New(o)
}
