package newcmd

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/internal/answers"
	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/cli/form"
	"github.com/paved-dev/paved/internal/config"
	"github.com/paved-dev/paved/internal/iostreams"
	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/templates"
)

// Options is everything `paved new` needs. Flags fill it in; Run does the work.
type Options struct {
	IO       *iostreams.IOStreams
	Prompter answers.Prompter                                      // the interactive form; nil when none may appear
	Sources  source.Resolver                                       // builtin | dir | git
	Builtins []string                                              // built-in template names, for the picker and hints
	Getenv   func(string) string                                   // PAVED_AUTHOR and the git config for the first commit
	Now      func() time.Time                                      // the first commit's time
	Version  string                                                // paved's version, seen by templates as .Paved.Version
	Config   func() (*config.Config, error)                        // trusted sources; read only when a hook needs trust
	Register func(ctx context.Context, dir string) (string, error) // nil: no catalog

	Template   string   // builtin name, directory or git source
	Dir        string   // --dir; default: the name answer
	Sets       []string // --set KEY=VALUE, repeatable; split at the first '='
	ValuesFile string   // --values FILE
	Yes        bool     // --yes: never ask
	DryRun     bool     // --dry-run: print the tree, write nothing
	Force      bool     // --force: write into a non-empty folder
	NoGit      bool     // --no-git: no git init and first commit
	NoHooks    bool     // --no-hooks: never run hooks
	NoRegister bool     // --no-register: do not add to the catalog
	Trust      bool     // --trust: run the hooks of a non-builtin template
	Output     string   // -o text|json
}

// NewCmd builds `paved new`. Tests pass run to capture the parsed Options.
func NewCmd(d *cmdutil.Deps, run func(context.Context, *Options) error) *cobra.Command {
	if run == nil {
		run = Run
	}
	opts := &Options{
		IO:       d.IO,
		Builtins: templates.Names(),
		Getenv:   d.Env,
		Now:      d.Now,
		Version:  d.Version,
		Config:   d.Config,
	}
	cmd := &cobra.Command{
		Use:   "new [TEMPLATE]",
		Short: "Create a service from a paved-road template",
		Long: `Create a service from a paved-road template.

TEMPLATE is a built-in name (see 'paved templates list'), a folder holding a
template.yaml and a skeleton/ folder, or a git source: git::URL//SUBDIR?ref=REF,
https://host/org/repo.git or file:///path/to/repo.

Answers come from --set, then --values, then the interactive form (only when
stdin and stdout are terminals and --yes is absent), then the defaults. Without
a terminal every missing required answer is reported at once.

Everything is rendered into a staging folder beside the target and moved into
place only when it all succeeded, hooks included: on an error or Ctrl-C the
target is as it was. Hooks run for built-in templates, with --trust, or for
sources listed under trustedSources in the config file.`,
		Example: `  # ask the questions in a form
  paved new minimal

  # fully scripted, for CI
  paved new minimal --yes --set name=orders --set owner=group:payments

  # answers from a file, into another folder
  paved new express-service --values answers.yaml --dir services/orders

  # see what would be written
  paved new minimal --set name=orders --set owner=group:payments --dry-run

  # a template from a git repository, at a tag
  paved new 'git::https://github.com/acme/templates.git//node-api?ref=v1.2.0' --trust`,
		Args: cobra.MaximumNArgs(1),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return templates.Names(), cobra.ShellCompDirectiveFilterDirs
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Template = args[0]
			}
			if d.Register != nil {
				opts.Register = d.Register
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
	f.StringVar(&opts.Dir, "dir", "", "folder to create (default: the name answer)")
	f.StringArrayVar(&opts.Sets, "set", nil, "answer a question: `KEY=VALUE` (repeatable; the value may hold commas and '=')")
	f.StringVar(&opts.ValuesFile, "values", "", "answers from a YAML `FILE` (name: orders ...)")
	f.BoolVarP(&opts.Yes, "yes", "y", false, "ask nothing; use flags, the values file and defaults")
	f.BoolVar(&opts.DryRun, "dry-run", false, "print the files that would be written, with sizes, and write nothing")
	f.BoolVar(&opts.Force, "force", false, "write into a non-empty folder, overwriting the template's files")
	f.BoolVar(&opts.NoGit, "no-git", false, "do not create a git repository and first commit")
	f.BoolVar(&opts.NoHooks, "no-hooks", false, "never run the template's hooks")
	f.BoolVar(&opts.NoRegister, "no-register", false, "do not add the service to the catalog")
	f.BoolVar(&opts.Trust, "trust", false, "run the hooks of a template that is not built in")
	cmdutil.OutputFlag(cmd, &opts.Output, "text", "json")
	_ = cmd.MarkFlagFilename("values", "yaml", "yml")
	_ = cmd.MarkFlagDirname("dir")
	return cmd
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
