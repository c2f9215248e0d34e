package templatescmd

import (
	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/internal/cli/cmdutil"
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
