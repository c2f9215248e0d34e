// Package checkcmd implements `paved check`.
package checkcmd

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/internal/cli/cmdutil"
)

// Options is everything the command needs. PLACEHOLDER: replaced by the issue that builds it.
type Options struct{}

// NewCmd builds `paved check`.
func NewCmd(d *cmdutil.Deps, run func(context.Context, *Options) error) *cobra.Command {
	return &cobra.Command{Use: "check", Short: "Exit 1 when a project is behind its template", RunE: func(cmd *cobra.Command, args []string) error {
		return errors.New("not implemented yet")
	}}
}
