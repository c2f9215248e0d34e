package catalog

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

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
			if isContainer(val) { // scalars hold no placeholder: skip the path
				x[k] = resolvePlaceholders(val, p.add(k), o, fail)
			}
		}
	case []any:
		for i, val := range x {
			if isContainer(val) {
				x[i] = resolvePlaceholders(val, p.add(i), o, fail)
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

func resolvePlaceholder(kind string, target any, p fieldPath, o ParseOptions, fail func(p fieldPath, msg, fix string)) any {
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
	return string(data) // $text, $openapi and $asyncapi read the file as text
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
