package answers

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/paved-dev/paved/internal/manifest"
)

// Renderer renders a template string (a `when`, a templated default) over
// the answers so far. The caller builds it from internal/tmpl with the
// manifest's delimiters.
type Renderer func(text string, v manifest.Values) (string, error)

// Prompter asks the questions nobody answered yet. known holds the answers
// given by flags and files, which it must not ask again; it returns them
// together with what it asked.
type Prompter interface {
	Ask(ctx context.Context, m *manifest.Manifest, known manifest.Values, render Renderer) (manifest.Values, error)
}

// Request is everything [Resolve] needs.
type Request struct {
	Manifest *manifest.Manifest
	Sets     map[string]string // --set KEY=VALUE
	File     manifest.Values   // --values FILE, as read by ReadValuesFile
	FileName string            // FILE, for errors
	Lines    map[string]int    // the line of each key of File, for errors; nil reads them from FileName
	Ask      bool              // whether the form may appear
	Prompter Prompter          // the form; needed only when Ask
	Render   Renderer          // renders `when` and templated defaults; nil renders nothing
}

// Answers resolves every parameter of r.Manifest, in order: --set, then the
// values file, then the form (when r.Ask), then the default. Answers are
// coerced to the parameter's type and validated however they arrived. A
// parameter whose `when` renders false is neither asked nor included.
// Without a form, every missing required answer is reported at once in a
// [MissingAnswersError].
func Resolve(ctx context.Context, r Request) (manifest.Values, error) {
	m := r.Manifest
	if r.Lines == nil && r.FileName != "" && len(r.File) > 0 {
		// Read by ReadValuesFile: find the lines again, for errors.
		if f, err := LoadValuesFile(r.FileName); err == nil {
			r.Lines = f.Lines
		}
	}
	if err := unknownKeys(r); err != nil {
		return nil, err
	}
	known := manifest.Values{}
	from := map[string]string{}
	for i := range m.Spec.Parameters {
		p := &m.Spec.Parameters[i]
		raw, origin, ok := given(r, p.Name)
		if !ok {
			continue
		}
		v, err := accept(p, raw, origin)
		if err != nil {
			return nil, err
		}
		known[p.Name], from[p.Name] = v, origin
	}

	values := known
	if r.Ask && r.Prompter != nil {
		asked, err := r.Prompter.Ask(ctx, m, cloneValues(known), r.Render)
		if err != nil {
			return nil, err
		}
		values = cloneValues(asked)
		for name, v := range known { // what was given wins over the form
			values[name] = v
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return resolve(m, values, from, r.Render)
}

// resolve walks the parameters in order: drops those whose `when` is false,
// validates the answers present, fills defaults and reports what is missing.
func resolve(m *manifest.Manifest, values manifest.Values, from map[string]string, render Renderer) (manifest.Values, error) {
	out := manifest.Values{}
	view := manifest.Values{} // what `when` and defaults see: skipped and missing answers as zero values
	var missing []string
	for i := range m.Spec.Parameters {
		p := &m.Spec.Parameters[i]
		on, err := Enabled(p, view, render)
		if err != nil {
			return nil, err
		}
		if !on {
			view[p.Name] = p.Zero()
			continue
		}
		if raw, ok := values[p.Name]; ok {
			origin := from[p.Name]
			if origin == "" {
				origin = "the form"
			}
			// A form left empty (input ended) is a missing answer, not a wrong one.
			if !(origin == "the form" && p.Required && isEmpty(raw)) {
				v, err := accept(p, raw, origin)
				if err != nil {
					return nil, err
				}
				out[p.Name], view[p.Name] = v, v
				continue
			}
		}
		v, ok, err := defaultValue(p, view, render)
		if err != nil && len(missing) > 0 {
			// A default derived from answers still missing says nothing
			// useful yet: report the missing answers instead.
			view[p.Name] = p.Zero()
			continue
		}
		if err != nil {
			return nil, err
		}
		if !ok {
			if p.Required {
				missing = append(missing, p.Name)
			}
			v = p.Zero()
			view[p.Name] = v
			if !p.Required {
				out[p.Name] = v
			}
			continue
		}
		out[p.Name], view[p.Name] = v, v
	}
	if len(missing) > 0 {
		return nil, &MissingAnswersError{Names: missing}
	}
	return out, nil
}

// accept coerces and checks one answer.
func accept(p *manifest.Parameter, raw any, origin string) (any, error) {
	v, err := Coerce(p, raw)
	if err == nil {
		err = Check(p, v)
	}
	if err != nil {
		return nil, &InvalidAnswerError{Name: p.Name, Value: Format(raw), Reason: err.Error(), From: origin, Fix: accepts(p)}
	}
	return v, nil
}

// defaultValue renders and checks p's default; ok is false when p has none.
// A select without a default takes its first option, unless required.
func defaultValue(p *manifest.Parameter, view manifest.Values, render Renderer) (any, bool, error) {
	raw := p.Default
	if raw == nil {
		if p.Type == manifest.TypeSelect && !p.Required && len(p.Options) > 0 {
			return p.Options[0], true, nil
		}
		return nil, false, nil
	}
	if s, isStr := raw.(string); isStr && render != nil {
		out, err := render(s, view)
		if err != nil {
			return nil, false, fmt.Errorf("default of parameter %s: %w", p.Name, err)
		}
		raw = out
	}
	v, err := accept(p, raw, "its default")
	if err != nil {
		return nil, false, err
	}
	if p.Required && isEmpty(v) {
		return nil, false, nil
	}
	return v, true, nil
}

// Enabled evaluates p's `when` over the answers before it.
func Enabled(p *manifest.Parameter, view manifest.Values, render Renderer) (bool, error) {
	if strings.TrimSpace(p.When) == "" {
		return true, nil
	}
	out := p.When
	if render != nil {
		var err error
		if out, err = render(p.When, view); err != nil {
			return false, fmt.Errorf("when of parameter %s: %w", p.Name, err)
		}
	}
	switch strings.TrimSpace(out) {
	case "true":
		return true, nil
	case "false", "":
		return false, nil
	}
	return false, &InvalidAnswerError{Name: p.Name, Value: strings.TrimSpace(out), From: "its when", Reason: "is not true or false",
		Fix: "make when print true or false, e.g. '{{ ne .Values.database \"none\" }}'"}
}

func isEmpty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(v) == ""
	case []string:
		return len(v) == 0
	case []any:
		return len(v) == 0
	}
	return false
}

