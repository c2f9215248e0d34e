package fleet

import (
	"context"
	"os"
	"path"
	"path/filepath"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/internal/gitx"
	"github.com/paved-dev/paved/scorecard"
)

// collectTargets turns the arguments, or the catalog's components, into the
// repositories to score. A fleet (several targets, the catalog) is scored
// at HEAD; one repository as the user sees it.
func collectTargets(ctx context.Context, r *run) error {
	var err error
	if r.opts.Catalog {
		r.targets, err = catalogTargets(ctx, r)
	} else {
		r.targets, err = argTargets(r.opts)
	}
	if err != nil {
		return err
	}
	for i := range r.targets {
		r.targets[i].subpath = r.opts.Subpath
	}
	r.committed = r.opts.Committed || len(r.targets) > 1 || r.opts.Catalog
	return nil
}

// catalogTargets opens the catalog (kept open to record the scores) and
// lists its components with a source, this shard's share of them, then the
// extra arguments.
func catalogTargets(ctx context.Context, r *run) ([]target, error) {
	store, err := r.env.OpenCatalog(ctx)
	if err != nil {
		return nil, err
	}
	r.store = store
	all, err := services(ctx, store)
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, badInput("register services first: paved catalog register PATH|URL",
			"the catalog "+store.Path()+" has no component with a source location")
	}
	targets := r.opts.Shard.pick(all)
	for _, a := range r.opts.Targets {
		targets = append(targets, target{arg: a})
	}
	return targets, nil
}

// services lists the catalog's components that can be scored, sorted by
// reference: each with its local clone or its source location.
func services(ctx context.Context, store catalog.Store) ([]target, error) {
	entities, err := store.List(ctx, catalog.Filter{Kind: "Component"})
	if err != nil {
		return nil, err
	}
	var out []target
	for _, e := range entities {
		if dir := e.LocalDir(); dir != "" && isDir(dir) {
			// Registered from this machine: score the local clone (its HEAD),
			// pushed to its source-location or not.
			out = append(out, target{arg: dir, entity: e.Ref().String()})
		} else if loc := e.SourceLocation(); loc != "" {
			// Backstage keeps web addresses (…/tree/main/…): score the git repository behind them.
			// A location read from a catalog file brings no credentials of its own.
			out = append(out, target{arg: gitx.FromBrowseURL(gitx.Redact(loc)), entity: e.Ref().String()})
		}
	}
	return out, nil
}

// argTargets checks each argument is a folder or a git source.
func argTargets(o Options) ([]target, error) {
	args := o.Targets
	if len(args) == 0 {
		args = []string{"."}
	}
	var targets []target
	for _, a := range args {
		a = gitx.FromBrowseURL(a)
		if !gitx.IsSource(a) {
			if !isDir(a) {
				return nil, badInput("pass a folder, an https://…/repo.git URL or git::URL//SUBDIR?ref=REF",
					a+" is not a folder or a git source")
			}
			if o.Subpath != "" && !isDir(filepath.Join(a, o.Subpath)) {
				return nil, badInput("give the package's folder relative to the repository, e.g. --subpath services/orders",
					"--subpath "+o.Subpath+": no such folder in "+a)
			}
		}
		targets = append(targets, target{arg: a})
	}
	return targets, nil
}

func isDir(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.IsDir()
}

// splitServices replaces each target by the services found in it, each
// scored with its folder as subpath. A target that cannot be opened stays,
// so its error is reported.
func splitServices(ctx context.Context, r *run) error {
	if !r.opts.Services {
		return nil
	}
	var out []target
	for _, t := range r.targets {
		snap, err := r.open(ctx, t, nil)
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
	r.targets = out
	return nil
}
