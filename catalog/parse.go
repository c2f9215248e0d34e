package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// ParseOptions says how to read one catalog file.
type ParseOptions struct {
	// File names the file in errors and in [Entity.File].
	File string
	// ReadFile reads a file named by a $text, $json or $yaml placeholder,
	// relative to the catalog file. Nil refuses every placeholder.
	ReadFile func(name string) ([]byte, error)
}

// Parse reads every entity of a (multi-document) catalog file and validates
// it. It returns the valid entities and, as [Errors], every problem found;
// empty documents are skipped.
func Parse(data []byte, o ParseOptions) ([]*Entity, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var (
		out  []*Entity
		errs Errors
		seen = map[string]int{}
	)
	for doc := 1; ; doc++ {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			errs = append(errs, &Error{File: o.File, Doc: doc, Line: yamlErrLine(err), Msg: "not valid YAML: " + yamlErrMsg(err),
				Fix: "fix the YAML syntax (a linter such as yamllint shows the spot)"})
			break
		}
		if len(n.Content) == 0 || (n.Content[0].Kind == yaml.ScalarNode && n.Content[0].Tag == "!!null") {
			continue
		}
		ent, es := parseDocument(&n, o, doc)
		errs = append(errs, es...)
		if ent == nil || len(es) > 0 {
			continue
		}
		key := ent.Ref().Key()
		if prev, dup := seen[key]; dup {
			errs = append(errs, &Error{File: o.File, Doc: doc, Line: ent.Line, Field: "metadata.name",
				Msg: fmt.Sprintf("%s is already defined in document %d (kind, namespace and name are unique, ignoring case)", ent.Ref(), prev),
				Fix: "rename one of the two entities or remove the duplicate"})
			continue
		}
		seen[key] = doc
		out = append(out, ent)
	}
	slices.SortStableFunc(errs, func(a, b *Error) int {
		if a.Doc != b.Doc {
			return a.Doc - b.Doc
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return strings.Compare(a.Field, b.Field)
	})
	return out, errs.ErrOrNil()
}

func parseDocument(n *yaml.Node, o ParseOptions, doc int) (*Entity, Errors) {
	root := n.Content[0]
	fail := func(p fieldPath, msg, fix string) *Error {
		return &Error{File: o.File, Doc: doc, Line: p.line(root), Field: p.String(), Msg: msg, Fix: fix}
	}
	if root.Kind != yaml.MappingNode {
		return nil, Errors{fail(nil, "a catalog document must be a mapping with apiVersion, kind, metadata and spec", "see https://backstage.io/docs/features/software-catalog/descriptor-format")}
	}
	raw, err := nodeValue(root)
	if err != nil {
		var ne *nodeError
		if errors.As(err, &ne) {
			return nil, Errors{{File: o.File, Doc: doc, Line: ne.line, Msg: ne.msg, Fix: "fix the YAML"}}
		}
		return nil, Errors{fail(nil, "cannot read document: "+err.Error(), "")}
	}
	var errs Errors
	raw = resolvePlaceholders(raw, nil, o, func(p fieldPath, msg, fix string) { errs = append(errs, fail(p, msg, fix)) })
	if len(errs) > 0 {
		return nil, errs
	}
	ent, es := fromDocument(raw.(map[string]any), func(p fieldPath, msg, fix string) *Error { return fail(p, msg, fix) })
	if ent != nil {
		ent.File, ent.Doc, ent.Line = o.File, doc, root.Line
	}
	return ent, es
}

// fromDocument turns a generic document into an Entity and validates it.
// fail builds an error for a field; nil makes errors without file positions.
func fromDocument(doc map[string]any, fail func(p fieldPath, msg, fix string) *Error) (*Entity, Errors) {
	return decodeDocument(doc, fail, true)
}

// decodeDocument is [fromDocument]; check false skips the format rules, for
// documents the store already validated.
func decodeDocument(doc map[string]any, fail func(p fieldPath, msg, fix string) *Error, check bool) (*Entity, Errors) {
	if fail == nil {
		fail = func(p fieldPath, msg, fix string) *Error { return &Error{Field: p.String(), Msg: msg, Fix: fix} }
	}
	v := &validator{fail: fail}
	e := &Entity{}
	for k, val := range doc {
		switch k {
		case "apiVersion":
			e.APIVersion = v.str(fieldPath{k}, val)
		case "kind":
			e.Kind = v.str(fieldPath{k}, val)
		case "metadata":
			m, ok := val.(map[string]any)
			if !ok {
				v.add(fieldPath{k}, "must be a mapping", "")
				continue
			}
			e.Metadata = v.metadata(m)
		case "spec":
			m, ok := val.(map[string]any)
			if !ok {
				v.add(fieldPath{k}, "must be a mapping", "")
				continue
			}
			e.Spec = m
		case "relations":
			// Derived by the catalog, never read from files (as in Backstage).
		default:
			if e.Extra == nil {
				e.Extra = map[string]any{}
			}
			e.Extra[k] = val
		}
	}
	if check {
		v.entity(e, doc)
	}
	if len(v.errs) > 0 {
		return nil, v.errs
	}
	return e, nil
}

// fieldPath is a path into a document: string keys and int indices.
type fieldPath []any

