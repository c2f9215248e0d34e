package catalog

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// graphRelations are the relation types a graph draws: one direction of each
// pair (the inverse adds nothing to a picture).
var graphRelations = []string{RelOwnedBy, RelPartOf, RelDependsOn, RelProvidesAPI, RelConsumesAPI, RelMemberOf, RelChildOf}

// Graph is the dependency and ownership graph of the catalog.
type Graph struct {
	Nodes []GraphNode
	Edges []GraphEdge
}

// GraphNode is an entity of the graph; Missing marks a reference to an
// entity not in the catalog.
type GraphNode struct {
	Ref     string
	Missing bool
}

// BuildGraph keeps the drawable edges; with root set, only what root
// reaches and what reaches root.
func BuildGraph(edges []GraphEdge, root string) (*Graph, error) {
	var keep []GraphEdge
	for _, e := range edges {
		if slices.Contains(graphRelations, e.Type) {
			keep = append(keep, e)
		}
	}
	if root != "" {
		r, err := ParseRef(root, KindComponent, DefaultNamespace)
		if err != nil {
			return nil, err
		}
		rk := r.Key()
		fwd := reach(keep, rk, func(e GraphEdge) (string, string) { return e.Source, e.Target })
		back := reach(keep, rk, func(e GraphEdge) (string, string) { return e.Target, e.Source })
		var sub []GraphEdge
		for _, e := range keep {
			if (fwd[e.Source] && fwd[e.Target]) || (back[e.Source] && back[e.Target]) {
				sub = append(sub, e)
			}
		}
		keep = sub
		if len(keep) == 0 {
			return &Graph{Nodes: []GraphNode{{Ref: rk}}}, nil
		}
	}
	// Every edge is stored with its inverse, so every entity shows up as a
	// target somewhere, with whether it is in the catalog.
	inCatalog := map[string]bool{}
	for _, e := range edges {
		inCatalog[e.Target] = e.Resolved
	}
	nodes := map[string]bool{}
	for _, e := range keep {
		nodes[e.Source], nodes[e.Target] = true, true
	}
	g := &Graph{Edges: keep}
	for _, ref := range sortedKeys(nodes) {
		g.Nodes = append(g.Nodes, GraphNode{Ref: ref, Missing: !inCatalog[ref]})
	}
	return g, nil
}

func reach(edges []GraphEdge, from string, dir func(GraphEdge) (string, string)) map[string]bool {
	seen := map[string]bool{from: true}
	queue := []string{from}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, e := range edges {
			a, b := dir(e)
			if a == cur && !seen[b] {
				seen[b] = true
				queue = append(queue, b)
			}
		}
	}
	return seen
}

// WriteDOT writes g in Graphviz's DOT language.
func (g *Graph) WriteDOT(w io.Writer) error {
	var b strings.Builder
	b.WriteString("digraph catalog {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n")
	for _, n := range g.Nodes {
		attrs := fmt.Sprintf("label=%q", n.Ref)
		if n.Missing {
			attrs += `, style="rounded,dashed", color=gray`
		}
		fmt.Fprintf(&b, "  %q [%s];\n", n.Ref, attrs)
	}
	for _, e := range g.Edges {
		fmt.Fprintf(&b, "  %q -> %q [label=%q];\n", e.Source, e.Target, e.Type)
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteMermaid writes g as a Mermaid flowchart.
func (g *Graph) WriteMermaid(w io.Writer) error {
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	ids := map[string]string{}
	for i, n := range g.Nodes {
		id := fmt.Sprintf("n%d", i)
		ids[n.Ref] = id
		label := strings.ReplaceAll(n.Ref, `"`, "#quot;")
		if n.Missing {
			fmt.Fprintf(&b, "  %s[\"%s (missing)\"]:::missing\n", id, label)
		} else {
			fmt.Fprintf(&b, "  %s[\"%s\"]\n", id, label)
		}
	}
	for _, e := range g.Edges {
		fmt.Fprintf(&b, "  %s -->|%s| %s\n", ids[e.Source], e.Type, ids[e.Target])
	}
	b.WriteString("  classDef missing stroke-dasharray: 5 5,color:#888\n")
	_, err := io.WriteString(w, b.String())
	return err
}
