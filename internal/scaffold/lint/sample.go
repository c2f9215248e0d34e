package lint

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/tmpl"
)

// sample answers every parameter as `paved new --yes` would with only the
// required answers given: defaults (templated ones rendered), placeholders
// for required parameters without one ("example", min or 0, the first
// option), and nothing for questions whose when is false.
func (l *linter) sample(eng *tmpl.Engine, m *manifest.Manifest) (manifest.Values, bool) {
	values := manifest.Values{}
	zeros := manifest.Values{}
	for _, p := range m.Spec.Parameters {
		zeros[p.Name] = p.Zero()
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
