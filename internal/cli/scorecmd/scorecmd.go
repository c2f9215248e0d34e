// Package scorecmd implements `paved score`.
package scorecmd

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/sync/errgroup"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/gitx"
	"github.com/paved-dev/paved/internal/iostreams"
	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/scorecard"
	"github.com/paved-dev/paved/templates"
)

// Formats are the -o values `paved score` accepts; the first is the default.
var Formats = []string{"table", "json", "sarif", "markdown", "html"}

// Options is everything `paved score` needs.
type Options struct {
	IO      *iostreams.IOStreams
	Now     func() time.Time
	Version string                            // paved's own, for SARIF
	Creds   func() (*gitx.Credentials, error) // the hosts a git token goes to, for private git sources
	// CacheDir keeps clones of git sources between runs; "" keeps them in memory.
	CacheDir string
	// Tags lists a git template's version tags, newest first: how the
	// paved-latest check learns a git paved road's current version.
	Tags func(ctx context.Context, t *source.Template) ([]string, error)

	Targets     []string // paths or git sources; default "."
	Rubric      string   // --rubric NAME|FILE
	Jobs        int      // -j
	Output      string   // -o
	MinLevel    string   // --min-level
	Catalog     bool     // --catalog
	CatalogPath string   // where --catalog reads entities and records scores
	Subpath     string   // --subpath
	Services    bool     // --services: score every service of a monorepo as its own row
	Verbose     bool     // -v: the evidence of every verdict in the table
	Skip, Only  []string // --skip, --only
	// Committed scores HEAD of local repositories instead of their work
	// trees; a fleet (several targets, --catalog) always scores HEAD.
	Committed bool
	Limits    scorecard.Limits // --cost-limit, --rubric-cost-limit, --check-timeout
}

