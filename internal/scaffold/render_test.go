package scaffold

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/paved-dev/paved/internal/limits"
	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/internal/tmpl"
)

func testManifest() *manifest.Manifest {
	return &manifest.Manifest{
		APIVersion: manifest.APIVersion,
		Kind:       manifest.Kind,
		Metadata:   manifest.Metadata{Name: "t"},
		Spec: manifest.Spec{
			Version: "1.0.0",
			Parameters: []manifest.Parameter{
				{Name: "name", Type: manifest.TypeString},
				{Name: "database", Type: manifest.TypeSelect, Options: []string{"none", "postgres"}},
				{Name: "migrations", Type: manifest.TypeBool, When: `{{ ne .Values.database "none" }}`},
				{Name: "port", Type: manifest.TypeInt},
			},
		},
	}
}

func testData(values manifest.Values) tmpl.Data {
	return tmpl.Data{
		Values:   values,
		Template: tmpl.TemplateInfo{Name: "t", Version: "1.0.0", Source: "builtin"},
		Paved:    tmpl.PavedInfo{Version: "test"},
	}
}

func mapTemplate(files fstest.MapFS) *source.Template {
	return &source.Template{Kind: "dir", Source: "/tmp/t", Name: "t", FS: files}
}

// paths lists a plan's paths with their modes, without .paved.yaml.
func paths(p *Plan) map[string]os.FileMode {
	out := map[string]os.FileMode{}
	for _, f := range p.Files {
		if f.Path != ".paved.yaml" {
			out[f.Path] = f.Mode
		}
	}
	return out
}

func file(p *Plan, name string) string {
	for _, f := range p.Files {
		if f.Path == name {
			return string(f.Data)
		}
	}
	return "<missing>"
}

