package catalogcmd

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/iostreams"
)

// GraphOptions is everything `paved catalog graph` needs.
type GraphOptions struct {
	IO   *iostreams.IOStreams
	Open Opener

	Format string // dot | mermaid
	Root   string
}

// NewGraphCmd builds `paved catalog graph`.
func NewGraphCmd(d *cmdutil.Deps, run func(context.Context, *GraphOptions) error) *cobra.Command {
	if run == nil {
		run = RunGraph
	}
	opts := &GraphOptions{IO: d.IO}
	cmd := &cobra.Command{
		Use:   "graph",
		Short: "Draw the dependency and ownership graph (Graphviz DOT or Mermaid)",
		Long: `Graph prints the catalog's relations (ownedBy, partOf, dependsOn, providesApi,
consumesApi, memberOf, childOf) as a Graphviz DOT or Mermaid graph. With
--root, only what the root entity reaches and what reaches it. Entities
referred to but not in the catalog are drawn dashed.`,
		Example: `  paved catalog graph | dot -Tsvg > catalog.svg
  paved catalog graph -f mermaid --root component:orders`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Open = readOpener(d)
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "dot", "dot|mermaid")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"dot", "mermaid"}, cobra.ShellCompDirectiveNoFileComp))
	cmd.Flags().StringVar(&opts.Root, "root", "", "only the entities connected to this one (NAME or REF)")
	return cmd
}

// RunGraph prints the graph.
func RunGraph(ctx context.Context, opts *GraphOptions) error {
	if opts.Format != "dot" && opts.Format != "mermaid" {
		return cmdutil.WithHint(cmdutil.BadInputf("unknown graph format %q", opts.Format), "use -f dot or -f mermaid")
	}
	st, err := opts.Open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	root := ""
	if opts.Root != "" {
		e, err := resolve(ctx, st, opts.Root)
		if err != nil {
			return err
		}
		root = e.Ref().String()
	}
	edges, err := st.Edges(ctx)
	if err != nil {
		return err
	}
	g, err := catalog.BuildGraph(edges, root)
	if err != nil {
		return err
	}
	if opts.Format == "mermaid" {
		return g.WriteMermaid(opts.IO.Out)
	}
	return g.WriteDOT(opts.IO.Out)
}
