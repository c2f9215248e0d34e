package manifest

// APIVersion and Kind are the only values template.yaml may declare.
const (
	APIVersion = "paved.dev/v1alpha1"
	Kind       = "Template"
)

// Parameter types.
const (
	TypeString      = "string"
	TypeText        = "text"
	TypeInt         = "int"
	TypeBool        = "bool"
	TypeSelect      = "select"
	TypeMultiSelect = "multiselect"
)

// Manifest is a parsed template.yaml.
type Manifest struct {
	APIVersion string   `yaml:"apiVersion" json:"apiVersion"`
	Kind       string   `yaml:"kind" json:"kind"`
	Metadata   Metadata `yaml:"metadata" json:"metadata"`
	Spec       Spec     `yaml:"spec" json:"spec"`
}

// Metadata names and describes a template.
type Metadata struct {
	Name        string   `yaml:"name" json:"name"`
	Title       string   `yaml:"title,omitempty" json:"title,omitempty"`
	Description string   `yaml:"description,omitempty" json:"description,omitempty"`
	Tags        []string `yaml:"tags,omitempty" json:"tags,omitempty"`
}

// Spec is what a template asks, renders and runs.
type Spec struct {
	Version    string      `yaml:"version" json:"version"`                           // the template's own semver, recorded in .paved.yaml
	Type       string      `yaml:"type,omitempty" json:"type,omitempty"`             // catalog component type (service, library, website…)
	Delimiters []string    `yaml:"delimiters,omitempty" json:"delimiters,omitempty"` // [left, right]; default ["{{", "}}"]
	Parameters []Parameter `yaml:"parameters,omitempty" json:"parameters,omitempty"`
	Files      []FileRule  `yaml:"files,omitempty" json:"files,omitempty"`
	Hooks      Hooks       `yaml:"hooks,omitempty" json:"hooks,omitempty"`
	NextSteps  []string    `yaml:"nextSteps,omitempty" json:"nextSteps,omitempty"` // rendered; printed after `paved new`
	Features   []Feature   `yaml:"features,omitempty" json:"features,omitempty"`   // what is wired in; shown by `paved templates show`
	Migrations []Migration `yaml:"migrations,omitempty" json:"migrations,omitempty"`
}

// Parameter is one question a template asks.
type Parameter struct {
	Name     string   `yaml:"name" json:"name"`
	Title    string   `yaml:"title,omitempty" json:"title,omitempty"`
	Help     string   `yaml:"help,omitempty" json:"help,omitempty"`
	Type     string   `yaml:"type,omitempty" json:"type,omitempty"` // default string
	Required bool     `yaml:"required,omitempty" json:"required,omitempty"`
	Default  any      `yaml:"default,omitempty" json:"default,omitempty"` // a string default may be a template over earlier answers
	Pattern  string   `yaml:"pattern,omitempty" json:"pattern,omitempty"`
	Min      *int     `yaml:"min,omitempty" json:"min,omitempty"`
	Max      *int     `yaml:"max,omitempty" json:"max,omitempty"`
	Options  []string `yaml:"options,omitempty" json:"options,omitempty"`
	When     string   `yaml:"when,omitempty" json:"when,omitempty"` // asked only when this renders "true"
	Line     int      `yaml:"-" json:"-"`                           // line in template.yaml, for errors
}

// Zero is the empty answer of the parameter's type: what templates see for
// a question not (yet) answered.
func (p *Parameter) Zero() any {
	switch p.Type {
	case TypeInt:
		return 0
	case TypeBool:
		return false
	case TypeMultiSelect:
		return []string{}
	}
	return ""
}

// FileRule includes files matching a glob only when When renders "true".
type FileRule struct {
	Path string `yaml:"path" json:"path"` // doublestar glob over rendered paths
	When string `yaml:"when" json:"when"`
	Line int    `yaml:"-" json:"-"`
}

// Hooks are commands run in the generated folder, only for trusted sources.
type Hooks struct {
	After []Hook `yaml:"after,omitempty" json:"after,omitempty"`
}

// Hook is one command, given as argv (never through a shell).
type Hook struct {
	Run   []string `yaml:"run" json:"run"`
	Title string   `yaml:"title,omitempty" json:"title,omitempty"`
	When  string   `yaml:"when,omitempty" json:"when,omitempty"`
	Line  int      `yaml:"-" json:"-"`
}

// Feature is one capability a template wires in, for `paved templates show`.
type Feature struct {
	Name        string `yaml:"name" json:"name"`
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
}

// Migration maps answers given to older versions onto this one: when a
// project generated before Version is updated, Rename moves old parameter
// names to new ones and Defaults fills parameters that did not exist.
type Migration struct {
	Version  string            `yaml:"version" json:"version"`
	Rename   map[string]string `yaml:"rename,omitempty" json:"rename,omitempty"`
	Remove   []string          `yaml:"remove,omitempty" json:"remove,omitempty"`
	Defaults map[string]any    `yaml:"defaults,omitempty" json:"defaults,omitempty"`
}

// Values are a template's answers by parameter name: string, int, bool or []string.
type Values map[string]any
