package catalogcmd

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/iostreams"
)

// RemoveOptions is everything `paved catalog remove` needs.
type RemoveOptions struct {
	IO   *iostreams.IOStreams
	Open Opener

	Refs []string
}

// NewRemoveCmd builds `paved catalog remove`.
func NewRemoveCmd(d *cmdutil.Deps, run func(context.Context, *RemoveOptions) error) *cobra.Command {
	if run == nil {
		run = RunRemove
	}
	opts := &RemoveOptions{IO: d.IO}
	cmd := &cobra.Command{
		Use:     "remove NAME|REF...",
		Aliases: []string{"rm"},
		Short:   "Remove entities (and their score history) from the catalog",
		Example: `  paved catalog remove orders
  paved catalog remove component:default/orders api:orders-api`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Refs = args
			opts.Open = opener(d)
			return run(cmd.Context(), opts)
		},
	}
	return cmd
}

// RunRemove removes every entity named, or none when one is unknown.
func RunRemove(ctx context.Context, opts *RemoveOptions) error {
	st, err := opts.Open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	refs := make([]string, len(opts.Refs))
	for i, arg := range opts.Refs {
		e, err := resolve(ctx, st, arg)
		if err != nil {
			return err
		}
		refs[i] = e.Ref().String()
	}
	if err := st.Remove(ctx, refs...); err != nil {
		return wrapRefErr(err)
	}
	for _, r := range refs {
		fmt.Fprintf(opts.IO.Out, "%s %s\n", opts.IO.Red("removed  "), r)
	}
	return nil
}
