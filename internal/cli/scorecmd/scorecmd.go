// Package scorecmd implements `paved score`: flags into [fleet.Options],
// one [fleet.Score] call, then the report in the asked format and the
// verdict on stderr. Scoring, recording and the verdict itself live in
// internal/fleet; this package only parses and prints.
package scorecmd

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/cli/progressbar"
	"github.com/paved-dev/paved/internal/fleet"
	"github.com/paved-dev/paved/internal/gitx"
	"github.com/paved-dev/paved/internal/iostreams"
	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/scorecard"
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
	Shard     string           // --shard K/N
	Round     string           // --round ID
	Unscored  bool             // --unscored: list the services a round missed, score nothing
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

  # a fleet spread over 8 CI jobs, then the services a lost job left out
  paved score --catalog --shard 3/8 --round "$GITHUB_RUN_ID"
  paved score --catalog --unscored --round "$GITHUB_RUN_ID"

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
	f.StringVar(&opts.Shard, "shard", "", "with --catalog: score only share K/N of the services (K from 1), for a CI matrix")
	f.StringVar(&opts.Round, "round", "", "with --catalog: record the scores as part of round ID, shared by every shard of one run")
	f.BoolVar(&opts.Unscored, "unscored", false, "with --catalog: list the services with no score in --round (default: the last round), and score nothing")
	f.BoolVar(&opts.Committed, "committed", false, "score HEAD of a local repository, not its work tree (the default for fleets)")
	f.Uint64Var(&opts.Limits.CheckCost, "cost-limit", scorecard.DefaultCheckCost, "CEL cost units one check may spend")
	f.Uint64Var(&opts.Limits.RubricCost, "rubric-cost-limit", scorecard.DefaultRubricCost, "CEL cost units all checks may spend on one repository")
	f.DurationVar(&opts.Limits.CheckTime, "check-timeout", scorecard.DefaultCheckTime, "time one check may take")
	_ = cmd.RegisterFlagCompletionFunc("rubric", cobra.FixedCompletions(scorecard.BuiltinRubrics(), cobra.ShellCompDirectiveDefault))
	return cmd
}

// Run scores opts.Targets (or the catalog) and writes the report.
func Run(ctx context.Context, opts *Options) error {
	if err := cmdutil.CheckOutput(opts.Output, Formats...); err != nil {
		return err
	}
	if opts.Unscored {
		return runUnscored(ctx, opts)
	}
	fo, err := opts.fleetOptions()
	if err != nil {
		return err
	}
	bar := progressbar.New(opts.IO, progressbar.Options{Label: "scored", MinTotal: 2})
	env := opts.env()
	env.Progress = bar.Func()
	run, err := fleet.Score(ctx, env, fo)
	bar.Done()
	if err != nil {
		return err
	}
	if err := write(opts, run.Report, run.Rubric); err != nil {
		return err
	}
	return verdict(opts.IO, run.Verdict)
}

func (o *Options) fleetOptions() (fleet.Options, error) {
	fo := fleet.Options{Targets: o.Targets, Rubric: o.Rubric, Jobs: o.Jobs, MinLevel: o.MinLevel, Catalog: o.Catalog,
		Subpath: o.Subpath, Services: o.Services, Only: o.Only, Skip: o.Skip, Committed: o.Committed, Limits: o.Limits,
		Round: o.Round}
	if o.Shard != "" {
		sh, err := fleet.ParseShard(o.Shard)
		if err != nil {
			return fo, err
		}
		fo.Shard = sh
	}
	return fo, nil
}

func (o *Options) env() fleet.Env {
	return fleet.Env{Now: o.Now, Creds: o.Creds, CacheDir: o.CacheDir, Tags: o.Tags,
		OpenCatalog: func(ctx context.Context) (catalog.Store, error) { return catalog.Open(ctx, o.CatalogPath) }}
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

// verdict prints why the run fails, if it does, after the report: exit 1.
func verdict(ios *iostreams.IOStreams, v fleet.Verdict) error {
	for _, res := range v.Unscored {
		fmt.Fprintf(ios.ErrOut, "%s could not be scored: %s\n", res.Repo, res.Error)
	}
	if len(v.Below) > 0 {
		below := make([]string, len(v.Below))
		for i, res := range v.Below {
			below[i] = fmt.Sprintf("%s (%s)", res.Repo, levelOrNone(res.Level))
		}
		fmt.Fprintf(ios.ErrOut, "below %s: %s\n", v.MinLevel, strings.Join(below, ", "))
	}
	if !v.OK() {
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
