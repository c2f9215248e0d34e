package catalog

import (
	"slices"
	"strings"
)

// Relation is a directed edge from an entity to another, as Backstage
// returns it: {type, targetRef}. Unresolved marks a target not (yet) in
// the catalog.
type Relation struct {
	Type       string `json:"type" yaml:"type"`
	TargetRef  string `json:"targetRef" yaml:"targetRef"`
	Unresolved bool   `json:"unresolved,omitempty" yaml:"unresolved,omitempty"`
}

// Edge is a relation with its source: Source --Type--> Target, references
// in [Ref.String] form.
type Edge struct {
	Source, Type, Target string
}

// Edges derives the relations e's spec declares, both ways: for each
// reference the edge from e and the inverse edge back to e, as Backstage's
// BuiltinKindsEntityProcessor emits them. A reference that does not parse is
// skipped (validation reports it).
func (e *Entity) Edges() []Edge {
	own := e.ownEdges()
	out := make([]Edge, 0, 2*len(own))
	for _, ed := range own {
		out = append(out, ed, Edge{ed.Target, inverse(ed.Type), ed.Source})
	}
	slices.SortFunc(out, compareEdges)
	return slices.Compact(out)
}

// ownEdges is the relations e declares, from e, without their inverses.
func (e *Entity) ownEdges() []Edge {
	self := e.Ref()
	selfRef := self.String()
	var out []Edge
	for _, f := range kindFields(e.Kind) {
		if f.relation == "" {
			continue
		}
		var targets []string
		switch f.shape {
		case fieldRef:
			if s := e.SpecString(f.key); s != "" {
				targets = []string{s}
			}
		case fieldRefs:
			targets = e.SpecStrings(f.key)
		case fieldLooseRefs:
			if s := e.SpecString(f.key); s != "" {
				targets = []string{s}
			} else {
				targets = e.SpecStrings(f.key)
			}
		}
		for _, t := range targets {
			r, err := parseBackstageRef(t, f.defaultKind, self.Namespace)
			if err != nil {
				continue
			}
			out = append(out, Edge{selfRef, f.relation, r.String()})
		}
	}
	slices.SortFunc(out, compareEdges)
	return slices.Compact(out)
}

// relationPairs lists each relation type with its inverse.
func relationPairs() [][2]string {
	return [][2]string{
		{RelOwnedBy, RelOwnerOf}, {RelPartOf, RelHasPart}, {RelDependsOn, RelDependencyOf},
		{RelProvidesAPI, RelAPIProvidedBy}, {RelConsumesAPI, RelAPIConsumedBy},
		{RelMemberOf, RelHasMember}, {RelChildOf, RelParentOf},
	}
}

// inverse returns the relation type that points back.
func inverse(t string) string {
	for _, p := range relationPairs() {
		switch t {
		case p[0]:
			return p[1]
		case p[1]:
			return p[0]
		}
	}
	return t
}

func compareEdges(a, b Edge) int {
	if c := strings.Compare(a.Source, b.Source); c != 0 {
		return c
	}
	if c := strings.Compare(a.Type, b.Type); c != 0 {
		return c
	}
	return strings.Compare(a.Target, b.Target)
}
