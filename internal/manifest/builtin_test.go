package manifest_test

import (
	"io/fs"
	"os"
	"path"
	"testing"

	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/templates"
)

// TestShippedTemplatesConform checks every built-in template and every
// example template against both the published schema and Parse, so the
// schema never drifts from what paved accepts.
func TestShippedTemplatesConform(t *testing.T) {
	t.Parallel()
	type tpl struct {
		name string
		fsys fs.FS
	}
	var all []tpl
	for _, name := range templates.Names() {
		sub, err := fs.Sub(templates.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, tpl{"builtin/" + name, sub})
	}
	examples := os.DirFS("../../examples/templates")
	entries, err := fs.ReadDir(examples, ".")
	if err != nil {
		t.Fatalf("read examples/templates: %v", err)
	}
	for _, e := range entries {
		if e.IsDir() {
			sub, _ := fs.Sub(examples, e.Name())
			all = append(all, tpl{"examples/" + e.Name(), sub})
		}
	}
	if len(all) < 2 {
		t.Fatalf("found %d templates, want the built-ins and at least one example", len(all))
	}
	for _, tt := range all {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data, err := fs.ReadFile(tt.fsys, manifest.FileName)
			if err != nil {
				t.Fatal(err)
			}
			file := path.Join(tt.name, manifest.FileName)
			if err := manifest.CheckSchema(data, file); err != nil {
				t.Errorf("CheckSchema: %v", err)
			}
			if _, err := manifest.Parse(data, file); err != nil {
				t.Errorf("Parse: %v", err)
			}
		})
	}
}
