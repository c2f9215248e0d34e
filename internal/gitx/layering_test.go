package gitx

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImportsNoPavedPackage pins doc.go's rule: gitx is the bottom layer.
func TestImportsNoPavedPackage(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
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
			if strings.HasPrefix(p, "github.com/paved-dev/paved/") || strings.Contains(p, "cobra") ||
				strings.Contains(p, "huh") || strings.Contains(p, "isatty") {
				t.Errorf("%s imports %s: gitx imports no paved package and no terminal code", f, p)
			}
		}
	}
}
