package update

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/paved-dev/paved/internal/gitx"
	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/project"
	"github.com/paved-dev/paved/internal/semver"
	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/internal/tmpl"
)

// FileChange is one file a template version changes, for `paved check`.
type FileChange struct {
	Path   string `json:"path"`
	Change string `json:"change"` // added, modified or removed
}

// CheckResult says whether a project is behind its template.
type CheckResult struct {
	Template  string `json:"template"`
	Source    string `json:"source"`
	Current   string `json:"current"`
	Latest    string `json:"latest"`
	LatestRef string `json:"latestRef,omitempty"` // the git tag of Latest
	Behind    bool   `json:"behind"`
	// Changes are the files the newer version adds, modifies or removes,
	// rendered with the project's answers; nil when not computed (see Note).
	Changes []FileChange `json:"changes,omitempty"`
	Note    string       `json:"note,omitempty"`
}

// CheckOptions say what `paved check` looks at.
type CheckOptions struct {
	Dir string
	// Changes lists the files that change upstream also for git templates,
	// which costs a fetch of the newest version; built-in and directory
	// templates always list them.
	Changes bool
}

// Check compares the project's template version with the newest one. For
// a git template it costs one listing of the remote's tags (plus a fetch
// with o.Changes); for built-in and directory templates no network at all.
func Check(ctx context.Context, env Env, o CheckOptions) (*CheckResult, error) {
	rec, err := project.Read(o.Dir)
	if err != nil {
		return nil, err
	}
	if isGit(rec.Template.Source) && !o.Changes {
		if res, err := Versions(ctx, env.Sources, rec); err != nil || res.LatestRef != "" {
			return res, err
		}
		// No semver tags: only the template's own version tells.
	}
	t := rec.Template
	res := &CheckResult{Template: t.Name, Source: t.Source, Current: t.Version}
	tpl, m, err := Latest(ctx, env.Sources, rec, "")
	if err != nil {
		return nil, err
	}
	res.Latest, res.LatestRef = m.Spec.Version, tpl.Ref
	res.Behind = semver.Compare(m.Spec.Version, t.Version) > 0
	if !res.Behind {
		return res, nil
	}
	values, _ := Migrate(rec.Values, t.Version, m)
	values, err = withDefaults(m, values)
	if err == nil {
		var theirs *Rendered
		if theirs, err = RenderWith(ctx, tpl, m, values, env.PavedVersion, env.Limits); err == nil {
			var baseFiles Files
			if baseFiles, err = checkBase(ctx, env, o.Dir, rec); err == nil {
				carryLockfiles(baseFiles, theirs.Files)
				res.Changes = changesBetween(baseFiles, theirs.Files)
			}
		}
	}
	if err != nil {
		res.Note = "cannot list the files that change: " + err.Error()
	}
	return res, nil
}

// Versions says whether a project record is behind its template, from
// versions alone: a git template's newest semver tag (one listing of the
// remote's tags; LatestRef is "" when it has none), else the spec.version
// of the built-in or directory template at hand. It reads no project
// files, so it also serves a repository snapshot's .paved.yaml (the
// scorecard's "on the latest paved-road version" fact).
func Versions(ctx context.Context, src Sources, rec *project.File) (*CheckResult, error) {
	t := rec.Template
	res := &CheckResult{Template: t.Name, Source: t.Source, Current: t.Version}
	if isGit(t.Source) {
		tags, err := src.Tags(ctx, gitTemplate(rec))
		if err != nil {
			return nil, err
		}
		if len(tags) > 0 {
			res.LatestRef = tags[0]
			res.Latest = strings.TrimPrefix(tags[0], "v")
			res.Behind = semver.Compare(res.Latest, t.Version) > 0
			if res.Behind {
				res.Note = "pass --changes to list the files that change (fetches " + tags[0] + ")"
			}
		}
		return res, nil
	}
	_, m, err := Latest(ctx, src, rec, "")
	if err != nil {
		return nil, err
	}
	res.Latest = m.Spec.Version
	res.Behind = semver.Compare(m.Spec.Version, t.Version) > 0
	return res, nil
}

func gitTemplate(rec *project.File) *source.Template {
	return &source.Template{Kind: source.KindGit, Source: rec.Template.Source, Name: rec.Template.Name}
}

// checkBase is what the project's recorded version generated: a render of
// it when that version can still be had (the template's own change, hooks
// aside), else the pristine commit in the project's history.
func checkBase(ctx context.Context, env Env, dir string, rec *project.File) (Files, error) {
	r, rerr := Recorded(ctx, env.Sources, rec, env.PavedVersion)
	if rerr == nil {
		return r.Files, nil
	}
	repo, err := gitx.OpenRepo(dir)
	if err != nil {
		if errors.Is(err, gitx.ErrNotRepo) {
			return nil, rerr
		}
		return nil, err
	}
	if _, _, err := repo.Head(); err != nil {
		return nil, rerr
	}
	b, err := historyBase(ctx, repo, rec)
	if err != nil {
		return nil, err
	}
	if b == nil {
		return nil, rerr
	}
	return b.files, nil
}

func changesBetween(a, b Files) []FileChange {
	var out []FileChange
	for _, p := range a.Paths() {
		switch {
		case b[p] == nil:
			out = append(out, FileChange{Path: p, Change: "removed"})
		case !a[p].Equal(b[p]):
			out = append(out, FileChange{Path: p, Change: "modified"})
		}
	}
	for _, p := range b.Paths() {
		if a[p] == nil {
			out = append(out, FileChange{Path: p, Change: "added"})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// withDefaults gives every parameter without an answer its default (a
// string default rendered over the answers so far), as `paved update
// --yes` would.
func withDefaults(m *manifest.Manifest, values manifest.Values) (manifest.Values, error) {
	out := manifest.Values{}
	for k, v := range values {
		out[k] = v
	}
	eng := tmpl.New(m.Delims())
	for _, p := range m.Spec.Parameters {
		if _, ok := out[p.Name]; ok || p.Default == nil {
			continue
		}
		if s, ok := p.Default.(string); ok {
			v, err := eng.Render(fmt.Sprintf("template.yaml:%d: default of %s", p.Line, p.Name), s, tmpl.Data{Values: out})
			if err != nil {
				return nil, err
			}
			out[p.Name] = v
			continue
		}
		out[p.Name] = p.Default
	}
	return out, nil
}
