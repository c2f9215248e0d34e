package templatescmd

import (
	"context"
	"fmt"
	"io/fs"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/iostreams"
	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/textsafe"
	"github.com/paved-dev/paved/templates"
)

// ListOptions is everything `paved templates list` needs.
type ListOptions struct {
	IO      *iostreams.IOStreams
	Builtin fs.FS // one folder per template
	Output  string
}

// NewListCmd builds `paved templates list`. Tests pass run to capture the options.
func NewListCmd(d *cmdutil.Deps, run func(context.Context, *ListOptions) error) *cobra.Command {
	if run == nil {
		run = RunList
	}
	opts := &ListOptions{IO: d.IO, Builtin: templates.FS}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the built-in templates",
		Long: `List the templates built into paved, with their version and what they are.
Any directory or git source holding a template.yaml can be used as well.`,
		Example: `  paved templates list
  paved templates list -o json | jq -r '.[].name'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := cmdutil.CheckOutput(opts.Output, "table", "json"); err != nil {
				return err
			}
			return run(cmd.Context(), opts)
		},
	}
	cmdutil.OutputFlag(cmd, &opts.Output, "table", "json")
	return cmd
}

// Summary is one template in `paved templates list`.
type Summary struct {
	Name        string   `json:"name"`
	Version     string   `json:"version"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Type        string   `json:"type,omitempty"`
	Tags        []string `json:"tags,omitempty"`
}

// RunList prints the built-in templates, sorted by name.
func RunList(ctx context.Context, opts *ListOptions) error {
	list, err := Builtins(opts.Builtin)
	if err != nil {
		return err
	}
	if opts.Output == "json" {
		return cmdutil.WriteJSON(opts.IO.Out, list)
	}
	tw := tabwriter.NewWriter(opts.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tVERSION\tTITLE\tDESCRIPTION")
	for _, s := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", textsafe.Line(s.Name), textsafe.Line(s.Version), textsafe.Line(s.Title), textsafe.Line(firstSentence(s.Description, 70)))
	}
	return tw.Flush()
}

// Builtins reads the manifest of every template in fsys, sorted by name. A
// broken built-in template is a bug in paved, reported as such.
func Builtins(fsys fs.FS) ([]Summary, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read built-in templates: %w", err)
	}
	list := []Summary{}
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		sub, err := fs.Sub(fsys, e.Name())
		if err != nil {
			return nil, fmt.Errorf("built-in template %s: %w", e.Name(), err)
		}
		if _, err := fs.Stat(sub, manifest.FileName); err != nil {
			continue // a folder still being written, without its manifest
		}
		m, err := manifest.Load(sub)
		if err != nil {
			return nil, fmt.Errorf("built-in template %s: %w", e.Name(), err)
		}
		list = append(list, Summary{Name: e.Name(), Version: m.Spec.Version, Title: m.Metadata.Title,
			Description: oneLine(m.Metadata.Description), Type: m.Spec.Type, Tags: m.Metadata.Tags})
	}
	return list, nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// firstSentence shortens s to its first sentence, at most n runes.
func firstSentence(s string, n int) string {
	if i := strings.Index(s, ". "); i >= 0 {
		s = s[:i+1]
	}
	if r := []rune(s); len(r) > n {
		s = strings.TrimSpace(string(r[:n-1])) + "…"
	}
	return s
}
