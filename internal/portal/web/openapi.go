package web

import (
	"encoding/json"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxDefinition bounds an API definition the page parses.
const maxDefinition = 1 << 20

// apiDoc is an OpenAPI (or Swagger) definition, summarised readably.
type apiDoc struct {
	Title, Version, Description string
	Servers                     []string
	Operations                  []apiOperation
}

type apiOperation struct {
	Method, Path, Summary string
	Params                []string
	Responses             []string
}

var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// parseOpenAPI summarises an OpenAPI 3 or Swagger 2 definition in YAML or
// JSON; ok is false for anything else (AsyncAPI, GraphQL, gRPC), which the
// page shows as text.
func parseOpenAPI(def string) (*apiDoc, bool) {
	if len(def) > maxDefinition {
		return nil, false
	}
	var doc map[string]any
	if err := yaml.Unmarshal([]byte(def), &doc); err != nil {
		if json.Unmarshal([]byte(def), &doc) != nil {
			return nil, false
		}
	}
	if _, oa := doc["openapi"]; !oa {
		if _, sw := doc["swagger"]; !sw {
			return nil, false
		}
	}
	out := &apiDoc{}
	if info, ok := doc["info"].(map[string]any); ok {
		out.Title, out.Version, out.Description = str(info["title"]), str(info["version"]), str(info["description"])
	}
	if servers, ok := doc["servers"].([]any); ok {
		for _, s := range servers {
			if m, ok := s.(map[string]any); ok {
				out.Servers = append(out.Servers, str(m["url"]))
			}
		}
	}
	paths, _ := doc["paths"].(map[string]any)
	keys := make([]string, 0, len(paths))
	for k := range paths {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, p := range keys {
		item, _ := paths[p].(map[string]any)
		for _, m := range httpMethods {
			op, ok := item[m].(map[string]any)
			if !ok {
				continue
			}
			o := apiOperation{Method: strings.ToUpper(m), Path: p, Summary: str(op["summary"])}
			if o.Summary == "" {
				o.Summary = str(op["operationId"])
			}
			if params, ok := op["parameters"].([]any); ok {
				for _, pa := range params {
					if pm, ok := pa.(map[string]any); ok {
						if n := str(pm["name"]); n != "" {
							o.Params = append(o.Params, n+" ("+str(pm["in"])+")")
						}
					}
				}
			}
			if rs, ok := op["responses"].(map[string]any); ok {
				for code := range rs {
					o.Responses = append(o.Responses, code)
				}
				slices.Sort(o.Responses)
			}
			out.Operations = append(out.Operations, o)
			if len(out.Operations) >= 500 {
				return out, true
			}
		}
	}
	return out, true
}

func str(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case nil:
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}
