package manifest

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"gopkg.in/yaml.v3"

	"github.com/paved-dev/paved/schema"
)

// CheckSchema validates a template.yaml against the published JSON Schema
// (schema/template.schema.json), the same one editors use. Every violation
// becomes an [Error] located at the offending line; nil means it conforms.
// [Parse] checks more than the schema can (templates, references, regexps),
// so linting runs both.
func CheckSchema(data []byte, file string) error {
	sch, err := compileTemplateSchema()
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
	inst = jsonValue(inst)
	verr := sch.Validate(inst)
	if verr == nil {
		return nil
	}
	ve, ok := verr.(*jsonschema.ValidationError)
	if !ok {
		return Errors{{File: file, Msg: verr.Error()}}
	}
	p := message.NewPrinter(language.English)
	var errs Errors
	seen := map[string]bool{}
	for _, leaf := range leaves(ve) {
		field := fieldPath(leaf.InstanceLocation)
		msg := "schema: " + leaf.ErrorKind.LocalizedString(p)
		if _, isFalse := leaf.ErrorKind.(*kind.FalseSchema); isFalse {
			msg = "schema: not allowed here (it does not apply to this parameter's type)"
		}
		if seen[field+msg] {
			continue
		}
		seen[field+msg] = true
		errs = append(errs, &Error{File: file, Line: lineOf(doc.Content[0], leaf.InstanceLocation), Field: field, Msg: msg,
			Fix: "see the description of " + displayField(field) + " in " + schema.TemplateURL})
	}
	return errs.sorted()
}

func compileTemplateSchema() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema.Template))
	if err != nil {
		return nil, fmt.Errorf("embedded template schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(schema.TemplateURL, doc); err != nil {
		return nil, fmt.Errorf("embedded template schema: %w", err)
	}
	sch, err := c.Compile(schema.TemplateURL)
	if err != nil {
		return nil, fmt.Errorf("embedded template schema: %w", err)
	}
	return sch, nil
}

// leaves returns the most specific errors: those without causes.
func leaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}

// jsonValue turns YAML-decoded maps with non-string keys into JSON objects.
func jsonValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = jsonValue(x)
		}
		return v
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[fmt.Sprint(k)] = jsonValue(x)
		}
		return out
	case []any:
		for i, x := range v {
			v[i] = jsonValue(x)
		}
		return v
	}
	return v
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
