package gitx

import (
	"io/fs"
	"os"
	"slices"
	"testing"

	"github.com/paved-dev/paved/internal/dirtest"
)

func TestVisible(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dirtest.Write(t, dir, map[string]string{
		".gitignore":           "*.log\n/out/\n",
		"a.go":                 "",
		"debug.log":            "",
		"kept.log":             "",
		"out/x":                "",
		"src/.gitignore":       "gen.go\n",
		"src/gen.go":           "",
		"src/main.go":          "",
		"src/deep/trace.log":   "",
		"node_modules/m/i.js":  "",
		"nested/.git/HEAD":     "",
		"nested/inside.go":     "",
		".git/info/exclude":    "secret.txt\n",
		"secret.txt":           "",
		"src/deep/keep/me.txt": "",
	})
	for _, tt := range []struct {
		name string
		o    WalkOptions
		want []string
	}{
		{"a repository", WalkOptions{Repo: true, Tracked: []string{"kept.log"}, SkipDir: func(n string) bool { return n == "node_modules" }},
			[]string{".gitignore", "a.go", "kept.log", "src/.gitignore", "src/deep/keep/me.txt", "src/main.go"}},
		{"below a folder, the root's .gitignore applies", WalkOptions{Sub: "src", Repo: true},
			[]string{".gitignore", "deep/keep/me.txt", "main.go"}},
		{"a plain folder has no .git/info/exclude", WalkOptions{Sub: "", SkipDir: func(n string) bool { return n == "node_modules" }},
			[]string{".gitignore", "a.go", "secret.txt", "src/.gitignore", "src/deep/keep/me.txt", "src/main.go"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Visible(t.Context(), os.DirFS(dir).(fs.ReadDirFS), tt.o)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Visible = %q\nwant      %q", got, tt.want)
			}
		})
	}
}
