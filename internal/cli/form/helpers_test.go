package form

import (
	"testing"

	"github.com/paved-dev/paved/internal/answers"
	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/tmpl"
)

func parse(t *testing.T, src string) *manifest.Manifest {
	t.Helper()
	m, err := manifest.Parse([]byte(src), "template.yaml")
	if err != nil {
		t.Fatalf("parse manifest: %v", err)
	}
	return m
}

func renderer(m *manifest.Manifest) answers.Renderer {
	e := tmpl.New(m.Delims())
	return func(text string, v manifest.Values) (string, error) {
		return e.Render("template.yaml", text, tmpl.Data{Values: v})
	}
}

// testManifest is the manifest of internal/answers tests, shared by the form tests.
const testManifest = `apiVersion: paved.dev/v1alpha1
kind: Template
metadata:
  name: svc
spec:
  version: 1.0.0
  parameters:
    - name: name
      title: Service name
      help: lowercase letters, digits and dashes
      required: true
      pattern: '^[a-z][a-z0-9-]{1,61}[a-z0-9]$'
    - name: owner
      required: true
    - name: description
      type: text
      default: '{{ .Values.name }} service'
    - name: port
      type: int
      default: 8080
      min: 1024
      max: 65535
    - name: database
      type: select
      options: [none, postgres, mysql]
      default: none
    - name: migrations
      type: bool
      default: true
      when: '{{ ne .Values.database "none" }}'
    - name: dbName
      default: '{{ .Values.name }}_db'
      when: '{{ .Values.migrations }}'
    - name: features
      type: multiselect
      options: [metrics, tracing, profiling]
      default: [metrics, tracing]
`
