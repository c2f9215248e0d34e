package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"

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
