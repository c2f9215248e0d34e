package lint

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/paved-dev/paved/internal/limits"
	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/safepath"
	"github.com/paved-dev/paved/internal/scaffold"
	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/internal/textsafe"
	"github.com/paved-dev/paved/internal/tmpl"
	"github.com/paved-dev/paved/internal/yamlx"
)

// Options tune a lint run.
type Options struct {
	// Prefix is put before every file name in problems, so they read
	// "my-template/template.yaml:12" from where the user stands.
	Prefix string
	// PavedVersion is .Paved.Version in the sample render.
	PavedVersion string
}

// Report is the outcome of linting one template.
type Report struct {
	Template string            `json:"template"`
	OK       bool              `json:"ok"`
	Problems []*manifest.Error `json:"problems"`
	// Warnings are likely mistakes that do not break generation: a
	// parameter nothing reads.
	Warnings []*manifest.Error `json:"warnings"`
	// Sample is the answers of the sample render and Files how many files
	// it produced; both empty when the template could not be rendered.
	Sample manifest.Values `json:"sample,omitempty"`
	Files  int             `json:"files,omitempty"`
}

// Lint checks template t and reports every problem found.
func Lint(ctx context.Context, t *source.Template, o Options) *Report {
	l := &linter{t: t, o: o}
	r := &Report{Template: t.Name}
	l.run(ctx, r)
	r.Problems = l.problems
	if r.Problems == nil {
		r.Problems = []*manifest.Error{}
	}
	r.Warnings = l.warnings
	if r.Warnings == nil {
		r.Warnings = []*manifest.Error{}
	}
	r.OK = len(r.Problems) == 0
	return r
}

type linter struct {
	t        *source.Template
	o        Options
	problems []*manifest.Error
	warnings []*manifest.Error

	used      map[string]bool // parameters some template text reads
	readsAll  bool            // some text hands .Values itself on
	left, rgt string          // the template's delimiters
}

// use records which parameters text reads.
func (l *linter) use(text string) {
	names, whole, err := manifest.Usage(text, l.left, l.rgt)
	if err != nil {
		return // reported by Parse or Check
	}
	l.readsAll = l.readsAll || whole
	for _, n := range names {
		l.used[n] = true
	}
}

// unused warns about every parameter no template text reads.
func (l *linter) unused(m *manifest.Manifest, data []byte) {
	if l.readsAll {
		return // .Values is handed on whole: anything may be read
	}
	for i, p := range m.Spec.Parameters {
		if l.used[p.Name] {
			continue
		}
		field := fmt.Sprintf("spec.parameters[%d].name", i)
		line := p.Line
		if at := manifest.Locate(data, field); at > 0 {
			line = at
		}
		l.warnings = append(l.warnings, &manifest.Error{File: l.file(manifest.FileName), Line: line, Field: field,
			Msg: fmt.Sprintf("parameter %q is never read: no file, path, when, default, hook or next step uses .Values.%s", p.Name, p.Name),
			Fix: "use it in the skeleton (a .tmpl file or a path), or remove the question"})
	}
}

func (l *linter) file(name string) string {
	if l.o.Prefix == "" {
		return name
	}
	return path.Join(l.o.Prefix, name)
}

func (l *linter) add(errs ...*manifest.Error) { l.problems = append(l.problems, errs...) }

func (l *linter) run(ctx context.Context, r *Report) {
	file := l.file(manifest.FileName)
	data, err := fs.ReadFile(l.t.FS, manifest.FileName)
	if err != nil {
		l.add(&manifest.Error{File: file, Msg: "not found at the template's root",
			Fix: "a template is a folder holding template.yaml and skeleton/; see examples/templates"})
		return
	}
	if err := yamlx.CheckDoc(file, data, nil, limits.Limits{}); err != nil {
		l.add(l.problem(err)) // too big to look at any further
		return
	}
	m, err := manifest.Parse(data, file)
	var le *limits.Error
	if errors.As(err, &le) {
		l.add(l.problem(err)) // an alias bomb: the schema check would expand it
		return
	}
	var parsed []*manifest.Error
	if err != nil {
		parsed = asProblems(err, file)
	}
	l.add(merge(parsed, manifest.CheckSchema(data, file), file)...)
	loose := looseManifest(data)
	left, right := loose.delims()
	names := loose.names()
	if m != nil {
		left, right = m.Delims()
	}
	eng := tmpl.New(left, right)
	l.left, l.rgt, l.used = left, right, map[string]bool{}
	before := len(l.problems)
	if m != nil {
		l.manifestTexts(eng, m, data)
	}
	l.skeleton(eng, names, left, right)
	if m != nil {
		l.unused(m, data)
	}
	if m == nil || len(l.problems) > before {
		// The sample render would only repeat what is already reported.
		return
	}
	values, ok := l.sample(eng, m)
	if !ok {
		return
	}
	plan, err := scaffold.Render(ctx, l.t, m, l.data(m, values))
	if err != nil {
		l.add(l.problem(err))
		return
	}
	r.Sample = values
	r.Files = len(plan.Files)
}

func (l *linter) data(m *manifest.Manifest, v manifest.Values) tmpl.Data {
	return tmpl.Data{
		Values:   v,
		Template: tmpl.TemplateInfo{Name: m.Metadata.Name, Version: m.Spec.Version, Source: l.t.Source, Commit: l.t.Commit},
		Paved:    tmpl.PavedInfo{Version: l.o.PavedVersion},
	}
}

