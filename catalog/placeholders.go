package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"

	"gopkg.in/yaml.v3"
)

// resolvePlaceholders replaces Backstage's {$text: FILE}, {$json: FILE} and
// {$yaml: FILE} with the file's content, read through o.ReadFile. What they
// add counts toward the document's size in r.
func resolvePlaceholders(v any, p fieldPath, o ParseOptions, r *valueReader, fail func(p fieldPath, msg, fix string)) any {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 1 && len(p) > 0 {
			for k, val := range x {
				if strings.HasPrefix(k, "$") {
					return resolvePlaceholder(k, val, p, o, r, fail)
				}
			}
		}
		for k, val := range x {
			if isContainer(val) { // scalars hold no placeholder: skip the path
				x[k] = resolvePlaceholders(val, p.add(k), o, r, fail)
			}
		}
	case []any:
		for i, val := range x {
			if isContainer(val) {
				x[i] = resolvePlaceholders(val, p.add(i), o, r, fail)
			}
		}
	}
	return v
}

func isContainer(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return true
	}
	return false
}

func resolvePlaceholder(kind string, target any, p fieldPath, o ParseOptions, r *valueReader, fail func(p fieldPath, msg, fix string)) any {
	name, ok := target.(string)
	if _, known := urlResolvers[kind]; !known || !ok {
		// Backstage leaves alone what no resolver reads ($ref of a JSON
		// Schema, a non-string value): so does paved.
		return map[string]any{kind: target}
	}
	p = p.add(kind)
	if name == "" {
		fail(p, "the placeholder needs a file name", "write "+kind+": ./file relative to the catalog file")
		return nil
	}
	if placeholderURLRe.MatchString(name) {
		// A URL is kept as a reference: stored and exported as written,
		// resolved only when network access is asked for.
		return map[string]any{kind: target}
	}
	if strings.Contains(name, "://") || strings.HasPrefix(name, "url:") {
		fail(p, fmt.Sprintf("%s points at %s, which is neither a relative file nor an absolute URL", kind, name),
			"point at a file relative to the catalog file, e.g. "+kind+": ./openapi.yaml, or at an absolute https:// URL")
		return nil
	}
	if o.ReadFile == nil {
		fail(p, kind+" placeholders cannot be read here", "")
		return nil
	}
	data, err := o.ReadFile(name)
	if err != nil {
		fix := "make the path relative to the catalog file and keep the file inside the repository"
		var le *LimitError
		switch {
		case errors.As(err, &le):
			fix = le.Hint()
		case errors.Is(err, os.ErrNotExist):
			fix = "create " + name + " next to the catalog file, or fix the path"
		}
		fail(p, fmt.Sprintf("cannot read %s: %v", name, err), fix)
		return nil
	}
	if err := r.grow(0, int64(len(data))); err != nil {
		var ne *nodeError
		errors.As(err, &ne)
		fail(p, fmt.Sprintf("%s: %s", name, ne.msg), ne.fix)
		return nil
	}
	switch kind {
	case "$json":
		dec := json.NewDecoder(bytes.NewReader(data))
		var out any
		if err := dec.Decode(&out); err != nil {
			fail(p, fmt.Sprintf("%s is not valid JSON: %v", name, err), "")
			return nil
		}
		if depthOf(out) > r.lim.Depth {
			le := &LimitError{Limit: "depth", Max: r.lim.Depth, What: "nesting of " + name}
			fail(p, le.Error(), le.Hint())
			return nil
		}
		return out
	case "$yaml":
		var n yaml.Node
		if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&n); err != nil && !errors.Is(err, io.EOF) {
			fail(p, fmt.Sprintf("%s is not valid YAML: %s", name, yamlErrMsg(err)), "")
			return nil
		}
		// A document of its own: its anchors are its own, but the
		// aliases it expands count toward the entity's.
		sub := *r
		sub.anchors, sub.what = nil, name
		out, err := sub.read(&n, int64(len(p)))
		r.aliased = sub.aliased
		if err != nil {
			var ne *nodeError
			if errors.As(err, &ne) {
				fix := ne.fix
				if fix == "" {
					fix = "fix the YAML of " + name
				}
				fail(p, fmt.Sprintf("%s:%d: %s", name, ne.line, ne.msg), fix)
				return nil
			}
			fail(p, fmt.Sprintf("%s: %v", name, err), "")
			return nil
		}
		return out
	}
	return string(data) // $text, $openapi and $asyncapi read the file as text
}

// depthOf is how deeply v nests mappings and lists.
func depthOf(v any) int64 {
	var d int64
	switch x := v.(type) {
	case map[string]any:
		for _, c := range x {
			d = max(d, depthOf(c))
		}
		return d + 1
	case []any:
		for _, c := range x {
			d = max(d, depthOf(c))
		}
		return d + 1
	}
	return 0
}

// rootReader reads placeholders of the catalog file rel (relative to root)
// with [ReadContained]: relative to the file, never out of root.
func rootReader(root *os.Root, rel string, limit int64) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		if path.IsAbs(name) || strings.HasPrefix(name, `\`) || (len(name) > 1 && name[1] == ':') {
			return nil, fmt.Errorf("absolute paths are not allowed")
		}
		target := path.Clean(path.Join(path.Dir(rel), name))
		if target == ".." || strings.HasPrefix(target, "../") {
			return nil, fmt.Errorf("%s leaves the repository root", name)
		}
		return readContained(root, target, limit, "placeholder-bytes")
	}
}
