package manifest

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/paved-dev/paved/internal/didyoumean"
)

// decoder turns a template.yaml node tree into a Manifest by hand, rather
// than through yaml.Node.Decode, so that every unknown field, wrong type and
// duplicate key is reported with its line and field path, all at once.
type decoder struct {
	file string
	errs Errors
	pos  nodes // where things were, for validation messages
}

func (d *decoder) add(n *yaml.Node, field, fix, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	d.errs = append(d.errs, &Error{File: d.file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...), Fix: fix})
}

// field is one known key of a mapping and how to decode its value.
type field struct {
	name   string
	decode func(val *yaml.Node, path string)
}

// mapping decodes the keys of n with the known fields, reporting unknown
// and duplicate keys. It returns the key nodes seen, by name.
func (d *decoder) mapping(n *yaml.Node, path string, fields []field) map[string]*yaml.Node {
	seen := map[string]*yaml.Node{}
	if isNull(n) {
		return seen // an empty section: its required fields say what is missing
	}
	if !d.kind(n, path, yaml.MappingNode, "a mapping (key: value lines)") {
		return seen
	}
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	n = deref(n)
	for _, kv := range pairs(n) {
		key, val := kv.key, kv.val
		p := join(path, key.Value)
		if kv.merged { // merged in by <<: keys written here win
			if _, dup := seen[key.Value]; dup {
				continue
			}
		}
		if prev, dup := seen[key.Value]; dup {
			d.add(key, p, "keep one of them", "duplicate key (first at line %d)", prev.Line)
			continue
		}
		seen[key.Value] = key
		idx := slices.Index(names, key.Value)
		if idx < 0 {
			d.add(key, p, unknownFix(key.Value, names), "unknown field %q", key.Value)
			continue
		}
		fields[idx].decode(val, p)
	}
	return seen
}

// pair is one key and value of a mapping; merged marks those brought in
// by "<<: *anchor".
type pair struct {
	key, val *yaml.Node
	merged   bool
}

// pairs lists a mapping's pairs, with the pairs of mappings merged in by
// "<<: *anchor" after its own, so keys written in the mapping itself win,
// as YAML specifies.
func pairs(n *yaml.Node) []pair {
	var own, merged []pair
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		if key.Tag != "!!merge" {
			own = append(own, pair{key: key, val: val})
			continue
		}
		srcs := []*yaml.Node{deref(val)}
		if srcs[0].Kind == yaml.SequenceNode {
			srcs = srcs[0].Content
		}
		for _, src := range srcs {
			if src = deref(src); src.Kind != yaml.MappingNode {
				continue
			}
			for _, p := range pairs(src) {
				p.merged = true
				merged = append(merged, p)
			}
		}
	}
	return append(own, merged...)
}

