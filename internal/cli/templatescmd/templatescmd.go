// Package templatescmd implements `paved templates`.
package templatescmd

import (
	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/internal/cli/cmdutil"
)

// NewCmd builds `paved templates`. PLACEHOLDER: replaced by the issue that builds it.
func NewCmd(d *cmdutil.Deps) *cobra.Command {
	return &cobra.Command{Use: "templates", Short: "List, show and lint templates", RunE: cmdutil.GroupRunE}
}
