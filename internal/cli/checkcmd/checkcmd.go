// Package checkcmd implements `paved check`: is a project behind its template?
package checkcmd

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/iostreams"
	"github.com/paved-dev/paved/internal/update"
)

// Options is everything `paved check` needs.
type Options struct {
	IO      *iostreams.IOStreams
	Sources update.Sources
	Version string // paved's version, seen by templates as .Paved.Version

	Dir     string // the project; default "."
	Changes bool   // --changes: list changed files for git templates too (fetches)
	Output  string // -o text|json
}

// NewCmd builds `paved check`. Tests pass run to capture the parsed Options.
func NewCmd(d *cmdutil.Deps, run func(context.Context, *Options) error) *cobra.Command {
	if run == nil {
		run = Run
	}
	opts := &Options{IO: d.IO, Version: d.Version}
	cmd := &cobra.Command{
		Use:   "check [DIR]",
		Short: "Exit 1 when a project is behind its template",
		Long: `Check whether a generated project is on the newest version of its template.

Exits 0 when it is current, 1 when it is behind (printing both versions and the
files the newer version adds, modifies or removes), 2 when .paved.yaml is
missing or broken. Cheap enough for every CI run: built-in and directory
templates need no network, a git template one listing of its tags (--changes
also fetches the newest version to list the files).`,
		Example: `  # in a project's root
  paved check

  # in CI, as a non-blocking warning
  paved check || echo "::warning::a newer paved-road version is out: run paved update"

  # machine-readable
  paved check services/orders -o json`,
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
	cmd.Flags().BoolVar(&opts.Changes, "changes", false, "git templates: also list the files that change (fetches the newest version)")
	cmdutil.OutputFlag(cmd, &opts.Output, "text", "json")
	return cmd
}

// Run checks the project described by opts; behind is exit 1.
func Run(ctx context.Context, opts *Options) error {
	if err := cmdutil.CheckOutput(opts.Output, "text", "json"); err != nil {
		return err
	}
	dir, err := cmdutil.ProjectDir(opts.Dir)
	if err != nil {
		return err
	}
	res, err := update.Check(ctx, update.Env{Sources: opts.Sources, PavedVersion: opts.Version}, update.CheckOptions{Dir: dir, Changes: opts.Changes})
	if err != nil {
		return err
	}
	if opts.Output == "json" {
		if err := cmdutil.WriteJSON(opts.IO.Out, res); err != nil {
			return err
		}
	} else {
		printResult(opts.IO, res)
	}
	if res.Behind {
		return cmdutil.ErrProblem
	}
	return nil
}

func printResult(ios *iostreams.IOStreams, res *update.CheckResult) {
	out := ios.Out
	if !res.Behind {
		fmt.Fprintf(out, "Up to date: %s %s is the newest version.\n", res.Template, res.Current)
		return
	}
	latest := res.Latest
	if res.LatestRef != "" && res.LatestRef != latest {
		latest += " (" + res.LatestRef + ")"
	}
	fmt.Fprintf(out, "Behind: %s %s, newest %s.\n", res.Template, ios.Yellow(res.Current), ios.Green(latest))
	if len(res.Changes) > 0 {
		fmt.Fprintln(out, "Files the newer version changes:")
		for _, c := range res.Changes {
			fmt.Fprintf(out, "  %-9s %s\n", c.Change, c.Path)
		}
	}
	if res.Note != "" {
		fmt.Fprintln(out, ios.Dim(res.Note))
	}
	fmt.Fprintln(out, "Run paved update --dry-run to see the merge, then paved update.")
}
