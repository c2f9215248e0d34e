package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/internal/cli/catalogcmd"
	"github.com/paved-dev/paved/internal/cli/checkcmd"
	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/cli/diffcmd"
	"github.com/paved-dev/paved/internal/cli/doctorcmd"
	"github.com/paved-dev/paved/internal/cli/newcmd"
	"github.com/paved-dev/paved/internal/cli/rubricscmd"
	"github.com/paved-dev/paved/internal/cli/scorecmd"
	"github.com/paved-dev/paved/internal/cli/servecmd"
	"github.com/paved-dev/paved/internal/cli/templatescmd"
	"github.com/paved-dev/paved/internal/cli/updatecmd"
	"github.com/paved-dev/paved/internal/cli/versioncmd"
)

// NewRootCmd builds the `paved` command with every subcommand.
func NewRootCmd(d *cmdutil.Deps) *cobra.Command {
	root := &cobra.Command{
		Use:   "paved",
		Short: "Paved roads for services: generate, catalog and score them",
		Long: `paved is a platform team's golden-path tool in one binary:

  paved new        generate a service from a paved-road template
  paved catalog    a Backstage-compatible catalog of who owns what
  paved score      score repositories against maturity rubrics (bronze/silver/gold)`,
		Example: `  # create a service interactively
  paved new express-service

  # or fully scripted, for CI
  paved new express-service --yes --set name=orders --set owner=group:payments

  # how mature is this repository?
  paved score .`,
		SilenceUsage:      true,
		SilenceErrors:     true,
		DisableAutoGenTag: true,
		PersistentPreRun: func(cmd *cobra.Command, args []string) {
			if d.NoColor {
				d.IO.Color = false
			}
		},
	}
	root.SetIn(d.IO.In)
	root.SetOut(d.IO.Out)
	root.SetErr(d.IO.ErrOut)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return cmdutil.WithHint(cmdutil.BadInput(err), fmt.Sprintf("see '%s --help'", cmd.CommandPath()))
	})

	pf := root.PersistentFlags()
	pf.StringVar(&d.CatalogDB, "catalog-db", "", "catalog database file (default $PAVED_CATALOG or $XDG_DATA_HOME/paved/catalog.db)")
	pf.StringVar(&d.ConfigFile, "config", "", "config file (default $XDG_CONFIG_HOME/paved/config.yaml)")
	pf.BoolVar(&d.NoColor, "no-color", false, "disable colour (also NO_COLOR)")

	root.AddCommand(
		newcmd.NewCmd(d, nil),
		templatescmd.NewCmd(d),
		updatecmd.NewCmd(d, nil),
		checkcmd.NewCmd(d, nil),
		diffcmd.NewCmd(d, nil),
		catalogcmd.NewCmd(d),
		scorecmd.NewCmd(d, nil),
		rubricscmd.NewCmd(d),
		doctorcmd.NewCmd(d, nil),
		versioncmd.NewCmd(d),
		servecmd.NewCmd(d, nil),
	)
	root.CompletionOptions.HiddenDefaultCmd = false
	wrapArgErrors(root)
	return root
}

// wrapArgErrors makes positional-argument errors exit 2 like flag errors.
func wrapArgErrors(cmd *cobra.Command) {
	if cmd.Args != nil {
		check := cmd.Args
		cmd.Args = func(c *cobra.Command, args []string) error {
			if err := check(c, args); err != nil {
				return cmdutil.WithHint(cmdutil.BadInput(err), fmt.Sprintf("see '%s --help'", c.CommandPath()))
			}
			return nil
		}
	}
	for _, c := range cmd.Commands() {
		wrapArgErrors(c)
	}
}
