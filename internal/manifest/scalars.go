package manifest

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// kind checks a node's kind, treating an explicit null as absent-but-wrong.
func (d *decoder) kind(n *yaml.Node, path string, want yaml.Kind, what string) bool {
	n = deref(n)
	if n.Kind == want {
		return true
	}
	d.add(n, path, "", "must be %s, not %s", what, describe(n))
	return false
}

func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "empty"
		case "!!int", "!!float":
			return "the number " + n.Value
		case "!!bool":
			return "the boolean " + n.Value
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "an alias"
}

func isNull(n *yaml.Node) bool { n = deref(n); return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// text decodes any scalar as its literal text: titles and descriptions may be
// numbers without harm.
func (d *decoder) text(n *yaml.Node, path string, dst *string) {
	n = deref(n)
	if isNull(n) {
		return
	}
	if d.kind(n, path, yaml.ScalarNode, "a string") {
		*dst = n.Value
	}
}

func (d *decoder) boolean(n *yaml.Node, path string, dst *bool) {
	n = deref(n)
	if isNull(n) {
		return
	}
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		d.add(n, path, "write true or false", "must be true or false, not %s", describe(n))
		return
	}
	*dst = n.Value == "true" || n.Value == "True" || n.Value == "TRUE"
}

func (d *decoder) integer(n *yaml.Node, path string, dst **int) {
	n = deref(n)
	if isNull(n) {
		return
	}
	v, ok := intValue(n)
	if !ok {
		d.add(n, path, "write a whole number such as 8080", "must be a whole number, not %s", describe(n))
		return
	}
	*dst = &v
}

func intValue(n *yaml.Node) (int, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
		return 0, false
	}
	v, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
	if err != nil || v > math.MaxInt || v < math.MinInt {
		return 0, false
	}
	return int(v), true
}

// strs decodes a list of scalars; a single scalar is not a list.
func (d *decoder) strs(n *yaml.Node, path string, dst *[]string) {
	n = deref(n)
	if isNull(n) {
		return
	}
	if !d.kind(n, path, yaml.SequenceNode, "a list") {
		return
	}
	out := make([]string, 0, len(n.Content))
	for i, item := range n.Content {
		item = deref(item)
		switch {
		case isNull(item):
			d.add(item, index(path, i), "remove the empty item or give it a value", "empty item")
		case d.kind(item, index(path, i), yaml.ScalarNode, "a string"):
			out = append(out, item.Value)
		}
	}
	*dst = out
}

// list calls each for every item of a sequence.
func (d *decoder) list(n *yaml.Node, path string, each func(item *yaml.Node, path string)) {
	n = deref(n)
	if isNull(n) {
		return
	}
	if !d.kind(n, path, yaml.SequenceNode, "a list") {
		return
	}
	for i, item := range n.Content {
		each(deref(item), index(path, i))
	}
}

// value decodes a scalar or a list of scalars into a Values value: string,
// int, bool or []string (the shapes answers take).
func (d *decoder) value(n *yaml.Node, path string) (any, bool) {
	n = deref(n)
	switch n.Kind {
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return nil, false
		case "!!int":
			if v, ok := intValue(n); ok {
				return v, true
			}
		case "!!bool":
			var b bool
			d.boolean(n, path, &b)
			return b, true
		case "!!float":
			d.add(n, path, fmt.Sprintf("quote it if it is text: '%s'", n.Value), "numbers with a fraction are not a parameter value: %s", n.Value)
			return nil, false
		}
		return n.Value, true
	case yaml.SequenceNode:
		var s []string
		d.strs(n, path, &s)
		return s, true
	}
	d.add(n, path, "give a string, number, boolean or list of strings", "must be a single value or a list, not %s", describe(n))
	return nil, false
}

func (d *decoder) stringMap(n *yaml.Node, path string) map[string]string {
	n = deref(n)
	if isNull(n) || !d.kind(n, path, yaml.MappingNode, "a mapping") {
		return nil
	}
	out := map[string]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		var s string
		d.text(v, join(path, k.Value), &s)
		out[k.Value] = s
	}
	return out
}

func (d *decoder) valueMap(n *yaml.Node, path string) map[string]any {
	n = deref(n)
	if isNull(n) || !d.kind(n, path, yaml.MappingNode, "a mapping") {
		return nil
	}
	out := map[string]any{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if val, ok := d.value(v, join(path, k.Value)); ok {
			out[k.Value] = val
		}
	}
	return out
}
