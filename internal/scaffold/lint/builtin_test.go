package lint

import (
	"io/fs"
	"testing"

	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/templates"
)

// TestBuiltinTemplatesLintClean holds every built-in template to what
// `paved templates lint --strict` asks of users' templates.
func TestBuiltinTemplatesLintClean(t *testing.T) {
	t.Parallel()
	for _, name := range templates.Names() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sub, err := fs.Sub(templates.FS, name)
			if err != nil {
				t.Fatal(err)
			}
			r := Lint(t.Context(), &source.Template{Kind: source.KindBuiltin, Source: "builtin", Name: name, FS: sub}, Options{Prefix: "templates/" + name})
			for _, p := range append(r.Problems, r.Warnings...) {
				t.Errorf("%v\n    fix: %s", p, p.Fix)
			}
		})
	}
}
