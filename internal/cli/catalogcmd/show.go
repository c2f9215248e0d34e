package catalogcmd

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/iostreams"
)

// ShowOptions is everything `paved catalog show` needs.
type ShowOptions struct {
	IO   *iostreams.IOStreams
	Open Opener

	Ref    string
	Scores int // how many recent scores to show
	Output string
}

// NewShowCmd builds `paved catalog show`.
func NewShowCmd(d *cmdutil.Deps, run func(context.Context, *ShowOptions) error) *cobra.Command {
	if run == nil {
		run = RunShow
	}
	opts := &ShowOptions{IO: d.IO}
	cmd := &cobra.Command{
		Use:   "show NAME|REF",
		Short: "Show an entity, its relations both ways, its source and scores",
		Example: `  paved catalog show orders
  paved catalog show api:orders-api
  paved catalog show group:default/payments -o json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			opts.Open = readOpener(d)
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().IntVar(&opts.Scores, "scores", 5, "how many recent scorecard results to show")
	cmdutil.OutputFlag(cmd, &opts.Output, "text", "json", "yaml")
	return cmd
}

// shown is what `show -o json` prints.
type shown struct {
	Entity *catalog.Entity       `json:"entity"`
	Scores []catalog.ScoreRecord `json:"scores"`
}

// RunShow shows one entity.
func RunShow(ctx context.Context, opts *ShowOptions) error {
	if err := cmdutil.CheckOutput(opts.Output, "text", "json", "yaml"); err != nil {
		return err
	}
	st, err := opts.Open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	e, err := resolve(ctx, st, opts.Ref)
	if err != nil {
		return err
	}
	scores, err := st.Scores(ctx, e.Ref().String(), opts.Scores)
	if err != nil {
		return err
	}
	switch opts.Output {
	case "json":
		if scores == nil {
			scores = []catalog.ScoreRecord{}
		}
		return cmdutil.WriteJSON(opts.IO.Out, shown{Entity: e, Scores: scores})
	case "yaml":
		data, err := catalog.MarshalYAML(e)
		if err != nil {
			return err
		}
		_, err = opts.IO.Out.Write(data)
		if err == nil && len(e.Relations) > 0 {
			var rel []byte
			rel, err = yaml.Marshal(map[string]any{"relations": e.Relations})
			if err == nil {
				_, err = opts.IO.Out.Write(rel)
			}
		}
		return err
	}
	writeEntity(opts.IO, e, scores)
	return nil
}

func writeEntity(ios *iostreams.IOStreams, e *catalog.Entity, scores []catalog.ScoreRecord) {
	w := ios.Out
	fmt.Fprintln(w, ios.Bold(e.Ref().String()))
	if e.Metadata.Title != "" {
		fmt.Fprintf(w, "  %s\n", e.Metadata.Title)
	}
	if e.Metadata.Description != "" {
		fmt.Fprintf(w, "  %s\n", strings.TrimSpace(e.Metadata.Description))
	}
	fmt.Fprintln(w)
	field := func(name, value string) {
		if value != "" {
			fmt.Fprintf(w, "%-12s %s\n", name+":", value)
		}
	}
	field("type", e.Type())
	field("lifecycle", e.Lifecycle())
	field("owner", shortRef(e.Owner()))
	field("system", shortRef(e.System()))
	field("tags", strings.Join(e.Metadata.Tags, ", "))
	for _, l := range e.Metadata.Links {
		title := l.Title
		if title == "" {
			title = "link"
		}
		field(title, l.URL)
	}
	field("source", e.SourceLocation())
	field("location", e.Location())
	if c := e.Commit(); c != "" {
		field("commit", c)
	}
	if refs := e.PlaceholderRefs(); len(refs) > 0 {
		fmt.Fprintln(w, "\n"+ios.Bold("References")+ios.Dim(" (kept as written; not fetched)"))
		for _, k := range sortedKeys(refs) {
			fmt.Fprintf(w, "  %-14s %s\n", k, refs[k])
		}
	}
	if e.Kind == catalog.KindTemplate {
		writeParameters(ios, e)
	}
	if len(e.Relations) > 0 {
		fmt.Fprintln(w, "\n"+ios.Bold("Relations"))
		byType := map[string][]catalog.Relation{}
		var types []string
		for _, r := range e.Relations {
			if _, ok := byType[r.Type]; !ok {
				types = append(types, r.Type)
			}
			byType[r.Type] = append(byType[r.Type], r)
		}
		slices.Sort(types)
		for _, t := range types {
			for i, r := range byType[t] {
				label := ""
				if i == 0 {
					label = t
				}
				target := shortRef(r.TargetRef)
				if r.Unresolved {
					target += " " + ios.Dim("(not in the catalog)")
				}
				fmt.Fprintf(w, "  %-14s %s\n", label, target)
			}
		}
	}
	fmt.Fprintln(w, "\n"+ios.Bold("Scores"))
	if len(scores) == 0 {
		fmt.Fprintln(w, "  none yet: paved score --catalog records them")
		return
	}
	for _, s := range scores {
		level := s.Level
		if level == "" {
			level = "none"
		}
		fmt.Fprintf(w, "  %s  %-22s %-8s %3.0f%%  %d/%d checks passed\n", s.At.Format("2006-01-02 15:04"), s.Rubric, level, s.Score*100, s.Passed, s.Total)
	}
}

// writeParameters lists what a Template asks for, page by page, and its steps.
func writeParameters(ios *iostreams.IOStreams, e *catalog.Entity) {
	w := ios.Out
	params := e.TemplateParameters()
	fmt.Fprintln(w, "\n"+ios.Bold("Parameters"))
	if len(params) == 0 {
		fmt.Fprintln(w, "  (none)")
	}
	page := "\x00"
	for _, p := range params {
		if p.Page != page {
			page = p.Page
			if page != "" {
				fmt.Fprintf(w, "  %s\n", page)
			}
		}
		line := fmt.Sprintf("    %-20s %-8s %s", p.Name, p.Type, p.Title)
		if p.Required {
			line += ios.Dim(" (required)")
		}
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
	if steps, ok := e.Spec["steps"].([]any); ok && len(steps) > 0 {
		fmt.Fprintln(w, "\n"+ios.Bold("Steps"))
		for _, st := range steps {
			m, _ := st.(map[string]any)
			id, _ := m["id"].(string)
			action, _ := m["action"].(string)
			name, _ := m["name"].(string)
			fmt.Fprintln(w, strings.TrimRight(fmt.Sprintf("  %-14s %-22s %s", id, action, name), " "))
		}
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
