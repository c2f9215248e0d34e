package lint

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/paved-dev/paved/internal/source"
)

func TestLintReportsUnsafeNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		fsys fstest.MapFS
		file string // the problem's file
		msg  string // part of its message
	}{
		{"a rendered .git folder", fstest.MapFS{`skeleton/{{print ".git"}}/config`: file("x")}, `skeleton/{{print ".git"}}`, "names version-control metadata"},
		{"a .git folder", fstest.MapFS{"skeleton/x/.git/hooks/pre-commit": file("x")}, "skeleton/x/.git", "names version-control metadata"},
		{"a .GIT folder", fstest.MapFS{"skeleton/.GIT/config": file("x")}, "skeleton/.GIT", "names version-control metadata"},
		{"a .git file", fstest.MapFS{"skeleton/.git": file("gitdir: /x")}, "skeleton/.git", "names version-control metadata"},
		{"a .git.tmpl file", fstest.MapFS{"skeleton/.git.tmpl": file("gitdir: /x")}, "skeleton/.git.tmpl", "names version-control metadata"},
		{"git~1", fstest.MapFS{"skeleton/git~1/config": file("x")}, "skeleton/git~1", "names version-control metadata"},
		{"a newline in a name", fstest.MapFS{"skeleton/a\nb": file("x")}, `skeleton/a\nb`, "control character U+000A"},
		{"an escape in a name", fstest.MapFS{"skeleton/a\x1b[2J": file("x")}, `skeleton/a\x1b[2J`, "control character U+001B"},
		{"names differing in case", fstest.MapFS{"skeleton/README.md": file("a"), "skeleton/readme.md": file("b")}, "skeleton/readme.md", "collides with skeleton/README.md"},
		{"a rendered name colliding", fstest.MapFS{"skeleton/README.md": file("a"), "skeleton/{{ \"readme.md\" }}": file("b")}, "", "collides with README.md"},
		{"a bomb", fstest.MapFS{"skeleton/a.tmpl": file(`{{ repeat 300000000 "a" }}`)}, "skeleton/a.tmpl", "limit maxFileBytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.fsys["template.yaml"] = file(goodManifest)
			r := Lint(t.Context(), &source.Template{Name: "demo", FS: tt.fsys}, Options{})
			var got []string
			for _, p := range r.Problems {
				got = append(got, p.Error())
				if (tt.file == "" || p.File == tt.file) && strings.Contains(p.Error(), tt.msg) {
					if p.Fix == "" {
						t.Errorf("problem %q has no fix", p.Error())
					}
					return
				}
			}
			t.Errorf("Lint problems = %q, want one in %s saying %q", got, tt.file, tt.msg)
		})
	}
}
