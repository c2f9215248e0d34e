// Package lint checks a template the way `paved templates lint` reports it:
// template.yaml against the published schema and [manifest.Parse], every
// path and .tmpl file under skeleton/ with the template's delimiters, and a
// sample render with default answers through the real renderer. Every
// problem is collected, located by file and line, with its fix.
package lint

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/scaffold"
	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/internal/tmpl"
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
	m, err := manifest.Parse(data, file)
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
	if fi, err := fs.Stat(l.t.FS, scaffold.SkeletonDir); err != nil || !fi.IsDir() {
		l.add(&manifest.Error{File: l.file(scaffold.SkeletonDir), Msg: "the template has no skeleton/ folder",
			Fix: "put the files to generate under skeleton/ next to template.yaml"})
		return
	}
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

// sample answers every parameter as `paved new --yes` would with only the
// required answers given: defaults (templated ones rendered), placeholders
// for required parameters without one ("example", min or 0, the first
// option), and nothing for questions whose when is false.
func (l *linter) sample(eng *tmpl.Engine, m *manifest.Manifest) (manifest.Values, bool) {
	values := manifest.Values{}
	zeros := manifest.Values{}
	for _, p := range m.Spec.Parameters {
		zeros[p.Name] = zero(p)
	}
	current := func() tmpl.Data {
		v := manifest.Values{}
		for k, x := range zeros {
			v[k] = x
		}
		for k, x := range values {
			v[k] = x
		}
		return l.data(m, v)
	}
	left, _ := m.Delims()
	for i, p := range m.Spec.Parameters {
		field := fmt.Sprintf("spec.parameters[%d]", i)
		if p.When != "" {
			ok, err := eng.True(fmt.Sprintf("%s:%d: %s.when", manifest.FileName, p.Line, field), p.When, current())
			if err != nil {
				l.add(l.problem(err))
				return nil, false
			}
			if !ok {
				continue
			}
		}
		v, err := sampleValue(eng, left, p, field, current())
		if err != nil {
			l.add(l.problem(err))
			return nil, false
		}
		if v != nil {
			values[p.Name] = v
		}
	}
	return values, true
}

func sampleValue(eng *tmpl.Engine, left string, p manifest.Parameter, field string, data tmpl.Data) (any, error) {
	if s, ok := p.Default.(string); ok && strings.Contains(s, left) {
		name := fmt.Sprintf("%s:%d: %s.default", manifest.FileName, p.Line, field)
		out, err := eng.Render(name, s, data)
		if err != nil {
			return nil, err
		}
		return coerce(p, out, name)
	}
	if p.Default != nil {
		return p.Default, nil
	}
	if !p.Required {
		return nil, nil
	}
	switch p.Type {
	case manifest.TypeInt:
		if p.Min != nil {
			return *p.Min, nil
		}
		return 0, nil
	case manifest.TypeBool:
		return false, nil
	case manifest.TypeSelect:
		return p.Options[0], nil
	case manifest.TypeMultiSelect:
		return []string{p.Options[0]}, nil
	}
	return "example", nil
}

// coerce reads a rendered templated default as its parameter's type.
func coerce(p manifest.Parameter, s, name string) (any, error) {
	s = strings.TrimSpace(s)
	switch p.Type {
	case manifest.TypeInt:
		n, err := strconv.Atoi(s)
		if err != nil {
			return nil, &tmpl.Error{Name: name, Msg: fmt.Sprintf("default rendered %q, not a whole number", s), Fix: "make the default render a whole number"}
		}
		return n, nil
	case manifest.TypeBool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, &tmpl.Error{Name: name, Msg: fmt.Sprintf("default rendered %q, not true or false", s), Fix: "make the default render true or false"}
		}
		return b, nil
	case manifest.TypeMultiSelect:
		var out []string
		for _, part := range strings.Split(s, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
		return out, nil
	}
	return s, nil
}

func zero(p manifest.Parameter) any {
	switch p.Type {
	case manifest.TypeInt:
		return 0
	case manifest.TypeBool:
		return false
	case manifest.TypeMultiSelect:
		return []string{}
	}
	return ""
}