func TestRender(t *testing.T) {
	t.Parallel()
	binary := []byte{0x89, 'P', 'N', 'G', 0, 0xff, '{', '{', 0xfe}
	values := manifest.Values{"name": "orders", "database": "none", "port": 8080}
	tests := []struct {
		name      string
		files     fstest.MapFS
		values    manifest.Values
		edit      func(m *manifest.Manifest)
		wantPaths map[string]os.FileMode
		wantFiles map[string]string
	}{
		{
			name: "tmpl files are rendered and lose the suffix",
			files: fstest.MapFS{
				"skeleton/README.md.tmpl": {Data: []byte("# {{ .Values.name }} on {{ .Values.port }}\n")},
			},
			wantPaths: map[string]os.FileMode{"README.md": 0o644},
			wantFiles: map[string]string{"README.md": "# orders on 8080\n"},
		},
		{
			name: "other files are copied byte for byte",
			files: fstest.MapFS{
				"skeleton/.github/workflows/ci.yml": {Data: []byte("sha: ${{ github.sha }} {{ .Values.name }}\n")},
				"skeleton/logo.png":                 {Data: binary},
			},
			wantPaths: map[string]os.FileMode{".github/workflows/ci.yml": 0o644, "logo.png": 0o644},
			wantFiles: map[string]string{".github/workflows/ci.yml": "sha: ${{ github.sha }} {{ .Values.name }}\n", "logo.png": string(binary)},
		},
		{
			name: "paths are rendered segment by segment",
			files: fstest.MapFS{
				"skeleton/src/{{.Values.name}}/{{.Values.name}}.go.tmpl": {Data: []byte("package {{ .Values.name }}\n")},
			},
			wantPaths: map[string]os.FileMode{"src/orders/orders.go": 0o644},
			wantFiles: map[string]string{"src/orders/orders.go": "package orders\n"},
		},
		{
			name: "an empty segment leaves the file or folder out",
			files: fstest.MapFS{
				`skeleton/{{if eq .Values.database "postgres"}}db{{end}}/schema.sql`: {Data: []byte("create table x();")},
				`skeleton/{{if .Values.migrations}}migrate.sh{{end}}`:                {Data: []byte("#!/bin/sh\n")},
				"skeleton/keep.txt": {Data: []byte("k")},
			},
			wantPaths: map[string]os.FileMode{"keep.txt": 0o644},
		},
		{
			name: "a question skipped by its when renders as its zero value",
			files: fstest.MapFS{
				"skeleton/x.tmpl": {Data: []byte("{{ .Values.migrations }}")},
			},
			wantFiles: map[string]string{"x": "false"},
		},
		{
			name: "modes keep the exec bit",
			files: fstest.MapFS{
				"skeleton/run.sh":      {Data: []byte("echo\n"), Mode: 0o755},
				"skeleton/build.sh":    {Data: []byte("#!/bin/sh\necho\n"), Mode: 0o444}, // as embed.FS reports it
				"skeleton/notes.txt":   {Data: []byte("#!not really"), Mode: 0o644},
				"skeleton/plain":       {Data: []byte("x"), Mode: 0o600},
				"skeleton/gen.sh.tmpl": {Data: []byte("#!/bin/sh\necho {{ .Values.name }}\n"), Mode: 0o775},
			},
			wantPaths: map[string]os.FileMode{"run.sh": 0o755, "build.sh": 0o755, "notes.txt": 0o644, "plain": 0o644, "gen.sh": 0o755},
		},
		{
			name: "custom delimiters",
			edit: func(m *manifest.Manifest) { m.Spec.Delimiters = []string{"[[", "]]"} },
			files: fstest.MapFS{
				"skeleton/[[.Values.name]].md.tmpl": {Data: []byte("[[ .Values.name ]] {{ .Keep }}")},
			},
			wantFiles: map[string]string{"orders.md": "orders {{ .Keep }}"},
		},
		{
			name: "files rules leave out what their when excludes",
			edit: func(m *manifest.Manifest) {
				m.Spec.Files = []manifest.FileRule{
					{Path: "src/db/**", When: `{{ ne .Values.database "none" }}`},
					{Path: "docs/*.md", When: `{{ eq .Values.database "none" }}`},
				}
			},
			files: fstest.MapFS{
				"skeleton/src/db/pool.ts":      {Data: []byte("db")},
				"skeleton/src/db/sub/x.ts":     {Data: []byte("db")},
				"skeleton/src/index.ts":        {Data: []byte("i")},
				"skeleton/docs/intro.md":       {Data: []byte("d")},
				"skeleton/{{.Values.name}}.db": {Data: []byte("n")},
			},
			wantPaths: map[string]os.FileMode{"src/index.ts": 0o644, "docs/intro.md": 0o644, "orders.db": 0o644},
		},
		{
			name: "files rules match rendered paths",
			edit: func(m *manifest.Manifest) {
				m.Spec.Files = []manifest.FileRule{{Path: "orders/**", When: "false"}}
			},
			files: fstest.MapFS{
				"skeleton/{{.Values.name}}/a": {Data: []byte("a")},
				"skeleton/b":                  {Data: []byte("b")},
			},
			wantPaths: map[string]os.FileMode{"b": 0o644},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := testManifest()
			if tt.edit != nil {
				tt.edit(m)
			}
			v := values
			if tt.values != nil {
				v = tt.values
			}
			plan, err := Render(t.Context(), mapTemplate(tt.files), m, testData(v))
			if err != nil {
				t.Fatalf("Render() error: %v", err)
			}
			if tt.wantPaths != nil {
				if diff := cmp.Diff(tt.wantPaths, paths(plan)); diff != "" {
					t.Errorf("Render() paths mismatch (-want +got):\n%s", diff)
				}
			}
			for name, want := range tt.wantFiles {
				if got := file(plan, name); got != want {
					t.Errorf("Render() %s = %q, want %q", name, got, want)
				}
			}
		})
	}
}