var identRe = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_]*$`)

func (p fieldPath) String() string {
	var b strings.Builder
	for _, s := range p {
		switch s := s.(type) {
		case int:
			fmt.Fprintf(&b, "[%d]", s)
		case string:
			if identRe.MatchString(s) {
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(s)
			} else {
				fmt.Fprintf(&b, "[%q]", s)
			}
		}
	}
	return b.String()
}

func (p fieldPath) add(s any) fieldPath { return append(p[:len(p):len(p)], s) }

// line finds the line of the node at p in root, or of its nearest ancestor.
func (p fieldPath) line(root *yaml.Node) int {
	if root == nil {
		return 0
	}
	n := root
	for _, s := range p {
		next := (*yaml.Node)(nil)
		switch s := s.(type) {
		case string:
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == s {
						next = n.Content[i+1]
						if n.Content[i+1].Line == 0 {
							next = n.Content[i]
						}
						break
					}
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && s < len(n.Content) {
				next = n.Content[s]
			}
		}
		if next == nil {
			break
		}
		n = next
	}
	return n.Line
}

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

// resolvePlaceholders replaces Backstage's {$text: FILE}, {$json: FILE} and
// {$yaml: FILE} with the file's content, read through o.ReadFile.
func resolvePlaceholders(v any, p fieldPath, o ParseOptions, fail func(p fieldPath, msg, fix string)) any {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 1 {
			for k, val := range x {
				if strings.HasPrefix(k, "$") {
					return resolvePlaceholder(k, val, p, o, fail)
				}
			}
		}
		for k, val := range x {
			x[k] = resolvePlaceholders(val, p.add(k), o, fail)
		}
	case []any:
		for i, val := range x {
			x[i] = resolvePlaceholders(val, p.add(i), o, fail)
		}
	}
	return v
}

func resolvePlaceholder(kind string, target any, p fieldPath, o ParseOptions, fail func(p fieldPath, msg, fix string)) any {
	p = p.add(kind)
	if kind != "$text" && kind != "$json" && kind != "$yaml" {
		fail(p, fmt.Sprintf("unknown placeholder %s", kind), "use $text, $json or $yaml")
		return nil
	}
	name, ok := target.(string)
	if !ok || name == "" {
		fail(p, "the placeholder needs a file name", "write "+kind+": ./file relative to the catalog file")
		return nil
	}
	if strings.Contains(name, "://") || strings.HasPrefix(name, "url:") {
		fail(p, fmt.Sprintf("%s points at the URL %s: paved reads no network", kind, name),
			"keep the file in the repository and point at it with a relative path, e.g. "+kind+": ./openapi.yaml")
		return nil
	}
	if o.ReadFile == nil {
		fail(p, kind+" placeholders cannot be read here", "")
		return nil
	}
	data, err := o.ReadFile(name)
	if err != nil {
		fix := "make the path relative to the catalog file and keep the file inside the repository"
		if errors.Is(err, os.ErrNotExist) {
			fix = "create " + name + " next to the catalog file, or fix the path"
		}
		fail(p, fmt.Sprintf("cannot read %s: %v", name, err), fix)
		return nil
	}
	switch kind {
	case "$json":
		var out any
		if err := json.Unmarshal(data, &out); err != nil {
			fail(p, fmt.Sprintf("%s is not valid JSON: %v", name, err), "")
			return nil
		}
		return out
	case "$yaml":
		var out any
		if err := yaml.Unmarshal(data, &out); err != nil {
			fail(p, fmt.Sprintf("%s is not valid YAML: %s", name, yamlErrMsg(err)), "")
			return nil
		}
		out, err := normalize(out)
		if err != nil {
			fail(p, fmt.Sprintf("%s: %v", name, err), "")
			return nil
		}
		return out
	}
	return string(data)
}

// ParseFile reads the catalog file at file. Placeholders are resolved
// relative to it and may not leave root (the repository or the folder being
// imported): the file is read through [os.Root], which also refuses symlinks
// that lead out. display names the file in errors.
func ParseFile(root, file, display string) ([]*Entity, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, Errors{{File: display, Msg: fmt.Sprintf("cannot read: %v", err), Fix: "check the path"}}
	}
	return Parse(data, ParseOptions{File: display, ReadFile: rootReader(root, file)})
}

func rootReader(root, file string) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		if filepath.IsAbs(name) {
			return nil, fmt.Errorf("absolute paths are not allowed")
		}
		absRoot, err := filepath.Abs(root)
		if err != nil {
			return nil, err
		}
		absFile, err := filepath.Abs(file)
		if err != nil {
			return nil, err
		}
		rel, err := filepath.Rel(absRoot, filepath.Dir(absFile))
		if err != nil || strings.HasPrefix(rel, "..") {
			return nil, fmt.Errorf("%s is outside %s", file, root)
		}
		target := path.Clean(path.Join(filepath.ToSlash(rel), filepath.ToSlash(name)))
		if target == ".." || strings.HasPrefix(target, "../") {
			return nil, fmt.Errorf("%s leaves the repository root %s", name, root)
		}
		r, err := os.OpenRoot(absRoot)
		if err != nil {
			return nil, err
		}
		defer r.Close()
		return r.ReadFile(target)
	}
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
