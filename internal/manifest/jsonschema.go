package manifest

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strings"
)

// schemaValidator checks an instance against the subset of JSON Schema
// draft 2020-12 that schema/template.schema.json uses.
//
// Why not github.com/santhosh-tekuri/jsonschema: its package init compiles
// every draft's metaschema, 13 ms of CPU at the start of EVERY paved
// command (all commands share one binary), against a start-up budget of a
// few milliseconds for `paved new`. The tests validate the same documents
// with that library and require the same verdicts, and fail if the schema
// starts using a keyword this validator does not know.
type schemaValidator struct {
	root map[string]any
}

// schemaError is one violation at an instance location (JSON pointer tokens).
type schemaError struct {
	loc []string
	msg string
}

// annotations are keywords that never fail validation.
func annotations() []string {
	return []string{"$schema", "$id", "$defs", "$comment", "title", "description", "default", "examples"}
}

// keywords are the assertions and applicators this validator implements.
func keywords() []string {
	return []string{
		"$ref", "type", "const", "enum",
		"properties", "additionalProperties", "required",
		"items", "minItems", "maxItems", "uniqueItems",
		"minLength", "pattern", "format",
		"anyOf", "allOf", "not", "if", "then", "else",
	}
}

func newSchemaValidator(data []byte) (*schemaValidator, error) {
	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("embedded template schema: %w", err)
	}
	if bad := unknownKeywords(root); len(bad) > 0 {
		return nil, fmt.Errorf("embedded template schema uses keywords paved does not implement: %s", strings.Join(bad, ", "))
	}
	return &schemaValidator{root: root}, nil
}

// unknownKeywords lists keywords of schema s (and its subschemas) that are
// neither annotations nor implemented.
func unknownKeywords(s any) []string {
	var out []string
	known, ignored := keywords(), annotations()
	var walk func(s any, propertyNames bool)
	walk = func(s any, propertyNames bool) {
		m, ok := s.(map[string]any)
		if !ok {
			return
		}
		for k, v := range m {
			if propertyNames { // the keys of properties/$defs are names, not keywords
				walk(v, false)
				continue
			}
			switch {
			case k == "properties" || k == "$defs":
				walk(v, true)
			case k == "anyOf" || k == "allOf":
				for _, sub := range v.([]any) {
					walk(sub, false)
				}
			case slices.Contains(known, k):
				walk(v, false)
			case slices.Contains(ignored, k):
			default:
				if !slices.Contains(out, k) {
					out = append(out, k)
				}
			}
		}
	}
	walk(s, false)
	slices.Sort(out)
	return out
}

func (v *schemaValidator) validate(inst any) []schemaError {
	return v.check(v.root, inst, nil)
}

func (v *schemaValidator) check(s any, inst any, loc []string) []schemaError {
	switch s := s.(type) {
	case bool:
		if s {
			return nil
		}
		return []schemaError{{loc, "not allowed here (it does not apply to this parameter's type)"}}
	case map[string]any:
		return v.checkObject(s, inst, loc)
	}
	return nil
}

func (v *schemaValidator) checkObject(s map[string]any, inst any, loc []string) []schemaError {
	var errs []schemaError
	fail := func(format string, args ...any) { errs = append(errs, schemaError{loc, fmt.Sprintf(format, args...)}) }

	if ref, ok := s["$ref"].(string); ok {
		errs = append(errs, v.check(v.resolve(ref), inst, loc)...)
	}
	if t, ok := s["type"]; ok {
		want := typeList(t)
		if !slices.ContainsFunc(want, func(w string) bool { return hasType(inst, w) }) {
			fail("got %s, want %s", jsonType(inst), strings.Join(want, " or "))
			return errs // further keywords would only repeat it
		}
	}
	if c, ok := s["const"]; ok && !jsonEqual(c, inst) {
		fail("value must be %s", quoteJSON(c))
	}
	if e, ok := s["enum"].([]any); ok && !slices.ContainsFunc(e, func(x any) bool { return jsonEqual(x, inst) }) {
		names := make([]string, len(e))
		for i, x := range e {
			names[i] = quoteJSON(x)
		}
		fail("value must be one of %s", strings.Join(names, ", "))
	}
	switch inst := inst.(type) {
	case map[string]any:
		errs = append(errs, v.checkMap(s, inst, loc)...)
	case []any:
		errs = append(errs, v.checkList(s, inst, loc)...)
	case string:
		if n, ok := number(s["minLength"]); ok && float64(len([]rune(inst))) < n {
			fail("minLength: got %d, want %d", len([]rune(inst)), int(n))
		}
		if p, ok := s["pattern"].(string); ok {
			if re, err := regexp.Compile(p); err == nil && !re.MatchString(inst) {
				fail("'%s' does not match pattern '%s'", inst, p)
			}
		}
		if f, _ := s["format"].(string); f == "regex" {
			if _, err := regexp.Compile(inst); err != nil {
				fail("'%s' is not valid 'regex'", inst)
			}
		}
	}
	if all, ok := s["allOf"].([]any); ok {
		for _, sub := range all {
			errs = append(errs, v.check(sub, inst, loc)...)
		}
	}
	if anyOf, ok := s["anyOf"].([]any); ok {
		if !slices.ContainsFunc(anyOf, func(sub any) bool { return len(v.check(sub, inst, loc)) == 0 }) {
			var forms []string
			for _, sub := range anyOf {
				forms = append(forms, describeSchema(v, sub))
			}
			fail("got %s, want %s", jsonType(inst), strings.Join(forms, " or "))
		}
	}
	if not, ok := s["not"]; ok && len(v.check(not, inst, loc)) == 0 {
		if m, _ := not.(map[string]any); len(m) == 1 && m["required"] != nil {
			// {"not": {"required": ["x"]}} forbids a property.
			names := typeList(m["required"])
			fail("property '%s' not allowed here", strings.Join(names, "', '"))
		} else {
			fail("not allowed here")
		}
	}
	if cond, ok := s["if"]; ok {
		if len(v.check(cond, inst, loc)) == 0 {
			if then, ok := s["then"]; ok {
				errs = append(errs, v.check(then, inst, loc)...)
			}
		} else if els, ok := s["else"]; ok {
			errs = append(errs, v.check(els, inst, loc)...)
		}
	}
	return errs
}

