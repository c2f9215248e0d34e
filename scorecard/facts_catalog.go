package scorecard

import (
	"bytes"
	"context"
	"errors"
	"io/fs"

	"github.com/paved-dev/paved/catalog"
)

// Catalog is the `catalog` fact: the Backstage entities in catalog-info.yaml.
type Catalog struct {
	Present  bool     `cel:"present"`
	Path     string   `cel:"path"`
	Owner    string   `cel:"owner"` // the first Component's spec.owner (else the first entity's)
	Entities []Entity `cel:"entities"`
	// OwnerLine is the line of the owner in the file, 0 when unknown.
	OwnerLine int `cel:"ownerLine"`
	// ownerText is spec.owner as written, which the evidence quotes.
	ownerText string
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

// CatalogFact exposes `catalog`: the repository's catalog file at the root
// (one of [catalog.FileNames]), every entity in it, read by the catalog's
// own parser. Owners and systems are full entity references, as
// [catalog.Entity.Owner] makes them, so one team written three ways
// (payments, group:payments, group:default/payments) is one owner.
func CatalogFact() Fact {
	return Fact{
		Name: "catalog",
		Doc:  "catalog-info.yaml: present, path, owner, entities[] {kind, name, namespace, type, lifecycle, owner, system, annotations, tags}",
		Go:   Catalog{},
		Load: func(ctx context.Context, s *Snapshot) (any, error) {
			for _, name := range catalog.FileNames() {
				data, err := s.ReadText(name)
				if errors.Is(err, fs.ErrNotExist) {
					continue
				}
				if err != nil {
					return nil, err
				}
				c, err := parseCatalog(data, name)
				if err != nil {
					return nil, err
				}
				c.Path = name
				if c.ownerText != "" {
					c.OwnerLine, _ = lineAt(data, bytes.Index(data, []byte(c.ownerText)))
				}
				return c, nil
			}
			return Catalog{Entities: []Entity{}}, nil
		},
	}
}

// parseCatalog reads the entities of a catalog file as written (the
// catalog's lenient parse: a repository is scored on what it holds, valid
// or not). name is the file, for errors.
func parseCatalog(data []byte, name string) (Catalog, error) {
	c := Catalog{Present: true, Entities: []Entity{}}
	ents, err := catalog.Parse(data, catalog.ParseOptions{File: name, Lenient: true})
	if err != nil {
		return c, err
	}
	var owner *catalog.Entity
	for _, ent := range ents {
		if ent.Kind == "" {
			continue
		}
		e := Entity{Kind: ent.Kind, Name: ent.Metadata.Name, Namespace: ent.Metadata.Namespace,
			Type: ent.SpecString("type"), Lifecycle: ent.SpecString("lifecycle"), Owner: ent.Owner(), System: ent.System(),
			Annotations: ent.Metadata.Annotations, Tags: ent.Metadata.Tags}
		if e.Annotations == nil {
			e.Annotations = map[string]string{}
		}
		if e.Tags == nil {
			e.Tags = []string{}
		}
		c.Entities = append(c.Entities, e)
		if owner == nil && e.Kind == "Component" && e.Owner != "" {
			owner = ent
		}
	}
	if owner == nil {
		for _, ent := range ents {
			if ent.Kind != "" {
				owner = ent
				break
			}
		}
	}
	if owner != nil {
		c.Owner, c.ownerText = owner.Owner(), owner.SpecString("owner")
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
	return true, []Evidence{{File: c.Path, Line: c.OwnerLine, Text: "owner: " + c.ownerText, What: "catalog owner"}}, "", ""
}
