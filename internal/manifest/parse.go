package manifest

import (
	"errors"
	"io/fs"
	"regexp"
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/paved-dev/paved/internal/limits"
	"github.com/paved-dev/paved/internal/yamlx"
)

// FileName is the manifest's name at the root of a template.
const FileName = "template.yaml"

// Default delimiters of template actions.
const (
	DefaultLeft  = "{{"
	DefaultRight = "}}"
)

// Load reads and parses template.yaml at the root of fsys.
func Load(fsys fs.FS) (*Manifest, error) {
	if info, err := fs.Lstat(fsys, FileName); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		return nil, Errors{{File: FileName, Msg: "is a symlink; templates may not contain symlinks",
			Fix: "replace the link with the file it points to"}}
	}
	data, err := fs.ReadFile(fsys, FileName)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, Errors{{File: FileName, Msg: "not found at the template's root",
			Fix: "a template is a folder holding template.yaml and skeleton/; see examples/templates"}}
	}
	if err != nil {
		return nil, Errors{{File: FileName, Msg: "cannot read: " + err.Error()}}
	}
	return Parse(data, FileName)
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse decodes and validates a template.yaml read from file (the name used
// in errors). Unknown fields are errors; every problem found is returned at
// once as [Errors]. Parameter types default to "string" and Line fields are
// set.
func Parse(data []byte, file string) (*Manifest, error) {
	if err := yamlx.CheckDoc(file, data, nil, limits.Limits{}); err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		e := &Error{File: file, Msg: err.Error(), Fix: "fix the YAML syntax; quote values that contain ': ' or start with '{'"}
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			e.Line, _ = strconv.Atoi(m[1])
			e.Msg = m[2]
		}
		return nil, Errors{e}
	}
	if len(doc.Content) == 0 {
		return nil, Errors{{File: file, Msg: "empty", Fix: "start from examples/templates/worker/template.yaml"}}
	}
	if err := yamlx.CheckDoc(file, data, &doc, limits.Limits{}); err != nil {
		return nil, err
	}
	d := &decoder{file: file}
	m := d.manifest(doc.Content[0])
	d.validate(m)
	if len(d.errs) > 0 {
		return nil, d.errs.sorted()
	}
	return m, nil
}

// Param returns the parameter called name, or nil.
func (m *Manifest) Param(name string) *Parameter {
	for i := range m.Spec.Parameters {
		if m.Spec.Parameters[i].Name == name {
			return &m.Spec.Parameters[i]
		}
	}
	return nil
}

// Delims returns the template's action delimiters: spec.delimiters, else
// "{{" and "}}".
func (m *Manifest) Delims() (left, right string) {
	if len(m.Spec.Delimiters) == 2 && m.Spec.Delimiters[0] != "" && m.Spec.Delimiters[1] != "" {
		return m.Spec.Delimiters[0], m.Spec.Delimiters[1]
	}
	return DefaultLeft, DefaultRight
}
