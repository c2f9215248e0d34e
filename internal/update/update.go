package update

import (
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/paved-dev/paved/internal/gitx"
	"github.com/paved-dev/paved/internal/iostreams"
	"github.com/paved-dev/paved/internal/limits"
	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/merge"
	"github.com/paved-dev/paved/internal/project"
	"github.com/paved-dev/paved/internal/semver"
	"github.com/paved-dev/paved/internal/source"
)

// Options say what `paved update` does.
type Options struct {
	Dir        string // the project's root
	To         string // a git template's tag, branch or commit; "" is the newest tag
	AllowDirty bool   // run on a work tree with uncommitted changes
	DryRun     bool   // compute and show the plan, change nothing
	NoHooks    bool   // never run the template's hooks on the renders
}

// Env is what update needs from outside: templates, answers, an identity.
type Env struct {
	Sources Sources
	// Answer completes the answers for the new version: known holds the
	// project's answers after migrations; it asks for, takes from flags or
	// defaults every answer still missing, and validates them all.
	Answer func(ctx context.Context, m *manifest.Manifest, known manifest.Values) (manifest.Values, error)
	// Author is who the pristine and merge commits are by, asked for only
	// when something is committed.
	Author       func() (gitx.Signature, error)
	PavedVersion string
	// Trusted says whether a template's hooks may run, by the rules of
	// `paved new`; nil never runs them.
	Trusted func(t *source.Template) (bool, error)
	// IO shows hook titles and spinners on ErrOut; nil is silent.
	IO *iostreams.IOStreams
	// HideEnv names variables the hooks never see (the git token
	// variables of the config; PAVED_GIT_TOKEN and GITHUB_TOKEN always).
	HideEnv []string
	// Limits bound rendering the new version (zero fields are defaults).
	Limits limits.Limits
	// Wrote, when set, is called after each file update writes to the
	// work tree, with the count so far: tests interrupt an update there.
	Wrote func(n int)
}

// Change is what an update does to one file of the project.
type Change struct {
	Path   string       `json:"path"`
	Action merge.Action `json:"action"`
	Reason string       `json:"reason,omitempty"`
	// ConflictLines are the lines of conflict markers in the written file.
	ConflictLines []int `json:"conflictLines,omitempty"`
	// Diff is the unified diff from the project's file to the result
	// (--dry-run only).
	Diff string `json:"diff,omitempty"`

	before, after *merge.Blob
	write         bool // the work tree changes
}

// Result is what an update did, or would do with --dry-run.
type Result struct {
	Template string `json:"template"`
	Source   string `json:"source"`
	From     string `json:"from"`
	To       string `json:"to"`
	UpToDate bool   `json:"upToDate"`
	DryRun   bool   `json:"dryRun,omitempty"`
	// Base is the pristine commit merged from; BaseRendered says it was
	// re-rendered because the recorded pristine commit is missing.
	Base         string `json:"base,omitempty"`
	BaseRendered bool   `json:"baseRendered,omitempty"`
	Pristine     string `json:"pristine,omitempty"` // the new pristine commit
	Commit       string `json:"commit,omitempty"`   // the merge commit; "" with conflicts or --dry-run
	// Changes lists every file the update touches or had to leave alone
	// (conflicts, kept files), sorted by path.
	Changes []Change `json:"changes"`
	Carried []string `json:"carriedLockfiles,omitempty"`
	Dropped []string `json:"droppedAnswers,omitempty"`
	// HooksRun are the template's after-hooks run on the renders, in a
	// temporary folder, so their outputs are part of the pristine commit.
	HooksRun []string `json:"hooksRun,omitempty"`
	// HooksToRun are the hooks that did not run (untrusted template,
	// --no-hooks) when a dependency manifest changed: the user should.
	HooksToRun []string `json:"hooksToRun,omitempty"`
}

// Conflicts lists the changes that need the user.
func (r *Result) Conflicts() []Change {
	var out []Change
	for _, c := range r.Changes {
		if c.Action == merge.Conflict {
			out = append(out, c)
		}
	}
	return out
}

