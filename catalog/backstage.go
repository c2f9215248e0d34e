package catalog

import (
	"fmt"
	"regexp"
	"strings"
)

// parseBackstageRef reads an entity reference exactly as Backstage's
// parseEntityRef does: the kind ends at the first colon unless a slash comes
// first, the namespace at the first slash, and the name is the rest (it may
// hold further colons and slashes). A missing kind or namespace takes the
// default; an empty part is an error.
func parseBackstageRef(s, defaultKind, defaultNamespace string) (Ref, error) {
	if s == "" {
		return Ref{}, fmt.Errorf("Entity reference must not be empty")
	}
	colon := strings.IndexByte(s, ':')
	slash := strings.IndexByte(s, '/')
	if slash != -1 && slash < colon {
		colon = -1
	}
	var r Ref
	hasKind, hasNS := colon != -1, slash != -1
	if hasKind {
		r.Kind = s[:colon]
	}
	if hasNS {
		r.Namespace = s[colon+1 : slash]
	}
	r.Name = s[max(colon+1, slash+1):]
	if hasKind && r.Kind == "" || hasNS && r.Namespace == "" || r.Name == "" {
		return Ref{}, fmt.Errorf("Entity reference %q was not on the form [<kind>:][<namespace>/]<name>", s)
	}
	if !hasKind {
		r.Kind = defaultKind
	}
	if !hasNS {
		r.Namespace = defaultNamespace
	}
	if r.Namespace == "" {
		r.Namespace = DefaultNamespace
	}
	if r.Kind == "" {
		return Ref{}, fmt.Errorf("Entity reference %q had missing or empty kind (e.g. did not start with \"component:\" or similar)", s)
	}
	return r, nil
}

// placeholderURLRe is an absolute URL as a placeholder target.
var placeholderURLRe = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*://`)

// urlResolvers are the placeholders Backstage resolves (the catalog's
// $text, $json and $yaml, the openapi module's $openapi and $asyncapi);
// true marks those whose value is text.
var urlResolvers = map[string]bool{"$text": true, "$json": false, "$yaml": false, "$openapi": true, "$asyncapi": true}

// placeholderRef is a placeholder that points at a URL, kept unresolved.
type placeholderRef struct {
	Kind, URL string
	text      bool // resolves to a string
}

// urlPlaceholder reports whether v is {$text|$json|$yaml|$openapi|$asyncapi: URL}:
// paved keeps such a placeholder as it is and resolves it only on request.
func urlPlaceholder(v any) (placeholderRef, bool) {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return placeholderRef{}, false
	}
	for k, val := range m {
		text, known := urlResolvers[k]
		s, isStr := val.(string)
		if known && isStr && placeholderURLRe.MatchString(s) {
			return placeholderRef{Kind: k, URL: s, text: text}, true
		}
	}
	return placeholderRef{}, false
}

// PlaceholderRefs lists the URL placeholders e keeps unresolved, by field path.
func (e *Entity) PlaceholderRefs() map[string]string {
	out := map[string]string{}
	var walk func(p fieldPath, v any)
	walk = func(p fieldPath, v any) {
		if ph, ok := urlPlaceholder(v); ok {
			out[p.String()] = ph.Kind + " " + ph.URL
			return
		}
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				walk(p.add(k), val)
			}
		case []any:
			for i, val := range x {
				walk(p.add(i), val)
			}
		}
	}
	walk(fieldPath{"spec"}, e.Spec)
	return out
}
