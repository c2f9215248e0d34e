// Package diffcmd implements `paved diff`: how far a project strayed from
// its template.
package diffcmd

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/iostreams"
	"github.com/paved-dev/paved/internal/update"
)

// Options is everything `paved diff` needs.
type Options struct {
	IO      *iostreams.IOStreams
	Sources update.Sources
	Version string // paved's version, seen by templates as .Paved.Version

	Dir      string // the project; default "."
	Stat     bool   // --stat: a per-file summary instead of the diff
	ExitCode bool   // --exit-code: exit 1 when the project differs
	Output   string // -o text|json (json is the per-file summary)
}

// NewCmd builds `paved diff`. Tests pass run to capture the parsed Options.
func NewCmd(d *cmdutil.Deps, run func(context.Context, *Options) error) *cobra.Command {
	if run == nil {
		run = Run
	}
	opts := &Options{IO: d.IO, Version: d.Version}
	cmd := &cobra.Command{
		Use:   "diff [DIR]",
		Short: "Show how far a project strayed from its template",
		Long: `Show what a project changed in its template's files: the project against what
paved generated for the template version .paved.yaml records. That is the
pristine commit paved keeps in the project's history (the render with the
recorded answers, plus what the template's hooks wrote, such as go.sum), or,
when history has none, a fresh render of that version with the recorded answers.

Only the template's files are compared: files the project added are its own.
.paved.yaml itself is left out.`,
		Example: `  # a unified diff, template → project
  paved diff

  # one line per file
  paved diff --stat

  # in CI: fail when the project changed a template file
  paved diff --stat --exit-code`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			if opts.Sources == nil {
				opts.Sources = d.Sources()
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Stat, "stat", false, "a per-file summary: lines added and removed")
	cmd.Flags().BoolVar(&opts.ExitCode, "exit-code", false, "exit 1 when the project differs from its template")
	cmdutil.OutputFlag(cmd, &opts.Output, "text", "json")
	return cmd
}

// Run prints how the project in opts.Dir differs from its template.
func Run(ctx context.Context, opts *Options) error {
	if err := cmdutil.CheckOutput(opts.Output, "text", "json"); err != nil {
		return err
	}
	dir, err := cmdutil.ProjectDir(opts.Dir)
	if err != nil {
		return err
	}
	res, err := update.Diff(ctx, update.Env{Sources: opts.Sources, PavedVersion: opts.Version}, dir)
	if err != nil {
		return err
	}
	switch {
	case opts.Output == "json":
		if res.Files == nil {
			res.Files = []update.DiffFile{}
		}
		if err := cmdutil.WriteJSON(opts.IO.Out, res); err != nil {
			return err
		}
	case len(res.Files) == 0:
		fmt.Fprintf(opts.IO.ErrOut, "No changes: the project matches %s %s.\n", res.Template, res.Version)
	case opts.Stat:
		printStat(opts.IO, res)
	default:
		for _, f := range res.Files {
			cmdutil.WriteDiff(opts.IO, f.Diff)
		}
	}
	if opts.ExitCode && len(res.Files) > 0 {
		return cmdutil.ErrProblem
	}
	return nil
}

func printStat(ios *iostreams.IOStreams, res *update.DiffResult) {
	width := 0
	for _, f := range res.Files {
		width = max(width, len(f.Path))
	}
	var added, removed int
	for _, f := range res.Files {
		var what string
		switch {
		case f.Binary:
			what = "binary"
		case f.Status == "mode":
			what = "mode"
		default:
			what = fmt.Sprintf("%d %s%s", f.Added+f.Removed, ios.Green(strings.Repeat("+", min(f.Added, 40))), ios.Red(strings.Repeat("-", min(f.Removed, 40))))
		}
		if f.Status == "removed" {
			what += " (removed)"
		}
		fmt.Fprintf(ios.Out, " %-*s | %s\n", width, f.Path, what)
		added += f.Added
		removed += f.Removed
	}
	fmt.Fprintf(ios.Out, " %d %s changed, %d insertions(+), %d deletions(-) against %s %s\n",
		len(res.Files), map[bool]string{true: "file", false: "files"}[len(res.Files) == 1], added, removed, res.Template, res.Version)
}
