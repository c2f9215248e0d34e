package scaffold

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/paved-dev/paved/internal/limits"
	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/project"
	"github.com/paved-dev/paved/internal/safepath"
	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/internal/textsafe"
	"github.com/paved-dev/paved/internal/tmpl"
)

// SkeletonDir is the folder of a template whose tree is rendered.
const SkeletonDir = "skeleton"

// Suffix marks a file whose content is rendered; it is dropped from the name.
const Suffix = ".tmpl"

// File is one file of a plan, its path relative to the project root in
// slash form.
type File struct {
	Path string
	Mode fs.FileMode // 0o644 or 0o755
	Data []byte
}

// Plan is everything a generation writes and runs, computed in memory.
type Plan struct {
	Files     []File          // sorted by Path; includes .paved.yaml
	Hooks     []manifest.Hook // the hooks whose when is true, with rendered argv and title
	NextSteps []string        // rendered spec.nextSteps
}

// Size is the total size in bytes of the plan's files.
func (p *Plan) Size() int64 {
	var n int64
	for _, f := range p.Files {
		n += int64(len(f.Data))
	}
	return n
}

// Error is a template whose tree cannot be rendered safely: a symlink, a
// path escaping the project, two files rendering to one path. It is the
// template's fault, so it exits 2.
type Error struct {
	Path string // in the template, e.g. skeleton/{{.Values.name}}/x
	Msg  string
	Fix  string
}

func (e *Error) Error() string { return e.Path + ": " + e.Msg }

// Hint says how to fix the template.
func (e *Error) Hint() string { return e.Fix }

// ExitCode is 2: the template is bad input.
func (e *Error) ExitCode() int { return 2 }

// job is one skeleton file to render or copy.
type job struct {
	src    string // path in the template FS
	dst    string // rendered path, relative to the project root
	render bool
	mode   fs.FileMode
}

// Render builds the plan for template t with manifest m and data. It does
// not touch the disk beyond reading t.FS. Rendering is spread over the
// available cores; the plan is the same bytes whatever the scheduling.
func Render(ctx context.Context, t *source.Template, m *manifest.Manifest, data tmpl.Data) (*Plan, error) {
	return RenderWith(ctx, t, m, data, RenderOptions{})
}

// RenderOptions tune [RenderWith].
type RenderOptions struct {
	// Limits bound the render (zero fields are defaults): maxFileBytes per
	// file, maxGenerationBytes for the whole plan, renderTimeout for all of
	// it, and the template engine's steps and depth.
	Limits limits.Limits
}

// RenderWith is [Render] within o.Limits. The render stops within moments
// when ctx is cancelled (between files and inside any long execution).
func RenderWith(ctx context.Context, t *source.Template, m *manifest.Manifest, data tmpl.Data, o RenderOptions) (*Plan, error) {
	lim := o.Limits.WithDefaults()
	ctx, cancel := context.WithTimeoutCause(ctx, lim.RenderTimeout, &limits.Error{
		Name: data.Template.Name, Key: "renderTimeout", Limit: lim.RenderTimeout.String(), Msg: "rendering the template took too long"})
	defer cancel()
	left, right := m.Delims()
	eng := tmpl.NewLimited(left, right, lim)
	rdata := data
	rdata.Values = withZeroValues(m, data.Values)

	excluded, err := exclusions(eng, m, rdata)
	if err != nil {
		return nil, err
	}
	fsys, done := templateFS(t)
	defer done()
	jobs, err := walk(ctx, fsys, eng, rdata, excluded)
	if err != nil {
		return nil, err
	}
	files, err := renderFiles(ctx, fsys, eng, rdata, jobs, lim)
	if err != nil {
		return nil, err
	}

	rec := &project.File{
		Template: project.TemplateRef{
			Name:    data.Template.Name,
			Source:  data.Template.Source,
			Version: data.Template.Version,
			Commit:  data.Template.Commit,
			Ref:     t.Ref,
		},
		Values: data.Values,
	}
	pf, err := rec.Marshal()
	if err != nil {
		return nil, err
	}
	files = append(files, File{Path: project.FileName, Mode: 0o644, Data: pf})
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	if err := checkTree(files, jobs); err != nil {
		return nil, err
	}

	plan := &Plan{Files: files}
	for i, h := range m.Spec.Hooks.After {
		name := field(h.Line, fmt.Sprintf("spec.hooks.after[%d]", i))
		if h.When != "" {
			ok, err := eng.True(name+".when", h.When, rdata)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
		}
		out := manifest.Hook{Title: h.Title, Line: h.Line, Run: make([]string, len(h.Run))}
		for j, arg := range h.Run {
			if out.Run[j], err = eng.RenderContext(ctx, fmt.Sprintf("%s.run[%d]", name, j), arg, rdata); err != nil {
				return nil, err
			}
		}
		if out.Title, err = eng.RenderContext(ctx, name+".title", h.Title, rdata); err != nil {
			return nil, err
		}
		if out.Title == "" {
			out.Title = strings.Join(out.Run, " ")
		}
		plan.Hooks = append(plan.Hooks, out)
	}
	for i, s := range m.Spec.NextSteps {
		step, err := eng.RenderContext(ctx, field(0, fmt.Sprintf("spec.nextSteps[%d]", i)), s, rdata)
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(step) != "" {
			plan.NextSteps = append(plan.NextSteps, step)
		}
	}
	return plan, nil
}

