package answers

import (
	"reflect"
	"strings"

	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/shellquote"
)

// CommandLine is the `paved new` command that gives the same answers without
// a form: template, then --set for every answer that differs from its
// default (and every answer whose default is a template), shell-quoted.
func CommandLine(template string, m *manifest.Manifest, v manifest.Values) string {
	args := []string{"paved", "new", shellquote.Quote(template)}
	for i := range m.Spec.Parameters {
		p := &m.Spec.Parameters[i]
		val, ok := v[p.Name]
		if !ok || isDefault(m, p, val) {
			continue
		}
		args = append(args, "--set", p.Name+"="+shellquote.Quote(Format(val)))
	}
	return strings.Join(args, " ")
}

// isDefault reports whether val is what p would get without an answer.
func isDefault(m *manifest.Manifest, p *manifest.Parameter, val any) bool {
	if p.Default == nil {
		if p.Type == manifest.TypeSelect && len(p.Options) > 0 && !p.Required {
			return val == p.Options[0]
		}
		return !p.Required && reflect.DeepEqual(val, p.Zero())
	}
	left, _ := m.Delims()
	if s, ok := p.Default.(string); ok && strings.Contains(s, left) {
		return false // a templated default may render differently next time
	}
	def, err := Coerce(p, p.Default)
	return err == nil && reflect.DeepEqual(def, val)
}
