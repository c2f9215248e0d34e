// Package versioncmd implements `paved version`.
package versioncmd

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/internal/cli/cmdutil"
)

// NewCmd builds `paved version`.
func NewCmd(d *cmdutil.Deps) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:     "version",
		Short:   "Print paved's version",
		Args:    cobra.NoArgs,
		Example: "  paved version\n  paved version -o json",
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := cmdutil.CheckOutput(output, "text", "json"); err != nil {
				return err
			}
			if output == "json" {
				return cmdutil.WriteJSON(d.IO.Out, map[string]string{
					"version": d.Version, "go": runtime.Version(), "platform": runtime.GOOS + "/" + runtime.GOARCH,
				})
			}
			_, err := fmt.Fprintf(d.IO.Out, "paved %s (%s, %s/%s)\n", d.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return err
		},
	}
	cmdutil.OutputFlag(cmd, &output, "text", "json")
	return cmd
}