// field names a field of template.yaml for errors, with its line when known.
func field(line int, path string) string {
	if line > 0 {
		return fmt.Sprintf("%s:%d: %s", manifest.FileName, line, path)
	}
	return manifest.FileName + ": " + path
}

// withZeroValues gives every declared parameter that has no answer (a
// question skipped by its when) its type's zero value, so templates can test
// it; a value that was never declared stays an error.
func withZeroValues(m *manifest.Manifest, v manifest.Values) manifest.Values {
	out := make(manifest.Values, len(v)+len(m.Spec.Parameters))
	for _, p := range m.Spec.Parameters {
		switch p.Type {
		case manifest.TypeInt:
			out[p.Name] = 0
		case manifest.TypeBool:
			out[p.Name] = false
		case manifest.TypeMultiSelect:
			out[p.Name] = []string{}
		default:
			out[p.Name] = ""
		}
	}
	for k, val := range v {
		out[k] = val
	}
	return out
}

// exclusions returns the globs of the files[] rules whose when is false.
func exclusions(eng *tmpl.Engine, m *manifest.Manifest, data tmpl.Data) ([]string, error) {
	var out []string
	for i, r := range m.Spec.Files {
		if !doublestar.ValidatePattern(r.Path) {
			return nil, &Error{Path: field(r.Line, fmt.Sprintf("spec.files[%d].path", i)),
				Msg: fmt.Sprintf("%q is not a valid glob", r.Path), Fix: "use a doublestar glob such as 'src/db/**'"}
		}
		ok, err := eng.True(field(r.Line, fmt.Sprintf("spec.files[%d].when", i)), r.When, data)
		if err != nil {
			return nil, err
		}
		if !ok {
			out = append(out, r.Path)
		}
	}
	return out, nil
}

