package manifest

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/paved-dev/paved/internal/didyoumean"
)

// templated checks a templated default of parameter self.
func (d *decoder) templated(text string, n *yaml.Node, path, self string) {
	d.refsBefore(text, n, path, d.paramIndex(self))
}

func (d *decoder) paramIndex(name string) int {
	for i, pn := range d.pos.params {
		if v := pn.vals["name"]; v != nil && deref(v).Value == name {
			return i
		}
	}
	return len(d.pos.params)
}

// condition checks a `when`: a template that renders "true" or "false",
// reading only parameters declared before index limit.
func (d *decoder) condition(m *Manifest, text string, n *yaml.Node, path string, limit int) {
	left, right := m.Delims()
	if t := strings.TrimSpace(text); t != "true" && t != "false" && !strings.Contains(text, left) {
		d.add(n, path, fmt.Sprintf("wrap it in delimiters: '%s %s %s'", left, t, right), "when must be a template that renders true or false, found plain text %q", text)
		return
	}
	d.refsBefore(text, n, path, limit)
}

// refsBefore parses text with the manifest's delimiters and reports every
// .Values.X that is not a parameter declared before index limit.
func (d *decoder) refsBefore(text string, n *yaml.Node, path string, limit int) {
	left, right := DefaultLeft, DefaultRight
	if ds := d.pos.delimiters; ds != nil {
		if l, r, ok := delimsOf(ds); ok {
			left, right = l, r
		}
	}
	refs, unknown, err := References(text, left, right)
	if err != nil {
		d.add(n, path, "fix the template syntax ("+left+" ... "+right+")", "template does not parse: %v", err)
		return
	}
	for _, u := range unknown {
		fix := "templates see .Values (answers), .Template and .Paved"
		if s := didyoumean.Closest(u, roots(), didyoumean.Levenshtein); s != "" {
			fix = fmt.Sprintf("did you mean .%s?", s)
		}
		d.add(n, path, fix, "unknown field .%s", u)
	}
	names := d.paramNames()
	user := d.paramLabel(limit)
	for _, r := range refs {
		i := slices.Index(names, r.Name)
		switch {
		case i < 0:
			fix := "declare it in spec.parameters"
			if s := didyoumean.Closest(r.Name, names, didyoumean.Levenshtein); s != "" {
				fix = fmt.Sprintf("did you mean .Values.%s?", s)
			}
			d.add(n, path, fix, "refers to .Values.%s, which is not a parameter", r.Name)
		case i == limit:
			d.add(n, path, "a parameter's when and default may only read earlier answers", "%s refers to itself (.Values.%s)", user, r.Name)
		case i > limit:
			d.add(n, path, fmt.Sprintf("move %q above %s, or stop reading it here", r.Name, user),
				"%s refers to .Values.%s, which is declared later (spec.parameters[%d], line %d)", user, r.Name, i, d.pos.params[i].node.Line)
		}
	}
}

// paramLabel names the parameter at index i for messages.
func (d *decoder) paramLabel(i int) string {
	if i >= len(d.pos.params) {
		return "it"
	}
	if v := d.pos.params[i].vals["name"]; v != nil && deref(v).Value != "" {
		return fmt.Sprintf("parameter %q", deref(v).Value)
	}
	return fmt.Sprintf("spec.parameters[%d]", i)
}

func (d *decoder) paramNames() []string {
	names := make([]string, len(d.pos.params))
	for i, pn := range d.pos.params {
		if v := pn.vals["name"]; v != nil {
			names[i] = deref(v).Value
		}
	}
	return names
}

// delimsOf reads valid delimiters from the spec.delimiters node.
func delimsOf(n *yaml.Node) (left, right string, ok bool) {
	n = deref(n)
	if n.Kind != yaml.SequenceNode || len(n.Content) != 2 {
		return "", "", false
	}
	l, r := deref(n.Content[0]).Value, deref(n.Content[1]).Value
	if strings.TrimSpace(l) == "" || strings.TrimSpace(r) == "" || l == r {
		return "", "", false
	}
	return l, r, true
}
