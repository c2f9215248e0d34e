package yamlx

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImportsOnlyLimits pins doc.go's rule: yamlx imports no paved
// package but internal/limits.
func TestImportsOnlyLimits(t *testing.T) {
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
			if strings.HasPrefix(p, "github.com/paved-dev/paved/") && p != "github.com/paved-dev/paved/internal/limits" {
				t.Errorf("%s imports %s: yamlx imports only yaml.v3 and internal/limits", f, p)
			}
		}
	}
}
