package scorecard

import (
	"errors"
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/paved-dev/paved/internal/yamlx"
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

// checkAliases refuses a document whose aliases add more than
// [MaxYAMLAliasNodes] nodes to it, or refer to a node that contains them,
// counted by [yamlx.Expand].
func checkAliases(root *yaml.Node) error {
	e := yamlx.Expand(root, MaxYAMLAliasNodes)
	switch {
	case e.Cycle != nil:
		return fmt.Errorf("%w: an alias refers to a node that contains it (line %d)", ErrYAMLLimit, e.Cycle.Line)
	case e.Over != nil:
		return fmt.Errorf("%w: aliases expand the document beyond %d nodes more than its own %d", ErrYAMLLimit, MaxYAMLAliasNodes, e.Own)
	}
	return nil
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
