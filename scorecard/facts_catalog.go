package scorecard

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"gopkg.in/yaml.v3"
)

// Catalog is the `catalog` fact: the Backstage entities in catalog-info.yaml.
type Catalog struct {
	Present  bool     `cel:"present"`
	Path     string   `cel:"path"`
	Owner    string   `cel:"owner"` // the first Component's spec.owner (else the first entity's)
	Entities []Entity `cel:"entities"`
	// OwnerLine is the line of the owner in the file, 0 when unknown.
	OwnerLine int `cel:"ownerLine"`
}

// Entity is one Backstage entity, reduced to what checks use.
type Entity struct {
	Kind        string            `cel:"kind"`
	Name        string            `cel:"name"`
	Namespace   string            `cel:"namespace"`
	Type        string            `cel:"type"`
	Lifecycle   string            `cel:"lifecycle"`
	Owner       string            `cel:"owner"`
	System      string            `cel:"system"`
	Annotations map[string]string `cel:"annotations"`
	Tags        []string          `cel:"tags"`
}

// CatalogFact exposes `catalog`: catalog-info.yaml (or .yml) at the root,
// every document in it.
func CatalogFact() Fact {
	return Fact{
		Name: "catalog",
		Doc:  "catalog-info.yaml: present, path, owner, entities[] {kind, name, namespace, type, lifecycle, owner, system, annotations, tags}",
		Go:   Catalog{},
		Load: func(ctx context.Context, s *Snapshot) (any, error) {
			for _, name := range []string{"catalog-info.yaml", "catalog-info.yml"} {
				data, err := s.ReadText(name)
				if errors.Is(err, fs.ErrNotExist) {
					continue
				}
				if err != nil {
					return nil, err
				}
				c, err := parseCatalog(data)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", name, err)
				}
				c.Path = name
				if c.Owner != "" {
					c.OwnerLine, _ = lineAt(data, bytes.Index(data, []byte(c.Owner)))
				}
				return c, nil
			}
			return Catalog{Entities: []Entity{}}, nil
		},
	}
}

func parseCatalog(data []byte) (Catalog, error) {
	c := Catalog{Present: true, Entities: []Entity{}}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc struct {
			Kind     string `yaml:"kind"`
			Metadata struct {
				Name        string            `yaml:"name"`
				Namespace   string            `yaml:"namespace"`
				Annotations map[string]string `yaml:"annotations"`
				Tags        []string          `yaml:"tags"`
			} `yaml:"metadata"`
			Spec struct {
				Type      string `yaml:"type"`
				Lifecycle string `yaml:"lifecycle"`
				Owner     string `yaml:"owner"`
				System    string `yaml:"system"`
			} `yaml:"spec"`
		}
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return c, err
		}
		if doc.Kind == "" {
			continue
		}
		e := Entity{Kind: doc.Kind, Name: doc.Metadata.Name, Namespace: doc.Metadata.Namespace,
			Type: doc.Spec.Type, Lifecycle: doc.Spec.Lifecycle, Owner: doc.Spec.Owner, System: doc.Spec.System,
			Annotations: doc.Metadata.Annotations, Tags: doc.Metadata.Tags}
		if e.Annotations == nil {
			e.Annotations = map[string]string{}
		}
		if e.Tags == nil {
			e.Tags = []string{}
		}
		c.Entities = append(c.Entities, e)
	}
	for _, e := range c.Entities {
		if e.Kind == "Component" && e.Owner != "" {
			c.Owner = e.Owner
			break
		}
	}
	if c.Owner == "" && len(c.Entities) > 0 {
		c.Owner = c.Entities[0].Owner
	}
	return c, nil
}

func (c Catalog) evidence() (bool, []Evidence, string, string) {
	if !c.Present {
		return false, nil, "no catalog-info.yaml in the folder", ""
	}
	if c.Owner == "" {
		return false, []Evidence{{File: c.Path, What: "no spec.owner"}}, "spec.owner in " + c.Path, ""
	}
	return true, []Evidence{{File: c.Path, Line: c.OwnerLine, Text: "owner: " + c.Owner, What: "catalog owner"}}, "", ""
}
