package catalogcmd

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/cli/progressbar"
	"github.com/paved-dev/paved/internal/gitx"
	"github.com/paved-dev/paved/internal/iostreams"
	"github.com/paved-dev/paved/internal/source"
)

// ImportOptions is everything `paved catalog import` needs.
type ImportOptions struct {
	IO       *iostreams.IOStreams
	Open     Opener
	CacheDir string
	Creds    func() (*gitx.Credentials, error) // the hosts a git token goes to

	Targets  []string // folders, catalog files or git sources
	Globs    []string // --glob: which files are catalog files (default catalog-info.yaml, *.catalog.yaml)
	Prune    bool
	Takeover bool // move entities another location manages here
	Jobs     int
	Output   string
	Limits   catalog.Limits // --limit NAME=VALUE
}

// NewImportCmd builds `paved catalog import`.
func NewImportCmd(d *cmdutil.Deps, run func(context.Context, *ImportOptions) error) *cobra.Command {
	if run == nil {
		run = RunImport
	}
	opts := &ImportOptions{IO: d.IO}
	cmd := &cobra.Command{
		Use:   "import PATH|URL...",
		Short: "Import every catalog file under folders or git sources",
		Long: `Import walks folders and git sources for catalog-info.yaml and *.catalog.yaml
files (or the files --glob names), honouring .gitignore and skipping
node_modules and vendored trees, follows the Locations they hold (relative
files, globs, URLs inside the same git source; the other YAML files are
reported as skipped), reads
them in parallel and reports, per file, what was added, updated, unchanged or
invalid. Valid files are imported even when others are invalid; the command
then exits 1. Everything is written in one transaction: an error or Ctrl-C
part way leaves the catalog as it was. Entities an earlier import of the same place brought in and
that no file defines any more are reported as orphans, and removed with --prune.`,
		Example: `  paved catalog import ~/src
  paved catalog import examples/catalog --prune
  paved catalog import git::https://github.com/acme/platform.git//catalog
  paved catalog import . -o json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Targets = args
			opts.Open, opts.CacheDir, opts.Creds = opener(d), d.CacheDir(), d.GitCredentials
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Prune, "prune", false, "remove orphans: entities no file defines any more")
	cmd.Flags().BoolVar(&opts.Takeover, "takeover", false, "move entities another location manages to this one")
	cmd.Flags().StringArrayVar(&opts.Globs, "glob", nil, "read files matching this glob (relative to each folder, e.g. '**/*.yaml') instead of catalog-info.yaml and *.catalog.yaml; repeatable")
	cmd.Flags().IntVarP(&opts.Jobs, "jobs", "j", 0, "files read in parallel (default: one per CPU)")
	limitFlag(cmd, &opts.Limits)
	cmdutil.OutputFlag(cmd, &opts.Output, "text", "json")
	return cmd
}

// importGCPercent is the garbage collector's target during an import.
const importGCPercent = 400

// RunImport imports every target.
func RunImport(ctx context.Context, opts *ImportOptions) error {
	if err := cmdutil.CheckOutput(opts.Output, "text", "json"); err != nil {
		return err
	}
	// An import makes much short-lived garbage (YAML nodes, SQL arguments)
	// over a live heap of about 20 MB: collecting at 5x the live heap
	// rather than 2x saves a tenth of its CPU for some 60 MB more memory.
	// A GOGC set by the user (the previous value is then not 100) stays.
	if old := debug.SetGCPercent(importGCPercent); old != 100 {
		debug.SetGCPercent(old)
	} else {
		defer debug.SetGCPercent(old)
	}
	// Resolve every target before touching the catalog: a typo fails fast.
	type job struct {
		src     catalog.Source
		files   []string
		lerrs   catalog.Errors
		skipped []catalog.SkippedFile
	}
	// discover finds the catalog files under dir (relative to root, with
	// prefix), follows their Locations and lists the YAML files left out.
	discover := func(root, dir, prefix string, mapURL func(string) (string, bool)) ([]string, catalog.Errors, []catalog.SkippedFile, error) {
		files, others, err := catalog.FindFilesMatching(ctx, dir, opts.Globs)
		if err != nil {
			return nil, nil, nil, cmdutil.WithHint(cmdutil.BadInput(err), "write a doublestar glob such as '**/*.yaml'")
		}
		for i := range files {
			files[i] = prefix + files[i]
		}
		files, lerrs := catalog.FollowLocations(root, files, catalog.LocationOptions{MapURL: mapURL})
		read := map[string]bool{}
		for _, f := range files {
			read[f] = true
		}
		var skipped []catalog.SkippedFile
		for _, o := range others {
			if !read[prefix+o] {
				skipped = append(skipped, catalog.SkippedFile{File: o, Reason: "not a catalog file name and no Location lists it"})
			}
		}
		return files, lerrs, skipped, nil
	}
	var jobs []job
	for _, t := range opts.Targets {
		g, isGit, err := source.ParseGit(t)
		if err != nil {
			return err
		}
		if isGit {
			f, err := fetch(ctx, opts.IO, opts.CacheDir, opts.Creds, g)
			if err != nil {
				return err
			}
			sub := strings.Trim(g.Subdir, "/")
			prefix := ""
			if sub != "" {
				prefix = sub + "/"
			}
			files, lerrs, skipped, err := discover(f.repo, f.root, prefix, catalog.GitURLMapper(g.URL))
			if err != nil {
				return err
			}
			origin := "url:" + g.String()
			jobs = append(jobs, job{catalog.Source{
				Root: f.repo, Origin: origin, Commit: f.commit,
				Location: func(rel string) string { return "url:" + source.Git{URL: g.URL}.String() + "//" + rel },
				Display:  func(rel string) string { return source.Git{URL: g.URL}.String() + "//" + rel },
			}, files, lerrs, skipped})
			continue
		}
		abs, err := filepath.Abs(t)
		if err != nil {
			return err
		}
		fi, err := os.Stat(abs)
		if err != nil {
			return cmdutil.WithHint(cmdutil.BadInputf("import %s: %w", t, err), "give folders, catalog files or git sources")
		}
		if !fi.IsDir() {
			root := repoRoot(filepath.Dir(abs))
			rel, _ := filepath.Rel(root, abs)
			first := filepath.ToSlash(rel)
			files, lerrs := catalog.FollowLocations(root, []string{first}, catalog.LocationOptions{})
			jobs = append(jobs, job{catalog.Source{Root: root, Origin: "file:" + abs, Display: func(f string) string {
				if f == first {
					return t
				}
				return filepath.Join(root, filepath.FromSlash(f))
			}}, files, lerrs, nil})
			continue
		}
		files, lerrs, skipped, err := discover(abs, abs, "", nil)
		if err != nil {
			return err
		}
		jobs = append(jobs, job{catalog.Source{
			Root: abs, Origin: "file:" + abs,
			Location: func(rel string) string { return "file:" + filepath.Join(abs, filepath.FromSlash(rel)) },
			Display:  func(rel string) string { return filepath.Join(t, filepath.FromSlash(rel)) },
		}, files, lerrs, skipped})
	}
	st, err := opts.Open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	var reports []*catalog.ImportReport
	importAll := func(st catalog.Store) error {
		reports = reports[:0]
		for _, j := range jobs {
			bar := newProgress(opts.IO, len(j.files))
			rep, err := catalog.Import(ctx, st, j.src, j.files, catalog.ImportOptions{Prune: opts.Prune, Takeover: opts.Takeover, Workers: opts.Jobs, Progress: bar.update, Limits: opts.Limits})
			bar.done()
			if err != nil {
				return err
			}
			rep.AddLocationErrors(j.lerrs)
			rep.Skipped = j.skipped
			reports = append(reports, rep)
		}
		return nil
	}
	// Every target in one transaction: an error or Ctrl-C leaves the
	// catalog as it was.
	if t, ok := st.(catalog.Transactor); ok {
		err = t.Atomically(ctx, importAll)
	} else {
		err = importAll(st)
	}
	if err != nil {
		err = fmt.Errorf("%w (nothing was imported: the catalog is as it was)", err)
		if cmdutil.Hint(err) == "" {
			err = cmdutil.WithHint(err, "fix the cause and run the import again")
		}
		return err
	}
	invalid := 0
	for _, r := range reports {
		invalid += r.Invalid() + len(r.Conflicts()) + len(r.LocationErrors)
	}
	if opts.Output == "json" {
		if err := cmdutil.WriteJSON(opts.IO.Out, reports); err != nil {
			return err
		}
	} else {
		writeImport(opts.IO, reports)
	}
	if invalid > 0 {
		return cmdutil.ErrProblem
	}
	return nil
}

func writeImport(ios *iostreams.IOStreams, reports []*catalog.ImportReport) {
	counts := map[catalog.FileStatus]int{}
	files, orphans := 0, 0
	for _, rep := range reports {
		for _, f := range rep.Files {
			counts[f.Status]++
			files++
			line := fmt.Sprintf("%s %s", paintStatus(ios, string(f.Status)), f.File)
			if n := len(f.Entities); n > 0 && f.Status != catalog.FileInvalid {
				line += ios.Dim(fmt.Sprintf(" (%d %s)", n, cmdutil.Plural(n, "entity", "entities")))
			}
			fmt.Fprintln(ios.Out, line)
			for _, c := range f.Conflicts {
				fmt.Fprintf(ios.Out, "  %s %s is managed by %s: not imported\n", paintStatus(ios, string(catalog.Conflict)), c.Ref, c.Owner)
			}
			if len(f.Conflicts) > 0 {
				fmt.Fprintf(ios.Out, "  %s %s\n", ios.Dim("hint:"), f.Conflicts[0].Hint())
			}
			if f.Status == catalog.FileInvalid {
				for l := range strings.SplitSeq(f.Error, "\n") {
					fmt.Fprintf(ios.Out, "  %s\n", strings.TrimSpace(l))
				}
				if h := cmdutil.Hint(f.Err); h != "" {
					fmt.Fprintf(ios.Out, "  %s %s\n", ios.Dim("hint:"), h)
				}
			}
		}
		for _, e := range rep.LocationErrors {
			fmt.Fprintf(ios.Out, "%s %s\n", paintStatus(ios, "target"), e.Error())
			if e.Fix != "" {
				fmt.Fprintf(ios.Out, "  %s %s\n", ios.Dim("hint:"), e.Fix)
			}
		}
		if n := len(rep.Skipped); n > 0 {
			fmt.Fprintf(ios.ErrOut, "Skipped %d other YAML %s: not catalog-info.yaml or *.catalog.yaml, and no Location lists %s (--glob '**/*.yaml' reads them; -o json lists them):\n",
				n, cmdutil.Plural(n, "file", "files"), cmdutil.Plural(n, "it", "them"))
			for i, sk := range rep.Skipped {
				if i == 5 {
					fmt.Fprintf(ios.ErrOut, "  ... and %d more\n", n-5)
					break
				}
				fmt.Fprintf(ios.ErrOut, "  %s\n", sk.File)
			}
		}
		orphans += len(rep.Orphans)
		writeOrphans(ios, rep)
	}
	summary := fmt.Sprintf("%d %s: %d added, %d updated, %d unchanged, %d invalid", files, cmdutil.Plural(files, "file", "files"),
		counts[catalog.FileAdded], counts[catalog.FileUpdated], counts[catalog.FileUnchanged], counts[catalog.FileInvalid])
	if orphans > 0 {
		summary += fmt.Sprintf("; %d %s", orphans, cmdutil.Plural(orphans, "orphan", "orphans"))
	}
	if files == 0 {
		summary = "No catalog files found (catalog-info.yaml or *.catalog.yaml)"
	}
	fmt.Fprintln(ios.ErrOut, summary)
}

// newProgress draws "Reading catalog files [===   ] 120/4000" on ErrOut
// when it is a terminal and there are enough files to wait for.
func newProgress(ios *iostreams.IOStreams, total int) *progress {
	return &progress{progressbar.New(ios, progressbar.Options{Label: "Reading catalog files", Gauge: true, MinTotal: 50})}
}

type progress struct{ bar *progressbar.Bar }

func (p *progress) update(done, total int) { p.bar.Update(done, total) }
func (p *progress) done()                  { p.bar.Done() }
