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
	"path/filepath"
	"regexp"

	"gopkg.in/yaml.v3"

	"github.com/paved-dev/paved/internal/gitx"
	"github.com/paved-dev/paved/internal/limits"
)

// Config is the user's configuration.
//
//	trustedSources:        # template sources whose hooks may run without --trust
//	  - git::https://github.com/acme/paved-templates.git
//	  - https://github.com/acme/   # a prefix ending in / trusts every repository below it
//	credentials:           # the only hosts a git token is sent to (over https)
//	  - host: github.com
//	    tokenEnv: GITHUB_TOKEN
//	  - host: git.example.com
//	    tokenEnv: PAVED_GIT_TOKEN
//	    caFile: corp-ca.pem   # extra CA certificates for this host (relative to this file)
//	author: {name: Ada Lovelace, email: ada@example.com}
//	limits:               # bounds on rendering and parsing; see [limits.Limits]
//	  maxFileBytes: 10485760
//	  renderTimeout: 30s
type Config struct {
	TrustedSources []string `yaml:"trustedSources"`
	// Credentials is nil when the file has no credentials section: then
	// PAVED_GIT_TOKEN, else GITHUB_TOKEN, goes to github.com only.
	Credentials []Credential `yaml:"credentials"`
	Author      struct {
		Name  string `yaml:"name"`
		Email string `yaml:"email"`
	} `yaml:"author"`
	// Limits bound what a template may cost to render or parse; a zero
	// field is its default (see package limits for the keys).
	Limits limits.Limits `yaml:"limits"`
	Path   string        `yaml:"-"` // where it was read from
}

// Credential names the token (and extra CA certificates) for one host.
type Credential struct {
	Host     string `yaml:"host"`     // host or host:port, no scheme; the default port may be left out
	TokenEnv string `yaml:"tokenEnv"` // the environment variable holding the token
	CAFile   string `yaml:"caFile"`   // PEM file, relative to the config file's folder
}

// DefaultTokenEnvs are the variables paved reads a git token from when the
// config names none, in that order; hooks never see them.
func DefaultTokenEnvs() []string { return []string{"PAVED_GIT_TOKEN", "GITHUB_TOKEN"} }

// envName is a portable environment variable name.
var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Error is a config file paved cannot use; it says how to fix it.
type Error struct {
	Path, Msg, Fix string
}

func (e *Error) Error() string { return fmt.Sprintf("config %s: %s", e.Path, e.Msg) }

// Hint says what to do next.
func (e *Error) Hint() string { return e.Fix }

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
	if err := c.checkCredentials(); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Config) checkCredentials() error {
	const example = "write credentials: [{host: git.example.com, tokenEnv: PAVED_GIT_TOKEN}]"
	seen := map[string]int{}
	for i := range c.Credentials {
		cr := &c.Credentials[i]
		bad := func(format string, args ...any) error {
			return &Error{Path: c.Path, Msg: fmt.Sprintf("credentials[%d]: ", i) + fmt.Sprintf(format, args...), Fix: example}
		}
		if cr.Host == "" {
			return bad("no host")
		}
		host, err := gitx.CanonicalHost("https", cr.Host)
		if err != nil {
			return bad("host %q: %v (a host name, without https:// or a path)", cr.Host, err)
		}
		if j, dup := seen[host]; dup {
			return bad("host %s is listed already in credentials[%d]", host, j)
		}
		seen[host] = i
		cr.Host = host
		if cr.TokenEnv == "" && cr.CAFile == "" {
			return bad("host %s has neither tokenEnv nor caFile", host)
		}
		if cr.TokenEnv != "" && !envName.MatchString(cr.TokenEnv) {
			return bad("tokenEnv %q is not an environment variable name (the name, not the token)", cr.TokenEnv)
		}
	}
	return nil
}

// TokenEnvs lists every variable a git token may come from: the config's
// tokenEnv names and [DefaultTokenEnvs]. Hooks run without them.
func (c *Config) TokenEnvs() []string {
	names := DefaultTokenEnvs()
	if c == nil {
		return names
	}
	for _, cr := range c.Credentials {
		if cr.TokenEnv != "" {
			names = append(names, cr.TokenEnv)
		}
	}
	return names
}

// GitCredentials says which token goes to which host, reading the
// variables through getenv: the credentials section when there is one
// (`credentials: []` sends no token anywhere), else PAVED_GIT_TOKEN, or
// else GITHUB_TOKEN, for github.com alone.
func (c *Config) GitCredentials(getenv func(string) string) (*gitx.Credentials, error) {
	creds := &gitx.Credentials{ConfigPath: c.Path}
	if c.Credentials == nil {
		creds.Defaulted = true
		for _, name := range DefaultTokenEnvs() {
			if tok := getenv(name); tok != "" {
				creds.List = []gitx.Credential{{Host: "github.com", TokenEnv: name, Token: tok}}
				break
			}
		}
		return creds, nil
	}
	for i, cr := range c.Credentials {
		g := gitx.Credential{Host: cr.Host, TokenEnv: cr.TokenEnv}
		if cr.TokenEnv != "" {
			g.Token = getenv(cr.TokenEnv)
		}
		if cr.CAFile != "" {
			p := cr.CAFile
			if !filepath.IsAbs(p) {
				p = filepath.Join(filepath.Dir(c.Path), p)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return nil, &Error{Path: c.Path, Msg: fmt.Sprintf("credentials[%d] (%s): caFile: %v", i, cr.Host, err),
					Fix: "point caFile at a PEM file of CA certificates, absolute or relative to the config file"}
			}
			g.CABundle = data
		}
		creds.List = append(creds.List, g)
	}
	return creds, nil
}
