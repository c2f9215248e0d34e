package catalog

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// normalize makes a decoded YAML value JSON-friendly: map keys become
// strings and timestamps RFC 3339 text, so the document stored is the one read.
func normalize(v any) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			n, err := normalize(val)
			if err != nil {
				return nil, err
			}
			x[k] = n
		}
		return x, nil
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, val := range x {
			n, err := normalize(val)
			if err != nil {
				return nil, err
			}
			m[fmt.Sprint(k)] = n
		}
		return m, nil
	case []any:
		for i, val := range x {
			n, err := normalize(val)
			if err != nil {
				return nil, err
			}
			x[i] = n
		}
		return x, nil
	case time.Time:
		return x.Format(time.RFC3339Nano), nil
	case float64:
		if x != x || x > 1.7e308 || x < -1.7e308 {
			return nil, fmt.Errorf("the number %v cannot be stored as JSON", x)
		}
	}
	return v, nil
}

var yamlLineRe = regexp.MustCompile(`^yaml: line (\d+): `)

func yamlErrLine(err error) int {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return 0
	}
	if m := yamlLineRe.FindStringSubmatch(err.Error()); m != nil {
		var n int
		fmt.Sscan(m[1], &n)
		return n
	}
	return 0
}

func yamlErrMsg(err error) string {
	return strings.TrimPrefix(yamlLineRe.ReplaceAllString(err.Error(), ""), "yaml: ")
}

type nodeError struct {
	line int
	msg  string
}

func (e *nodeError) Error() string { return e.msg }

// nodeValue turns a YAML node into plain values (maps, lists, strings,
// numbers, booleans) without reflection: faster than yaml's Decode, and
// timestamps stay the text that was written.
func nodeValue(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return nodeValue(n.Content[0])
	case yaml.AliasNode:
		return nodeValue(n.Alias)
	case yaml.SequenceNode:
		out := make([]any, len(n.Content))
		for i, c := range n.Content {
			v, err := nodeValue(c)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		var merges []*yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
				merges = append(merges, v)
				continue
			}
			key := k.Value
			if k.Kind != yaml.ScalarNode {
				kv, err := nodeValue(k)
				if err != nil {
					return nil, err
				}
				key = fmt.Sprint(kv)
			}
			if _, dup := out[key]; dup {
				return nil, &nodeError{line: k.Line, msg: fmt.Sprintf("mapping key %q is defined twice", key)}
			}
			val, err := nodeValue(v)
			if err != nil {
				return nil, err
			}
			out[key] = val
		}
		for _, m := range merges { // <<: *base (or a list of them) fills in missing keys
			v, err := nodeValue(m)
			if err != nil {
				return nil, err
			}
			list, ok := v.([]any)
			if !ok {
				list = []any{v}
			}
			for _, item := range list {
				mm, ok := item.(map[string]any)
				if !ok {
					return nil, &nodeError{line: m.Line, msg: "<< merges only mappings"}
				}
				for k, val := range mm {
					if _, set := out[k]; !set {
						out[k] = val
					}
				}
			}
		}
		return out, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!str", "!!timestamp", "!!binary":
			return n.Value, nil
		case "!!null":
			return nil, nil
		}
		var v any
		if err := n.Decode(&v); err != nil {
			return nil, &nodeError{line: n.Line, msg: err.Error()}
		}
		return normalize(v)
	}
	return nil, &nodeError{line: n.Line, msg: "unsupported YAML node"}
}
