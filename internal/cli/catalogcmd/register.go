package catalogcmd

import (
	"context"
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/gitx"
	"github.com/paved-dev/paved/internal/iostreams"
	"github.com/paved-dev/paved/internal/source"
)

// RegisterOptions is everything `paved catalog register` needs.
type RegisterOptions struct {
	IO       *iostreams.IOStreams
	Open     Opener
	CacheDir string
	Creds    func() (*gitx.Credentials, error) // the hosts a git token goes to

	Target   string // PATH (folder or catalog file) or git source
	Prune    bool
	Takeover bool // move entities another location manages here
	Output   string
	Limits   catalog.Limits // --limit NAME=VALUE
}

// NewRegisterCmd builds `paved catalog register`.
func NewRegisterCmd(d *cmdutil.Deps, run func(context.Context, *RegisterOptions) error) *cobra.Command {
	if run == nil {
		run = RunRegister
	}
	opts := &RegisterOptions{IO: d.IO}
	cmd := &cobra.Command{
		Use:   "register PATH|URL",
		Short: "Register a repository's catalog-info.yaml",
		Long: `Register reads catalog-info.yaml from a folder (or the catalog file named),
or from a git source cloned with go-git, validates it and adds or updates its
entities. When the file holds a Location, the files it lists are registered
too, as Backstage does. The entities remember where they came from (the
backstage.io/managed-by-location annotation, and the commit for git), so
registering the same place again updates them and never duplicates them.`,
		Example: `  paved catalog register .
  paved catalog register services/orders/catalog-info.yaml
  paved catalog register git::https://github.com/acme/orders.git?ref=main
  paved catalog register . -o json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Target = args[0]
			opts.Open, opts.CacheDir, opts.Creds = opener(d), d.CacheDir(), d.GitCredentials
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Prune, "prune", false, "remove entities this location no longer defines")
	cmd.Flags().BoolVar(&opts.Takeover, "takeover", false, "move entities another location manages to this one")
	cmdutil.OutputFlag(cmd, &opts.Output, "text", "json")
	limitFlag(cmd, &opts.Limits)
	return cmd
}

// RunRegister registers opts.Target.
func RunRegister(ctx context.Context, opts *RegisterOptions) error {
	if err := cmdutil.CheckOutput(opts.Output, "text", "json"); err != nil {
		return err
	}
	g, isGit, err := source.ParseGit(opts.Target)
	if err != nil {
		return err
	}
	var fetched *fetchedGit
	if isGit {
		if fetched, err = fetch(ctx, opts.IO, opts.CacheDir, opts.Creds, g); err != nil {
			return err
		}
	}
	st, err := opts.Open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	var rep *catalog.ImportReport
	if isGit {
		file, err := findCatalogFile(fetched.root)
		if err != nil {
			return cmdutil.WithHint(cmdutil.BadInputf("no catalog-info.yaml in %s at %s", g.String(), fetched.commit[:12]), "point at the folder holding it with //SUBDIR")
		}
		rel, _ := filepath.Rel(fetched.repo, file)
		files, lerrs := catalog.FollowLocations(fetched.repo, []string{filepath.ToSlash(rel)}, catalog.LocationOptions{MapURL: catalog.GitURLMapper(g.URL)})
		rep, err = catalog.Import(ctx, st, catalog.Source{
			Root: fetched.repo, Origin: "url:" + g.String(), Commit: fetched.commit,
			Display: func(rel string) string { return g.String() + "//" + rel },
		}, files, catalog.ImportOptions{Prune: opts.Prune, Takeover: opts.Takeover, Limits: opts.Limits})
		if err != nil {
			return err
		}
		rep.AddLocationErrors(lerrs)
	} else if rep, err = registerDir(ctx, st, opts.Target, opts.Prune, opts.Takeover, opts.Limits); err != nil {
		return err
	}
	if err := reportError(rep); err != nil {
		return err
	}
	conflicts := conflictError(rep)
	if conflicts == nil {
		conflicts = locationError(rep)
	} else if lerr := locationError(rep); lerr != nil {
		fmt.Fprintln(opts.IO.ErrOut, rep.LocationErrors.Error())
	}
	if opts.Output == "json" {
		if err := cmdutil.WriteJSON(opts.IO.Out, rep); err != nil {
			return err
		}
		return conflicts
	}
	writeChanges(opts.IO, rep)
	writeOrphans(opts.IO, rep)
	return conflicts
}

// fetchedGit is a git source on disk.
type fetchedGit struct {
	repo, root, commit string
}

func fetch(ctx context.Context, ios *iostreams.IOStreams, cacheDir string, loadCreds func() (*gitx.Credentials, error), g source.Git) (*fetchedGit, error) {
	var progress = ios.ErrOut
	if !ios.ShowProgress() {
		progress = nil
	}
	var creds *gitx.Credentials
	if loadCreds != nil && strings.HasPrefix(g.URL, "http") {
		var err error
		if creds, err = loadCreds(); err != nil {
			return nil, err
		}
	}
	dir, commit, err := gitx.Clone(ctx, gitx.CloneOptions{URL: g.URL, Ref: g.Ref, CacheDir: cacheDir, Credentials: creds, Progress: progress})
	if err != nil {
		return nil, err
	}
	root := dir
	if g.Subdir != "" {
		root = filepath.Join(dir, filepath.FromSlash(path.Clean(g.Subdir)))
	}
	return &fetchedGit{repo: dir, root: root, commit: commit}, nil
}

func writeChanges(ios *iostreams.IOStreams, rep *catalog.ImportReport) {
	for _, f := range rep.Files {
		for _, c := range f.Entities {
			line := fmt.Sprintf("%s %s", paintStatus(ios, string(c.Status)), c.Ref)
			switch {
			case c.Status == catalog.Conflict:
				line += ios.Dim(" (managed by " + c.Origin + ")")
			case c.TakenFrom != "":
				line += ios.Dim(" (taken over from " + c.TakenFrom + ")")
			}
			fmt.Fprintln(ios.Out, line)
		}
	}
	where := strings.TrimPrefix(strings.TrimPrefix(rep.Origin, "file:"), "url:")
	if rep.Commit != "" {
		where += " at " + rep.Commit[:min(12, len(rep.Commit))]
	}
	fmt.Fprintf(ios.ErrOut, "Registered %d %s from %s\n", len(rep.Refs()), cmdutil.Plural(len(rep.Refs()), "entity", "entities"), where)
}

func writeOrphans(ios *iostreams.IOStreams, rep *catalog.ImportReport) {
	if len(rep.Orphans) == 0 {
		return
	}
	verb := "no longer defined by"
	if rep.Pruned {
		verb = "removed: no longer defined by"
	}
	for _, o := range rep.Orphans {
		fmt.Fprintf(ios.ErrOut, "%s %s (%s %s)\n", ios.Yellow("orphan"), o, verb, rep.Origin)
	}
	if !rep.Pruned {
		fmt.Fprintln(ios.ErrOut, ios.Dim("  run again with --prune to remove orphans"))
	}
}

func paintStatus(ios *iostreams.IOStreams, s string) string {
	padded := fmt.Sprintf("%-9s", s)
	switch s {
	case "added":
		return ios.Green(padded)
	case "updated":
		return ios.Yellow(padded)
	case "invalid", "conflict":
		return ios.Red(padded)
	}
	return ios.Dim(padded)
}
