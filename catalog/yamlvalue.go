package catalog

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/paved-dev/paved/internal/yamlx"
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
	line  int
	msg   string
	fix   string
	limit *LimitError
}

func (e *nodeError) Error() string { return e.msg }

// Anchor states in [valueReader.anchors].
const (
	anchorOpen = 1 // its node is being read: an alias to it would loop
	anchorDone = 2
)

// valueReader turns YAML nodes into plain values (maps, lists, strings,
// numbers, booleans) without reflection: faster than yaml's Decode, and
// timestamps stay the text that was written. It reads YAML as Backstage's
// parser does: merge keys (<<) are plain keys, an alias resolves only to an
// anchor set earlier in the same document, a key may appear once. Aliases
// are expanded here, so yaml's own alias guard never runs: the reader
// counts what it expands and how big and deep the document grows, and
// stops at the [Limits].
type valueReader struct {
	lim     Limits
	what    string // "document 2", for limit errors
	anchors map[*yaml.Node]int8
	aliased int64 // nodes aliases added, counted by yamlx.Expand
	size    int64 // the value's approximate size in bytes, as JSON
}

func newValueReader(lim Limits, what string) *valueReader {
	return &valueReader{lim: lim.orDefault(), what: what}
}

func (r *valueReader) over(line int, limit string, max int64, what string) error {
	le := &LimitError{Limit: limit, Max: max, What: what}
	return &nodeError{line: line, msg: le.Error(), fix: le.Hint(), limit: le}
}

// read is value for a whole document (or a $yaml placeholder's), after
// [yamlx.Expand] has counted what its aliases add toward the entity's
// alias-nodes budget.
func (r *valueReader) read(n *yaml.Node, depth int64) (any, error) {
	e := yamlx.Expand(n, r.lim.AliasNodes-r.aliased)
	r.aliased += e.Added()
	if e.Over != nil {
		return nil, r.over(e.Over.Line, "alias-nodes", r.lim.AliasNodes, fmt.Sprintf("YAML aliases of %s", r.what))
	}
	// A cycle is reported, in its own words, as the value is read.
	return r.value(n, depth, false)
}

// grow adds n bytes to the document's size and checks the limit.
func (r *valueReader) grow(line int, n int64) error {
	r.size += n
	if r.size > r.lim.DocumentBytes {
		return r.over(line, "document-bytes", r.lim.DocumentBytes, r.what+" (with its aliases and placeholders expanded)")
	}
	return nil
}

// value reads n; depth is how deeply it is nested, viaAlias whether it is
// reached through an alias.
func (r *valueReader) value(n *yaml.Node, depth int64, viaAlias bool) (any, error) {
	if n == nil {
		return nil, nil
	}
	if depth > r.lim.Depth {
		return nil, r.over(n.Line, "depth", r.lim.Depth, fmt.Sprintf("nesting of %s", r.what))
	}
	if n.Anchor != "" && !viaAlias {
		if r.anchors == nil {
			r.anchors = map[*yaml.Node]int8{}
		}
		r.anchors[n] = anchorOpen
		defer func() { r.anchors[n] = anchorDone }()
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return r.value(n.Content[0], depth, viaAlias)
	case yaml.AliasNode:
		switch r.anchors[n.Alias] {
		case 0:
			return nil, &nodeError{line: n.Line, msg: fmt.Sprintf("unresolved alias *%s: its anchor &%s is not set earlier in this document (an alias cannot reach into another document)", n.Value, n.Value),
				fix: "define the anchor in the same document, before the alias, or repeat the value"}
		case anchorOpen:
			return nil, &nodeError{line: n.Line, msg: fmt.Sprintf("alias *%s refers to a value that contains it", n.Value), fix: "an alias cannot refer to its own parent"}
		}
		return r.value(n.Alias, depth, true)
	case yaml.SequenceNode:
		if err := r.grow(n.Line, 2); err != nil {
			return nil, err
		}
		out := make([]any, len(n.Content))
		for i, c := range n.Content {
			v, err := r.value(c, depth+1, viaAlias)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	case yaml.MappingNode:
		if err := r.grow(n.Line, 2); err != nil {
			return nil, err
		}
		out := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			// A merge key (<<) is a plain key, as in Backstage, which
			// reads YAML 1.2: the entity rules then refuse it.
			key := k.Value
			if k.Kind != yaml.ScalarNode {
				kv, err := r.value(k, depth+1, viaAlias)
				if err != nil {
					return nil, err
				}
				key = fmt.Sprint(kv)
			}
			if err := r.grow(k.Line, int64(len(key))+3); err != nil {
				return nil, err
			}
			if _, dup := out[key]; dup {
				return nil, &nodeError{line: k.Line, msg: fmt.Sprintf("mapping key %q is defined twice (map keys must be unique)", key), fix: "remove one of the two"}
			}
			val, err := r.value(v, depth+1, viaAlias)
			if err != nil {
				return nil, err
			}
			out[key] = val
		}
		return out, nil
	case yaml.ScalarNode:
		if err := r.grow(n.Line, int64(len(n.Value))+2); err != nil {
			return nil, err
		}
		switch n.ShortTag() {
		case "!!str", "!!timestamp", "!!binary", "!!merge":
			return n.Value, nil
		case "!!null":
			return nil, nil
		}
		var v any
		if err := n.Decode(&v); err != nil {
			return nil, &nodeError{line: n.Line, msg: yamlErrMsg(err)}
		}
		return normalize(v)
	}
	return nil, &nodeError{line: n.Line, msg: "unsupported YAML node"}
}
