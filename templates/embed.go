// Package templates embeds paved's built-in templates: one folder per
// template, each with a template.yaml and a skeleton/ folder.
package templates

import (
	"embed"
	"io/fs"
	"slices"
)

// FS holds every built-in template at its folder name. `all:` is required:
// without it .gitignore, .github/ and other dot files vanish from the binary
// without a word. A new built-in template is a folder added to this line.
//
//go:embed all:minimal all:go-service all:express-service
var FS embed.FS

// Names lists the built-in templates, sorted.
func Names() []string {
	entries, err := fs.ReadDir(FS, ".")
	if err != nil { // unreachable: the root of an embed.FS always reads
		return nil
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return names
}
