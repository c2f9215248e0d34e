package project

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paved-dev/paved/internal/manifest"
)

func TestMarshal(t *testing.T) {
	t.Parallel()
	f := &File{
		Template: TemplateRef{Name: "express-service", Source: "builtin", Version: "1.0.0"},
		Values: manifest.Values{
			"port": 8080, "name": "orders", "database": "none", "migrations": true,
			"tags": []string{"a", "b"}, "version": "1.0", "answer": "yes",
		},
	}
	got, err := f.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	want := header + `template:
  name: express-service
  source: builtin
  version: 1.0.0
  commit: ""
values:
  answer: "yes"
  database: none
  migrations: true
  name: orders
  port: 8080
  tags:
    - a
    - b
  version: "1.0"
`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("Marshal() mismatch (-want +got):\n%s", diff)
	}
	for range 20 { // map order must not leak into the bytes
		again, _ := f.Marshal()
		if string(again) != string(got) {
			t.Fatal("Marshal() is not deterministic")
		}
	}

	f.Template.Ref = "v1.0.0"
	f.Template.Commit = "abc"
	f.Pristine = "def"
	got, _ = f.Marshal()
	if !strings.Contains(string(got), "  commit: abc\n  ref: v1.0.0\nvalues:") || !strings.HasSuffix(string(got), "pristine: def\n") {
		t.Errorf("Marshal() with ref and pristine:\n%s", got)
	}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	in := &File{
		Template: TemplateRef{Name: "minimal", Source: "/tmp/x", Version: "0.1.0", Commit: "c0ffee", Ref: "v0.1.0"},
		Values:   manifest.Values{"name": "orders", "port": 8080, "ok": true, "tags": []string{"x"}, "empty": []string{}, "zip": "01234"},
		Pristine: "1234",
	}
	if err := Write(dir, in); err != nil {
		t.Fatal(err)
	}
	out, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, out); diff != "" {
		t.Errorf("Read(Write(f)) mismatch (-want +got):\n%s", diff)
	}
}

func TestReadErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		content string // "" means no file
		want    string
	}{
		{name: "missing file", want: ".paved.yaml: no such file"},
		{name: "broken yaml", content: "template: [\n", want: ".paved.yaml:"},
		{name: "unknown field", content: "template: {name: a, source: builtin}\nextra: 1\n", want: ".paved.yaml: line 2: field extra not found"},
		{name: "no template name", content: "values: {a: 1}\n", want: "template.name and template.source are required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if tt.content != "" {
				if err := os.WriteFile(filepath.Join(dir, FileName), []byte(tt.content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := Read(dir)
			var pe *Error
			if !errors.As(err, &pe) || pe.ExitCode() != 2 || pe.Hint() == "" {
				t.Fatalf("Read() = %v, want a *project.Error with a hint and exit code 2", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Read() = %q, want it to contain %q", err, tt.want)
			}
			if tt.content == "" && !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("Read() of a missing file does not match fs.ErrNotExist")
			}
		})
	}
}
