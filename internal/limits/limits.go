// Package limits holds the bounds paved keeps while it reads and renders
// input from strangers: template files, template.yaml, values files and
// .paved.yaml. They come from the `limits:` section of the config file; a
// zero field means its default.
//
//	limits:
//	  maxFileBytes: 10485760         # bytes one rendered file may hold (10 MiB)
//	  maxGenerationBytes: 209715200  # bytes one generation may write (200 MiB)
//	  renderTimeout: 30s             # time rendering one generation may take
//	  maxTemplateDepth: 100          # nested {{template}} calls
//	  maxRenderSteps: 10000000       # range iterations and template calls per render
//	  maxYamlBytes: 4194304          # size of template.yaml, a values file, .paved.yaml (4 MiB)
//	  maxYamlNodes: 1000000          # YAML nodes once aliases are expanded
package limits

import (
	"fmt"
	"time"
)

// Defaults of every limit.
const (
	DefaultMaxFileBytes       = 10 << 20
	DefaultMaxGenerationBytes = 200 << 20
	DefaultRenderTimeout      = 30 * time.Second
	DefaultMaxTemplateDepth   = 100
	DefaultMaxRenderSteps     = 10_000_000
	DefaultMaxYAMLBytes       = 4 << 20
	DefaultMaxYAMLNodes       = 1_000_000
)

// Limits bound what rendering and parsing may cost. The YAML keys are those
// of the config file's `limits:` section.
type Limits struct {
	MaxFileBytes       int64         `yaml:"maxFileBytes"`
	MaxGenerationBytes int64         `yaml:"maxGenerationBytes"`
	RenderTimeout      time.Duration `yaml:"renderTimeout"`
	MaxTemplateDepth   int           `yaml:"maxTemplateDepth"`
	MaxRenderSteps     int64         `yaml:"maxRenderSteps"`
	MaxYAMLBytes       int64         `yaml:"maxYamlBytes"`
	MaxYAMLNodes       int64         `yaml:"maxYamlNodes"`
}

// Default returns every limit at its default.
func Default() Limits { return Limits{}.WithDefaults() }

// WithDefaults returns l with every zero (or negative) field set to its default.
func (l Limits) WithDefaults() Limits {
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = DefaultMaxFileBytes
	}
	if l.MaxGenerationBytes <= 0 {
		l.MaxGenerationBytes = DefaultMaxGenerationBytes
	}
	if l.RenderTimeout <= 0 {
		l.RenderTimeout = DefaultRenderTimeout
	}
	if l.MaxTemplateDepth <= 0 {
		l.MaxTemplateDepth = DefaultMaxTemplateDepth
	}
	if l.MaxRenderSteps <= 0 {
		l.MaxRenderSteps = DefaultMaxRenderSteps
	}
	if l.MaxYAMLBytes <= 0 {
		l.MaxYAMLBytes = DefaultMaxYAMLBytes
	}
	if l.MaxYAMLNodes <= 0 {
		l.MaxYAMLNodes = DefaultMaxYAMLNodes
	}
	return l
}

// Error is input that went past a limit. It is the input's fault (exit 2),
// and its hint names the config key that raises the limit.
type Error struct {
	Name  string // where: a file, a template
	Key   string // the config key, e.g. maxFileBytes
	Limit string // the limit's value as shown, e.g. "10485760 bytes"
	Msg   string // what went past it
}

func (e *Error) Error() string {
	if e.Name == "" {
		return fmt.Sprintf("%s: limit %s (%s) exceeded", e.Msg, e.Key, e.Limit)
	}
	return fmt.Sprintf("%s: %s: limit %s (%s) exceeded", e.Name, e.Msg, e.Key, e.Limit)
}

// Hint says how to raise the limit.
func (e *Error) Hint() string {
	return fmt.Sprintf("if the input is trusted and really needs more, raise limits.%s in the config file (paved doctor shows where it is)", e.Key)
}

// ExitCode is 2: the input is too big or too costly.
func (e *Error) ExitCode() int { return 2 }

// Bytes shows a byte count as the config writes it.
func Bytes(n int64) string { return fmt.Sprintf("%d bytes", n) }