// NewCmd builds `paved score`. Tests pass run to capture the parsed Options.
func NewCmd(d *cmdutil.Deps, run func(context.Context, *Options) error) *cobra.Command {
	if run == nil {
		run = Run
	}
	opts := &Options{IO: d.IO, Now: d.Now, Version: d.Version,
		Tags: func(ctx context.Context, t *source.Template) ([]string, error) { return d.Sources().Tags(ctx, t) }}
	cmd := &cobra.Command{
		Use:   "score [PATH|URL...]",
		Short: "Score repositories against a maturity rubric",
		Long: `Score one repository, a list of them, or every service in the catalog
against a rubric (the built-in production-readiness by default): the level
reached (bronze, silver, gold), a score, and for every failing check what to
do about it.

A target is a folder or a git source. One folder is scored as you see it:
tracked and untracked files that git does not ignore, without deleted ones,
so a fix counts before it is committed; --committed scores HEAD exactly. A
fleet (several targets, or --catalog) scores each repository's HEAD. A folder
outside git is scored whole, minus what its .gitignore files ignore. A git
source is https://host/org/repo.git, git::URL//SUBDIR?ref=REF,
file:///path, or a GitHub/GitLab tree address. Private repositories use
PAVED_GIT_TOKEN (else GITHUB_TOKEN). Exemptions agreed by a team live in the
scored repository's .paved/exemptions.yaml.

A rubric may come from a stranger: each check stops with an error past
--cost-limit CEL cost units or --check-timeout, and a rubric past
--rubric-cost-limit per repository. No read leaves the scored folder, even
through a symlink, and only regular files up to 1 MiB are read.

-o json follows scorecard/schema/report.schema.json; -o sarif is SARIF 2.1.0
for GitHub code scanning; -o markdown suits a pull-request comment; -o html
is one self-contained page with fleet charts.

Exit status: 0 when scored (and, with --min-level, every repository reached
it), 1 when a repository is below --min-level or could not be scored, 2 for
bad flags or a bad rubric.`,
		Example: `  # how mature is this repository, and what should we fix first?
  paved score

  # gate CI: fail below silver, and keep a SARIF for GitHub code scanning
  paved score --min-level silver -o sarif > paved.sarif

  # one package of a monorepo, a remote repository at a tag
  paved score --subpath services/orders
  paved score 'git::https://github.com/acme/orders.git?ref=v1.4.0'

  # a whole fleet: every service in the catalog, 4 at a time, as one HTML page
  paved score --catalog -j 4 -o html > fleet.html

  # a team's own rubric, only two of its checks
  paved score --rubric examples/rubrics/api-guidelines.yaml --only openapi-spec --only api-versioning`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Targets = args
			opts.CatalogPath = d.CatalogPath()
			opts.Creds = d.GitCredentials
			opts.CacheDir = d.CacheDir()
			return run(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Rubric, "rubric", "production-readiness", "built-in rubric name or rubric file")
	f.IntVarP(&opts.Jobs, "jobs", "j", 1, "repositories scored in parallel")
	cmdutil.OutputFlag(cmd, &opts.Output, Formats...)
	f.StringVar(&opts.MinLevel, "min-level", "", "exit 1 when a repository is below this level")
	f.BoolVar(&opts.Catalog, "catalog", false, "score every catalog component with a source location and record the results")
	f.StringVar(&opts.Subpath, "subpath", "", "score only this folder of each repository (a monorepo package)")
	f.BoolVar(&opts.Services, "services", false, "find the services of each repository (catalog-info.yaml, Dockerfile, or a manifest with an entry point) and score each as its own row")
	f.BoolVarP(&opts.Verbose, "verbose", "v", false, "show the evidence of every verdict: the file, line and text that decided a pass, what was looked for on a fail")
	f.StringSliceVar(&opts.Skip, "skip", nil, "leave out a check (repeatable)")
	f.StringSliceVar(&opts.Only, "only", nil, "run only this check (repeatable)")
	f.BoolVar(&opts.Committed, "committed", false, "score HEAD of a local repository, not its work tree (the default for fleets)")
	f.Uint64Var(&opts.Limits.CheckCost, "cost-limit", scorecard.DefaultCheckCost, "CEL cost units one check may spend")
	f.Uint64Var(&opts.Limits.RubricCost, "rubric-cost-limit", scorecard.DefaultRubricCost, "CEL cost units all checks may spend on one repository")
	f.DurationVar(&opts.Limits.CheckTime, "check-timeout", scorecard.DefaultCheckTime, "time one check may take")
	_ = cmd.RegisterFlagCompletionFunc("rubric", cobra.FixedCompletions(scorecard.BuiltinRubrics(), cobra.ShellCompDirectiveDefault))
	return cmd
}

// target is one repository to score.
type target struct {
	arg     string // path or git source
	entity  string // catalog entity ref, when from --catalog
	subpath string // the folder scored; --subpath unless --services found it
	service bool   // found by --services: named arg//subpath
}

// Run scores opts.Targets (or the catalog) and writes the report.
func Run(ctx context.Context, opts *Options) error {
	if err := cmdutil.CheckOutput(opts.Output, Formats...); err != nil {
		return err
	}
	if opts.Jobs < 1 {
		return cmdutil.WithHint(cmdutil.BadInputf("-j %d: need at least 1", opts.Jobs), "use -j 1 (default) up to the number of CPUs")
	}
	rubric, err := scorecard.LoadRubric(opts.Rubric)
	if err != nil {
		return err
	}
	if opts.Limits.CheckTime < 0 {
		return cmdutil.WithHint(cmdutil.BadInputf("--check-timeout %s: must not be negative", opts.Limits.CheckTime),
			fmt.Sprintf("the default is %s", scorecard.DefaultCheckTime))
	}
	rubric.Limits = opts.Limits // zero fields take the defaults
	sel := scorecard.Selection{Only: opts.Only, Skip: opts.Skip}
	if err := sel.Validate(rubric); err != nil {
		return err
	}
	if opts.MinLevel != "" && rubric.LevelIndex(opts.MinLevel) < 0 {
		return cmdutil.WithHint(cmdutil.BadInputf("--min-level %q is not a level of rubric %s", opts.MinLevel, rubric.Metadata.Name),
			"use one of: "+strings.Join(rubric.Spec.Levels, ", "))
	}
	targets, store, err := collectTargets(ctx, opts)
	if err != nil {
		return err
	}
	if store != nil {
		defer store.Close()
	}
	now := opts.Now()
	for i := range targets {
		targets[i].subpath = opts.Subpath
	}
	// one repository is scored as the user sees it, even split into its
	// services; a fleet is scored at HEAD
	committed := opts.Committed || len(targets) > 1 || opts.Catalog
	if opts.Services {
		targets = services(ctx, opts, targets, now, committed)
	}
	results := make([]*scorecard.Result, len(targets))
	latest := latestVersions(ctx, opts.Tags)
	progress := newProgress(opts.IO, len(targets))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(opts.Jobs)
	for i, t := range targets {
		if gctx.Err() != nil {
			break // Ctrl-C: start no other repository
		}
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			results[i] = scoreOne(gctx, opts, rubric, sel, t, now, latest, committed)
			progress.done()
			return gctx.Err()
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	progress.finish()
	rep := scorecard.NewReport(rubric, results, now)
	if store != nil {
		// Scoring is done and recording is quick: a signal now must not
		// leave some scores recorded under "nothing was changed".
		if err := record(context.WithoutCancel(ctx), store, rubric, results, now); err != nil {
			return err
		}
	}
	if err := write(opts, rep, rubric); err != nil {
		return err
	}
	return verdict(opts, rep, rubric)
}

func isDir(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.IsDir()
}

func collectTargets(ctx context.Context, opts *Options) ([]target, catalog.Store, error) {
	var targets []target
	if opts.Catalog {
		store, err := catalog.Open(ctx, opts.CatalogPath)
		if err != nil {
			return nil, nil, err
		}
		entities, err := store.List(ctx, catalog.Filter{Kind: "Component"})
		if err != nil {
			store.Close()
			return nil, nil, err
		}
		for _, e := range entities {
			if dir := e.LocalDir(); dir != "" && isDir(dir) {
				// Registered from this machine: score the local clone (its HEAD),
				// pushed to its source-location or not.
				targets = append(targets, target{arg: dir, entity: e.Ref().String()})
			} else if loc := e.SourceLocation(); loc != "" {
				// Backstage keeps web addresses (…/tree/main/…): score the git repository behind them.
				// A location read from a catalog file brings no credentials of its own.
				targets = append(targets, target{arg: gitx.FromBrowseURL(gitx.Redact(loc)), entity: e.Ref().String()})
			}
		}
		if len(targets) == 0 {
			store.Close()
			return nil, nil, cmdutil.WithHint(cmdutil.BadInputf("the catalog %s has no component with a source location", store.Path()),
				"register services first: paved catalog register PATH|URL")
		}
		for _, a := range opts.Targets {
			targets = append(targets, target{arg: a})
		}
		return targets, store, nil
	}
	if len(opts.Targets) == 0 {
		opts.Targets = []string{"."}
	}
	for i, a := range opts.Targets {
		a = gitx.FromBrowseURL(a)
		opts.Targets[i] = a
		if !gitx.IsSource(a) {
			if info, err := os.Stat(a); err != nil || !info.IsDir() {
				return nil, nil, cmdutil.WithHint(cmdutil.BadInputf("%s is not a folder or a git source", a),
					"pass a folder, an https://…/repo.git URL or git::URL//SUBDIR?ref=REF")
			}
			if opts.Subpath != "" {
				if info, err := os.Stat(filepath.Join(a, opts.Subpath)); err != nil || !info.IsDir() {
					return nil, nil, cmdutil.WithHint(cmdutil.BadInputf("--subpath %s: no such folder in %s", opts.Subpath, a),
						"give the package's folder relative to the repository, e.g. --subpath services/orders")
				}
			}
		}
		targets = append(targets, target{arg: a})
	}
	return targets, nil, nil
}

// openTarget opens the snapshot of one target: a git source cloned with the
// credentials of its host, or a local folder (its work tree, or HEAD when
// committed).
func openTarget(ctx context.Context, opts *Options, t target, now time.Time, committed bool, latest func(string, string) string) (*scorecard.Snapshot, error) {
	if !gitx.IsSource(t.arg) {
		return scorecard.OpenLocal(ctx, t.arg, scorecard.DirOptions{Subpath: t.subpath, Now: now, Committed: committed, LatestVersion: latest})
	}
	src, _, err := gitx.ParseSource(t.arg)
	if err != nil {
		return nil, err
	}
	var creds *gitx.Credentials
	if opts.Creds != nil && strings.HasPrefix(src.Scheme, "http") {
		if creds, err = opts.Creds(); err != nil {
			return nil, err
		}
	}
	return scorecard.OpenSource(ctx, t.arg, scorecard.SourceOptions{Subpath: t.subpath, Now: now, LatestVersion: latest,
		CacheDir: opts.CacheDir, Credentials: creds})
}

// scoreOne never fails the run: a repository that cannot be read is a result with Error.
func scoreOne(ctx context.Context, opts *Options, r *scorecard.Rubric, sel scorecard.Selection, t target, now time.Time, latest func(string, string) string, committed bool) *scorecard.Result {
	snap, err := openTarget(ctx, opts, t, now, committed, latest)
	if err != nil {
		repo := t.arg
		if t.entity != "" {
			repo = t.entity
		}
		return &scorecard.Result{Repo: repo, Entity: t.entity, Error: err.Error(), Checks: []scorecard.CheckResult{}}
	}
	res := scorecard.Evaluate(ctx, r, snap, sel)
	if t.entity != "" {
		res.Entity, res.Repo = t.entity, t.entity
	}
	if t.service && t.subpath != "" {
		res.Repo = strings.TrimSuffix(res.Repo, "/") + "//" + t.subpath
	}
	return res
}

// services replaces each target by the services found in it, each scored
// with its folder as subpath. A target that cannot be opened stays, so its
// error is reported.
func services(ctx context.Context, opts *Options, targets []target, now time.Time, committed bool) []target {
	var out []target
	for _, t := range targets {
		snap, err := openTarget(ctx, opts, t, now, committed, nil)
		if err != nil {
			out = append(out, t)
			continue
		}
		for _, svc := range scorecard.FindServices(snap) {
			n := t
			n.subpath = path.Join(t.subpath, svc)
			if n.subpath == "." {
				n.subpath = ""
			}
			n.service = svc != ""
			out = append(out, n)
		}
	}
	return out
}

// latestVersions knows the current version of every built-in template and,
// through tags, of git templates: one tag listing per source however many
// repositories use it. A source that cannot be reached gives "" (unknown),
// which makes paved-latest not applicable rather than failed.
func latestVersions(ctx context.Context, tags func(context.Context, *source.Template) ([]string, error)) func(name, source string) string {
	builtins := sync.OnceValue(func() map[string]string {
		out := map[string]string{}
		for _, name := range templates.Names() {
			sub, err := fs.Sub(templates.FS, name)
			if err != nil {
				continue
			}
			if m, err := manifest.Load(sub); err == nil {
				out[name] = m.Spec.Version
			}
		}
		return out
	})
	var mu sync.Mutex
	git := map[string]func() string{}
	return func(name, src string) string {
		switch {
		case src == "" || src == "builtin":
			return builtins()[name]
		case tags == nil || !strings.HasPrefix(src, "git::"):
			return "" // a folder template has no versions paved can compare
		}
		mu.Lock()
		latest, ok := git[src]
		if !ok {
			latest = sync.OnceValue(func() string {
				lctx, cancel := context.WithTimeout(ctx, 20*time.Second)
				defer cancel()
				list, err := tags(lctx, &source.Template{Kind: source.KindGit, Source: src, Name: name})
				if err != nil || len(list) == 0 {
					return ""
				}
				return strings.TrimPrefix(list[0], "v")
			})
			git[src] = latest
		}
		mu.Unlock()
		return latest()
	}
}

func record(ctx context.Context, store catalog.Store, r *scorecard.Rubric, results []*scorecard.Result, now time.Time) error {
	for _, res := range results {
		if res.Entity == "" || res.Error != "" {
			continue
		}
		data, err := json.Marshal(res)
		if err != nil {
			return fmt.Errorf("record score of %s: %w", res.Entity, err)
		}
		err = store.RecordScore(ctx, catalog.ScoreRecord{EntityRef: res.Entity, Rubric: r.Metadata.Name, Level: res.Level,
			Score: res.Score / 100, Passed: res.Counts.Pass, Failed: res.Counts.Fail + res.Counts.Error,
			Total: res.Counts.Pass + res.Counts.Fail + res.Counts.Error, At: now, Report: data})
		if err != nil {
			return fmt.Errorf("record score of %s: %w", res.Entity, err)
		}
	}
	return nil
}

func write(opts *Options, rep *scorecard.Report, r *scorecard.Rubric) error {
	out := opts.IO.Out
	switch opts.Output {
	case "json":
		return scorecard.WriteJSON(out, rep)
	case "sarif":
		return scorecard.WriteSARIF(out, rep, r, opts.Version)
	case "markdown":
		return scorecard.WriteMarkdown(out, rep)
	case "html":
		return scorecard.WriteHTML(out, rep)
	}
	if opts.Verbose {
		return scorecard.WriteTableVerbose(out, rep, opts.IO)
	}
	return scorecard.WriteTable(out, rep, opts.IO)
}

// verdict turns repositories below --min-level, or not scored, into exit 1
// after the report has been written.
func verdict(opts *Options, rep *scorecard.Report, r *scorecard.Rubric) error {
	var failed []string
	for _, res := range rep.Results {
		if res.Error != "" {
			fmt.Fprintf(opts.IO.ErrOut, "%s could not be scored: %s\n", res.Repo, res.Error)
			failed = append(failed, res.Repo)
		}
	}
	if opts.MinLevel != "" {
		var below []string
		for _, res := range rep.Below(r, opts.MinLevel) {
			if res.Error == "" {
				below = append(below, fmt.Sprintf("%s (%s)", res.Repo, levelOrNone(res.Level)))
			}
		}
		if len(below) > 0 {
			fmt.Fprintf(opts.IO.ErrOut, "below %s: %s\n", opts.MinLevel, strings.Join(below, ", "))
			failed = append(failed, below...)
		}
	}
	if len(failed) > 0 {
		return cmdutil.ErrProblem
	}
	return nil
}

func levelOrNone(l string) string {
	if l == "" {
		return "no level"
	}
	return l
}

// progress prints "scored N/M" on ErrOut for fleets, only on a terminal.
type progress struct {
	io    *iostreams.IOStreams
	total int
	mu    sync.Mutex
	n     int
}

func newProgress(io *iostreams.IOStreams, total int) *progress {
	return &progress{io: io, total: total}
}

func (p *progress) on() bool { return p.total > 1 && p.io.ShowProgress() }

func (p *progress) done() {
	if !p.on() {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	fmt.Fprintf(p.io.ErrOut, "\rscored %d/%d", p.n, p.total)
}

func (p *progress) finish() {
	if p.on() {
		fmt.Fprint(p.io.ErrOut, "\r\x1b[K")
	}
}
