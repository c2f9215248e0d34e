// Package cmdutil holds what every paved command shares: the dependencies
// built once in cli.Main, error helpers that pick exit codes and carry
// remedies, and shared flag helpers.
package cmdutil

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"github.com/paved-dev/paved/internal/config"
	"github.com/paved-dev/paved/internal/iostreams"
)

// Deps is built once in cli.Main and handed to every command constructor.
// Commands read the environment only through it.
type Deps struct {
	IO      *iostreams.IOStreams
	Version string // paved's own version
	Getenv  func(string) string
	Now     func() time.Time // the clock; tests pin it

	// Global flags, filled by the root command before any RunE.
	CatalogDB  string // --catalog-db, else PAVED_CATALOG, else the default
	ConfigFile string // --config, else the default
	NoColor    bool   // --no-color

	// Register adds the service just generated in dir to the catalog and
	// returns its entity reference. cli.Main sets it once the catalog exists;
	// `paved new` skips registration while it is nil or with --no-register.
	Register func(ctx context.Context, dir string) (ref string, err error)
}

// Env returns the value of an environment variable.
func (d *Deps) Env(key string) string {
	if d.Getenv == nil {
		return ""
	}
	return d.Getenv(key)
}

// DataDir is $XDG_DATA_HOME/paved (default ~/.local/share/paved).
func (d *Deps) DataDir() string { return d.xdg("XDG_DATA_HOME", ".local/share") }

// CacheDir is $XDG_CACHE_HOME/paved (default ~/.cache/paved): cloned
// template sources and scored repositories live here.
func (d *Deps) CacheDir() string {
	if v := d.Env("PAVED_CACHE_DIR"); v != "" {
		return v
	}
	return d.xdg("XDG_CACHE_HOME", ".cache")
}

// ConfigDir is $XDG_CONFIG_HOME/paved (default ~/.config/paved).
func (d *Deps) ConfigDir() string { return d.xdg("XDG_CONFIG_HOME", ".config") }

func (d *Deps) xdg(key, fallback string) string {
	if v := d.Env(key); v != "" {
		return filepath.Join(v, "paved")
	}
	home := d.Env("HOME")
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	return filepath.Join(home, fallback, "paved")
}

// CatalogPath resolves the catalog database: --catalog-db, PAVED_CATALOG, or
// catalog.db under [Deps.DataDir].
func (d *Deps) CatalogPath() string {
	if d.CatalogDB != "" {
		return d.CatalogDB
	}
	if v := d.Env("PAVED_CATALOG"); v != "" {
		return v
	}
	return filepath.Join(d.DataDir(), "catalog.db")
}

// ConfigPath resolves the config file: --config, else config.yaml under [Deps.ConfigDir].
func (d *Deps) ConfigPath() string {
	if d.ConfigFile != "" {
		return d.ConfigFile
	}
	return filepath.Join(d.ConfigDir(), "config.yaml")
}

// Config loads the config file. A missing file is an empty config; a broken
// one is bad input naming the file.
func (d *Deps) Config() (*config.Config, error) {
	c, err := config.Load(d.ConfigPath())
	if err != nil {
		return nil, BadInput(err)
	}
	return c, nil
}