func TestRenderPlan(t *testing.T) {
	t.Parallel()
	m := testManifest()
	m.Spec.Hooks.After = []manifest.Hook{
		{Run: []string{"npm", "install", "--prefix", "{{ .Values.name }}"}, Title: "Installing {{ .Values.name }}"},
		{Run: []string{"make", "migrate"}, When: "{{ .Values.migrations }}"},
		{Run: []string{"go", "mod", "tidy"}},
	}
	m.Spec.NextSteps = []string{"cd {{ .Values.name }}", "{{ if .Values.migrations }}make migrate{{ end }}", "npm run dev"}
	files := fstest.MapFS{"skeleton/z": {Data: []byte("z")}, "skeleton/a/b": {Data: []byte("b")}, "skeleton/m": {Data: []byte("m")}}
	plan, err := Render(t.Context(), mapTemplate(files), m, testData(manifest.Values{"name": "orders", "database": "none", "port": 1}))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range plan.Files {
		got = append(got, f.Path)
	}
	if diff := cmp.Diff([]string{".paved.yaml", "a/b", "m", "z"}, got); diff != "" {
		t.Errorf("plan files not sorted (-want +got):\n%s", diff)
	}
	wantHooks := []manifest.Hook{
		{Run: []string{"npm", "install", "--prefix", "orders"}, Title: "Installing orders"},
		{Run: []string{"go", "mod", "tidy"}, Title: "go mod tidy"},
	}
	if diff := cmp.Diff(wantHooks, plan.Hooks); diff != "" {
		t.Errorf("plan hooks (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"cd orders", "npm run dev"}, plan.NextSteps); diff != "" {
		t.Errorf("plan next steps (-want +got):\n%s", diff)
	}
	// .paved.yaml records the answers as given: no zero values for skipped questions.
	if pf := file(plan, ".paved.yaml"); strings.Contains(pf, "migrations") || !strings.Contains(pf, "name: orders") {
		t.Errorf(".paved.yaml = %s", pf)
	}
}

func TestRenderDeterministic(t *testing.T) {
	t.Parallel()
	files := fstest.MapFS{}
	for i := range 50 {
		files[filepath.Join("skeleton", "d"+string(rune('a'+i%7)), "f"+string(rune('a'+i%26))+string(rune('0'+i/26))+".tmpl")] = &fstest.MapFile{Data: []byte("{{ .Values.name }} " + strings.Repeat("x", i))}
	}
	data := testData(manifest.Values{"name": "orders"})
	first, err := Render(t.Context(), mapTemplate(files), testManifest(), data)
	if err != nil {
		t.Fatal(err)
	}
	for range 10 {
		again, err := Render(t.Context(), mapTemplate(files), testManifest(), data)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(first, again); diff != "" {
			t.Fatalf("Render() differs between runs:\n%s", diff)
		}
	}
}

func TestRenderErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		files    fstest.MapFS
		values   manifest.Values
		edit     func(m *manifest.Manifest)
		want     string
		wantCode bool // the error carries exit code 2
	}{
		{
			name:  "an undeclared value is an error naming the file and line",
			files: fstest.MapFS{"skeleton/a.tmpl": {Data: []byte("ok\n{{ .Values.owner }}")}},
			want:  `skeleton/a.tmpl:2:10: executing "skeleton/a.tmpl" at <.Values.owner>: map has no entry for key "owner"`,
		},
		{
			name:  "the last file failing fails the whole render",
			files: fstest.MapFS{"skeleton/a": {Data: []byte("a")}, "skeleton/b.tmpl": {Data: []byte("b")}, "skeleton/z.tmpl": {Data: []byte("{{ .Values.nope }}")}},
			want:  `skeleton/z.tmpl:1:10`,
		},
		{
			name:   "a rendered path with .. is refused",
			files:  fstest.MapFS{"skeleton/{{.Values.name}}/x": {Data: []byte("x")}},
			values: manifest.Values{"name": ".."},
			want:   `renders to "..", which leaves the project`,
		},
		{
			name:   "a rendered path with nested .. is refused",
			files:  fstest.MapFS{"skeleton/{{.Values.name}}": {Data: []byte("x")}},
			values: manifest.Values{"name": "a/../../etc"},
			want:   `which leaves the project`,
		},
		{
			name:   "an absolute rendered path is refused",
			files:  fstest.MapFS{"skeleton/{{.Values.name}}": {Data: []byte("x")}},
			values: manifest.Values{"name": "/etc/passwd"},
			want:   `an absolute path`,
		},
		{
			name:   "a backslash in a rendered path is refused",
			files:  fstest.MapFS{"skeleton/{{.Values.name}}": {Data: []byte("x")}},
			values: manifest.Values{"name": `..\..\x`},
			want:   `holds a backslash`,
		},
		{
			name:   "a drive letter in a rendered path is refused",
			files:  fstest.MapFS{"skeleton/{{.Values.name}}": {Data: []byte("x")}},
			values: manifest.Values{"name": `C:x`},
			want:   `drive letter`,
		},
		{
			name:   "two files rendering to one path are refused",
			files:  fstest.MapFS{"skeleton/{{.Values.name}}": {Data: []byte("x")}, "skeleton/orders.tmpl": {Data: []byte("y")}},
			values: manifest.Values{"name": "orders"},
			want:   `renders to orders, like`,
		},
		{
			name:  "a file and a folder with one path are refused",
			files: fstest.MapFS{"skeleton/a.tmpl": {Data: []byte("x")}, "skeleton/a/b": {Data: []byte("y")}},
			want:  `renders to a, which is also a folder (a/b)`,
		},
		{
			name:  "a folder rendering to .git is refused",
			files: fstest.MapFS{`skeleton/{{print ".git"}}/config`: {Data: []byte("[core]\n\tfsmonitor = touch /tmp/pwned\n")}},
			want:  `names version-control metadata (.git)`,
		},
		{
			name:   "a .git folder from an answer is refused",
			files:  fstest.MapFS{"skeleton/{{.Values.name}}/hooks/pre-commit": {Data: []byte("x")}},
			values: manifest.Values{"name": ".GIT"},
			want:   `renders to ".GIT" names version-control metadata`,
		},
		{
			name:  "a nested .git folder is refused",
			files: fstest.MapFS{"skeleton/x/.Git/hooks/pre-commit": {Data: []byte("x")}},
			want:  `names version-control metadata`,
		},
		{
			name:  "a .git file is refused",
			files: fstest.MapFS{"skeleton/sub/.git": {Data: []byte("gitdir: /tmp/x")}},
			want:  `names version-control metadata`,
		},
		{
			name:  "a Windows alias of .git is refused",
			files: fstest.MapFS{"skeleton/git~1/config": {Data: []byte("x")}, "skeleton/b": {Data: []byte("x")}},
			want:  `names version-control metadata`,
		},
		{
			name:  ".git with a trailing dot is refused",
			files: fstest.MapFS{"skeleton/.git./config": {Data: []byte("x")}},
			want:  `names version-control metadata`,
		},
		{
			name:   "a newline in a rendered name is refused",
			files:  fstest.MapFS{"skeleton/{{.Values.name}}": {Data: []byte("x")}},
			values: manifest.Values{"name": "a\nb"},
			want:   `"a\nb" holds the control character U+000A`,
		},
		{
			name:  "an escape in a file name is refused",
			files: fstest.MapFS{"skeleton/a\x1b[2Jb": {Data: []byte("x")}},
			want:  `holds the control character U+001B`,
		},
		{
			name:  "names differing in case are refused",
			files: fstest.MapFS{"skeleton/README.md": {Data: []byte("x")}, "skeleton/readme.md": {Data: []byte("y")}},
			want:  `collides with README.md on case-insensitive file systems`,
		},
		{
			name:  "folders differing in case are refused",
			files: fstest.MapFS{"skeleton/Src/a": {Data: []byte("x")}, "skeleton/src/b": {Data: []byte("y")}},
			want:  `collides with`,
		},
		{
			name:  "a rendered file past maxFileBytes is refused",
			files: fstest.MapFS{"skeleton/a.tmpl": {Data: []byte(`{{ repeat 300000000 "a" }}`)}},
			want:  `limit maxFileBytes`,
		},
		{
			name:  "a copied file past maxFileBytes is refused",
			files: fstest.MapFS{"skeleton/big.bin": {Data: make([]byte, 11<<20)}},
			want:  `skeleton/big.bin: the template file is too big: limit maxFileBytes`,
		},
		{
			name:  "a .paved.yaml in the skeleton is refused",
			files: fstest.MapFS{"skeleton/.paved.yaml": {Data: []byte("x")}},
			want:  `is written by paved`,
		},
		{
			name:  "no skeleton folder",
			files: fstest.MapFS{"template.yaml": {Data: []byte("x")}},
			want:  `no skeleton/ folder`,
		},
		{
			name: "a when that prints neither true nor false",
			edit: func(m *manifest.Manifest) {
				m.Spec.Files = []manifest.FileRule{{Path: "a", When: "{{ .Values.name }}", Line: 7}}
			},
			files: fstest.MapFS{"skeleton/a": {Data: []byte("x")}},
			want:  `template.yaml:7: spec.files[0].when: condition "{{ .Values.name }}" rendered "orders", want true or false`,
		},
		{
			name:  "a bad glob in files",
			edit:  func(m *manifest.Manifest) { m.Spec.Files = []manifest.FileRule{{Path: "src/[", When: "true", Line: 9}} },
			files: fstest.MapFS{"skeleton/a": {Data: []byte("x")}},
			want:  `template.yaml:9: spec.files[0].path: "src/[" is not a valid glob`,
		},
		{
			name: "a hook argument using an undeclared value",
			edit: func(m *manifest.Manifest) {
				m.Spec.Hooks.After = []manifest.Hook{{Run: []string{"echo", "{{ .Values.nope }}"}}}
			},
			files: fstest.MapFS{"skeleton/a": {Data: []byte("x")}},
			want:  `spec.hooks.after[0].run[1]`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := testManifest()
			if tt.edit != nil {
				tt.edit(m)
			}
			v := tt.values
			if v == nil {
				v = manifest.Values{"name": "orders", "database": "none"}
			}
			plan, err := Render(t.Context(), mapTemplate(tt.files), m, testData(v))
			if err == nil {
				t.Fatalf("Render() = %d files, want error %q", len(plan.Files), tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Render() error = %q, want it to contain %q", err, tt.want)
			}
			var coded interface{ ExitCode() int }
			if !errors.As(err, &coded) || coded.ExitCode() != 2 {
				t.Errorf("Render() error %T does not exit 2", err)
			}
		})
	}
}

