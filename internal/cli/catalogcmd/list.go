package catalogcmd

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/iostreams"
)

// ListOptions is everything `paved catalog list` needs.
type ListOptions struct {
	IO   *iostreams.IOStreams
	Open Opener

	Filter catalog.Filter
	Output string
}

// NewListCmd builds `paved catalog list`.
func NewListCmd(d *cmdutil.Deps, run func(context.Context, *ListOptions) error) *cobra.Command {
	if run == nil {
		run = RunList
	}
	opts := &ListOptions{IO: d.IO}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List entities, filtered and searched",
		Long: `List prints the catalog's entities sorted by reference. Filters combine (all
must match) and ignore case; -q searches names, titles, descriptions and tags
(every word must match the start of a word).`,
		Example: `  paved catalog list
  paved catalog list --kind component --owner payments
  paved catalog list --lifecycle production --tag node -o json
  paved catalog list -q "order track"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Open = readOpener(d)
			return run(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Filter.Kind, "kind", "", "only this kind (component, api, system, domain, resource, group, user, location)")
	f.StringVar(&opts.Filter.Owner, "owner", "", "only entities owned by this group or user (group is the default kind)")
	f.StringVar(&opts.Filter.Type, "type", "", "only this spec.type (service, website, library, openapi, team, …)")
	f.StringVar(&opts.Filter.Lifecycle, "lifecycle", "", "only this spec.lifecycle (experimental, production, deprecated)")
	f.StringVar(&opts.Filter.System, "system", "", "only parts of this system")
	f.StringVar(&opts.Filter.Tag, "tag", "", "only entities with this tag")
	f.StringVarP(&opts.Filter.Query, "query", "q", "", "full-text search over name, title, description and tags")
	f.IntVar(&opts.Filter.Limit, "limit", 0, "print at most this many entities (0: all)")
	_ = cmd.RegisterFlagCompletionFunc("kind", cobra.FixedCompletions(lower(catalog.Kinds()), cobra.ShellCompDirectiveNoFileComp))
	cmdutil.OutputFlag(cmd, &opts.Output, "table", "json", "yaml")
	return cmd
}

func lower(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = strings.ToLower(x)
	}
	return out
}

// RunList lists the entities matching opts.Filter.
func RunList(ctx context.Context, opts *ListOptions) error {
	if err := cmdutil.CheckOutput(opts.Output, "table", "json", "yaml"); err != nil {
		return err
	}
	if opts.Filter.Limit < 0 {
		return cmdutil.BadInputf("--limit must be 0 or more, not %d", opts.Filter.Limit)
	}
	st, err := opts.Open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if opts.Output == "table" {
		// The table needs no documents: Summaries skips decoding them.
		sums, err := st.Summaries(ctx, opts.Filter)
		if err != nil {
			return wrapRefErr(err)
		}
		return writeTable(opts.IO, sums)
	}
	if opts.Output == "json" {
		docs, err := st.Documents(ctx, opts.Filter)
		if err != nil {
			return wrapRefErr(err)
		}
		return writeDocuments(opts.IO.Out, docs)
	}
	ents, err := st.List(ctx, opts.Filter)
	if err != nil {
		return wrapRefErr(err)
	}
	data, err := catalog.MarshalYAML(ents...)
	if err != nil {
		return err
	}
	_, err = opts.IO.Out.Write(data)
	return err
}

// writeDocuments writes docs as [cmdutil.WriteJSON] writes a list, one
// document at a time: through an encoder, 1,667 documents were compacted,
// copied and indented as one 1.6 MB value.
func writeDocuments(w io.Writer, docs []json.RawMessage) error {
	if len(docs) == 0 {
		_, err := io.WriteString(w, "[]\n")
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var buf bytes.Buffer
	for i, doc := range docs {
		sep := ",\n  "
		if i == 0 {
			sep = "[\n  "
		}
		bw.WriteString(sep)
		buf.Reset()
		if err := json.Indent(&buf, doc, "  ", "  "); err != nil {
			return fmt.Errorf("write json: %w", err)
		}
		bw.Write(buf.Bytes())
	}
	bw.WriteString("\n]\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}

func writeTable(ios *iostreams.IOStreams, sums []catalog.Summary) error {
	if len(sums) == 0 {
		fmt.Fprintln(ios.ErrOut, "No entities match.")
		return nil
	}
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, ios.Bold("REF\tTYPE\tLIFECYCLE\tOWNER\tTITLE"))
	for _, s := range sums {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", shortRef(s.Ref), dash(s.Type), dash(s.Lifecycle), dash(shortRef(s.Owner)), s.Title)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for line := range strings.Lines(buf.String()) {
		if _, err := io.WriteString(ios.Out, strings.TrimRight(line, " \n")+"\n"); err != nil {
			return err
		}
	}
	return nil
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// shortRef drops the default namespace from a reference.
func shortRef(ref string) string {
	return strings.Replace(ref, ":"+catalog.DefaultNamespace+"/", ":", 1)
}
