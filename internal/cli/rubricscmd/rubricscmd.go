// Package rubricscmd implements `paved rubrics`: list, show and lint.
package rubricscmd

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/iostreams"
	"github.com/paved-dev/paved/scorecard"
)

// NewCmd builds `paved rubrics`.
func NewCmd(d *cmdutil.Deps) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rubrics",
		Short: "List, show and lint scorecard rubrics",
		Long: `Rubrics are what ` + "`paved score`" + ` checks: levels (bronze, silver, gold)
and checks written in CEL over facts about a repository. The built-in
production-readiness rubric is embedded; a team's own rubric is a YAML file
(see examples/rubrics/).`,
		Example: `  paved rubrics list
  paved rubrics show production-readiness
  paved rubrics lint examples/rubrics/api-guidelines.yaml`,
		Args: cobra.ArbitraryArgs,
		RunE: cmdutil.GroupRunE,
	}
	cmd.AddCommand(newListCmd(d, nil), newShowCmd(d, nil), newLintCmd(d, nil))
	return cmd
}

// ListOptions is everything `paved rubrics list` needs.
type ListOptions struct {
	IO     *iostreams.IOStreams
	Output string
}

func newListCmd(d *cmdutil.Deps, run func(context.Context, *ListOptions) error) *cobra.Command {
	if run == nil {
		run = RunList
	}
	opts := &ListOptions{IO: d.IO}
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List the built-in rubrics",
		Example: "  paved rubrics list\n  paved rubrics list -o json",
		Args:    cobra.NoArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return run(cmd.Context(), opts) },
	}
	cmdutil.OutputFlag(cmd, &opts.Output, "table", "json")
	return cmd
}

// RunList prints the built-in rubrics with their levels and number of checks.
func RunList(ctx context.Context, opts *ListOptions) error {
	if err := cmdutil.CheckOutput(opts.Output, "table", "json"); err != nil {
		return err
	}
	type item struct {
		Name   string   `json:"name"`
		Title  string   `json:"title"`
		Levels []string `json:"levels"`
		Checks int      `json:"checks"`
	}
	var items []item
	for _, name := range scorecard.BuiltinRubrics() {
		r, err := scorecard.LoadRubric(name)
		if err != nil {
			return err
		}
		items = append(items, item{r.Metadata.Name, r.Metadata.Title, r.Spec.Levels, len(r.Spec.Checks)})
	}
	if opts.Output == "json" {
		return cmdutil.WriteJSON(opts.IO.Out, items)
	}
	fmt.Fprintf(opts.IO.Out, "%-24s %-26s %-22s %s\n", "NAME", "TITLE", "LEVELS", "CHECKS")
	for _, it := range items {
		fmt.Fprintf(opts.IO.Out, "%-24s %-26s %-22s %d\n", it.Name, it.Title, strings.Join(it.Levels, ","), it.Checks)
	}
	return nil
}

// ShowOptions is everything `paved rubrics show` needs.
type ShowOptions struct {
	IO     *iostreams.IOStreams
	Rubric string
	Output string
}

func newShowCmd(d *cmdutil.Deps, run func(context.Context, *ShowOptions) error) *cobra.Command {
	if run == nil {
		run = RunShow
	}
	opts := &ShowOptions{IO: d.IO}
	cmd := &cobra.Command{
		Use:   "show NAME|FILE",
		Short: "Show a rubric's checks, and the facts and functions checks can use",
		Example: `  paved rubrics show production-readiness
  paved rubrics show ./rubric.yaml -o json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Rubric = args[0]
			return run(cmd.Context(), opts)
		},
	}
	cmdutil.OutputFlag(cmd, &opts.Output, "text", "json", "yaml")
	return cmd
}

// RunShow prints a rubric: its checks by level, then the facts and functions.
func RunShow(ctx context.Context, opts *ShowOptions) error {
	if err := cmdutil.CheckOutput(opts.Output, "text", "json", "yaml"); err != nil {
		return err
	}
	r, err := scorecard.LoadRubric(opts.Rubric)
	if err != nil {
		return err
	}
	switch opts.Output {
	case "json":
		return cmdutil.WriteJSON(opts.IO.Out, r)
	case "yaml":
		return scorecard.WriteRubricYAML(opts.IO.Out, r)
	}
	out, io := opts.IO.Out, opts.IO
	fmt.Fprintf(out, "%s  %s\n", io.Bold(r.Metadata.Name), r.Metadata.Title)
	if r.Metadata.Description != "" {
		fmt.Fprintf(out, "%s\n", r.Metadata.Description)
	}
	fmt.Fprintf(out, "source: %s\n", r.File)
	for _, level := range r.Spec.Levels {
		fmt.Fprintf(out, "\n%s\n", io.Bold(level))
		for _, c := range r.Spec.Checks {
			if c.Level != level {
				continue
			}
			fmt.Fprintf(out, "  %-22s %s\n", c.ID, c.Title)
			if c.When != "" {
				fmt.Fprintf(out, "  %-22s when: %s\n", "", oneLine(c.When))
			}
			fmt.Fprintf(out, "  %-22s expr: %s\n", "", oneLine(c.Expr))
		}
	}
	writeFacts(out, io)
	return nil
}

func writeFacts(out io.Writer, io *iostreams.IOStreams) {
	fmt.Fprintf(out, "\n%s (CEL variables, computed once per repository)\n", io.Bold("facts"))
	fmt.Fprintf(out, "  %-12s %s\n", "now", "timestamp: the clock (e.g. now - git.lastCommit <= duration(\"2160h\"))")
	for _, f := range scorecard.Facts() {
		fmt.Fprintf(out, "  %-12s %s\n  %-12s %s\n", f.Name, f.Doc, "", io.Dim(f.Describe()))
	}
	fmt.Fprintf(out, "\n%s (globs are doublestar: **, {a,b})\n", io.Bold("functions"))
	for _, f := range scorecard.Functions() {
		fmt.Fprintf(out, "  %-24s %s\n", f.Signature, f.Doc)
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// LintOptions is everything `paved rubrics lint` needs.
type LintOptions struct {
	IO    *iostreams.IOStreams
	Files []string
}

func newLintCmd(d *cmdutil.Deps, run func(context.Context, *LintOptions) error) *cobra.Command {
	if run == nil {
		run = RunLint
	}
	opts := &LintOptions{IO: d.IO}
	return &cobra.Command{
		Use:   "lint FILE...",
		Short: "Check rubric files: format, levels, ids, CEL types and regexes",
		Long: `Load each rubric file as ` + "`paved score --rubric FILE`" + ` would and report every
problem with its line: unknown fields, unknown levels, duplicate ids, CEL
expressions that use unknown facts or the wrong types, and bad regexes.
Exit status 2 when a file has a problem.`,
		Example: "  paved rubrics lint examples/rubrics/api-guidelines.yaml",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			return run(cmd.Context(), opts)
		},
	}
}

// RunLint loads every file and reports all problems; the first bad file's
// errors are returned (exit 2) after every file is checked.
func RunLint(ctx context.Context, opts *LintOptions) error {
	var first error
	for _, f := range opts.Files {
		r, err := scorecard.LoadRubric(f)
		if err != nil {
			if first == nil {
				first = err
			} else {
				fmt.Fprintln(opts.IO.ErrOut, err)
			}
			continue
		}
		fmt.Fprintf(opts.IO.Out, "%s: ok (%d checks, levels %s)\n", f, len(r.Spec.Checks), strings.Join(r.Spec.Levels, ", "))
	}
	return first
}
