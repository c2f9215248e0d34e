package templatescmd

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/iostreams"
	"github.com/paved-dev/paved/internal/scaffold/lint"
	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/internal/textsafe"
)

// LintOptions is everything `paved templates lint` needs.
type LintOptions struct {
	IO           *iostreams.IOStreams
	Sources      source.Resolver
	PavedVersion string
	Template     string // usually a directory; any TEMPLATE works
	Strict       bool   // --strict: warnings fail too
	Output       string
}

// NewLintCmd builds `paved templates lint`. Tests pass run to capture the options.
func NewLintCmd(d *cmdutil.Deps, run func(context.Context, *LintOptions) error) *cobra.Command {
	if run == nil {
		run = RunLint
	}
	opts := &LintOptions{IO: d.IO, PavedVersion: d.Version}
	cmd := &cobra.Command{
		Use:   "lint DIR",
		Short: "Check a template: schema, syntax, references and a sample render",
		Long: `Check a template the way 'paved new' will use it, and list every problem at
once with its file, line and fix:

  - template.yaml against the published JSON Schema (schema/template.schema.json)
    and paved's own rules (types, patterns, options, defaults, when);
  - every path and every .tmpl file under skeleton/ parses with the
    template's delimiters and reads only declared parameters;
  - a sample render with the defaults (and placeholders for required
    answers: "example", min, the first option) succeeds.

It also warns about likely mistakes that do not break generation, such as a
parameter nothing reads. Exits 2 when there is any problem (or, with
--strict, any warning), so it fits a template repository's CI.`,
		Example: `  paved templates lint ./my-template
  paved templates lint --strict ./my-template   # in CI
  paved templates lint examples/templates/worker -o json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := cmdutil.CheckOutput(opts.Output, "text", "json"); err != nil {
				return err
			}
			opts.Template = args[0]
			if opts.Sources == nil {
				opts.Sources = d.Sources()
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Strict, "strict", false, "fail on warnings too")
	cmdutil.OutputFlag(cmd, &opts.Output, "text", "json")
	return cmd
}

// RunLint lints the template and prints the report; any problem exits 2.
func RunLint(ctx context.Context, opts *LintOptions) error {
	t, err := opts.Sources.Resolve(ctx, opts.Template)
	if err != nil {
		return err
	}
	prefix := ""
	if t.Kind == source.KindDir {
		prefix = opts.Template
	}
	r := lint.Lint(ctx, t, lint.Options{Prefix: prefix, PavedVersion: opts.PavedVersion})
	if err := ctx.Err(); err != nil {
		return err
	}
	if opts.Output == "json" {
		if err := cmdutil.WriteJSON(opts.IO.Out, r); err != nil {
			return err
		}
	} else {
		for _, p := range r.Problems {
			fmt.Fprintf(opts.IO.Out, "%s\n", textsafe.Line(p.Error()))
			if p.Fix != "" {
				fmt.Fprintf(opts.IO.Out, "    %s %s\n", opts.IO.Dim("fix:"), textsafe.Line(p.Fix))
			}
		}
		for _, w := range r.Warnings {
			fmt.Fprintf(opts.IO.Out, "%s %s\n", opts.IO.Yellow("warning:"), textsafe.Line(w.Error()))
			if w.Fix != "" {
				fmt.Fprintf(opts.IO.Out, "    %s %s\n", opts.IO.Dim("fix:"), textsafe.Line(w.Fix))
			}
		}
		if r.OK {
			warned := ""
			if n := len(r.Warnings); n > 0 {
				warned = fmt.Sprintf("%d %s; ", n, cmdutil.Plural(n, "warning", "warnings"))
			}
			fmt.Fprintf(opts.IO.Out, "%s %s: no problems (%ssample render: %d files)\n", opts.IO.Green("✓"), opts.Template, warned, r.Files)
		}
	}
	failing := len(r.Problems)
	what := cmdutil.Plural(failing, "problem", "problems")
	if opts.Strict && len(r.Warnings) > 0 {
		failing += len(r.Warnings)
		what = cmdutil.Plural(failing, "problem or warning", "problems and warnings")
	}
	if failing == 0 {
		return nil
	}
	return cmdutil.WithHint(cmdutil.BadInputf("%d %s in template %s", failing, what, opts.Template),
		"fix "+cmdutil.Plural(failing, "it", "them")+", then run paved templates lint "+shellQuote(opts.Template)+" again")
}
