// Package depsholder pins the project's dependencies while the packages that
// use them are being written, so go mod tidy keeps them. Delete it once every
// import below is used elsewhere.
package depsholder

import (
	_ "github.com/Masterminds/sprig/v3"
	_ "github.com/bmatcuk/doublestar/v4"
	_ "github.com/charmbracelet/huh"
	_ "github.com/creack/pty"
	_ "github.com/go-git/go-git/v5"
	_ "github.com/google/cel-go/cel"
	_ "github.com/google/go-cmp/cmp"
	_ "github.com/mattn/go-isatty"
	_ "github.com/rogpeppe/go-internal/testscript"
	_ "github.com/santhosh-tekuri/jsonschema/v6"
	_ "github.com/spf13/cobra"
	_ "golang.org/x/sync/errgroup"
	_ "gopkg.in/yaml.v3"
	_ "modernc.org/sqlite"
)
