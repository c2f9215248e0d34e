// Package catalogcmd implements `paved catalog`.
package catalogcmd

import (
	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/internal/cli/cmdutil"
)

// NewCmd builds `paved catalog`. PLACEHOLDER: replaced by the issue that builds it.
func NewCmd(d *cmdutil.Deps) *cobra.Command {
	return &cobra.Command{Use: "catalog", Short: "The service catalog: register, import, list, show, export", RunE: cmdutil.GroupRunE}
}