func TestRenderRefusesSymlinks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	skel := filepath.Join(dir, "skeleton")
	if err := os.MkdirAll(skel, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(skel, "real"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/etc/passwd", filepath.Join(skel, "link")); err != nil {
		t.Skipf("symlinks unsupported here: %v", err)
	}
	tpl := &source.Template{Kind: "dir", Source: dir, Name: "t", FS: os.DirFS(dir), Dir: dir}
	_, err := Render(t.Context(), tpl, testManifest(), testData(manifest.Values{"name": "x"}))
	if err == nil || !strings.Contains(err.Error(), "skeleton/link: is a symlink") {
		t.Fatalf("Render() error = %v, want a symlink error", err)
	}
}

func TestRenderCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := Render(ctx, mapTemplate(fstest.MapFS{"skeleton/a": {Data: []byte("x")}}), testManifest(), testData(manifest.Values{}))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Render(cancelled ctx) error = %v, want context.Canceled", err)
	}
}

func TestRenderGenerationLimit(t *testing.T) {
	t.Parallel()
	files := fstest.MapFS{}
	for i := range 5 {
		files[fmt.Sprintf("skeleton/f%d.tmpl", i)] = &fstest.MapFile{Data: []byte(`{{ repeat 400000 "a" }}`)}
	}
	_, err := RenderWith(t.Context(), mapTemplate(files), testManifest(), testData(manifest.Values{"name": "orders", "database": "none"}),
		RenderOptions{Limits: limits.Limits{MaxGenerationBytes: 1 << 20}})
	var le *limits.Error
	if !errors.As(err, &le) || le.Key != "maxGenerationBytes" {
		t.Fatalf("RenderWith of 2 MB with a 1 MiB limit = %v, want the maxGenerationBytes limit", err)
	}
}

func TestRenderSkeletonSymlink(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("s"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "skeleton")); err != nil {
		t.Skip("no symlinks:", err)
	}
	tpl := &source.Template{Kind: source.KindDir, Name: "t", Source: dir, FS: os.DirFS(dir), Dir: dir}
	_, err := Render(t.Context(), tpl, testManifest(), testData(manifest.Values{"name": "orders", "database": "none"}))
	if err == nil || !strings.Contains(err.Error(), "skeleton: is a symlink") {
		t.Fatalf("Render with skeleton -> elsewhere = %v, want it refused", err)
	}
}
