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

// TestImportsStayInTheirFiles pins doc.go's rule: only the adapters that
// say where a repository comes from import gitx, nothing imports go-git,
// and no file reaches the terminal or the CLI.
func TestImportsStayInTheirFiles(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	adapters := []string{"snapshot.go", "source.go", "worktree.go"}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		pf, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range pf.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			switch {
			case p == "github.com/paved-dev/paved/internal/gitx" && !slices.Contains(adapters, f):
				t.Errorf("%s imports gitx: only %v may, the rest reads the snapshot", f, adapters)
			case strings.HasPrefix(p, "github.com/go-git/"):
				t.Errorf("%s imports %s: git is gitx's business", f, p)
			case strings.Contains(p, "cobra") || strings.Contains(p, "huh") || strings.Contains(p, "isatty") ||
				strings.Contains(p, "internal/iostreams") || strings.Contains(p, "internal/cli"):
				t.Errorf("%s imports %s: no terminal or CLI code below internal/cli", f, p)
			}
		}
	}
}
