package catalog

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// templateSpecJSON is the JSON Schema of a v1beta3 Template's spec, taken
// from the scaffolder's own schema (see its $comment).
//
//go:embed schemas/template.v1beta3.spec.json
var templateSpecJSON []byte

// templateSpecSchema is the compiled schema; read-only.
var templateSpecSchema = mustCompileSchema("paved:template.v1beta3.spec.json", templateSpecJSON)

func mustCompileSchema(url string, data []byte) *jsonschema.Schema {
	s, err := compileSchema(url, data)
	if err != nil {
		panic(err) // an embedded schema: a programmer error
	}
	return s
}

func compileSchema(url string, data []byte) (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(url, doc); err != nil {
		return nil, err
	}
	return c.Compile(url)
}

// templateSpec checks a Template's spec against the scaffolder's schema.
func (v *validator) templateSpec(spec map[string]any) {
	v.schema(fieldPath{"spec"}, spec, templateSpecSchema, "see https://backstage.io/docs/features/software-templates/writing-templates")
}

// schema reports the problems a JSON Schema finds in val (at p), each at
// the deepest field it names.
func (v *validator) schema(p fieldPath, val any, s *jsonschema.Schema, fix string) {
	err := s.Validate(val)
	if err == nil {
		return
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		v.add(p, err.Error(), fix)
		return
	}
	printer := message.NewPrinter(language.English)
	for _, leaf := range schemaLeaves(ve) {
		q, cur := p, val
		for _, s := range leaf.InstanceLocation {
			switch c := cur.(type) {
			case []any:
				i, _ := strconv.Atoi(s)
				q = q.add(i)
				if i < len(c) {
					cur = c[i]
				}
			case map[string]any:
				q, cur = q.add(s), c[s]
			default:
				q = q.add(s)
			}
		}
		v.add(q, strings.TrimSpace(fmt.Sprint(leaf.ErrorKind.LocalizedString(printer))), fix)
	}
}

// schemaLeaves is the innermost errors of a validation error tree.
func schemaLeaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, schemaLeaves(c)...)
	}
	return out
}

// TemplateParameters lists the parameters of a Template: each page's title
// and its properties (name, type, title, required), properties sorted by
// name (the stored document does not keep their order).
func (e *Entity) TemplateParameters() []TemplateParam {
	var pages []any
	switch p := e.Spec["parameters"].(type) {
	case []any:
		pages = p
	case map[string]any:
		pages = []any{p}
	}
	var out []TemplateParam
	for _, page := range pages {
		m, ok := page.(map[string]any)
		if !ok {
			continue
		}
		title, _ := m["title"].(string)
		req := map[string]bool{}
		if rs, ok := m["required"].([]any); ok {
			for _, r := range rs {
				if s, ok := r.(string); ok {
					req[s] = true
				}
			}
		}
		props, _ := m["properties"].(map[string]any)
		for _, name := range sortedKeys(props) {
			pm, _ := props[name].(map[string]any)
			typ, _ := pm["type"].(string)
			pt, _ := pm["title"].(string)
			out = append(out, TemplateParam{Page: title, Name: name, Type: typ, Title: pt, Required: req[name]})
		}
	}
	return out
}

// TemplateParam is one parameter a Template asks for.
type TemplateParam struct {
	Page     string `json:"page,omitempty"`
	Name     string `json:"name"`
	Type     string `json:"type,omitempty"`
	Title    string `json:"title,omitempty"`
	Required bool   `json:"required,omitempty"`
}
