// Package yamlx holds what paved needs on top of gopkg.in/yaml.v3 to read
// YAML a stranger wrote: the one alias counter ([Expand]) behind every
// YAML limit (templates' maxYamlNodes in [CheckDoc], the scorecard's
// rubric and yaml() limit, the catalog's alias-nodes), bounded reads of
// regular files ([ReadFile], [ReadRegular]) and [StringKeys].
//
// yamlx imports only gopkg.in/yaml.v3 and internal/limits: never another
// paved package, so every layer can use it.
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
