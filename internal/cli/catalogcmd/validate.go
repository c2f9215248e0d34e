package catalogcmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/iostreams"
)

// ValidateOptions is everything `paved catalog validate` needs (no catalog).
type ValidateOptions struct {
	IO *iostreams.IOStreams

	Files  []string // catalog files, or folders to search for them
	Output string
	Limits catalog.Limits // --limit NAME=VALUE
}

// NewValidateCmd builds `paved catalog validate`.
func NewValidateCmd(d *cmdutil.Deps, run func(context.Context, *ValidateOptions) error) *cobra.Command {
	if run == nil {
		run = RunValidate
	}
	opts := &ValidateOptions{IO: d.IO}
	cmd := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check catalog files with Backstage's rules (no catalog needed)",
		Long: `Validate checks catalog files as Backstage would: names, namespaces, labels,
annotations, tags, entity references, the required spec fields of each kind,
and $text/$json/$yaml placeholders. It needs no catalog, so other
repositories can run it in CI. A folder is searched for catalog files.
Every problem is reported, with its file, line, field and rule; exit 2 when
there is one.`,
		Example: `  paved catalog validate catalog-info.yaml
  paved catalog validate .
  paved catalog validate catalog-info.yaml -o json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			return run(cmd.Context(), opts)
		},
	}
	cmdutil.OutputFlag(cmd, &opts.Output, "text", "json")
	limitFlag(cmd, &opts.Limits)
	return cmd
}

type validated struct {
	File     string   `json:"file"`
	Valid    bool     `json:"valid"`
	Entities []string `json:"entities,omitempty"`
	Problems []string `json:"problems,omitempty"`
}

// RunValidate validates every file named.
func RunValidate(ctx context.Context, opts *ValidateOptions) error {
	if err := cmdutil.CheckOutput(opts.Output, "text", "json"); err != nil {
		return err
	}
	var (
		results []validated
		all     catalog.Errors
	)
	for _, arg := range opts.Files {
		files, err := expand(ctx, arg)
		if err != nil {
			return err
		}
		for _, f := range files {
			abs, _ := filepath.Abs(f)
			ents, err := catalog.ParseFileLimits(repoRoot(filepath.Dir(abs)), abs, f, opts.Limits)
			r := validated{File: f, Valid: err == nil}
			for _, e := range ents {
				r.Entities = append(r.Entities, e.Ref().String())
			}
			var errs catalog.Errors
			if errors.As(err, &errs) {
				all = append(all, errs...)
				for _, e := range errs {
					r.Problems = append(r.Problems, e.Error())
				}
			} else if err != nil {
				return err
			}
			results = append(results, r)
		}
	}
	if opts.Output == "json" {
		if err := cmdutil.WriteJSON(opts.IO.Out, results); err != nil {
			return err
		}
		return all.ErrOrNil()
	}
	for _, r := range results {
		if r.Valid {
			fmt.Fprintf(opts.IO.Out, "%s %s (%d %s)\n", opts.IO.Green("valid  "), r.File, len(r.Entities), cmdutil.Plural(len(r.Entities), "entity", "entities"))
		} else {
			fmt.Fprintf(opts.IO.Out, "%s %s\n", opts.IO.Red("invalid"), r.File)
		}
	}
	return all.ErrOrNil()
}

// expand turns a folder into the catalog files under it.
func expand(ctx context.Context, arg string) ([]string, error) {
	fi, err := os.Stat(arg)
	if err != nil {
		return nil, cmdutil.WithHint(cmdutil.BadInputf("validate %s: %w", arg, err), "name catalog files or folders holding them")
	}
	if !fi.IsDir() {
		return []string{arg}, nil
	}
	rel, err := catalog.FindFiles(ctx, arg)
	if err != nil {
		return nil, err
	}
	if len(rel) == 0 {
		return nil, cmdutil.WithHint(cmdutil.BadInputf("no catalog files in %s", arg), "catalog files are named catalog-info.yaml or *.catalog.yaml")
	}
	out := make([]string, len(rel))
	for i, r := range rel {
		out[i] = filepath.Join(arg, filepath.FromSlash(r))
	}
	return out, nil
}
