package update

import (
	"context"
	"errors"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/paved-dev/paved/internal/gitx"
	"github.com/paved-dev/paved/internal/merge"
	"github.com/paved-dev/paved/internal/project"
)

// DiffFile is one template file the project changed.
type DiffFile struct {
	Path    string `json:"path"`
	Status  string `json:"status"` // modified, removed, mode (executable bit only)
	Added   int    `json:"added"`
	Removed int    `json:"removed"`
	Binary  bool   `json:"binary,omitempty"`
	Diff    string `json:"-"` // unified, template → project
}

// DiffResult is how far a project strayed from its template.
type DiffResult struct {
	Template string `json:"template"`
	Version  string `json:"version"`
	// Against says what the project was compared with: "pristine" (the
	// pristine commit in history) or "render" (a fresh render of the
	// recorded version, when history has none).
	Against string     `json:"against"`
	Files   []DiffFile `json:"files"`
}

// Diff compares every file paved generated for the project's recorded
// template version with the project's file. The reference is the pristine
// commit in the project's history when there is one: the render with the
// recorded answers plus what the hooks wrote (go mod tidy's go.mod and
// go.sum, npm's package-lock.json), so a fresh project shows no change.
// Without one (no git, a project that adopted paved) the recorded version
// is rendered again. Files the project added are its own and not listed;
// .paved.yaml is left out.
func Diff(ctx context.Context, env Env, dir string) (*DiffResult, error) {
	rec, err := project.Read(dir)
	if err != nil {
		return nil, err
	}
	res := &DiffResult{Template: rec.Template.Name, Version: rec.Template.Version, Against: "pristine"}
	var base Files
	if repo, err := gitx.OpenRepo(dir); err == nil {
		if _, _, herr := repo.Head(); herr == nil {
			b, err := historyBase(ctx, repo, rec)
			if err != nil {
				return nil, err
			}
			if b != nil {
				base = b.files
			}
		}
	} else if !errors.Is(err, gitx.ErrNotRepo) {
		return nil, err
	}
	if base == nil {
		res.Against = "render"
		r, err := Recorded(ctx, env.Sources, rec, env.PavedVersion)
		if errors.Is(err, ErrVersionGone) {
			return nil, &Error{Code: 1, Err: err, Msg: err.Error() + ", and the project's history has no pristine commit of it",
				Fix: "paved update brings the project to the current version; then paved diff works again"}
		}
		if err != nil {
			return nil, err
		}
		base = r.Files
	}
	for _, p := range base.Paths() {
		data, mode, ok, err := gitx.ReadFile(dir, p)
		if err != nil {
			return nil, err
		}
		b := base[p]
		if !ok {
			add, del := merge.Stat(b.Data, nil)
			res.Files = append(res.Files, DiffFile{Path: p, Status: "removed", Added: add, Removed: del,
				Binary: merge.IsBinary(b.Data), Diff: unified(p, b, nil)})
			continue
		}
		if mode == filemode.Symlink {
			continue
		}
		ours := blobOf(data, mode)
		if b.Equal(ours) {
			continue
		}
		f := DiffFile{Path: p, Status: "modified", Binary: merge.IsBinary(b.Data) || merge.IsBinary(ours.Data), Diff: unified(p, b, ours)}
		if string(b.Data) == string(ours.Data) {
			f.Status = "mode"
			f.Diff = fmt.Sprintf("mode of %s: %o → %o\n", p, b.Mode, ours.Mode)
		} else if !f.Binary {
			f.Added, f.Removed = merge.Stat(b.Data, ours.Data)
		}
		res.Files = append(res.Files, f)
	}
	return res, nil
}