func unknownFix(name string, known []string) string {
	if slices.Contains(known, "help") && didyoumean.Closest(name, append(slices.Clone(known), "description"), didyoumean.Levenshtein) == "description" {
		return "a parameter's description goes in help"
	}
	if s := didyoumean.Closest(name, known, didyoumean.Levenshtein); s != "" {
		return fmt.Sprintf("did you mean %q?", s)
	}
	return "known fields: " + strings.Join(known, ", ")
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

func (d *decoder) manifest(root *yaml.Node) *Manifest {
	m := &Manifest{}
	if deref(root).Kind != yaml.MappingNode {
		d.add(root, "", "start from examples/templates/worker/template.yaml", "must be a mapping (key: value lines), not %s", describe(deref(root)))
		return m
	}
	var apiVersion, kind, metadata, spec *yaml.Node
	keys := d.mapping(root, "", []field{
		{"apiVersion", func(n *yaml.Node, p string) { apiVersion = n; d.text(n, p, &m.APIVersion) }},
		{"kind", func(n *yaml.Node, p string) { kind = n; d.text(n, p, &m.Kind) }},
		{"metadata", func(n *yaml.Node, p string) { metadata = n; d.metadata(n, p, &m.Metadata) }},
		{"spec", func(n *yaml.Node, p string) { spec = n; d.spec(n, p, &m.Spec) }},
	})
	if m.APIVersion != APIVersion {
		at := orNode(apiVersion, root)
		if apiVersion == nil {
			d.add(at, "apiVersion", "add: apiVersion: "+APIVersion, "missing")
		} else {
			d.add(at, "apiVersion", "write: apiVersion: "+APIVersion, "unknown apiVersion %q", m.APIVersion)
		}
	}
	if m.Kind != Kind {
		at := orNode(kind, root)
		if kind == nil {
			d.add(at, "kind", "add: kind: "+Kind, "missing")
		} else {
			d.add(at, "kind", "write: kind: "+Kind, "unknown kind %q", m.Kind)
		}
	}
	if _, ok := keys["metadata"]; !ok || metadata == nil {
		d.add(root, "metadata", "add metadata: {name: my-template}", "missing")
	}
	if _, ok := keys["spec"]; !ok || spec == nil {
		d.add(root, "spec", "add spec: {version: 1.0.0}", "missing")
	}
	return m
}

func orNode(n, fallback *yaml.Node) *yaml.Node {
	if n != nil {
		return n
	}
	return fallback
}

func (d *decoder) metadata(n *yaml.Node, path string, md *Metadata) {
	d.pos.metadata = n
	d.mapping(n, path, []field{
		{"name", func(n *yaml.Node, p string) { d.pos.name = n; d.text(n, p, &md.Name) }},
		{"title", func(n *yaml.Node, p string) { d.text(n, p, &md.Title) }},
		{"description", func(n *yaml.Node, p string) { d.text(n, p, &md.Description) }},
		{"tags", func(n *yaml.Node, p string) { d.strs(n, p, &md.Tags) }},
	})
}

// nodes remembers where each decoded thing was, for validation messages.
type nodes struct {
	metadata, name, version, delimiters *yaml.Node
	spec                                *yaml.Node
	params                              []paramNodes
	files                               []map[string]*yaml.Node
	hooks                               []map[string]*yaml.Node
	nextSteps                           []*yaml.Node
	features                            []map[string]*yaml.Node
	migrations                          []map[string]*yaml.Node
}

// paramNodes holds a parameter's own node and its value nodes by key.
type paramNodes struct {
	node *yaml.Node
	vals map[string]*yaml.Node
}

func (d *decoder) spec(n *yaml.Node, path string, s *Spec) {
	d.pos.spec = n
	d.mapping(n, path, []field{
		{"version", func(n *yaml.Node, p string) { d.pos.version = n; d.text(n, p, &s.Version) }},
		{"type", func(n *yaml.Node, p string) { d.text(n, p, &s.Type) }},
		{"delimiters", func(n *yaml.Node, p string) { d.pos.delimiters = n; d.strs(n, p, &s.Delimiters) }},
		{"parameters", func(n *yaml.Node, p string) {
			d.list(n, p, func(item *yaml.Node, p string) {
				var par Parameter
				vals := d.parameter(item, p, &par)
				s.Parameters = append(s.Parameters, par)
				d.pos.params = append(d.pos.params, paramNodes{node: item, vals: vals})
			})
		}},
		{"files", func(n *yaml.Node, p string) {
			d.list(n, p, func(item *yaml.Node, p string) {
				r := FileRule{Line: item.Line}
				vals := d.values(item, p, []field{
					{"path", func(n *yaml.Node, p string) { d.text(n, p, &r.Path) }},
					{"when", func(n *yaml.Node, p string) { d.text(n, p, &r.When) }},
				})
				s.Files = append(s.Files, r)
				d.pos.files = append(d.pos.files, vals)
			})
		}},
		{"hooks", func(n *yaml.Node, p string) {
			d.mapping(n, p, []field{{"after", func(n *yaml.Node, p string) {
				d.list(n, p, func(item *yaml.Node, p string) {
					h := Hook{Line: item.Line}
					vals := d.values(item, p, []field{
						{"run", func(n *yaml.Node, p string) { d.strs(n, p, &h.Run) }},
						{"title", func(n *yaml.Node, p string) { d.text(n, p, &h.Title) }},
						{"when", func(n *yaml.Node, p string) { d.text(n, p, &h.When) }},
					})
					s.Hooks.After = append(s.Hooks.After, h)
					d.pos.hooks = append(d.pos.hooks, vals)
				})
			}}})
		}},
		{"nextSteps", func(n *yaml.Node, p string) {
			d.list(n, p, func(item *yaml.Node, p string) {
				var step string
				d.text(item, p, &step)
				s.NextSteps = append(s.NextSteps, step)
				d.pos.nextSteps = append(d.pos.nextSteps, item)
			})
		}},
		{"features", func(n *yaml.Node, p string) {
			d.list(n, p, func(item *yaml.Node, p string) {
				var f Feature
				vals := d.values(item, p, []field{
					{"name", func(n *yaml.Node, p string) { d.text(n, p, &f.Name) }},
					{"description", func(n *yaml.Node, p string) { d.text(n, p, &f.Description) }},
				})
				s.Features = append(s.Features, f)
				d.pos.features = append(d.pos.features, vals)
			})
		}},
		{"migrations", func(n *yaml.Node, p string) {
			d.list(n, p, func(item *yaml.Node, p string) {
				var mg Migration
				vals := d.values(item, p, []field{
					{"version", func(n *yaml.Node, p string) { d.text(n, p, &mg.Version) }},
					{"rename", func(n *yaml.Node, p string) { mg.Rename = d.stringMap(n, p) }},
					{"remove", func(n *yaml.Node, p string) { d.strs(n, p, &mg.Remove) }},
					{"defaults", func(n *yaml.Node, p string) { mg.Defaults = d.valueMap(n, p) }},
				})
				s.Migrations = append(s.Migrations, mg)
				d.pos.migrations = append(d.pos.migrations, vals)
			})
		}},
	})
}

// values decodes a mapping and returns its value nodes by key, plus the
// mapping itself under "".
func (d *decoder) values(n *yaml.Node, path string, fields []field) map[string]*yaml.Node {
	vals := map[string]*yaml.Node{"": n}
	for i := range fields {
		f := fields[i]
		fields[i].decode = func(v *yaml.Node, p string) { vals[f.name] = v; f.decode(v, p) }
	}
	d.mapping(n, path, fields)
	return vals
}

func (d *decoder) parameter(n *yaml.Node, path string, par *Parameter) map[string]*yaml.Node {
	par.Line = n.Line
	var def *yaml.Node
	vals := d.values(n, path, []field{
		{"name", func(n *yaml.Node, p string) { d.text(n, p, &par.Name) }},
		{"title", func(n *yaml.Node, p string) { d.text(n, p, &par.Title) }},
		{"help", func(n *yaml.Node, p string) { d.text(n, p, &par.Help) }},
		{"type", func(n *yaml.Node, p string) { d.text(n, p, &par.Type) }},
		{"required", func(n *yaml.Node, p string) { d.boolean(n, p, &par.Required) }},
		{"default", func(n *yaml.Node, p string) { def = n }},
		{"pattern", func(n *yaml.Node, p string) { d.text(n, p, &par.Pattern) }},
		{"min", func(n *yaml.Node, p string) { d.integer(n, p, &par.Min) }},
		{"max", func(n *yaml.Node, p string) { d.integer(n, p, &par.Max) }},
		{"options", func(n *yaml.Node, p string) { d.strs(n, p, &par.Options) }},
		{"when", func(n *yaml.Node, p string) { d.text(n, p, &par.When) }},
	})
	if par.Type == "" {
		par.Type = TypeString
	}
	if def != nil {
		// The default's shape depends on the type, checked in validate;
		// here it only becomes a Go value.
		if v, ok := d.value(def, join(path, "default")); ok {
			par.Default = v
		}
	}
	return vals
}
