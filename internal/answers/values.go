package answers

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/paved-dev/paved/internal/limits"
	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/yamlx"
)

// ValuesFile is a --values file: answers by parameter name, and the line
// of each, for errors.
type ValuesFile struct {
	Name   string
	Values manifest.Values
	Lines  map[string]int
}

const valuesFix = "write one answer per line, as in:\n    name: orders\n    port: 8080\n    features: [metrics, tracing]"

// ReadValuesFile reads a --values file: a YAML mapping of parameter names to
// scalars or lists of scalars.
func ReadValuesFile(path string) (manifest.Values, error) {
	f, err := LoadValuesFile(path)
	if err != nil {
		return nil, err
	}
	return f.Values, nil
}

// yamlLine finds the line in a yaml.v3 error message.
var yamlLine = regexp.MustCompile(`line (\d+): (.*)`)

// LoadValuesFile reads a --values file with the line of every key.
func LoadValuesFile(path string) (*ValuesFile, error) {
	data, err := yamlx.ReadFile(path, limits.Limits{})
	var le *limits.Error
	if errors.As(err, &le) {
		return nil, err
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &FileError{File: path, Msg: "no such file", Fix: "check the path given to --values"}
	}
	if err != nil {
		return nil, &FileError{File: path, Msg: err.Error(), Fix: "check the path given to --values and its permissions"}
	}
	return ParseValuesFile(path, data)
}

// ParseValuesFile parses the content of a --values file; path names it in
// errors. A document past the YAML limits (size, expanded aliases) is refused.
func ParseValuesFile(path string, data []byte) (*ValuesFile, error) {
	if err := yamlx.CheckDoc(path, data, nil, limits.Limits{}); err != nil {
		return nil, err
	}
	f := &ValuesFile{Name: path, Values: manifest.Values{}, Lines: map[string]int{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg, line := err.Error(), 0
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		return nil, &FileError{File: path, Line: line, Msg: "not valid YAML: " + msg, Fix: valuesFix}
	}
	if len(doc.Content) == 0 {
		return f, nil // an empty file answers nothing
	}
	if err := yamlx.CheckDoc(path, data, &doc, limits.Limits{}); err != nil {
		return nil, err
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &FileError{File: path, Line: root.Line, Msg: "want a mapping of parameter names to answers", Fix: valuesFix}
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if _, dup := f.Lines[k.Value]; dup {
			return nil, &FileError{File: path, Line: k.Line, Msg: fmt.Sprintf("%s is answered twice (first on line %d)", k.Value, f.Lines[k.Value]), Fix: "keep one answer per parameter"}
		}
		f.Lines[k.Value] = k.Line
		val, err := decodeAnswer(v)
		if err != nil {
			return nil, &FileError{File: path, Line: v.Line, Msg: fmt.Sprintf("%s: %v", k.Value, err), Fix: valuesFix}
		}
		f.Values[k.Value] = val
	}
	return f, nil
}

// decodeAnswer reads a scalar or a list of scalars.
func decodeAnswer(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "", nil
		}
		var v any
		if err := n.Decode(&v); err != nil {
			return nil, err
		}
		return v, nil
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, e := range n.Content {
			if e.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("a list of answers holds plain values only")
			}
			var v any
			if err := e.Decode(&v); err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.AliasNode:
		return decodeAnswer(n.Alias)
	}
	return nil, fmt.Errorf("an answer is a plain value or a list, not a mapping")
}

// Bytes is what a values file holding v looks like, in parameter order
// (used to save the answers of an interactive run).
func Bytes(m *manifest.Manifest, v manifest.Values) ([]byte, error) {
	var doc yaml.Node
	doc.Kind = yaml.MappingNode
	for _, p := range m.Spec.Parameters {
		val, ok := v[p.Name]
		if !ok {
			continue
		}
		var vn yaml.Node
		if err := vn.Encode(val); err != nil {
			return nil, err
		}
		doc.Content = append(doc.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: p.Name}, &vn)
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}
