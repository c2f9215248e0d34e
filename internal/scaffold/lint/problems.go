package lint

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/paved-dev/paved/internal/limits"
	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/scaffold"
	"github.com/paved-dev/paved/internal/tmpl"
)

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

var (
	// located is "FILE:LINE: FIELD" as names of template.yaml fields are written.
	located = regexp.MustCompile(`^(.+?):(\d+): (.+)$`)
	// lineCol is text/template's ":LINE:" or ":LINE:COL:" after a name.
	lineCol = regexp.MustCompile(`^:(\d+)(?::\d+)?: ?`)
)

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
	var le *limits.Error
	if errors.As(err, &le) && le.Name != "" {
		return &manifest.Error{File: l.file(le.Name), Msg: strings.TrimPrefix(le.Error(), le.Name+": "), Fix: le.Hint()}
	}
	e := &manifest.Error{File: l.file(manifest.FileName), Msg: err.Error()}
	var h interface{ Hint() string }
	if errors.As(err, &h) {
		e.Fix = h.Hint()
	}
	return e
}