// dependencyManifests are files whose change means the hooks that install
// dependencies should run again.
var dependencyManifests = []string{"package.json", "go.mod", "requirements.txt", "pyproject.toml", "Cargo.toml", "Gemfile", "composer.json"}

// Run updates the project in o.Dir to its template's newest (or o.To)
// version with a three-way merge: base is the last pristine commit, ours
// the work tree, theirs a fresh render of the new version committed as the
// next pristine commit. A clean merge is committed with the new pristine
// commit as second parent; with conflicts the work tree holds the markers,
// nothing is committed and [Continue] finishes once they are resolved.
func Run(ctx context.Context, env Env, o Options) (*Result, error) {
	rec, err := project.Read(o.Dir)
	if err != nil {
		return nil, err
	}
	repo, err := openRepo(o.Dir)
	if err != nil {
		return nil, err
	}
	if st, err := readState(o.Dir); err != nil {
		return nil, err
	} else if st != nil {
		return nil, inProgress(st)
	}
	if !o.AllowDirty && !o.DryRun {
		dirty, err := repo.Dirty(ctx)
		if err != nil {
			return nil, err
		}
		if len(dirty) > 0 {
			return nil, &Error{Code: 2, Msg: fmt.Sprintf("the work tree has uncommitted changes: %s", listShort(dirty)),
				Fix: "commit or stash them first (a failed merge must be easy to undo), or pass --allow-dirty"}
		}
	}

	tpl, m, err := Latest(ctx, env.Sources, rec, o.To)
	if err != nil {
		return nil, err
	}
	res := &Result{Template: rec.Template.Name, Source: rec.Template.Source, From: rec.Template.Version, To: m.Spec.Version, DryRun: o.DryRun}
	if m.Spec.Version == rec.Template.Version && tpl.Commit == rec.Template.Commit {
		res.UpToDate = true
		return res, nil
	}
	if o.To == "" && semver.Compare(m.Spec.Version, rec.Template.Version) < 0 {
		return nil, &Error{Code: 1,
			Msg: fmt.Sprintf("the newest %s available is %s, older than the project's %s", rec.Template.Name, m.Spec.Version, rec.Template.Version),
			Fix: "upgrade paved (built-in templates ship with it), or pass --to REF to move a git template on purpose"}
	}
	values, dropped := Migrate(rec.Values, rec.Template.Version, m)
	res.Dropped = dropped
	if env.Answer != nil {
		if values, err = env.Answer(ctx, m, values); err != nil {
			return nil, err
		}
	}
	theirs, err := RenderWith(ctx, tpl, m, values, env.PavedVersion, env.Limits)
	if err != nil {
		return nil, err
	}
	base, err := findBase(ctx, env, repo, rec)
	if err != nil {
		return nil, err
	}
	res.Base, res.BaseRendered = base.commit, base.rendered != nil
	hooks, err := hooksTrusted(env, o, tpl, theirs)
	if err != nil {
		return nil, err
	}
	if hooks {
		name := filepath.Base(o.Dir)
		if err := runHooks(ctx, theirs, name, env); err != nil {
			return nil, hookFailed(err)
		}
		if base.rendered != nil {
			if err := runHooks(ctx, base.rendered, name, env); err != nil {
				return nil, hookFailed(err)
			}
			base.files = base.rendered.Files
		}
		for _, h := range theirs.Plan.Hooks {
			res.HooksRun = append(res.HooksRun, strings.Join(h.Run, " "))
		}
	} else {
		res.Carried = carryLockfiles(base.files, theirs.Files)
	}

	opts := merge.Options{
		Ours:     "ours",
		Base:     fmt.Sprintf("base: %s %s", rec.Template.Name, rec.Template.Version),
		Theirs:   fmt.Sprintf("theirs: %s %s", rec.Template.Name, m.Spec.Version),
		ShowBase: true,
	}
	if res.Changes, err = mergeAll(o.Dir, base.files, theirs.Files, opts); err != nil {
		return nil, err
	}
	for _, c := range res.Changes {
		if !hooks && c.write && c.after != nil && isDependencyManifest(c.Path) {
			for _, h := range theirs.Plan.Hooks {
				res.HooksToRun = append(res.HooksToRun, strings.Join(h.Run, " "))
			}
			break
		}
	}
	if o.DryRun {
		for i := range res.Changes {
			c := &res.Changes[i]
			c.Diff = unified(c.Path, c.before, c.after)
		}
		return res, nil
	}
	return res, apply(ctx, env, repo, o.Dir, rec, base, theirs, res)
}

