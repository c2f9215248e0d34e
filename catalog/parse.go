package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
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
	// relative to the catalog file, within Limits.PlaceholderBytes. Nil
	// refuses every placeholder.
	ReadFile func(name string) ([]byte, error)
	// Limits bound the file, each document and its aliases; zero fields
	// take [DefaultLimits].
	Limits Limits
	// Lenient reads every entity as it is written, without the format
	// rules (required fields, name syntax, unique names): the scorecard
	// scores what a repository holds, valid or not, and leaves judging it
	// to `paved catalog validate`. YAML, limits and placeholders are
	// checked all the same.
	Lenient bool
}

// Parse reads every entity of a (multi-document) catalog file and validates
// it. It returns the valid entities and, as [Errors], every problem found;
// empty documents are skipped.
func Parse(data []byte, o ParseOptions) ([]*Entity, error) {
	o.Limits = o.Limits.orDefault()
	if int64(len(data)) > o.Limits.FileBytes {
		le := &LimitError{Limit: "file-bytes", Max: o.Limits.FileBytes, What: fmt.Sprintf("the file (%d bytes)", len(data))}
		return nil, Errors{{File: o.File, Msg: le.Error(), Fix: le.Hint()}}
	}
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
		if o.Lenient {
			out = append(out, ent)
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
	if root.Kind != yaml.MappingNode && root.Kind != yaml.AliasNode { // an alias is read, and refused, below
		return nil, Errors{fail(nil, "a catalog document must be a mapping with apiVersion, kind, metadata and spec", "see https://backstage.io/docs/features/software-catalog/descriptor-format")}
	}
	r := newValueReader(o.Limits, fmt.Sprintf("document %d", doc))
	raw, err := r.read(n.Content[0], 0)
	if err != nil {
		var ne *nodeError
		if errors.As(err, &ne) {
			fix := ne.fix
			if fix == "" {
				fix = "fix the YAML"
			}
			return nil, Errors{{File: o.File, Doc: doc, Line: ne.line, Msg: ne.msg, Fix: fix}}
		}
		return nil, Errors{fail(nil, "cannot read document: "+err.Error(), "")}
	}
	m, ok := raw.(map[string]any)
	if !ok {
		return nil, Errors{fail(nil, "a catalog document must be a mapping with apiVersion, kind, metadata and spec", "see https://backstage.io/docs/features/software-catalog/descriptor-format")}
	}
	var errs Errors
	if len(m) == 1 {
		for k := range m {
			if strings.HasPrefix(k, "$") {
				return nil, Errors{fail(fieldPath{k}, "a placeholder cannot stand for a whole document", "put it under a field, e.g. spec.definition: {"+k+": ./file}")}
			}
		}
	}
	resolvePlaceholders(m, nil, o, r, func(p fieldPath, msg, fix string) { errs = append(errs, fail(p, msg, fix)) })
	if len(errs) > 0 {
		return nil, errs
	}
	ent, es := decodeDocument(m, func(p fieldPath, msg, fix string) *Error { return fail(p, msg, fix) }, !o.Lenient)
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
				v.add(fieldPath{k}, "must be a mapping, not "+describe(val), "write metadata: with name: ... indented below it")
				continue
			}
			e.Metadata = v.metadata(m)
		case "spec":
			m, ok := val.(map[string]any)
			if !ok {
				v.add(fieldPath{k}, "must be a mapping, not "+describe(val), "write spec: with the kind's fields indented below it")
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
		if _, ok := doc["metadata"].(map[string]any); !ok && hasKey(doc, "metadata") {
			// Reported above; the rules below read metadata as a mapping.
			doc = maps.Clone(doc)
			doc["metadata"] = map[string]any{}
		}
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

func hasKey(m map[string]any, k string) bool {
	_, ok := m[k]
	return ok
}

// ParseFile reads the catalog file at file with [DefaultLimits].
// Placeholders are resolved relative to it, and neither the file nor its
// placeholders may leave root (the repository or the folder being
// imported) by any path component: see [ParseFileIn]. display names the
// file in errors.
func ParseFile(root, file, display string) ([]*Entity, error) {
	return ParseFileLimits(root, file, display, Limits{})
}

// ParseFileLimits is [ParseFile] within lim.
func ParseFileLimits(root, file, display string, lim Limits) ([]*Entity, error) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, Errors{{File: display, Msg: fmt.Sprintf("cannot read: %v", err), Fix: "check the path"}}
	}
	defer r.Close()
	rel, err := relTo(root, file)
	if err != nil {
		return nil, Errors{{File: display, Msg: err.Error(), Fix: "keep the catalog file inside the repository"}}
	}
	return ParseFileIn(r, rel, display, lim)
}

// ParseFileIn reads the catalog file rel (slash-separated, relative to
// root) through root with [ReadContained], within lim.FileBytes, and parses
// it. Its placeholders are read relative to it, through root too.
func ParseFileIn(root *os.Root, rel, display string, lim Limits) ([]*Entity, error) {
	lim = lim.orDefault()
	data, err := readContained(root, rel, lim.FileBytes, "file-bytes")
	if err != nil {
		fix := "check the path"
		var le *LimitError
		if errors.As(err, &le) {
			fix = le.Hint()
		} else if !errors.Is(err, fs.ErrNotExist) {
			fix = "a catalog file must be a regular file inside the repository"
		}
		return nil, Errors{{File: display, Msg: fmt.Sprintf("cannot read: %v", err), Fix: fix}}
	}
	return Parse(data, ParseOptions{File: display, ReadFile: rootReader(root, rel, lim.PlaceholderBytes), Limits: lim})
}

// relTo is file relative to root, slash-separated, or an error if it is
// outside.
func relTo(root, file string) (string, error) {
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	absFile, err := filepath.Abs(file)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(absRoot, absFile)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%s is outside %s", file, root)
	}
	return filepath.ToSlash(rel), nil
}
