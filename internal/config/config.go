// Package config reads paved's user configuration file
// ($XDG_CONFIG_HOME/paved/config.yaml).
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/paved-dev/paved/internal/limits"
)

// Config is the user's configuration.
//
//	trustedSources:        # template sources whose hooks may run without --trust
//	  - git::https://github.com/acme/paved-templates.git
//	  - https://github.com/acme/   # a prefix ending in / trusts everything below it
//	author: {name: Ada Lovelace, email: ada@example.com}
//	limits:               # bounds on rendering and parsing; see [limits.Limits]
//	  maxFileBytes: 10485760
//	  renderTimeout: 30s
type Config struct {
	TrustedSources []string `yaml:"trustedSources"`
	Author         struct {
		Name  string `yaml:"name"`
		Email string `yaml:"email"`
	} `yaml:"author"`
	// Limits bound what a template may cost to render or parse; a zero
	// field is its default (see package limits for the keys).
	Limits limits.Limits `yaml:"limits"`
	Path   string        `yaml:"-"` // where it was read from `yaml:"-"` // where it was read from
}

// Load reads the file at path; a missing file gives an empty Config.
func Load(path string) (*Config, error) {
	c := &Config{Path: path}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	return c, nil
}

// Trusted reports whether hooks from source may run: the source equals a
// trusted entry, or starts with an entry that ends in "/".
func (c *Config) Trusted(source string) bool {
	for _, t := range c.TrustedSources {
		if source == t || (strings.HasSuffix(t, "/") && strings.HasPrefix(source, t)) {
			return true
		}
	}
	return false
}
