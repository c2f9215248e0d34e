package manifest_test

import (
	"io/fs"
	"testing"

	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/templates"
)

// BenchmarkParse measures what every `paved new` pays to read a built-in
// template's manifest.
func BenchmarkParse(b *testing.B) {
	for _, name := range templates.Names() {
		data, err := fs.ReadFile(templates.FS, name+"/"+manifest.FileName)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := manifest.Parse(data, manifest.FileName); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCheckSchema measures the schema check `paved templates lint` runs.
func BenchmarkCheckSchema(b *testing.B) {
	data, err := fs.ReadFile(templates.FS, "minimal/"+manifest.FileName)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := manifest.CheckSchema(data, manifest.FileName); err != nil {
			b.Fatal(err)
		}
	}
}
