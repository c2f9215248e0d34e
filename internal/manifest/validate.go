package manifest

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"gopkg.in/yaml.v3"

	"github.com/paved-dev/paved/internal/didyoumean"
	"github.com/paved-dev/paved/internal/semver"
)

var (
	templateName  = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	identifier    = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)
	notNameChars  = regexp.MustCompile(`[^a-z0-9-]+`)
	notIdentChars = regexp.MustCompile(`[^a-zA-Z0-9_]+`)
)

// Types lists the parameter types in the order help texts show them.
func Types() []string {
	return []string{TypeString, TypeText, TypeInt, TypeBool, TypeSelect, TypeMultiSelect}
}

// validate checks what decoding cannot: names, versions, types and their
// constraints, and that every template text parses and refers only to
// parameters declared before it.
func (d *decoder) validate(m *Manifest) {
	pos := &d.pos
	if pos.metadata != nil {
		switch name := m.Metadata.Name; {
		case name == "":
			d.add(orNode(pos.name, pos.metadata), "metadata.name", "add name: my-template (lowercase letters, digits and dashes)", "missing")
		case !templateName.MatchString(name):
			d.add(pos.name, "metadata.name", "use lowercase letters, digits and dashes, starting and ending with a letter or digit, at most 63 characters: "+suggestName(name), "invalid name %q", name)
		}
	}
	if pos.spec == nil {
		return
	}
	switch v := m.Spec.Version; {
	case v == "":
		d.add(orNode(pos.version, pos.spec), "spec.version", "add version: 1.0.0 (the template's own semantic version)", "missing")
	case strings.HasPrefix(v, "v") && semver.Valid(v[1:]):
		d.add(pos.version, "spec.version", "write "+v[1:]+" (no leading v)", "invalid version %q", v)
	case !semver.Valid(v):
		d.add(pos.version, "spec.version", "write a semantic version such as 1.0.0 or 2.1.0-rc.1 (quote it if YAML reads it as a number)", "invalid version %q", v)
	}
	d.delimiters(m)
	d.parameters(m)
	d.files(m)
	d.hooks(m)
	d.nextSteps(m)
	d.features(m)
	d.migrations(m)
}

func (d *decoder) delimiters(m *Manifest) {
	n := d.pos.delimiters
	if n == nil || isNull(n) {
		return
	}
	ds := m.Spec.Delimiters
	fix := `give two different strings, such as ["[[", "]]"]`
	switch {
	case len(ds) != 2:
		d.add(n, "spec.delimiters", fix, "must be exactly two strings (left and right), found %d", len(ds))
	case strings.TrimSpace(ds[0]) == "" || strings.TrimSpace(ds[1]) == "":
		d.add(n, "spec.delimiters", fix, "delimiters must not be empty")
	case ds[0] == ds[1]:
		d.add(n, "spec.delimiters", fix, "left and right delimiters are both %q", ds[0])
	default:
		return
	}
	// Broken delimiters would make every template below look broken too.
	m.Spec.Delimiters = nil
}

// at returns the node of key in vals, else the mapping itself.
func at(vals map[string]*yaml.Node, key string) *yaml.Node {
	if n, ok := vals[key]; ok && n != nil {
		return n
	}
	return vals[""]
}

func (d *decoder) parameters(m *Manifest) {
	left, _ := m.Delims()
	first := map[string]int{} // name → index of its first declaration
	for i := range m.Spec.Parameters {
		p := &m.Spec.Parameters[i]
		vals := d.pos.params[i].vals
		path := index("spec.parameters", i)
		switch prev, dup := first[p.Name]; {
		case p.Name == "":
			d.add(at(vals, "name"), join(path, "name"), "add name: my_param (letters, digits and underscores)", "missing")
		case !identifier.MatchString(p.Name):
			d.add(at(vals, "name"), join(path, "name"), fmt.Sprintf("templates read it as .Values.NAME, so use letters, digits and underscores, starting with a letter: %q", suggestIdent(p.Name)), "invalid name %q", p.Name)
		case dup:
			d.add(at(vals, "name"), join(path, "name"), "rename or remove one of them", "duplicate parameter %q (first declared at spec.parameters[%d], line %d)", p.Name, prev, m.Spec.Parameters[prev].Line)
		default:
			first[p.Name] = i
		}
		if !slices.Contains(Types(), p.Type) {
			msg := fmt.Sprintf("unknown type %q", p.Type)
			if s := didyoumean.Closest(p.Type, Types(), didyoumean.Levenshtein); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			d.add(at(vals, "type"), join(path, "type"), "one of: "+strings.Join(Types(), ", "), "%s", msg)
		}
		re := d.constraints(p, vals, path)
		d.defaultValue(p, re, vals, path, left)
		if p.When != "" {
			d.condition(m, p.When, at(vals, "when"), join(path, "when"), i)
		}
	}
}

