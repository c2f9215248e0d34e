package yamlx

import "gopkg.in/yaml.v3"

// Expansion is what [Expand] found in a document.
type Expansion struct {
	Own   int64 // nodes as written
	Total int64 // nodes once every alias is expanded, as far as counting went
	// Over is the node being counted when aliases added more than the
	// limit (counting stopped there); nil when they did not.
	Over *yaml.Node
	// Cycle is an alias inside the node it refers to (counting stopped
	// there); nil when there is none.
	Cycle *yaml.Node
}

// Added is how many nodes aliases add to the document, as far as counting
// went.
func (e Expansion) Added() int64 { return e.Total - e.Own }

// OK reports whether counting went to the end: no cycle, within the limit.
func (e Expansion) OK() bool { return e.Over == nil && e.Cycle == nil }

// maxDepth bounds the recursion; yaml.v3 refuses deeper documents itself.
const maxDepth = 10_000

// Expand counts the nodes of doc as decoding would expand them, the one
// alias counter paved has (a few hundred bytes of nested aliases stand for
// billions of nodes, and yaml.v3 guards only its own decoding into Go
// values, not code that walks a yaml.Node): an alias is one node plus every
// node of what it refers to. Each anchor is counted once and remembered, so
// the work is linear in the document, not in its expansion. Counting stops
// as soon as aliases add more than maxAdded nodes, and at the first alias
// that refers to a node containing it.
func Expand(doc *yaml.Node, maxAdded int64) Expansion {
	var e Expansion
	var own func(n *yaml.Node)
	own = func(n *yaml.Node) {
		if n == nil {
			return
		}
		e.Own++
		for _, c := range n.Content {
			own(c)
		}
	}
	own(doc)
	limit := e.Own + maxAdded
	memo := map[*yaml.Node]int64{}
	open := map[*yaml.Node]bool{}
	var size func(n *yaml.Node, depth int) int64
	size = func(n *yaml.Node, depth int) int64 {
		if n == nil || !e.OK() {
			return 0
		}
		if v, ok := memo[n]; ok {
			return v
		}
		if open[n] {
			e.Cycle = n
			return 0
		}
		if depth > maxDepth {
			e.Over = n
			return limit + 1
		}
		open[n] = true
		total := int64(1)
		if n.Kind == yaml.AliasNode {
			total += size(n.Alias, depth+1)
		}
		for _, c := range n.Content {
			// Capped before adding, so a bomb never overflows the count.
			if total += size(c, depth+1); total > limit || !e.OK() {
				break
			}
		}
		delete(open, n)
		if total > limit && e.OK() {
			e.Over = n
		}
		memo[n] = total
		return total
	}
	e.Total = size(doc, 0)
	return e
}