// walk lists the skeleton's files with their rendered paths, in walk order.
func walk(ctx context.Context, fsys fs.FS, eng *tmpl.Engine, data tmpl.Data, excluded []string) ([]job, error) {
	info, err := fs.Lstat(fsys, SkeletonDir)
	if err != nil {
		return nil, &Error{Path: SkeletonDir, Msg: "the template has no skeleton/ folder",
			Fix: "put the files to generate under skeleton/ next to template.yaml"}
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		return nil, &Error{Path: SkeletonDir, Msg: "is a symlink; templates may not contain symlinks",
			Fix: "make skeleton/ a real folder holding the files to generate"}
	}
	if !info.IsDir() {
		return nil, &Error{Path: SkeletonDir, Msg: "is not a folder", Fix: "make skeleton/ a folder holding the files to generate"}
	}
	rendered := map[string]string{SkeletonDir: ""} // template dir → rendered dir; absent = dropped
	var jobs []job
	err = fs.WalkDir(fsys, SkeletonDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("read template: %w", err)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if p == SkeletonDir {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return &Error{Path: p, Msg: "is a symlink; templates may not contain symlinks",
				Fix: "replace the link with the file it points to"}
		}
		if !d.IsDir() && !d.Type().IsRegular() {
			return &Error{Path: p, Msg: "is not a regular file", Fix: "remove it from the template"}
		}
		parent, ok := rendered[path.Dir(p)]
		if !ok { // unreachable: WalkDir visits a directory before its entries
			return fs.SkipDir
		}
		name := d.Name()
		isTmpl := !d.IsDir() && strings.HasSuffix(name, Suffix)
		seg, err := eng.RenderContext(ctx, p, name, data)
		if err != nil {
			return err
		}
		if isTmpl {
			seg = strings.TrimSuffix(seg, Suffix)
		}
		if seg == "" { // an empty segment leaves the file or folder out
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if err := checkSegment(p, seg); err != nil {
			return err
		}
		dst := seg
		if parent != "" {
			dst = parent + "/" + seg
		}
		if err := safepath.Check(dst); err != nil {
			var pe *safepath.Error
			errors.As(err, &pe)
			return &Error{Path: textsafe.Line(p), Msg: "renders to " + err.Error(), Fix: pe.Fix}
		}
		if d.IsDir() {
			rendered[p] = dst
			return nil
		}
		for _, g := range excluded {
			if ok, _ := doublestar.Match(g, dst); ok {
				return nil
			}
		}
		if dst == project.FileName {
			return &Error{Path: p, Msg: project.FileName + " is written by paved and may not be in a template",
				Fix: "remove it from the skeleton"}
		}
		info, err := d.Info()
		if err != nil {
			return fmt.Errorf("read template: %w", err)
		}
		jobs = append(jobs, job{src: p, dst: dst, render: isTmpl, mode: info.Mode()})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return jobs, nil
}

// checkSegment refuses a rendered path segment that would leave its folder.
func checkSegment(src, seg string) error {
	bad := func(why string) error {
		return &Error{Path: textsafe.Line(src), Msg: fmt.Sprintf("renders to %s, %s", textsafe.Quote(seg), why),
			Fix: "a rendered path must stay inside the project: check the answers and the path's template"}
	}
	if strings.ContainsAny(seg, "\\\x00") || strings.Contains(seg, ":") && len(seg) > 1 && seg[1] == ':' {
		return bad("which holds a backslash, a NUL or a drive letter")
	}
	if strings.HasPrefix(seg, "/") {
		return bad("an absolute path")
	}
	for part := range strings.SplitSeq(seg, "/") {
		switch part {
		case "..":
			return bad("which leaves the project")
		case ".", "":
			return bad("which holds an empty or '.' path element")
		}
	}
	return nil
}

// checkTree refuses two files with one path, or a file where a folder is needed.
func checkTree(files []File, jobs []job) error {
	src := make(map[string]string, len(jobs))
	for _, j := range jobs {
		if other, dup := src[j.dst]; dup {
			return &Error{Path: textsafe.Line(j.src), Msg: fmt.Sprintf("renders to %s, like %s", textsafe.Line(j.dst), textsafe.Line(other)),
				Fix: "give the files different names, or exclude one with files[].when"}
		}
		src[j.dst] = j.src
	}
	if err := checkFolds(files, src); err != nil {
		return err
	}
	paths := make(map[string]bool, len(files))
	for _, f := range files {
		paths[f.Path] = true
	}
	for _, f := range files {
		for dir := path.Dir(f.Path); dir != "."; dir = path.Dir(dir) {
			if paths[dir] {
				return &Error{Path: src[dir], Msg: fmt.Sprintf("renders to %s, which is also a folder (%s)", dir, f.Path),
					Fix: "give the file and the folder different names"}
			}
		}
	}
	return nil
}

// checkFolds refuses two paths that differ only in case or Unicode
// normalisation (README.md and readme.md, or a file and a folder so): one
// overwrites the other on macOS and Windows.
func checkFolds(files []File, src map[string]string) error {
	seen := map[string]string{}
	add := func(p string) error {
		k := safepath.Fold(p)
		if other, ok := seen[k]; ok && other != p {
			from := src[p]
			if from == "" {
				from = p
			}
			return &Error{Path: textsafe.Line(from), Msg: fmt.Sprintf("renders to %s, which collides with %s on case-insensitive file systems (macOS, Windows)", textsafe.Line(p), textsafe.Line(other)),
				Fix: "give the two names more than a difference of case"}
		}
		seen[k] = p
		return nil
	}
	for _, f := range files {
		for dir := path.Dir(f.Path); dir != "."; dir = path.Dir(dir) {
			if err := add(dir); err != nil {
				return err
			}
		}
		if err := add(f.Path); err != nil {
			return err
		}
	}
	return nil
}

// renderFiles reads and renders every job on all cores, keeping job order.
// The plan's total size is checked as files come in, so a generation past
// maxGenerationBytes stops early.
func renderFiles(ctx context.Context, fsys fs.FS, eng *tmpl.Engine, data tmpl.Data, jobs []job, lim limits.Limits) ([]File, error) {
	files := make([]File, len(jobs))
	errs := make([]error, len(jobs))
	workers := min(runtime.GOMAXPROCS(0), len(jobs))
	var next sync.Mutex
	i := 0
	var wg sync.WaitGroup
	var failed sync.Once
	var total atomic.Int64
	inner, cancel := context.WithCancel(ctx)
	defer cancel()
	for range workers {
		wg.Go(func() {
			for {
				next.Lock()
				k := i
				i++
				next.Unlock()
				if k >= len(jobs) || inner.Err() != nil {
					return
				}
				f, err := renderFile(inner, fsys, eng, data, jobs[k], lim)
				if err == nil && total.Add(int64(len(f.Data))) > lim.MaxGenerationBytes {
					err = &limits.Error{Name: data.Template.Name, Key: "maxGenerationBytes", Limit: limits.Bytes(lim.MaxGenerationBytes),
						Msg: "the generated files together are too big"}
				}
				if err != nil {
					errs[k] = err
					failed.Do(cancel)
					continue
				}
				files[k] = f
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, context.Cause(ctx)
	}
	// Report the first failing file in walk order, so the error is the same
	// on every run; a file stopped only because another failed is not the
	// cause (ctx itself is not cancelled here).
	var stopped error
	for _, err := range errs {
		switch {
		case err == nil:
		case errors.Is(err, context.Canceled):
			stopped = cmp.Or(stopped, err)
		default:
			return nil, err
		}
	}
	if stopped != nil {
		return nil, stopped
	}
	return files, nil
}

func renderFile(ctx context.Context, fsys fs.FS, eng *tmpl.Engine, data tmpl.Data, j job, lim limits.Limits) (File, error) {
	if info, err := fs.Lstat(fsys, j.src); err == nil && info.Size() > lim.MaxFileBytes {
		return File{}, &limits.Error{Name: textsafe.Line(j.src), Key: "maxFileBytes", Limit: limits.Bytes(lim.MaxFileBytes), Msg: "the template file is too big"}
	}
	b, err := fs.ReadFile(fsys, j.src)
	if err != nil {
		return File{}, fmt.Errorf("read template: %w", err)
	}
	mode := fs.FileMode(0o644)
	if executable(j.mode, b) {
		mode = 0o755
	}
	if !j.render {
		return File{Path: j.dst, Mode: mode, Data: b}, nil
	}
	out, err := eng.RenderFileContext(ctx, j.src, b, data)
	if err != nil {
		return File{}, err
	}
	return File{Path: j.dst, Mode: mode, Data: out}, nil
}

// executable decides a file's exec bit: executable on disk, or, for an
// embedded template (embed.FS reports every file as 0444 and loses the bit),
// a script starting with "#!".
func executable(mode fs.FileMode, data []byte) bool {
	if mode.Perm()&0o111 != 0 {
		return true
	}
	return mode.Perm() == 0o444 && bytes.HasPrefix(data, []byte("#!"))
}