// constraints checks pattern, min/max and options against the type, and
// returns the compiled pattern (nil when there is none or it is broken), so
// it is compiled once.
func (d *decoder) constraints(p *Parameter, vals map[string]*yaml.Node, path string) (re *regexp.Regexp) {
	if !slices.Contains(Types(), p.Type) {
		return nil // already reported; what fits an unknown type is unknown
	}
	textual := p.Type == TypeString || p.Type == TypeText
	choice := p.Type == TypeSelect || p.Type == TypeMultiSelect
	if p.Pattern != "" {
		if !textual {
			d.add(at(vals, "pattern"), join(path, "pattern"), "remove pattern, or make the parameter a string", "pattern only applies to string and text parameters, not %s", p.Type)
		} else if compiled, err := regexp.Compile(p.Pattern); err != nil {
			d.add(at(vals, "pattern"), join(path, "pattern"), "write a Go (RE2) regular expression, in single quotes: '^[a-z][a-z0-9-]*$'", "pattern does not compile: %v", err)
		} else {
			re = compiled
		}
	}
	for _, k := range []string{"min", "max"} {
		if _, ok := vals[k]; ok && p.Type != TypeInt && !isNull(vals[k]) {
			d.add(vals[k], join(path, k), "remove "+k+", or make the parameter an int", "%s only applies to int parameters, not %s", k, p.Type)
		}
	}
	if p.Type == TypeInt && p.Min != nil && p.Max != nil && *p.Min > *p.Max {
		d.add(at(vals, "max"), join(path, "max"), "swap min and max", "max %d is below min %d", *p.Max, *p.Min)
	}
	_, hasOptions := vals["options"]
	switch {
	case choice && len(p.Options) == 0:
		d.add(at(vals, "options"), join(path, "options"), "add options: [first, second]", "a %s parameter needs at least one option", p.Type)
	case !choice && hasOptions && !isNull(vals["options"]):
		d.add(vals["options"], join(path, "options"), "remove options, or make the parameter a select or multiselect", "options only apply to select and multiselect parameters, not %s", p.Type)
	case choice:
		seen := map[string]bool{}
		for j, o := range p.Options {
			if seen[o] {
				d.add(at(vals, "options"), index(join(path, "options"), j), "list each option once", "duplicate option %q", o)
			}
			seen[o] = true
		}
	}
	return re
}

// defaultValue checks that a default fits its type, unless it is a template
// over earlier answers (rendered later, by the prompt).
func (d *decoder) defaultValue(p *Parameter, re *regexp.Regexp, vals map[string]*yaml.Node, path, left string) {
	n, ok := vals["default"]
	if !ok || p.Default == nil {
		return
	}
	path = join(path, "default")
	if s, isStr := p.Default.(string); isStr && strings.Contains(s, left) {
		d.templated(s, n, path, p.Name)
		return
	}
	raw := deref(n).Value
	switch p.Type {
	case TypeString, TypeText:
		s, isStr := p.Default.(string)
		if !isStr {
			d.add(n, path, fmt.Sprintf("quote it: '%s'", raw), "a %s parameter needs a string default, not %s", p.Type, describe(deref(n)))
			return
		}
		if re != nil && !re.MatchString(s) {
			d.add(n, path, "change the default or the pattern so that they agree", "default %q does not match pattern %s", s, p.Pattern)
		}
	case TypeInt:
		v, isInt := p.Default.(int)
		if !isInt {
			d.add(n, path, "write a whole number without quotes", "an int parameter needs a whole-number default, not %s", describe(deref(n)))
			return
		}
		if p.Min != nil && v < *p.Min || p.Max != nil && v > *p.Max {
			d.add(n, path, "choose a default between min and max", "default %d is outside %s", v, bounds(p))
		}
	case TypeBool:
		if _, isBool := p.Default.(bool); !isBool {
			d.add(n, path, "write true or false without quotes", "a bool parameter needs true or false as default, not %s", describe(deref(n)))
		}
	case TypeSelect:
		if _, isList := p.Default.([]string); isList {
			d.add(n, path, "give one option, or make the parameter a multiselect", "a select parameter takes one option as default, not a list")
			return
		}
		p.Default = raw // options are strings, so a default of 8 means "8"
		if len(p.Options) > 0 && !slices.Contains(p.Options, raw) {
			d.add(n, path, "one of: "+strings.Join(p.Options, ", "), "default %q is not one of the options", raw)
		}
	case TypeMultiSelect:
		list, isList := p.Default.([]string)
		if !isList {
			d.add(n, path, fmt.Sprintf("write a list: [%s]", raw), "a multiselect parameter needs a list as default, not %s", describe(deref(n)))
			return
		}
		seen := map[string]bool{}
		for j, o := range list {
			switch {
			case len(p.Options) > 0 && !slices.Contains(p.Options, o):
				d.add(n, index(path, j), "each one of: "+strings.Join(p.Options, ", "), "default %q is not one of the options", o)
			case seen[o]:
				d.add(n, index(path, j), "list each choice once", "duplicate default %q", o)
			}
			seen[o] = true
		}
	}
}

