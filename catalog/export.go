package catalog

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// keyOrder puts the well-known keys of a document first, as Backstage's
// examples write them; other keys follow sorted.
var keyOrder = map[string][]string{
	"":         {"apiVersion", "kind", "metadata", "spec"},
	"metadata": {"name", "namespace", "title", "description", "labels", "annotations", "tags", "links"},
	"spec":     {"type", "lifecycle", "owner", "system", "domain", "subcomponentOf", "parent", "children", "members", "memberOf", "profile", "providesApis", "consumesApis", "dependsOn", "dependencyOf", "definition"},
	"links":    {"url", "title", "icon", "type"},
}

// MarshalYAML encodes entities as a multi-document YAML stream with the
// keys in Backstage's usual order, without relations.
func MarshalYAML(entities ...*Entity) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	for _, e := range entities {
		n, err := toNode(e.Document(), "")
		if err != nil {
			return nil, fmt.Errorf("encode %s: %w", e.Ref(), err)
		}
		if err := enc.Encode(n); err != nil {
			return nil, fmt.Errorf("encode %s: %w", e.Ref(), err)
		}
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// toNode builds an ordered YAML node from a document value; parent names
// the mapping being built, for [keyOrder].
func toNode(v any, parent string) (*yaml.Node, error) {
	switch x := v.(type) {
	case map[string]any:
		return mapNode(len(x), func(yield func(string, any)) {
			for k, val := range x {
				yield(k, val)
			}
		}, parent)
	case map[string]string:
		return mapNode(len(x), func(yield func(string, any)) {
			for k, val := range x {
				yield(k, val)
			}
		}, parent)
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode}
		for _, item := range x {
			c, err := toNode(item, parent)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, c)
		}
		return n, nil
	case []string:
		n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, s := range x {
			c, _ := toNode(s, "")
			n.Content = append(n.Content, c)
		}
		return n, nil
	case []Link:
		n := &yaml.Node{Kind: yaml.SequenceNode}
		for _, l := range x {
			m := maps.Clone(l.Extra)
			if m == nil {
				m = map[string]any{}
			}
			m["url"] = l.URL
			for k, s := range map[string]string{"title": l.Title, "icon": l.Icon, "type": l.Type} {
				if s != "" {
					m[k] = s
				}
			}
			c, err := toNode(m, "links")
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, c)
		}
		return n, nil
	case string:
		n := &yaml.Node{}
		if err := n.Encode(x); err != nil {
			return nil, err
		}
		if strings.Contains(x, "\n") {
			n.Style = yaml.LiteralStyle
			if strings.HasSuffix(x, "\n\n") || strings.ContainsAny(x, "\t") || strings.HasPrefix(x, " ") {
				n.Style = yaml.DoubleQuotedStyle
			}
		}
		return n, nil
	}
	n := &yaml.Node{}
	if err := n.Encode(v); err != nil {
		return nil, err
	}
	return n, nil
}

func mapNode(size int, each func(yield func(string, any)), parent string) (*yaml.Node, error) {
	keys := make([]string, 0, size)
	vals := make(map[string]any, size)
	each(func(k string, v any) {
		keys = append(keys, k)
		vals[k] = v
	})
	order := keyOrder[parent]
	rank := func(k string) int {
		if i := slices.Index(order, k); i >= 0 {
			return i
		}
		return len(order)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		return strings.Compare(a, b)
	})
	n := &yaml.Node{Kind: yaml.MappingNode}
	for _, k := range keys {
		child := k
		if parent != "" && parent != "metadata" {
			child = parent + "." + k // only the top levels have an order
		}
		kn := &yaml.Node{Kind: yaml.ScalarNode, Value: k}
		vn, err := toNode(vals[k], child)
		if err != nil {
			return nil, err
		}
		n.Content = append(n.Content, kn, vn)
	}
	return n, nil
}

// ExportLocation is the name of the Location entity [Export] writes.
const ExportLocation = "paved-export"

// ExportFile is where [Export] writes an entity, relative to the export
// folder: entities/NAMESPACE/KIND.NAME.catalog.yaml, lower-cased so names that
// differ only in case (the same entity) never make two files.
func ExportFile(r Ref) string {
	return path.Join("entities", strings.ToLower(r.Namespace), strings.ToLower(r.Kind)+"."+strings.ToLower(r.Name)+".catalog.yaml")
}

// Export writes every entity of st into dir as Backstage YAML, one file per
// entity (see [ExportFile]), without the annotations paved adds when it
// registers, plus dir/catalog-info.yaml: a Location listing every file, which
// Backstage (or paved catalog register) reads as a whole. It returns the
// number of entities written.
func Export(ctx context.Context, st Store, dir string) (int, error) {
	ents, err := st.List(ctx, Filter{})
	if err != nil {
		return 0, err
	}
	var targets []any
	for _, e := range ents {
		if e.Kind == KindLocation && strings.EqualFold(e.Metadata.Name, ExportLocation) {
			continue
		}
		rel := ExportFile(e.Ref())
		data, err := MarshalYAML(e.WithoutSource())
		if err != nil {
			return 0, err
		}
		full := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return 0, fmt.Errorf("export: %w", err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			return 0, fmt.Errorf("export: %w", err)
		}
		targets = append(targets, "./"+rel)
	}
	loc := &Entity{APIVersion: APIVersion, Kind: KindLocation,
		Metadata: Metadata{Name: ExportLocation, Description: "Every entity of a paved catalog, exported by paved catalog export"},
		Spec:     map[string]any{"type": "file", "targets": targets}}
	if len(targets) == 0 {
		loc.Spec["targets"] = []any{}
	}
	data, err := MarshalYAML(loc)
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "catalog-info.yaml"), data, 0o644); err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	return len(targets), nil
}