// loose is template.yaml read without validation, so the skeleton can be
// checked even when the manifest has problems.
type loose struct {
	Spec struct {
		Delimiters []string `yaml:"delimiters"`
		Parameters []struct {
			Name string `yaml:"name"`
		} `yaml:"parameters"`
	} `yaml:"spec"`
}

func looseManifest(data []byte) *loose {
	var doc loose
	_ = yaml.Unmarshal(data, &doc) // problems are reported by Parse
	return &doc
}

func (d *loose) delims() (left, right string) {
	if ds := d.Spec.Delimiters; len(ds) == 2 && ds[0] != "" && ds[1] != "" && ds[0] != ds[1] {
		return ds[0], ds[1]
	}
	return manifest.DefaultLeft, manifest.DefaultRight
}

func (d *loose) names() []string {
	var out []string
	for _, p := range d.Spec.Parameters {
		out = append(out, p.Name)
	}
	return out
}

// merge combines Parse's problems with the schema's, in line order. Parse
// is stricter and says more, so a schema problem is kept only where Parse
// found nothing in the same list item (a parameter, a file rule...): an
// unknown type, say, also makes the schema reject the parameter's min and
// max, which would only repeat it. What remains shows where the published
// schema and paved disagree.
func merge(parsed []*manifest.Error, schemaErr error, file string) []*manifest.Error {
	out := slices.Clone(parsed)
	if schemaErr != nil {
		for _, s := range asProblems(schemaErr, file) {
			scope := s.Field
			if i := strings.LastIndex(scope, "]"); i >= 0 {
				scope = scope[:i+1]
			}
			covered := slices.ContainsFunc(parsed, func(p *manifest.Error) bool {
				return scope == "" || p.Field == scope || strings.HasPrefix(p.Field, scope+".") || strings.HasPrefix(p.Field, scope+"[")
			})
			if !covered {
				out = append(out, s)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b *manifest.Error) int { return a.Line - b.Line })
	return out
}

func asProblems(err error, file string) []*manifest.Error {
	var es manifest.Errors
	if errors.As(err, &es) {
		return es
	}
	var e *manifest.Error
	if errors.As(err, &e) {
		return []*manifest.Error{e}
	}
	return []*manifest.Error{{File: file, Msg: err.Error()}}
}

var (
	// located is "FILE:LINE: FIELD" as names of template.yaml fields are written.
	located = regexp.MustCompile(`^(.+?):(\d+): (.+)$`)
	// lineCol is text/template's ":LINE:" or ":LINE:COL:" after a name.
	lineCol = regexp.MustCompile(`^:(\d+)(?::\d+)?: ?`)
)

// problem turns a renderer error into a located problem.
func (l *linter) problem(err error) *manifest.Error {
	var te *tmpl.Error
	if errors.As(err, &te) {
		e := &manifest.Error{Msg: te.Msg, Fix: te.Fix}
		rest := strings.TrimPrefix(te.Msg, te.Name)
		inner := 0
		if m := lineCol.FindStringSubmatch(rest); m != nil && len(rest) < len(te.Msg) {
			inner, _ = strconv.Atoi(m[1])
			rest = rest[len(m[0]):]
			e.Msg = rest
		}
		e.Msg = strings.TrimPrefix(e.Msg, fmt.Sprintf("executing %q ", te.Name))
		if m := located.FindStringSubmatch(te.Name); m != nil {
			e.File, e.Field = l.file(m[1]), m[3]
			e.Line, _ = strconv.Atoi(m[2])
		} else {
			e.File, e.Line = l.file(te.Name), inner
		}
		return e
	}
	var se *scaffold.Error
	if errors.As(err, &se) {
		e := &manifest.Error{File: l.file(se.Path), Msg: se.Msg, Fix: se.Fix}
		if m := located.FindStringSubmatch(se.Path); m != nil {
			e.File, e.Field = l.file(m[1]), m[3]
			e.Line, _ = strconv.Atoi(m[2])
		}
		return e
	}
	var me *manifest.Error
	if errors.As(err, &me) {
		return me
	}
	e := &manifest.Error{File: l.file(manifest.FileName), Msg: err.Error()}
	var h interface{ Hint() string }
	if errors.As(err, &h) {
		e.Fix = h.Hint()
	}
	return e
}
