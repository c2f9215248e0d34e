// Package yamlx holds what paved needs on top of gopkg.in/yaml.v3.
package yamlx

import "fmt"

// StringKeys turns maps that YAML decoding left with non-string keys
// (map[any]any) into map[string]any, recursively, so the value can be used
// as JSON (schema validation) or as a CEL value. Maps and slices that are
// already right are updated in place.
func StringKeys(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = StringKeys(x)
		}
		return v
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[fmt.Sprint(k)] = StringKeys(x)
		}
		return out
	case []any:
		for i, x := range v {
			v[i] = StringKeys(x)
		}
		return v
	}
	return v
}
