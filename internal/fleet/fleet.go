package fleet

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/internal/gitx"
	"github.com/paved-dev/paved/internal/progress"
	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/scorecard"
)

// Env is what the world provides to a scoring run: the clock, git access,
// the catalog and where progress goes. Never streams or flags.
type Env struct {
	Now      func() time.Time
	Creds    func() (*gitx.Credentials, error) // the hosts a git token goes to, for private git sources
	CacheDir string                            // keeps clones of git sources between runs; "" keeps them in memory
	// Tags lists a git template's version tags, newest first: how the
	// paved-latest check learns a git paved road's current version.
	Tags func(ctx context.Context, t *source.Template) ([]string, error)
	// OpenCatalog opens the catalog --catalog reads services from and
	// records scores in; Score closes what it opened.
	OpenCatalog func(ctx context.Context) (catalog.Store, error)
	Progress    progress.Func // told as each repository is scored; may be nil
}

// Options are the choices of one scoring run.
type Options struct {
	Targets   []string // paths or git sources; default "."
	Rubric    string   // built-in rubric name or rubric file
	Jobs      int      // repositories scored in parallel
	MinLevel  string   // the level every repository must reach; "" for no verdict on levels
	Catalog   bool     // score every catalogued component with a source, and record the results
	Subpath   string   // score only this folder of each repository
	Services  bool     // score every service of a monorepo as its own row
	Only      []string // run only these checks
	Skip      []string // leave these checks out
	Committed bool     // score HEAD of local repositories; a fleet always does
	Limits    scorecard.Limits
	Shard     Shard  // with Catalog: score only this share of the services
	Round     string // with Catalog: the round the recorded scores belong to
}

// Run is the outcome of [Score].
type Run struct {
	Rubric  *scorecard.Rubric
	Report  *scorecard.Report
	Verdict Verdict
}

// target is one repository to score.
type target struct {
	arg     string // path or git source
	entity  string // catalog entity ref, when from --catalog
	subpath string // the folder scored; Subpath unless Services found it
	service bool   // found by Services: named arg//subpath
}

// run is the state one [Score] call passes between its steps.
type run struct {
	env       Env
	opts      Options
	rubric    *scorecard.Rubric
	sel       scorecard.Selection
	store     catalog.Store
	targets   []target
	now       time.Time
	committed bool
	results   []*scorecard.Result
	report    *scorecard.Report
}

// Score scores the repositories opts names (or the catalog's services) and,
// with Catalog, records each result. A repository that cannot be read is a
// result with Error, not a failed run; the verdict says which ones fell
// short. The error is for bad options, an unreadable catalog or ctx.
func Score(ctx context.Context, env Env, opts Options) (*Run, error) {
	r := &run{env: env, opts: opts, now: env.Now()}
	defer r.close()
	steps := []func(context.Context, *run) error{
		loadRubric, collectTargets, splitServices, scoreAll, summarise, record,
	}
	for _, step := range steps {
		if err := step(ctx, r); err != nil {
			return nil, err
		}
	}
	return &Run{Rubric: r.rubric, Report: r.report, Verdict: Judge(r.report, r.rubric, opts.MinLevel)}, nil
}

func (r *run) close() {
	if r.store != nil {
		r.store.Close()
	}
}

// loadRubric loads the rubric and checks every option that depends on it,
// before any repository is touched.
func loadRubric(_ context.Context, r *run) error {
	o := r.opts
	if o.Jobs < 1 {
		return badInput("use -j 1 (default) up to the number of CPUs", fmt.Sprintf("-j %d: need at least 1", o.Jobs))
	}
	rubric, err := scorecard.LoadRubric(o.Rubric)
	if err != nil {
		return err
	}
	if o.Limits.CheckTime < 0 {
		return badInput(fmt.Sprintf("the default is %s", scorecard.DefaultCheckTime),
			fmt.Sprintf("--check-timeout %s: must not be negative", o.Limits.CheckTime))
	}
	rubric.Limits = o.Limits // zero fields take the defaults
	r.sel = scorecard.Selection{Only: o.Only, Skip: o.Skip}
	if err := r.sel.Validate(rubric); err != nil {
		return err
	}
	if o.MinLevel != "" && rubric.LevelIndex(o.MinLevel) < 0 {
		return badInput("use one of: "+strings.Join(rubric.Spec.Levels, ", "),
			fmt.Sprintf("--min-level %q is not a level of rubric %s", o.MinLevel, rubric.Metadata.Name))
	}
	if err := checkShardOptions(o); err != nil {
		return err
	}
	r.rubric = rubric
	return nil
}

// scoreAll scores every target, Jobs at a time. Ctrl-C starts no other
// repository and ends the run with ctx's error.
func scoreAll(ctx context.Context, r *run) error {
	r.results = make([]*scorecard.Result, len(r.targets))
	latest := latestVersions(ctx, r.env.Tags)
	var done atomic.Int64
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(r.opts.Jobs)
	for i, t := range r.targets {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			r.results[i] = scoreOne(gctx, r, t, latest)
			r.env.Progress.Report(int(done.Add(1)), len(r.targets))
			return gctx.Err()
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return ctx.Err()
}

func summarise(_ context.Context, r *run) error {
	r.report = scorecard.NewReport(r.rubric, r.results, r.now)
	return nil
}
