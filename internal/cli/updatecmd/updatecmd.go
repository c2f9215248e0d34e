// Package updatecmd implements `paved update`: bring a newer template
// version into a generated project with a three-way merge.
package updatecmd

import (
	"context"
	"time"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/internal/answers"
	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/cli/form"
	"github.com/paved-dev/paved/internal/config"
	"github.com/paved-dev/paved/internal/iostreams"
	"github.com/paved-dev/paved/internal/update"
)

// Options is everything `paved update` needs. Flags fill it in; Run does the work.
type Options struct {
	IO       *iostreams.IOStreams
	Prompter answers.Prompter               // the form for new questions; nil when none may appear
	Sources  update.Sources                 // builtin | dir | git, with tags
	Getenv   func(string) string            // PAVED_AUTHOR and the git config for the commits
	Now      func() time.Time               // the commits' time
	Version  string                         // paved's version, seen by templates as .Paved.Version
	Config   func() (*config.Config, error) // trusted sources; read only when a hook needs trust

	Dir        string   // the project; default "."
	To         string   // --to REF: a git template's tag, branch or commit
	Sets       []string // --set KEY=VALUE for new questions, repeatable
	Yes        bool     // --yes: ask nothing; new questions take their defaults
	DryRun     bool     // --dry-run: show the plan and diffs, change nothing
	AllowDirty bool     // --allow-dirty: run on uncommitted changes
	Continue   bool     // --continue: commit a conflicted update once resolved
	Abort      bool     // --abort: undo a conflicted update
	NoHooks    bool     // --no-hooks: never run the template's hooks
	Trust      bool     // --trust: run the hooks of a template that is not built in
	Output     string   // -o text|json
}

// NewCmd builds `paved update`. Tests pass run to capture the parsed Options.
func NewCmd(d *cmdutil.Deps, run func(context.Context, *Options) error) *cobra.Command {
	if run == nil {
		run = Run
	}
	opts := &Options{IO: d.IO, Getenv: d.Env, Now: d.Now, Version: d.Version, Config: d.Config}
	cmd := &cobra.Command{
		Use:   "update [DIR]",
		Short: "Bring a newer template version into a project",
		Long: `Bring a newer version of a project's template into it, keeping every change
the project made.

paved update reads .paved.yaml, renders the newer version (the newest semver
tag of a git template, or --to REF; the version this paved ships for a
built-in one) with the project's answers, and merges it in three ways: the
base is the previous render, kept in git history as a "pristine" commit.
Changes on one side are taken, changes on both sides that do not touch the
same lines are combined, and overlapping ones are written with conflict
markers. Files the template added are added; files it removed are removed
only if the project never changed them; binary files are never merged; files
the template never had are never touched.

A clean merge is committed as a merge commit whose second parent is the new
pristine commit. With conflicts nothing is committed and paved update exits 1:
resolve the markers, then run paved update --continue (or --abort).

Before it writes the first file, paved update records what --abort needs to
put every file back as it was, uncommitted edits and untracked files included.
Interrupted (Ctrl-C, SIGTERM, SIGHUP) while writing, it puts back what it wrote
and says so; killed, it leaves that record: paved update --abort undoes the
update, paved update --continue finishes it.

Renamed or removed questions are mapped by the template's spec.migrations;
new questions are asked, or taken from --set and their defaults with --yes.
What the template's hooks wrote at generation (npm install's package-lock.json,
go mod tidy's go.mod and go.sum) is in no fresh render, so update runs the hooks
on the new version in a temporary folder when the template is trusted (as for
paved new: built-in, --trust, or trustedSources in the config). With --no-hooks
or an untrusted template, lockfiles are carried over unchanged and the hooks
are listed for you to run when dependency files changed.`,
		Example: `  # what would change? (nothing is written)
  paved update --dry-run

  # update to the newest version, taking defaults for new questions
  paved update --yes

  # a git template, to a given tag, answering a new question
  paved update services/orders --to v1.3.0 --set region=eu-west-1

  # after resolving conflicts
  paved update --continue`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			if opts.Sources == nil {
				opts.Sources = d.Sources()
			}
			if opts.Prompter == nil && d.IO.CanPrompt() && !opts.Yes {
				opts.Prompter = form.New(d.IO)
			}
			return run(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.To, "to", "", "git templates: the `REF` (tag, branch, commit) to update to (default: the newest semver tag)")
	f.StringArrayVar(&opts.Sets, "set", nil, "answer a new question: `KEY=VALUE` (repeatable)")
	f.BoolVarP(&opts.Yes, "yes", "y", false, "ask nothing; new questions take --set or their defaults")
	f.BoolVar(&opts.DryRun, "dry-run", false, "show each file's action and diff, change nothing")
	f.BoolVar(&opts.AllowDirty, "allow-dirty", false, "run even with uncommitted changes (they may end up in the merge commit)")
	f.BoolVar(&opts.Continue, "continue", false, "finish an interrupted update, or commit one that stopped on conflicts once they are resolved")
	f.BoolVar(&opts.Abort, "abort", false, "undo an update that stopped on conflicts or was interrupted, uncommitted changes included")
	f.BoolVar(&opts.NoHooks, "no-hooks", false, "never run the template's hooks (lockfiles are carried over)")
	f.BoolVar(&opts.Trust, "trust", false, "run the hooks of a template that is not built in")
	cmdutil.OutputFlag(cmd, &opts.Output, "text", "json")
	return cmd
}
