// Package catalogcmd implements `paved catalog`: register, import, list,
// show, remove, validate, export and graph over the [catalog] package.
package catalogcmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/internal/cli/cmdutil"
)

// NewCmd builds `paved catalog` and its subcommands.
func NewCmd(d *cmdutil.Deps) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "catalog",
		Short: "The service catalog: register, import, list, show, export",
		Long: `The catalog keeps Backstage-compatible entities (catalog-info.yaml) of every
service, API, system, team and resource, in a SQLite file that many paved
processes can share (--catalog-db or PAVED_CATALOG).`,
		Example: `  paved catalog register .
  paved catalog import ~/src --prune
  paved catalog list --owner payments -q orders
  paved catalog show orders
  paved catalog export --dir backstage-catalog`,
		Args: cobra.ArbitraryArgs,
		RunE: cmdutil.GroupRunE,
	}
	cmd.AddCommand(
		NewRegisterCmd(d, nil),
		NewImportCmd(d, nil),
		NewListCmd(d, nil),
		NewShowCmd(d, nil),
		NewRemoveCmd(d, nil),
		NewValidateCmd(d, nil),
		NewExportCmd(d, nil),
		NewGraphCmd(d, nil),
	)
	return cmd
}

// Opener opens the catalog when a command needs it (never at start-up).
type Opener func(ctx context.Context) (catalog.Store, error)

func opener(d *cmdutil.Deps) Opener {
	return func(ctx context.Context) (catalog.Store, error) {
		return catalog.Open(ctx, d.CatalogPath())
	}
}

// readOpener opens the catalog for a command that only reads it: the file
// is never created; a missing one is an empty catalog, with a hint.
func readOpener(d *cmdutil.Deps) Opener {
	return func(ctx context.Context) (catalog.Store, error) {
		st, err := catalog.OpenReadOnly(ctx, d.CatalogPath())
		if err == nil && catalog.Missing(st) {
			fmt.Fprintf(d.IO.ErrOut, "The catalog %s is empty: nothing is registered yet.\n  %s paved catalog register DIR or paved catalog import DIR creates it\n", st.Path(), d.IO.Dim("hint:"))
		}
		return st, err
	}
}

// RegisterFunc is what `paved new` calls after generating a service in dir:
// it registers dir/catalog-info.yaml with location file:<abs dir> and
// returns the reference of the service's entity.
func RegisterFunc(d *cmdutil.Deps) func(ctx context.Context, dir string) (string, error) {
	return func(ctx context.Context, dir string) (string, error) {
		st, err := opener(d)(ctx)
		if err != nil {
			return "", err
		}
		defer st.Close()
		rep, err := registerDir(ctx, st, dir, false, false, catalog.Limits{})
		if err != nil {
			return "", err
		}
		if err := reportError(rep); err != nil {
			return "", err
		}
		if err := conflictError(rep); err != nil {
			return "", err
		}
		if err := locationError(rep); err != nil {
			return "", err
		}
		refs := rep.Refs()
		if len(refs) == 0 {
			return "", cmdutil.BadInputf("%s has no entities to register", filepath.Join(dir, "catalog-info.yaml"))
		}
		for _, r := range refs {
			if strings.HasPrefix(r, "component:") {
				return r, nil
			}
		}
		return refs[0], nil
	}
}

// findCatalogFile returns the catalog file of dir: one of [catalog.FileNames].
func findCatalogFile(dir string) (string, error) {
	for _, name := range catalog.FileNames() {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
	}
	return "", cmdutil.WithHint(cmdutil.BadInputf("no catalog-info.yaml in %s", dir),
		"write one (see examples/catalog), name the file: paved catalog register "+filepath.Join(dir, "my.catalog.yaml")+", or use paved catalog import to find every catalog file under a folder")
}

// repoRoot is the folder placeholders may reach: the enclosing git work tree
// of dir, else dir itself.
func repoRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

