package scorecard

import (
	"errors"
	"fmt"
	"io/fs"

	"gopkg.in/yaml.v3"
)

// Paved is the `paved` fact: which paved-road template generated the
// repository (.paved.yaml) and whether it is on that template's latest version.
type Paved struct {
	Present  bool   `cel:"present"`
	Template string `cel:"template"`
	Source   string `cel:"source"`
	Version  string `cel:"version"`
	Latest   string `cel:"latest"`   // the template's current version, "" when paved cannot tell
	UpToDate bool   `cel:"upToDate"` // Latest is known and Version equals it
}

// PavedFact exposes `paved` from .paved.yaml. The latest version comes from
// [Snapshot.LatestVersion], which the caller wires to the built-in templates.
func PavedFact() Fact {
	return Fact{
		Name: "paved",
		Doc:  ".paved.yaml: present, template, source, version, latest (the template's current version when known), upToDate",
		Go:   Paved{},
		Load: func(s *Snapshot) (any, error) {
			data, err := s.ReadText(".paved.yaml")
			if errors.Is(err, fs.ErrNotExist) {
				return Paved{}, nil
			}
			if err != nil {
				return nil, err
			}
			var f struct {
				Template struct {
					Name    string `yaml:"name"`
					Source  string `yaml:"source"`
					Version string `yaml:"version"`
				} `yaml:"template"`
			}
			if err := yaml.Unmarshal(data, &f); err != nil {
				return nil, fmt.Errorf(".paved.yaml: %w", err)
			}
			p := Paved{Present: true, Template: f.Template.Name, Source: f.Template.Source, Version: f.Template.Version}
			if s.LatestVersion != nil {
				p.Latest = s.LatestVersion(p.Template, p.Source)
			}
			p.UpToDate = p.Latest != "" && p.Version == p.Latest
			return p, nil
		},
	}
}