// manifestTexts parses every template text of template.yaml with the
// renderer's functions: Parse checks syntax and references, not whether a
// function exists.
func (l *linter) manifestTexts(eng *tmpl.Engine, m *manifest.Manifest, data []byte) {
	check := func(line int, field, text string) {
		if text == "" {
			return
		}
		l.use(text)
		if at := manifest.Locate(data, field); at > 0 {
			line = at
		}
		if err := eng.Check(fmt.Sprintf("%s:%d: %s", manifest.FileName, line, field), text); err != nil {
			l.add(l.problem(err))
		}
	}
	for i, p := range m.Spec.Parameters {
		field := fmt.Sprintf("spec.parameters[%d]", i)
		check(p.Line, field+".when", p.When)
		if s, ok := p.Default.(string); ok {
			check(p.Line, field+".default", s)
		}
	}
	for i, r := range m.Spec.Files {
		check(r.Line, fmt.Sprintf("spec.files[%d].when", i), r.When)
	}
	for i, h := range m.Spec.Hooks.After {
		field := fmt.Sprintf("spec.hooks.after[%d]", i)
		for j, arg := range h.Run {
			check(h.Line, fmt.Sprintf("%s.run[%d]", field, j), arg)
		}
		check(h.Line, field+".title", h.Title)
		check(h.Line, field+".when", h.When)
	}
	for i, step := range m.Spec.NextSteps {
		check(0, fmt.Sprintf("spec.nextSteps[%d]", i), step)
	}
}

// skeleton parses every path element and every .tmpl file under skeleton/,
// and checks that .tmpl files only read declared parameters.
func (l *linter) skeleton(eng *tmpl.Engine, names []string, left, right string) {
	if fi, err := fs.Lstat(l.t.FS, scaffold.SkeletonDir); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		l.add(&manifest.Error{File: l.file(scaffold.SkeletonDir), Msg: "is a symlink; templates may not contain symlinks",
			Fix: "make skeleton/ a real folder holding the files to generate"})
		return
	}
	if fi, err := fs.Stat(l.t.FS, scaffold.SkeletonDir); err != nil || !fi.IsDir() {
		l.add(&manifest.Error{File: l.file(scaffold.SkeletonDir), Msg: "the template has no skeleton/ folder",
			Fix: "put the files to generate under skeleton/ next to template.yaml"})
		return
	}
	folds := map[string]string{}                          // folded static path → skeleton path
	static := map[string]string{scaffold.SkeletonDir: ""} // skeleton path → its path in the project, for names without actions
	err := fs.WalkDir(l.t.FS, scaffold.SkeletonDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			l.add(&manifest.Error{File: l.file(p), Msg: err.Error()})
			return nil
		}
		if p == scaffold.SkeletonDir {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			l.add(&manifest.Error{File: l.file(p), Msg: "is a symlink; templates may not contain symlinks", Fix: "replace the link with the file it points to"})
			return nil
		}
		l.names(p, d, left, static, folds)
		if err := eng.Check(p, d.Name()); err != nil {
			l.add(l.problem(err))
		} else {
			l.refs(p, 0, d.Name(), left, right, names)
		}
		if d.IsDir() || !strings.HasSuffix(p, scaffold.Suffix) {
			return nil
		}
		text, err := fs.ReadFile(l.t.FS, p)
		if err != nil {
			l.add(&manifest.Error{File: l.file(p), Msg: err.Error()})
			return nil
		}
		if err := eng.Check(p, string(text)); err != nil {
			l.add(l.problem(err))
			return nil
		}
		l.refs(p, 1, string(text), left, right, names)
		return nil
	})
	if err != nil {
		l.add(&manifest.Error{File: l.file(scaffold.SkeletonDir), Msg: err.Error()})
	}
}

// refs reports .Values fields in text that are not parameters: rendering
// would fail on them, but only on the branch that reads them.
func (l *linter) refs(file string, firstLine int, text, left, right string, names []string) {
	l.use(text)
	refs, _, err := manifest.References(text, left, right)
	if err != nil {
		return // Check already reported it
	}
	for _, r := range refs {
		if slices.Contains(names, r.Name) {
			continue
		}
		e := &manifest.Error{File: l.file(file), Msg: fmt.Sprintf("refers to .Values.%s, which is not a parameter", r.Name),
			Fix: "declare it under spec.parameters in template.yaml, or fix the name"}
		if firstLine > 0 {
			e.Line = r.Line
		}
		l.add(e)
	}
}

// names checks a skeleton entry's name where it needs no rendering: no
// .git, no control characters, no two names that differ only in case.
// Names with template actions are checked by the sample render.
func (l *linter) names(p string, d fs.DirEntry, left string, static, folds map[string]string) {
	shown := textsafe.Line(p)
	name := d.Name()
	if !d.IsDir() {
		name = strings.TrimSuffix(name, scaffold.Suffix)
	}
	if err := safepath.CheckSegment(name); err != nil && !strings.Contains(d.Name(), left) {
		var pe *safepath.Error
		errors.As(err, &pe)
		l.add(&manifest.Error{File: l.file(shown), Msg: "the name " + err.Error(), Fix: pe.Fix})
		return
	}
	parent, ok := static[path.Dir(p)]
	if !ok || strings.Contains(d.Name(), left) {
		return
	}
	dst := name
	if parent != "" {
		dst = parent + "/" + name
	}
	if d.IsDir() {
		static[p] = dst
	}
	k := safepath.Fold(dst)
	if other, dup := folds[k]; dup {
		l.add(&manifest.Error{File: l.file(shown),
			Msg: fmt.Sprintf("collides with %s on case-insensitive file systems (macOS, Windows)", textsafe.Line(other)),
			Fix: "give the two names more than a difference of case"})
		return
	}
	folds[k] = p
}