func bounds(p *Parameter) string {
	lo, hi := "-∞", "+∞"
	if p.Min != nil {
		lo = strconv.Itoa(*p.Min)
	}
	if p.Max != nil {
		hi = strconv.Itoa(*p.Max)
	}
	return "[" + lo + ", " + hi + "]"
}

func (d *decoder) files(m *Manifest) {
	all := len(m.Spec.Parameters)
	for i, r := range m.Spec.Files {
		vals := d.pos.files[i]
		path := index("spec.files", i)
		switch {
		case r.Path == "":
			d.add(at(vals, "path"), join(path, "path"), "add path: 'src/db/**' (a glob over rendered paths)", "missing")
		case !doublestar.ValidatePattern(r.Path):
			d.add(at(vals, "path"), join(path, "path"), "write a glob such as 'src/db/**' or 'docs/*.md'; escape literal [ ] { } with \\", "invalid glob %q", r.Path)
		case strings.HasPrefix(r.Path, "/") || strings.HasPrefix(r.Path, "skeleton/"):
			d.add(at(vals, "path"), join(path, "path"), fmt.Sprintf("write it relative to the generated project: %q", strings.TrimPrefix(strings.TrimPrefix(r.Path, "/"), "skeleton/")), "path %q is not relative to the generated project", r.Path)
		}
		if r.When == "" {
			d.add(at(vals, "when"), join(path, "when"), `add when: '{{ ne .Values.database "none" }}'`, "missing: a file rule keeps its files only when this renders true")
			continue
		}
		d.condition(m, r.When, at(vals, "when"), join(path, "when"), all)
	}
}

func (d *decoder) hooks(m *Manifest) {
	all := len(m.Spec.Parameters)
	for i, h := range m.Spec.Hooks.After {
		vals := d.pos.hooks[i]
		path := index("spec.hooks.after", i)
		if len(h.Run) == 0 {
			d.add(at(vals, "run"), join(path, "run"), "give the command as a list: run: [npm, install]", "missing: a hook needs a command")
		}
		for j, arg := range h.Run {
			if arg == "" {
				d.add(at(vals, "run"), index(join(path, "run"), j), "remove the empty argument", "empty argument")
				continue
			}
			d.refsBefore(arg, at(vals, "run"), index(join(path, "run"), j), all)
		}
		if len(h.Run) == 1 && strings.ContainsAny(h.Run[0], " \t") {
			d.add(at(vals, "run"), index(join(path, "run"), 0), fmt.Sprintf("hooks run without a shell; split it: run: [%s]", strings.Join(strings.Fields(h.Run[0]), ", ")), "command %q holds spaces", h.Run[0])
		}
		if h.Title != "" {
			d.refsBefore(h.Title, at(vals, "title"), join(path, "title"), all)
		}
		if h.When != "" {
			d.condition(m, h.When, at(vals, "when"), join(path, "when"), all)
		}
	}
}

func (d *decoder) nextSteps(m *Manifest) {
	for i, s := range m.Spec.NextSteps {
		d.refsBefore(s, d.pos.nextSteps[i], index("spec.nextSteps", i), len(m.Spec.Parameters))
	}
}

func (d *decoder) features(m *Manifest) {
	for i, f := range m.Spec.Features {
		if f.Name == "" {
			vals := d.pos.features[i]
			d.add(at(vals, "name"), join(index("spec.features", i), "name"), "add name: Structured logs", "missing")
		}
	}
}

func (d *decoder) migrations(m *Manifest) {
	seen := map[string]bool{}
	for i, mg := range m.Spec.Migrations {
		vals := d.pos.migrations[i]
		path := join(index("spec.migrations", i), "version")
		switch {
		case mg.Version == "":
			d.add(at(vals, "version"), path, "add version: the template version that introduced the change, e.g. 2.0.0", "missing")
		case !semver.Valid(mg.Version):
			d.add(at(vals, "version"), path, "write a semantic version such as 2.0.0", "invalid version %q", mg.Version)
		case seen[mg.Version]:
			d.add(at(vals, "version"), path, "merge the two migrations", "duplicate migration for %s", mg.Version)
		case semver.Valid(m.Spec.Version) && semver.Compare(mg.Version, m.Spec.Version) > 0:
			d.add(at(vals, "version"), path, "raise spec.version to at least "+mg.Version+", or lower this migration's version", "migration %s is newer than the template's version %s", mg.Version, m.Spec.Version)
		}
		seen[mg.Version] = true
	}
}

func suggestName(name string) string {
	s := strings.ToLower(name)
	s = notNameChars.ReplaceAllString(s, "-")
	s = strings.Trim(s, "-")
	if len(s) > 63 {
		s = strings.Trim(s[:63], "-")
	}
	if s == "" {
		return "my-template"
	}
	return s
}

func suggestIdent(name string) string {
	s := notIdentChars.ReplaceAllString(name, "_")
	if s == "" || (s[0] >= '0' && s[0] <= '9') {
		s = "_" + s
	}
	return s
}
