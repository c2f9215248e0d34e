package lint

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/source"
)

const goodManifest = `apiVersion: paved.dev/v1alpha1
kind: Template
metadata:
  name: demo
spec:
  version: 1.0.0
  parameters:
    - name: name
      required: true
    - name: port
      type: int
      required: true
      min: 1024
    - name: db
      type: select
      options: [postgres, none]
      required: true
    - name: image
      default: '{{ .Values.name }}:latest'
    - name: migrate
      type: bool
      default: true
      when: '{{ eq .Values.db "postgres" }}'
  files:
    - path: db/**
      when: '{{ eq .Values.db "postgres" }}'
`

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s), Mode: 0o644} }

// problem is what a test expects of one problem.
type problem struct {
	File  string
	Line  int
	Field string
	Msg   string
}

func TestLintWarnsAboutUnusedParameters(t *testing.T) {
	t.Parallel()
	const m = "apiVersion: paved.dev/v1alpha1\nkind: Template\nmetadata: {name: demo}\nspec:\n  version: 1.0.0\n  parameters:\n" +
		"    - name: used\n    - name: indexed\n    - name: unused\n      default: x\n    - name: inWhen\n" +
		"  files:\n    - path: a/**\n      when: '{{ eq .Values.inWhen \"\" }}'\n"
	tests := []struct {
		name   string
		readme string
		want   []string // fields warned about
	}{
		{"a parameter nothing reads is a warning", `{{ .Values.used }} {{ index .Values "indexed" }}`, []string{"spec.parameters[2].name"}},
		{"handing .Values on whole may read anything", `{{ toYaml .Values }}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fsys := fstest.MapFS{"template.yaml": file(m), "skeleton/README.md.tmpl": file(tt.readme)}
			r := Lint(t.Context(), &source.Template{Kind: source.KindDir, Name: "demo", FS: fsys}, Options{})
			if !r.OK {
				t.Fatalf("Lint() problems: %v", r.Problems)
			}
			var got []string
			for _, w := range r.Warnings {
				got = append(got, w.Field)
				if w.Line != 9 || !strings.Contains(w.Msg, `parameter "unused" is never read`) {
					t.Errorf("warning = %v, want line 9 naming unused", w)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		fsys       fstest.MapFS
		want       []problem
		wantSample manifest.Values
		wantFiles  int
	}{
		{
			name: "a good template renders a sample with placeholders",
			fsys: fstest.MapFS{
				"template.yaml":                     file(goodManifest),
				"skeleton/README.md.tmpl":           file("# {{ .Values.name }} on {{ .Values.port }} ({{ .Values.image }})\n"),
				"skeleton/{{.Values.name}}.txt":     file("copied as is: {{ not rendered }}\n"),
				"skeleton/db/schema.sql.tmpl":       file("-- {{ .Values.migrate }}\n"),
				"skeleton/.github/workflows/ci.yml": file("run: ${{ github.sha }}\n"),
			},
			wantSample: manifest.Values{"name": "example", "port": 1024, "db": "postgres", "image": "example:latest", "migrate": true},
			wantFiles:  5, // four skeleton files and .paved.yaml
		},
		{
			name: "no template.yaml",
			fsys: fstest.MapFS{"skeleton/a": file("")},
			want: []problem{{File: "tpl/template.yaml", Msg: "not found at the template's root"}},
		},
		{
			name: "no skeleton",
			fsys: fstest.MapFS{"template.yaml": file(goodManifest)},
			want: []problem{{File: "tpl/skeleton", Msg: "the template has no skeleton/ folder"}},
		},
		{
			name: "every problem at once: schema, manifest and skeleton",
			fsys: fstest.MapFS{
				"template.yaml":              file(goodManifest + "    - path: x/**\n      when: '{{ .Values.nope }}'\n"),
				"skeleton/README.md.tmpl":    file("line one\n{{ .Values.name | nosuchfunc }}\n"),
				"skeleton/{{ .Values.name }": file(""),
				"skeleton/ok.tmpl":           file("a\nb\n{{ .Values.missing }}\n"),
			},
			want: []problem{
				{File: "tpl/template.yaml", Line: 28, Field: "spec.files[1].when", Msg: "refers to .Values.nope, which is not a parameter"},
				{File: "tpl/skeleton/README.md.tmpl", Line: 2, Msg: `function "nosuchfunc" not defined`},
				{File: "tpl/skeleton/ok.tmpl", Line: 3, Msg: "refers to .Values.missing, which is not a parameter"},
				{File: "tpl/skeleton/{{ .Values.name }", Line: 1, Msg: `unexpected "}" in operand`},
			},
		},
		{
			name: "a problem both the schema and Parse find is reported once",
			fsys: fstest.MapFS{
				"template.yaml":  file("apiVersion: paved.dev/v1alpha1\nkind: Template\nmetadata: {name: demo}\nspec:\n  version: 1.0.0\n  parameters:\n    - name: a\n      type: strng\n"),
				"skeleton/a.txt": file(""),
			},
			want: []problem{
				{File: "tpl/template.yaml", Line: 8, Field: "spec.parameters[0].type", Msg: `unknown type "strng" (did you mean "string"?)`},
			},
		},
		{
			name: "what only the schema rejects is still reported",
			fsys: fstest.MapFS{
				"template.yaml":  file("apiVersion: paved.dev/v1alpha1\nkind: Template\nmetadata:\n  name: demo\n  tags: [1]\nspec:\n  version: 1.0.0\n"),
				"skeleton/a.txt": file(""),
			},
			want: []problem{
				{File: "tpl/template.yaml", Line: 5, Field: "metadata.tags[0]", Msg: "schema: got number, want string"},
			},
		},
		{
			name: "an unknown function in template.yaml is found without rendering",
			fsys: fstest.MapFS{
				"template.yaml":  file(strings.Replace(goodManifest, `when: '{{ eq .Values.db "postgres" }}'`+"\n  files:", `when: '{{ eqq .Values.db "postgres" }}'`+"\n  files:", 1)),
				"skeleton/a.txt": file(""),
			},
			want: []problem{{File: "tpl/template.yaml", Line: 23, Field: "spec.parameters[4].when", Msg: `function "eqq" not defined`}},
		},
		{
			name: "a when that renders neither true nor false fails the sample render",
			fsys: fstest.MapFS{
				"template.yaml":  file(goodManifest + "    - path: x/**\n      when: '{{ .Values.name }}'\n"),
				"skeleton/a.txt": file(""),
			},
			want: []problem{{File: "tpl/template.yaml", Line: 27, Field: "spec.files[1].when", Msg: `condition "{{ .Values.name }}" rendered "example", want true or false`}},
		},
		{
			name: "a runtime error in a file fails the sample render",
			fsys: fstest.MapFS{
				"template.yaml":      file(goodManifest),
				"skeleton/a.md.tmpl": file("x\n{{ index .Values.name 99 }}\n"),
			},
			want: []problem{{File: "tpl/skeleton/a.md.tmpl", Line: 2, Msg: `at <index .Values.name 99>: error calling index: index out of range: 99`}},
		},
		{
			name: "a path rendering outside the project fails the sample render",
			fsys: fstest.MapFS{
				"template.yaml":                           file(goodManifest),
				"skeleton/{{ print \"..\" }}/x.txt":       file(""),
				"skeleton/{{ .Values.name }}/README.tmpl": file("ok"),
			},
			want: []problem{{File: `tpl/skeleton/{{ print ".." }}`, Msg: `renders to "..", which leaves the project`}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tpl := &source.Template{Kind: source.KindDir, Name: "demo", Source: "/tmp/tpl", FS: tt.fsys}
			r := Lint(t.Context(), tpl, Options{Prefix: "tpl", PavedVersion: "test"})
			var got []problem
			for _, p := range r.Problems {
				got = append(got, problem{File: p.File, Line: p.Line, Field: p.Field, Msg: p.Msg})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Lint() problems (-want +got):\n%s", diff)
			}
			if r.OK != (len(tt.want) == 0) {
				t.Errorf("Lint().OK = %v with %d problems", r.OK, len(r.Problems))
			}
			if tt.wantSample != nil {
				if diff := cmp.Diff(tt.wantSample, r.Sample); diff != "" {
					t.Errorf("Lint().Sample (-want +got):\n%s", diff)
				}
				if r.Files != tt.wantFiles {
					t.Errorf("Lint().Files = %d, want %d", r.Files, tt.wantFiles)
				}
			}
			for _, p := range r.Problems {
				if p.Fix == "" {
					t.Errorf("problem %v has no fix", p)
				}
			}
		})
	}
}
