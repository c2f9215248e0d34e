package update

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paved-dev/paved/internal/merge"
)

func TestDropIgnored(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{name: "no .gitignore keeps everything", files: map[string]string{"a": "", ".env": ""}, want: []string{".env", "a"}},
		{
			name:  "root patterns, folders and negation",
			files: map[string]string{".gitignore": "# comment\n.env\nnode_modules/\n*.log\n!keep.log\n", ".env": "", "node_modules/x/y.js": "", "a.log": "", "keep.log": "", "src/b.log": "", "src/app.ts": ""},
			want:  []string{".gitignore", "keep.log", "src/app.ts"},
		},
		{
			name:  "a nested .gitignore applies below its folder only",
			files: map[string]string{"web/.gitignore": "dist\r\n", "web/dist/app.js": "", "dist/keep.js": ""},
			want:  []string{"dist/keep.js", "web/.gitignore"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			files := Files{}
			for p, c := range tt.files {
				files[p] = &merge.Blob{Data: []byte(c), Mode: 0o644}
			}
			dropIgnored(files)
			if diff := cmp.Diff(tt.want, files.Paths()); diff != "" {
				t.Errorf("dropIgnored (-want +got):\n%s", diff)
			}
		})
	}
}

func TestIsLockfile(t *testing.T) {
	t.Parallel()
	for p, want := range map[string]bool{"package-lock.json": true, "web/yarn.lock": true, "go.sum": true, "go.mod": false, "package.json": false} {
		if got := IsLockfile(p); got != want {
			t.Errorf("IsLockfile(%s) = %v, want %v", p, got, want)
		}
	}
}
