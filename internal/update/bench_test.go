package update

import (
	"fmt"
	"strings"
	"testing"

	"github.com/paved-dev/paved/internal/manifest"
)

// benchTrees is a template of n files of 60 lines each at two versions:
// v2 changes one line in every file.
func benchTrees(n int) map[string]map[string]string {
	one := map[string]string{"template.yaml": manifestYAML("1.0.0", nameParam, "")}
	two := map[string]string{"template.yaml": manifestYAML("1.1.0", nameParam, "")}
	for i := range n {
		var b strings.Builder
		for l := range 60 {
			fmt.Fprintf(&b, "file %d line %d of {{ .Values.name }}\n", i, l)
		}
		name := fmt.Sprintf("skeleton/src/dir%d/file%d.ts.tmpl", i%10, i)
		one[name] = b.String()
		two[name] = strings.Replace(b.String(), "line 5 ", "line five ", 1)
	}
	return map[string]map[string]string{"v1.0.0": one, "v1.1.0": two}
}

// userEdits changes a line far from the template's in every tenth file.
func userEdits(n int) map[string]string {
	edits := map[string]string{}
	for i := 0; i < n; i += 10 {
		var b strings.Builder
		for l := range 60 {
			if l == 50 {
				fmt.Fprintf(&b, "edited by the team %d\n", i)
				continue
			}
			fmt.Fprintf(&b, "file %d line %d of orders\n", i, l)
		}
		edits[fmt.Sprintf("src/dir%d/file%d.ts", i%10, i)] = b.String()
	}
	return edits
}

// BenchmarkUpdate measures a whole update of a 300-file project (render,
// base from history, merge of every file, pristine and merge commits).
func BenchmarkUpdate(b *testing.B) {
	const n = 300
	trees := benchTrees(n)
	for b.Loop() {
		b.StopTimer()
		f := newFixture(b, []string{"v1.0.0", "v1.1.0"}, trees, manifest.Values{"name": "orders"}, nil)
		f.edit(b, userEdits(n))
		b.StartTimer()
		res, err := Run(b.Context(), f.env, Options{Dir: f.project})
		if err != nil || res.Commit == "" || len(res.Changes) != n {
			b.Fatalf("Run = %+v, %v", res, err)
		}
	}
}

// BenchmarkCheck measures paved check of the same project (both renders).
func BenchmarkCheck(b *testing.B) {
	const n = 300
	f := newFixture(b, []string{"v1.0.0", "v1.1.0"}, benchTrees(n), manifest.Values{"name": "orders"}, nil)
	for b.Loop() {
		res, err := Check(b.Context(), f.env, CheckOptions{Dir: f.project, Changes: true})
		if err != nil || !res.Behind || len(res.Changes) != n {
			b.Fatalf("Check = %+v, %v", res, err)
		}
	}
}
