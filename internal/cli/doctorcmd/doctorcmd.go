// Package doctorcmd implements `paved doctor`.
package doctorcmd

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/internal/cli/cmdutil"
)

// Options is everything the command needs. PLACEHOLDER: replaced by the issue that builds it.
type Options struct{}

// NewCmd builds `paved doctor`.
func NewCmd(d *cmdutil.Deps, run func(context.Context, *Options) error) *cobra.Command {
	return &cobra.Command{Use: "doctor", Short: "Check paved's environment: git, node, go, catalog, cache", RunE: func(cmd *cobra.Command, args []string) error {
		return errors.New("not implemented yet")
	}}
}