// hooksTrusted says whether the new version's hooks run on the renders:
// the template has some, --no-hooks is absent and the template is trusted.
func hooksTrusted(env Env, o Options, tpl *source.Template, r *Rendered) (bool, error) {
	if o.NoHooks || env.Trusted == nil || len(r.Plan.Hooks) == 0 {
		return false, nil
	}
	return env.Trusted(tpl)
}

func hookFailed(err error) error {
	return &Error{Code: 1, Err: err, Msg: "running the template's hooks on its new version failed: " + err.Error(),
		Fix: "fix the cause (a missing tool, the network), or pass --no-hooks: lockfiles are then carried over and the hooks are yours to run"}
}

func isDependencyManifest(p string) bool {
	for _, name := range dependencyManifests {
		if path.Base(p) == name {
			return true
		}
	}
	return false
}

func unified(p string, a, b *merge.Blob) string {
	oldName, newName := "a/"+p, "b/"+p
	var ad, bd []byte
	if a == nil {
		oldName = "/dev/null"
	} else {
		ad = a.Data
	}
	if b == nil {
		newName = "/dev/null"
	} else {
		bd = b.Data
	}
	return merge.Unified(oldName, newName, ad, bd, 3)
}

func listShort(paths []string) string {
	const max = 5
	if len(paths) <= max {
		return strings.Join(paths, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(paths[:max], ", "), len(paths)-max)
}

func openRepo(dir string) (*gitx.Repo, error) {
	repo, err := gitx.OpenRepo(dir)
	if errors.Is(err, gitx.ErrNotRepo) {
		return nil, &Error{Code: 2, Err: err, Msg: fmt.Sprintf("%s is not the root of a git repository: paved update keeps the template's base in git history", dir),
			Fix: "run it in the project's root folder; for a project generated with --no-git: git init && git add -A && git commit -m 'Generate', then paved update"}
	}
	if err != nil {
		return nil, err
	}
	if _, _, err := repo.Head(); err != nil {
		return nil, &Error{Code: 2, Err: err, Msg: fmt.Sprintf("the git repository in %s has no commit yet", dir),
			Fix: "commit the project first (git add -A && git commit -m 'Generate'), then paved update"}
	}
	return repo, nil
}

func short(hash string) string {
	if len(hash) > 12 {
		return hash[:12]
	}
	return hash
}

// mergeAll merges every file the template has or had; files only the
// project has are never looked at.
func mergeAll(dir string, base, theirs Files, opts merge.Options) ([]Change, error) {
	seen := map[string]bool{}
	var paths []string
	for _, f := range []Files{base, theirs} {
		for p := range f {
			if !seen[p] {
				seen[p] = true
				paths = append(paths, p)
			}
		}
	}
	sort.Strings(paths)
	var changes []Change
	for _, p := range paths {
		b, t := base[p], theirs[p]
		if b.Equal(t) {
			continue // the template did not change it: the project's file is the project's
		}
		data, mode, ok, err := gitx.ReadFile(dir, p)
		if err != nil {
			return nil, err
		}
		var ours *merge.Blob
		if ok {
			if mode == filemode.Symlink {
				changes = append(changes, Change{Path: p, Action: merge.Conflict,
					Reason: "a symlink in the project, a file in the template: left alone"})
				continue
			}
			ours = blobOf(data, mode)
		}
		r := merge.File(b, ours, t, opts)
		if r.Action == merge.Unchanged && ours.Equal(r.Result) {
			continue
		}
		changes = append(changes, Change{Path: p, Action: r.Action, Reason: r.Reason, ConflictLines: r.Conflicts,
			before: ours, after: r.Result, write: !ours.Equal(r.Result)})
	}
	return changes, nil
}
