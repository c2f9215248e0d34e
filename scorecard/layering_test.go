package scorecard

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestImportRules pins what the doc comments of scorecard, gitx and yamlx
// say they must not import: only scorecard's adapters import gitx and
// nothing of it imports go-git; gitx imports no paved package; yamlx only
// internal/limits; none of them terminal or CLI code.
func TestImportRules(t *testing.T) {
	t.Parallel()
	const paved = "github.com/paved-dev/paved/"
	adapters := []string{"snapshot.go", "source.go", "worktree.go"}
	for _, tt := range []struct {
		dir     string
		refuse  func(file, imp string) bool
		because string
	}{
		{".", func(f, p string) bool {
			return p == paved+"internal/gitx" && !slices.Contains(adapters, f) || strings.HasPrefix(p, "github.com/go-git/")
		}, "only snapshot.go, source.go and worktree.go import gitx; go-git is gitx's business"},
		{"../internal/gitx", func(_, p string) bool { return strings.HasPrefix(p, paved) },
			"gitx is the bottom layer: it imports no paved package"},
		{"../internal/yamlx", func(_, p string) bool { return strings.HasPrefix(p, paved) && p != paved+"internal/limits" },
			"yamlx imports only yaml.v3 and internal/limits"},
	} {
		files, err := filepath.Glob(filepath.Join(tt.dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: %v files, %v", tt.dir, len(files), err)
		}
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			pf, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range pf.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				cli := strings.Contains(p, "spf13/cobra") || strings.Contains(p, "charmbracelet/huh") || strings.Contains(p, "isatty") ||
					strings.HasPrefix(p, paved+"internal/iostreams") || strings.HasPrefix(p, paved+"internal/cli")
				if cli || tt.refuse(filepath.Base(path), p) {
					t.Errorf("%s imports %s: %s; no terminal or CLI code below internal/cli", path, p, tt.because)
				}
			}
		}
	}
}
