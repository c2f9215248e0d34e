// Package rubricscmd implements `paved rubrics`.
package rubricscmd

import (
	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/internal/cli/cmdutil"
)

// NewCmd builds `paved rubrics`. PLACEHOLDER: replaced by the issue that builds it.
func NewCmd(d *cmdutil.Deps) *cobra.Command {
	return &cobra.Command{Use: "rubrics", Short: "List, show and lint scorecard rubrics", RunE: cmdutil.GroupRunE}
}
