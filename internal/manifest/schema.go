package manifest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/paved-dev/paved/internal/yamlx"
	"github.com/paved-dev/paved/schema"
)

// CheckSchema validates a template.yaml against the published JSON Schema
// (schema/template.schema.json), the same one editors use. Every violation
// becomes an [Error] located at the offending line; nil means it conforms.
// [Parse] checks more than the schema can (templates, references, regexps),
// so linting runs both.
func CheckSchema(data []byte, file string) error {
	v, err := newSchemaValidator(schema.Template)
	if err != nil {
		return err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 {
		// Parse reports broken YAML with its line; nothing to add here.
		return nil
	}
	var inst any
	if err := doc.Content[0].Decode(&inst); err != nil {
		return Errors{{File: file, Msg: err.Error()}}
	}
	var errs Errors
	seen := map[string]bool{}
	for _, e := range v.validate(yamlx.StringKeys(inst)) {
		field := fieldPath(e.loc)
		msg := "schema: " + e.msg
		if seen[field+msg] {
			continue
		}
		seen[field+msg] = true
		errs = append(errs, &Error{File: file, Line: lineOf(doc.Content[0], e.loc), Field: field, Msg: msg,
			Fix: "see the description of " + displayField(field) + " in " + schema.TemplateURL})
	}
	if len(errs) == 0 {
		return nil
	}
	return errs.sorted()
}

// fieldPath renders a JSON pointer's tokens as spec.parameters[1].type.
func fieldPath(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		if _, err := strconv.Atoi(t); err == nil {
			fmt.Fprintf(&b, "[%s]", t)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(t)
	}
	return b.String()
}

func displayField(field string) string {
	if field == "" {
		return "the top level"
	}
	return field
}

// lineOf finds the line of the node at a JSON pointer's tokens.
func lineOf(n *yaml.Node, tokens []string) int {
	for _, t := range tokens {
		n = deref(n)
		switch n.Kind {
		case yaml.MappingNode:
			i := slices.IndexFunc(mappingKeys(n), func(k *yaml.Node) bool { return k.Value == t })
			if i < 0 {
				return n.Line
			}
			n = n.Content[2*i+1]
		case yaml.SequenceNode:
			i, err := strconv.Atoi(t)
			if err != nil || i >= len(n.Content) {
				return n.Line
			}
			n = n.Content[i]
		default:
			return n.Line
		}
	}
	return n.Line
}

func mappingKeys(n *yaml.Node) []*yaml.Node {
	keys := make([]*yaml.Node, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		keys = append(keys, n.Content[i])
	}
	return keys
}

// Locate returns the line of a field path such as "spec.parameters[4].when"
// in a template.yaml: the line of its value, else of the nearest enclosing
// node that exists; 0 when the YAML does not parse.
// Callers that only know an item's line (a Parameter's Line) use it to
// point at the exact field.
func Locate(data []byte, field string) int {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return 0
	}
	var tokens []string
	for part := range strings.SplitSeq(field, ".") {
		name, rest, _ := strings.Cut(part, "[")
		if name != "" {
			tokens = append(tokens, name)
		}
		for rest != "" {
			idx, after, _ := strings.Cut(rest, "]")
			tokens = append(tokens, idx)
			rest = strings.TrimPrefix(after, "[")
		}
	}
	return lineOf(doc.Content[0], tokens)
}
