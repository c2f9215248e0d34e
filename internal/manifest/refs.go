package manifest

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"text/template/parse"
)

// Ref is a use of .Values.NAME (or $.Values.NAME) in a template text.
type Ref struct {
	Name string
	Line int // line within the text, 1-based
}

// roots are the fields of the data a template sees.
func roots() []string { return []string{"Values", "Template", "Paved"} }

var tmplErrPrefix = regexp.MustCompile(`^template: [^:]*:(\d+:)?(\d+:)? ?`)

// References parses text as a text/template with the given delimiters
// (function names are not checked: that is internal/tmpl's job) and returns
// every .Values field it reads, in order. A field of the data other than
// .Values, .Template and .Paved is reported as unknown.
func References(text, left, right string) (refs []Ref, unknownRoots []string, err error) {
	w, err := analyze(text, left, right)
	if err != nil {
		return nil, nil, err
	}
	return w.refs, w.unknown, nil
}

// Usage reports which parameters text reads: as .Values.NAME, or as
// index .Values "NAME" (the way to read an answer that may be absent).
// whole is true when text hands .Values itself to something (toYaml
// .Values, range over it), which may read any parameter.
func Usage(text, left, right string) (names []string, whole bool, err error) {
	w, err := analyze(text, left, right)
	if err != nil {
		return nil, false, err
	}
	for _, r := range append(w.refs, w.indexed...) {
		if !slices.Contains(names, r.Name) {
			names = append(names, r.Name)
		}
	}
	return names, w.whole, nil
}

func analyze(text, left, right string) (*refWalker, error) {
	t := parse.New("t")
	t.Mode = parse.SkipFuncCheck
	trees := map[string]*parse.Tree{}
	if _, err := t.Parse(text, left, right, trees); err != nil {
		return nil, cleanTemplateError(err)
	}
	w := &refWalker{text: text}
	for _, name := range slices.Sorted(maps.Keys(trees)) {
		w.walk(trees[name].Root, true)
	}
	return w, nil
}

// cleanTemplateError drops text/template's "template: NAME:LINE:" prefix,
// which names an internal tree, not anything the author wrote.
func cleanTemplateError(err error) error {
	return templateError(tmplErrPrefix.ReplaceAllString(err.Error(), ""))
}

type templateError string

func (e templateError) Error() string { return string(e) }

type refWalker struct {
	text    string
	refs    []Ref
	unknown []string
	indexed []Ref // index .Values "NAME"
	whole   bool  // .Values itself is used
}

func (w *refWalker) line(pos parse.Pos) int {
	if int(pos) > len(w.text) {
		return 1
	}
	return 1 + strings.Count(w.text[:pos], "\n")
}

// walk visits every node; top is false inside range and with, where dot is
// no longer the template data.
func (w *refWalker) walk(n parse.Node, top bool) {
	switch n := n.(type) {
	case nil:
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			w.walk(c, top)
		}
	case *parse.ActionNode:
		w.walk(n.Pipe, top)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, c := range n.Cmds {
			w.walk(c, top)
		}
	case *parse.CommandNode:
		if name, ok := indexOfValues(n); ok && top {
			w.indexed = append(w.indexed, Ref{Name: name, Line: w.line(n.Position())})
			for _, a := range n.Args[3:] {
				w.walk(a, top)
			}
			return
		}
		for _, a := range n.Args {
			w.walk(a, top)
		}
	case *parse.FieldNode:
		w.field(n.Ident, n.Position(), top)
	case *parse.VariableNode:
		if len(n.Ident) > 1 && n.Ident[0] == "$" {
			w.field(n.Ident[1:], n.Position(), true)
		}
	case *parse.ChainNode:
		w.walk(n.Node, top)
	case *parse.IfNode:
		w.walk(n.Pipe, top)
		w.walk(n.List, top)
		w.walk(n.ElseList, top)
	case *parse.RangeNode:
		w.walk(n.Pipe, top)
		w.walk(n.List, false)
		w.walk(n.ElseList, top)
	case *parse.WithNode:
		w.walk(n.Pipe, top)
		w.walk(n.List, false)
		w.walk(n.ElseList, top)
	case *parse.TemplateNode:
		w.walk(n.Pipe, top)
	}
}

func (w *refWalker) field(ident []string, pos parse.Pos, top bool) {
	if !top || len(ident) == 0 {
		return
	}
	switch {
	case ident[0] == "Values" && len(ident) > 1:
		w.refs = append(w.refs, Ref{Name: ident[1], Line: w.line(pos)})
	case ident[0] == "Values":
		w.whole = true
	case !slices.Contains(roots(), ident[0]) && !slices.Contains(w.unknown, ident[0]):
		w.unknown = append(w.unknown, ident[0])
	}
}

// indexOfValues recognises index .Values "NAME" (or $.Values) and returns NAME.
func indexOfValues(n *parse.CommandNode) (string, bool) {
	if len(n.Args) < 3 {
		return "", false
	}
	if id, ok := n.Args[0].(*parse.IdentifierNode); !ok || id.Ident != "index" {
		return "", false
	}
	switch v := n.Args[1].(type) {
	case *parse.FieldNode:
		if len(v.Ident) != 1 || v.Ident[0] != "Values" {
			return "", false
		}
	case *parse.VariableNode:
		if len(v.Ident) != 2 || v.Ident[0] != "$" || v.Ident[1] != "Values" {
			return "", false
		}
	default:
		return "", false
	}
	key, ok := n.Args[2].(*parse.StringNode)
	if !ok {
		return "", false
	}
	return key.Text, true
}
