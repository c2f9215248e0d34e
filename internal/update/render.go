package update

import (
	"context"
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/paved-dev/paved/internal/limits"
	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/merge"
	"github.com/paved-dev/paved/internal/project"
	"github.com/paved-dev/paved/internal/scaffold"
	"github.com/paved-dev/paved/internal/semver"
	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/internal/tmpl"
)

// Sources resolves templates and lists a git template's tags;
// *source.Sources is one.
type Sources interface {
	Resolve(ctx context.Context, ref string) (*source.Template, error)
	Tags(ctx context.Context, t *source.Template) ([]string, error)
}

// Files is a tree of files by slash-separated path.
type Files map[string]*merge.Blob

// Paths lists the files' paths, sorted.
func (f Files) Paths() []string {
	out := make([]string, 0, len(f))
	for p := range f {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Rendered is one version of a template rendered with a project's answers.
type Rendered struct {
	Template *source.Template
	Manifest *manifest.Manifest
	Plan     *scaffold.Plan
	Record   *project.File // what the render's .paved.yaml says
	Files    Files         // the plan's files, .paved.yaml left out
}

// Version is the rendered template's spec.version.
func (r *Rendered) Version() string { return r.Manifest.Spec.Version }

// Render renders template t with values, as `paved new` does (the same
// .Template and .Paved data, so the same answers give the same bytes).
func Render(ctx context.Context, t *source.Template, m *manifest.Manifest, values manifest.Values, pavedVersion string) (*Rendered, error) {
	return RenderWith(ctx, t, m, values, pavedVersion, limits.Limits{})
}

// RenderWith is [Render] within lim (zero fields are defaults). A render
// that would write version-control metadata (.git in any spelling) fails
// here, before anything is committed or written.
func RenderWith(ctx context.Context, t *source.Template, m *manifest.Manifest, values manifest.Values, pavedVersion string, lim limits.Limits) (*Rendered, error) {
	name := m.Metadata.Name
	if name == "" {
		name = t.Name
	}
	plan, err := scaffold.RenderWith(ctx, t, m, tmpl.Data{
		Values:   values,
		Template: tmpl.TemplateInfo{Name: name, Version: m.Spec.Version, Source: t.Source, Commit: t.Commit},
		Paved:    tmpl.PavedInfo{Version: pavedVersion},
	}, scaffold.RenderOptions{Limits: lim})
	if err != nil {
		return nil, err
	}
	r := &Rendered{Template: t, Manifest: m, Plan: plan, Files: Files{}}
	for _, f := range plan.Files {
		if f.Path == project.FileName {
			if r.Record, err = project.Parse(f.Data, project.FileName); err != nil {
				return nil, err
			}
			continue
		}
		r.Files[f.Path] = &merge.Blob{Data: f.Data, Mode: f.Mode}
	}
	dropIgnored(r.Files)
	return r, nil
}

// isGit reports whether a recorded source is a git source.
func isGit(src string) bool {
	_, ok, err := source.ParseGit(src)
	return ok && err == nil
}

// resolve finds a template by what .paved.yaml recorded, at ref for git
// sources ("" is the remote HEAD).
func resolve(ctx context.Context, src Sources, rec *project.File, ref string) (*source.Template, error) {
	if err := source.CheckRecorded(rec.Template.Source); err != nil {
		return nil, err
	}
	switch t := rec.Template; {
	case t.Source == string(source.KindBuiltin):
		return src.Resolve(ctx, t.Name)
	case isGit(t.Source):
		return src.Resolve(ctx, source.WithRef(t.Source, ref))
	default:
		return src.Resolve(ctx, t.Source)
	}
}

// load reads a resolved template's manifest.
func load(t *source.Template) (*manifest.Manifest, error) {
	m, err := manifest.Load(t.FS)
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", t.Source, err)
	}
	return m, nil
}

// ErrVersionGone is a recorded template version that can no longer be
// rendered: a built-in or directory template that moved on, a git commit
// that vanished.
var ErrVersionGone = errors.New("the recorded template version is no longer available")

// Latest resolves the version an update moves to: --to for git templates,
// else the newest semver tag (else the recorded ref); built-in and directory
// templates are used as they are now.
func Latest(ctx context.Context, src Sources, rec *project.File, to string) (*source.Template, *manifest.Manifest, error) {
	t := rec.Template
	ref := to
	if isGit(t.Source) {
		if ref == "" {
			tags, err := src.Tags(ctx, &source.Template{Kind: source.KindGit, Source: t.Source, Name: t.Name})
			if err != nil {
				return nil, nil, err
			}
			ref = t.Ref
			if len(tags) > 0 {
				ref = tags[0]
			}
		}
	} else if to != "" {
		return nil, nil, &Error{Code: 2,
			Msg: fmt.Sprintf("--to %s: template %s is not a git source, so it has no other versions", to, t.Name),
			Fix: "drop --to: built-in templates update with paved itself and directory templates are used as they are"}
	}
	tpl, err := resolve(ctx, src, rec, ref)
	if err != nil {
		return nil, nil, err
	}
	m, err := load(tpl)
	if err != nil {
		return nil, nil, err
	}
	return tpl, m, nil
}

// Recorded renders the template version .paved.yaml records, with its
// answers. It wraps [ErrVersionGone] when that version cannot be had.
func Recorded(ctx context.Context, src Sources, rec *project.File, pavedVersion string) (*Rendered, error) {
	t := rec.Template
	ref := t.Commit
	if ref == "" {
		ref = t.Ref
	}
	tpl, err := resolve(ctx, src, rec, ref)
	if err != nil {
		if isGit(t.Source) {
			return nil, fmt.Errorf("%w: %s at %s: %w", ErrVersionGone, t.Source, ref, err)
		}
		return nil, err
	}
	m, err := load(tpl)
	if err != nil {
		return nil, err
	}
	if m.Spec.Version != t.Version {
		return nil, fmt.Errorf("%w: template %s is at version %s now, the project records %s", ErrVersionGone, t.Name, m.Spec.Version, t.Version)
	}
	return Render(ctx, tpl, m, rec.Values, pavedVersion)
}

// Migrate maps answers given to version from onto the parameters of m:
// every spec.migrations entry newer than from and not newer than m's version
// applies in version order (renames, removals, then defaults for answers
// still missing). Answers to parameters m no longer declares are dropped
// and listed.
func Migrate(values manifest.Values, from string, m *manifest.Manifest) (out manifest.Values, dropped []string) {
	out = manifest.Values{}
	for k, v := range values {
		out[k] = v
	}
	migs := append([]manifest.Migration(nil), m.Spec.Migrations...)
	sort.SliceStable(migs, func(i, j int) bool { return semver.Compare(migs[i].Version, migs[j].Version) < 0 })
	for _, mig := range migs {
		if semver.Compare(mig.Version, from) <= 0 || semver.Compare(mig.Version, m.Spec.Version) > 0 {
			continue
		}
		olds := make([]string, 0, len(mig.Rename))
		for old := range mig.Rename {
			olds = append(olds, old)
		}
		sort.Strings(olds)
		for _, old := range olds {
			if v, ok := out[old]; ok {
				delete(out, old)
				if _, taken := out[mig.Rename[old]]; !taken {
					out[mig.Rename[old]] = v
				}
			}
		}
		for _, name := range mig.Remove {
			delete(out, name)
		}
		for name, v := range mig.Defaults {
			if _, ok := out[name]; !ok {
				out[name] = v
			}
		}
	}
	for k := range out {
		if m.Param(k) == nil {
			dropped = append(dropped, k)
			delete(out, k)
		}
	}
	sort.Strings(dropped)
	return out, dropped
}

// lockfiles are files that hooks (npm install, go mod tidy…) write after
// generation: they are in the first pristine commit but in no fresh render.
var lockfiles = []string{
	"package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb",
	"go.sum", "Cargo.lock", "poetry.lock", "uv.lock", "Pipfile.lock", "Gemfile.lock", "composer.lock",
}

// IsLockfile reports whether p names a dependency lockfile.
func IsLockfile(p string) bool {
	base := path.Base(p)
	for _, l := range lockfiles {
		if strings.EqualFold(base, l) {
			return true
		}
	}
	return false
}

// carryLockfiles copies into theirs every lockfile of base the new render
// does not have, so hook outputs do not look removed by the template (and a
// user's lockfile is never deleted). It returns the carried paths.
func carryLockfiles(base, theirs Files) []string {
	var carried []string
	for _, p := range base.Paths() {
		if _, ok := theirs[p]; !ok && IsLockfile(p) {
			theirs[p] = base[p]
			carried = append(carried, p)
		}
	}
	return carried
}
