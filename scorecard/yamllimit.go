package scorecard

import (
	"errors"
	"fmt"

	"gopkg.in/yaml.v3"
)

// Limits of every YAML document paved reads while scoring: a rubric, an
// exemptions file, a file a check reads with yaml(). A few hundred bytes of
// nested aliases expand to gigabytes ("billion laughs"); yaml.v3 only
// refuses the worst ratios, so the expansion is counted before decoding.
const (
	MaxYAMLSize = 1 << 20 // bytes in one document
	// MaxYAMLAliasNodes is how many nodes aliases may add to a document
	// beyond its own: generous for anchors that share CI steps, far below a bomb.
	MaxYAMLAliasNodes = 100_000
)

// ErrYAMLLimit reports a YAML document over one of the limits above.
var ErrYAMLLimit = errors.New("YAML limit exceeded")

// parseYAML parses the first document of data into a node tree after
// checking its size and how far its aliases expand.
func parseYAML(data []byte) (*yaml.Node, error) {
	if len(data) > MaxYAMLSize {
		return nil, fmt.Errorf("%w: %d bytes, over %d", ErrYAMLLimit, len(data), MaxYAMLSize)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, err
	}
	if err := checkAliases(&root); err != nil {
		return nil, err
	}
	return &root, nil
}

// checkAliases counts the nodes of the document as decoding would expand
// them, memoising each anchor so the count is linear in the document, and
// refuses aliases that contain themselves.
func checkAliases(root *yaml.Node) error {
	own := 0
	var count func(n *yaml.Node)
	count = func(n *yaml.Node) {
		own++
		for _, c := range n.Content {
			count(c)
		}
	}
	count(root)
	limit := own + MaxYAMLAliasNodes
	over := fmt.Errorf("%w: aliases expand the document beyond %d nodes more than its own %d", ErrYAMLLimit, MaxYAMLAliasNodes, own)
	const inProgress = -1
	memo := map[*yaml.Node]int{}
	var size func(n *yaml.Node) (int, error)
	size = func(n *yaml.Node) (int, error) {
		if v, ok := memo[n]; ok {
			if v == inProgress {
				return 0, fmt.Errorf("%w: an alias refers to a node that contains it (line %d)", ErrYAMLLimit, n.Line)
			}
			return v, nil
		}
		memo[n] = inProgress
		total := 1
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			t, err := size(n.Alias)
			if err != nil {
				return 0, err
			}
			total = t
		}
		for _, c := range n.Content {
			t, err := size(c)
			if err != nil {
				return 0, err
			}
			// Capped before adding, so a bomb never overflows the count.
			if total += t; total > limit {
				return 0, over
			}
		}
		memo[n] = total
		return total, nil
	}
	_, err := size(root)
	return err
}

// decodeYAML is yaml.Unmarshal into an any, within the limits above.
func decodeYAML(data []byte) (any, error) {
	root, err := parseYAML(data)
	if err != nil {
		return nil, err
	}
	var v any
	if root.Kind == 0 {
		return nil, nil // an empty document
	}
	if err := root.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}