// registerDir registers the catalog file of a directory (or a named file).
func registerDir(ctx context.Context, st catalog.Store, target string, prune, takeover bool, lim catalog.Limits) (*catalog.ImportReport, error) {
	abs, err := filepath.Abs(target)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, cmdutil.WithHint(cmdutil.BadInputf("register %s: %w", target, err), "give a folder with catalog-info.yaml, a catalog file or a git source (git::https://host/org/repo.git)")
	}
	file, location := abs, "file:"+abs
	if fi.IsDir() {
		if file, err = findCatalogFile(abs); err != nil {
			return nil, err
		}
	}
	root := repoRoot(filepath.Dir(file))
	rel, err := filepath.Rel(root, file)
	if err != nil {
		return nil, err
	}
	display := filepath.Join(target, filepath.Base(file))
	if !fi.IsDir() {
		display = target
	}
	files, lerrs := catalog.FollowLocations(root, []string{filepath.ToSlash(rel)}, catalog.LocationOptions{})
	first := files[0]
	rep, err := catalog.Import(ctx, st, catalog.Source{
		Root: root, Origin: location,
		Display: func(f string) string {
			if f == first {
				return display
			}
			return filepath.Join(root, filepath.FromSlash(f))
		},
	}, files, catalog.ImportOptions{Prune: prune, Takeover: takeover, Limits: lim})
	if rep != nil {
		rep.AddLocationErrors(lerrs)
	}
	return rep, err
}

// locationError reports the Location targets that could not be followed (a
// problem, exit 1): what they did find was registered.
func locationError(rep *catalog.ImportReport) error {
	if len(rep.LocationErrors) == 0 {
		return nil
	}
	return cmdutil.Problem(rep.LocationErrors)
}

// conflictError reports the entities another location manages (a problem,
// exit 1): their siblings were registered.
func conflictError(rep *catalog.ImportReport) error {
	cs := rep.Conflicts()
	if len(cs) == 0 {
		return nil
	}
	msgs := make([]string, len(cs))
	for i, c := range cs {
		msgs[i] = c.Error()
	}
	err := fmt.Errorf("%d %s managed by another location, not registered:\n  %s", len(cs), cmdutil.Plural(len(cs), "entity is", "entities are"), strings.Join(msgs, "\n  "))
	return cmdutil.Problem(cmdutil.WithHint(err, cs[0].Hint()))
}

// reportError turns the first invalid file of a registration into an error:
// bad input for a broken file, a problem for a conflict.
func reportError(rep *catalog.ImportReport) error {
	for _, f := range rep.Files {
		if f.Status != catalog.FileInvalid {
			continue
		}
		var errs catalog.Errors
		if errors.As(f.Err, &errs) {
			return errs
		}
		var ce *catalog.Error
		if errors.As(f.Err, &ce) {
			return cmdutil.Problem(ce)
		}
		return cmdutil.Problem(fmt.Errorf("%s: %s", f.File, f.Error))
	}
	return nil
}

// resolve finds the entity a user names: a full or partial reference, or a
// bare name that must match one entity of any kind.
func resolve(ctx context.Context, st catalog.Store, arg string) (*catalog.Entity, error) {
	if strings.Contains(arg, ":") {
		e, err := st.Get(ctx, arg)
		if errors.Is(err, catalog.ErrNotFound) {
			return nil, cmdutil.WithHint(cmdutil.BadInput(err), "paved catalog list shows every entity")
		}
		return e, wrapRefErr(err)
	}
	f := catalog.Filter{Name: arg}
	if ns, name, ok := strings.Cut(arg, "/"); ok {
		f.Namespace, f.Name = ns, name
	}
	found, err := st.List(ctx, f)
	if err != nil {
		return nil, err
	}
	switch len(found) {
	case 0:
		return nil, cmdutil.WithHint(cmdutil.BadInputf("no entity named %q in %s", arg, st.Path()), "paved catalog list -q "+arg+" searches names, titles and descriptions")
	case 1:
		return st.Get(ctx, found[0].Ref().String())
	}
	refs := make([]string, len(found))
	for i, e := range found {
		refs[i] = e.Ref().String()
	}
	return nil, cmdutil.WithHint(cmdutil.BadInputf("%q names %d entities: %s", arg, len(found), strings.Join(refs, ", ")), "name one with its kind, e.g. "+refs[0])
}

func wrapRefErr(err error) error {
	if err == nil {
		return nil
	}
	var se *catalog.StoreError
	if errors.As(err, &se) || errors.Is(err, catalog.ErrNotFound) {
		return err
	}
	if strings.Contains(err.Error(), "entity reference") {
		return cmdutil.WithHint(cmdutil.BadInput(err), "write [kind:][namespace/]name, e.g. component:orders")
	}
	return err
}
