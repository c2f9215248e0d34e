package api

import (
	"bytes"
	"encoding/json"
	"strings"
)

// project keeps only fields of doc (dotted paths, as Backstage's fields
// parameter: "metadata.name" keeps {"metadata":{"name":…}}). Missing
// fields are left out; no fields keeps everything.
func project(doc json.RawMessage, fields []string) (json.RawMessage, error) {
	if len(fields) == 0 || doc == nil {
		return doc, nil
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var src map[string]any
	if err := dec.Decode(&src); err != nil {
		return nil, err
	}
	out := map[string]any{}
	for _, f := range fields {
		path := strings.Split(f, ".")
		v, ok := lookup(src, path)
		if !ok {
			continue
		}
		m := out
		for _, p := range path[:len(path)-1] {
			next, ok := m[p].(map[string]any)
			if !ok {
				next = map[string]any{}
				m[p] = next
			}
			m = next
		}
		m[path[len(path)-1]] = v
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

func lookup(m map[string]any, path []string) (any, bool) {
	var v any = m
	for _, p := range path {
		mm, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = mm[p]; !ok {
			return nil, false
		}
	}
	return v, true
}

func projectAll(docs []json.RawMessage, fields []string) ([]json.RawMessage, error) {
	out := make([]json.RawMessage, len(docs))
	for i, d := range docs {
		p, err := project(d, fields)
		if err != nil {
			return nil, err
		}
		out[i] = p
	}
	return out, nil
}
