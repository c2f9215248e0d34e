package scaffold

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/paved-dev/paved/internal/manifest"
)

// serviceTemplate is a realistic service template, the shape issue 2 fixes
// for performance: 60 files, 40 of them rendered with about 500 actions in
// all, about 150 KB. bench/new.sh builds the same shape on disk.
func serviceTemplate() fstest.MapFS {
	files := fstest.MapFS{}
	body := strings.Repeat("// filler line that a real source file would hold, about sixty bytes\n", 40) // 2.7 KB
	for i := range 40 {
		var b strings.Builder
		fmt.Fprintf(&b, "// {{ .Values.name }} file %d, owned by {{ .Values.owner }}\n", i)
		fmt.Fprintf(&b, "{{- if .Values.tracing }}\nimport tracing from './tracing'; // {{ .Values.name | upper }}\n{{- end }}\n")
		fmt.Fprintf(&b, "{{ range $i, $t := .Values.tags }}// tag {{ $i }}: {{ $t | quote }}\n{{ end }}")
		fmt.Fprintf(&b, "export const port = {{ .Values.port }}; // {{ .Values.description | trunc 40 }}\n")
		fmt.Fprintf(&b, "export const service = {{ .Values.name | kebabcase | quote }}; // {{ .Template.Name }}@{{ .Template.Version }}\n")
		b.WriteString(body)
		files[fmt.Sprintf("skeleton/src/mod%d/{{.Values.name}}-%d.ts.tmpl", i%8, i)] = &fstest.MapFile{Data: []byte(b.String()), Mode: 0o644}
	}
	static := strings.Repeat("static content copied byte for byte: ${{ github.sha }} {{ not a template }}\n", 20) // 1.5 KB
	for i := range 20 {
		files[fmt.Sprintf("skeleton/assets/static-%d.txt", i)] = &fstest.MapFile{Data: []byte(static), Mode: 0o644}
	}
	return files
}

func serviceManifest() *manifest.Manifest {
	m := testManifest()
	m.Spec.Parameters = append(m.Spec.Parameters,
		manifest.Parameter{Name: "owner"}, manifest.Parameter{Name: "description"},
		manifest.Parameter{Name: "tracing", Type: manifest.TypeBool},
		manifest.Parameter{Name: "tags", Type: manifest.TypeMultiSelect})
	return m
}

var serviceValues = manifest.Values{
	"name": "orders", "owner": "group:payments", "description": "Takes orders from the shop and hands them to billing",
	"port": 8080, "database": "none", "tracing": true, "tags": []string{"http", "node", "payments"},
}

// BenchmarkRender renders the realistic service template in memory.
func BenchmarkRender(b *testing.B) {
	tpl := mapTemplate(serviceTemplate())
	m := serviceManifest()
	data := testData(serviceValues)
	var size int64
	for b.Loop() {
		plan, err := Render(b.Context(), tpl, m, data)
		if err != nil {
			b.Fatal(err)
		}
		size = plan.Size()
	}
	b.ReportMetric(float64(size), "bytes/plan")
}

// BenchmarkGenerate renders and writes the service template to a fresh folder.
func BenchmarkGenerate(b *testing.B) {
	tpl := mapTemplate(serviceTemplate())
	m := serviceManifest()
	data := testData(serviceValues)
	dir := b.TempDir()
	i := 0
	for b.Loop() {
		plan, err := Render(b.Context(), tpl, m, data)
		if err != nil {
			b.Fatal(err)
		}
		i++
		if _, err := Generate(b.Context(), plan, fmt.Sprintf("%s/s%d", dir, i), GenerateOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestServiceTemplateShape(t *testing.T) {
	t.Parallel()
	plan, err := Render(t.Context(), mapTemplate(serviceTemplate()), serviceManifest(), testData(serviceValues))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(plan.Files); n != 61 { // 60 + .paved.yaml
		t.Errorf("files = %d, want 61", n)
	}
	if s := plan.Size(); s < 130_000 || s > 170_000 {
		t.Errorf("size = %d, want about 150 KB", s)
	}
}