// given finds the answer to name in --set, then in the values file.
func given(r Request, name string) (raw any, origin string, ok bool) {
	if s, ok := r.Sets[name]; ok {
		return s, "--set", true
	}
	if v, ok := r.File[name]; ok {
		return v, fileAt(r, name), true
	}
	return nil, "", false
}

func fileAt(r Request, key string) string {
	name := r.FileName
	if name == "" {
		name = "the values file"
	}
	if l := r.Lines[key]; l > 0 {
		return fmt.Sprintf("%s:%d", name, l)
	}
	return name
}

// unknownKeys rejects answers for parameters the template does not have.
func unknownKeys(r Request) error {
	var known []string
	for _, p := range r.Manifest.Spec.Parameters {
		known = append(known, p.Name)
	}
	isKnown := func(k string) bool { return r.Manifest.Param(k) != nil }
	var bad []string
	for k := range r.Sets {
		if !isKnown(k) {
			bad = append(bad, k)
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		return &UnknownAnswerError{Names: bad, From: "--set", Known: known}
	}
	for k := range r.File {
		if !isKnown(k) {
			bad = append(bad, k)
		}
	}
	if len(bad) > 0 {
		sort.Slice(bad, func(i, j int) bool {
			if r.Lines[bad[i]] != r.Lines[bad[j]] {
				return r.Lines[bad[i]] < r.Lines[bad[j]]
			}
			return bad[i] < bad[j]
		})
		return &UnknownAnswerError{Names: bad, From: fileAt(r, bad[0]), Known: known}
	}
	return nil
}

func cloneValues(v manifest.Values) manifest.Values {
	out := make(manifest.Values, len(v))
	for k, x := range v {
		out[k] = x
	}
	return out
}