func (v *schemaValidator) checkMap(s map[string]any, inst map[string]any, loc []string) []schemaError {
	var errs []schemaError
	if req, ok := s["required"].([]any); ok {
		var missing []string
		for _, r := range req {
			if name, _ := r.(string); name != "" {
				if _, ok := inst[name]; !ok {
					missing = append(missing, "'"+name+"'")
				}
			}
		}
		switch len(missing) {
		case 0:
		case 1:
			errs = append(errs, schemaError{loc, "missing property " + missing[0]})
		default:
			errs = append(errs, schemaError{loc, "missing properties " + strings.Join(missing, ", ")})
		}
	}
	props, _ := s["properties"].(map[string]any)
	var extra []string
	for _, k := range slices.Sorted(maps.Keys(inst)) {
		sub, known := props[k]
		if known {
			errs = append(errs, v.check(sub, inst[k], append(slices.Clone(loc), k))...)
			continue
		}
		switch ap := s["additionalProperties"].(type) {
		case bool:
			if !ap {
				extra = append(extra, "'"+k+"'")
			}
		case map[string]any:
			errs = append(errs, v.check(ap, inst[k], append(slices.Clone(loc), k))...)
		}
	}
	if len(extra) > 0 {
		errs = append(errs, schemaError{loc, "additional properties " + strings.Join(extra, ", ") + " not allowed"})
	}
	return errs
}

func (v *schemaValidator) checkList(s map[string]any, inst []any, loc []string) []schemaError {
	var errs []schemaError
	if n, ok := number(s["minItems"]); ok && float64(len(inst)) < n {
		errs = append(errs, schemaError{loc, fmt.Sprintf("minItems: got %d, want %d", len(inst), int(n))})
	}
	if n, ok := number(s["maxItems"]); ok && float64(len(inst)) > n {
		errs = append(errs, schemaError{loc, fmt.Sprintf("maxItems: got %d, want %d", len(inst), int(n))})
	}
	if u, _ := s["uniqueItems"].(bool); u {
	dup:
		for i := range inst {
			for j := range i {
				if jsonEqual(inst[i], inst[j]) {
					errs = append(errs, schemaError{loc, fmt.Sprintf("items at %d and %d are equal", j, i)})
					break dup
				}
			}
		}
	}
	if items, ok := s["items"]; ok {
		for i, x := range inst {
			errs = append(errs, v.check(items, x, append(slices.Clone(loc), fmt.Sprint(i)))...)
		}
	}
	return errs
}

// resolve follows a local reference such as "#/$defs/parameter".
func (v *schemaValidator) resolve(ref string) any {
	var cur any = v.root
	for _, tok := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return true
		}
		cur = m[tok]
	}
	if cur == nil {
		return true
	}
	return cur
}

func describeSchema(v *schemaValidator, s any) string {
	m, ok := s.(map[string]any)
	if !ok {
		return "anything"
	}
	if ref, ok := m["$ref"].(string); ok {
		return describeSchema(v, v.resolve(ref))
	}
	if t, ok := m["type"]; ok {
		d := strings.Join(typeList(t), " or ")
		if d == "array" {
			if items, ok := m["items"].(map[string]any); ok {
				if it, ok := items["type"]; ok {
					return "array of " + strings.Join(typeList(it), " or ")
				}
			}
		}
		return d
	}
	return "a matching value"
}

func typeList(t any) []string {
	switch t := t.(type) {
	case string:
		return []string{t}
	case []any:
		out := make([]string, 0, len(t))
		for _, x := range t {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// jsonType names an instance's JSON type as the library does.
func jsonType(x any) string {
	switch x := x.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case int, int64, uint64, float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	default:
		return fmt.Sprintf("%T", x)
	}
}

func hasType(x any, want string) bool {
	got := jsonType(x)
	switch want {
	case "integer":
		f, ok := number(x)
		return ok && f == math.Trunc(f)
	case "number":
		return got == "number"
	}
	return got == want
}

func number(x any) (float64, bool) {
	switch x := x.(type) {
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// jsonEqual compares two JSON values, numbers by value.
func jsonEqual(a, b any) bool {
	if fa, ok := number(a); ok {
		fb, ok := number(b)
		return ok && fa == fb
	}
	return reflect.DeepEqual(a, b)
}

func quoteJSON(x any) string {
	if s, ok := x.(string); ok {
		return "'" + s + "'"
	}
	return fmt.Sprint(x)
}
