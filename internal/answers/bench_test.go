package answers

import (
	"testing"

	"github.com/paved-dev/paved/internal/manifest"
)

// BenchmarkAnswers resolves a template's answers from flags and defaults,
// with templated defaults and conditions rendered.
func BenchmarkAnswers(b *testing.B) {
	m, err := manifest.Parse([]byte(testManifest), "template.yaml")
	if err != nil {
		b.Fatal(err)
	}
	r := Request{Manifest: m, Render: renderer(m),
		Sets: map[string]string{"name": "orders", "owner": "team-a", "database": "postgres"}}
	for b.Loop() {
		if _, err := Resolve(b.Context(), r); err != nil {
			b.Fatal(err)
		}
	}
}
