package catalogcmd

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/iostreams"
)

// ExportOptions is everything `paved catalog export` needs.
type ExportOptions struct {
	IO   *iostreams.IOStreams
	Open Opener

	Dir string
}

// NewExportCmd builds `paved catalog export`.
func NewExportCmd(d *cmdutil.Deps, run func(context.Context, *ExportOptions) error) *cobra.Command {
	if run == nil {
		run = RunExport
	}
	opts := &ExportOptions{IO: d.IO}
	cmd := &cobra.Command{
		Use:   "export --dir DIR",
		Short: "Write the catalog as Backstage YAML files plus a Location",
		Long: `Export writes one Backstage YAML file per entity under DIR/entities/ and
DIR/catalog-info.yaml, a Location listing them all: point Backstage at that
file (or run paved catalog import DIR) to load the whole catalog.`,
		Example: `  paved catalog export --dir backstage-catalog`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Open = readOpener(d)
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Dir, "dir", "", "folder to write into (created when missing)")
	return cmd
}

// RunExport exports the catalog into opts.Dir.
func RunExport(ctx context.Context, opts *ExportOptions) error {
	if opts.Dir == "" {
		return cmdutil.WithHint(cmdutil.BadInputf("export needs --dir"), "paved catalog export --dir backstage-catalog")
	}
	st, err := opts.Open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := catalog.Export(ctx, st, opts.Dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "Exported %d %s to %s (%s lists them)\n", n, cmdutil.Plural(n, "entity", "entities"), opts.Dir, filepath.Join(opts.Dir, "catalog-info.yaml"))
	return nil
}
