package catalog

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

const okSpec = "spec: {type: service, owner: team-a, lifecycle: production}\n"

func comp(meta string) string {
	return "apiVersion: backstage.io/v1alpha1\nkind: Component\n" + meta + okSpec
}

// compSpec is a component with more lines of spec.
func compSpec(meta, spec string) string {
	return "apiVersion: backstage.io/v1alpha1\nkind: Component\n" + meta + "spec:\n  type: service\n  owner: team-a\n  lifecycle: production\n" + spec
}

// aliasBomb nests levels of aliases, each list holding ten of the one before:
// 10^levels nodes once expanded, from a file of a few hundred bytes.
func aliasBomb(levels int) string {
	var b strings.Builder
	b.WriteString("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: bomb\n  annotations: {}\nspec:\n  type: service\n  owner: a\n  lifecycle: x\n")
	b.WriteString("  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i <= levels; i++ {
		p := fmt.Sprintf("*l%d", i-1)
		fmt.Fprintf(&b, "  l%d: &l%d [%s]\n", i, i, strings.Repeat(p+", ", 9)+p)
	}
	return b.String()
}

func TestParseHostile(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"doc.txt":   "hello",
		"bomb.yaml": "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
		"big.txt":   strings.Repeat("x", 4096),
	}
	readFile := func(name string) ([]byte, error) {
		if d, ok := files[strings.TrimPrefix(name, "./")]; ok {
			return []byte(d), nil
		}
		return nil, fmt.Errorf("no file %s", name)
	}
	bigScalar := strings.Repeat("y", 300_000)
	tests := []struct {
		name string
		src  string
		lim  Limits
		want []string // parts of the error; none: no error
		ents int
	}{
		{"metadata with no value", comp("metadata:\n"), Limits{}, []string{"f.yaml:3 (document 1): metadata: must be a mapping, not empty"}, 0},
		{"metadata as a list", comp("metadata: []\n"), Limits{}, []string{"f.yaml:3 (document 1): metadata: must be a mapping, not a list"}, 0},
		{"metadata as a number", comp("metadata: 5\n"), Limits{}, []string{"metadata: must be a mapping, not a number"}, 0},
		{"spec as a number", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: a}\nspec: 5\n", Limits{}, []string{"f.yaml:4 (document 1): spec: must be a mapping, not a number"}, 0},
		{"a placeholder for the whole document", "$text: ./doc.txt\n", Limits{}, []string{"f.yaml:1 (document 1): $text: a placeholder cannot stand for a whole document"}, 0},
		{"a placeholder for the whole document, among others", "$text: ./doc.txt\n---\n" + comp("metadata: {name: b}\n"), Limits{}, []string{"a placeholder cannot stand for a whole document"}, 1},
		{"null and empty documents are skipped", "---\n~\n---\n---\nnull\n---\n" + comp("metadata: {name: b}\n"), Limits{}, nil, 1},
		{"a list document", "- a\n", Limits{}, []string{"must be a mapping"}, 0},
		{"a scalar document", "hello\n", Limits{}, []string{"must be a mapping"}, 0},
		{"an alias bomb is refused", aliasBomb(9), Limits{}, []string{"(document 1): YAML aliases of document 1: over the alias-nodes limit (10000)"}, 0},
		{"an alias bomb under a raised limit still meets the size limit", aliasBomb(9), Limits{AliasNodes: 1 << 40}, []string{"over the document-bytes limit (1MiB)"}, 0},
		{"a big scalar repeated by aliases is refused", comp("metadata:\n  name: a\n  description: &d " + bigScalar + "\n  annotations: {a: *d, b: *d, c: *d, d: *d}\n"), Limits{}, []string{"over the document-bytes limit (1MiB)"}, 0},
		{"a few aliases are fine", compSpec("metadata:\n  name: a\n  tags: &t [x, y]\n  labels: {}\n", "  system: &s orders\n  x: *s\n  y: *t\n"), Limits{}, nil, 1},
		{"deep nesting is refused", compSpec("metadata: {name: a}\n", "  deep: "+strings.Repeat("[", 200)+strings.Repeat("]", 200)+"\n"), Limits{}, []string{"nesting of document 1: over the depth limit (100)"}, 0},
		{"the file size is bounded", comp("metadata: {name: a}\n"), Limits{FileBytes: 10}, []string{"f.yaml: the file (", "over the file-bytes limit (10 bytes)"}, 0},
		{"a document size is bounded", comp("metadata: {name: a, description: " + strings.Repeat("z", 2000) + "}\n"), Limits{DocumentBytes: 1024}, []string{"over the document-bytes limit (1KiB)"}, 0},
		{"a placeholder counts toward the document size", compSpec("metadata: {name: a}\n", "  definition: {$text: ./big.txt}\n"), Limits{DocumentBytes: 1024}, []string{"spec.definition.$text: ./big.txt", "document-bytes limit"}, 0},
		{"an alias bomb in a $yaml placeholder is refused", compSpec("metadata: {name: a}\n", "  definition: {$yaml: ./bomb.yaml}\n"), Limits{AliasNodes: 1000}, []string{"spec.definition.$yaml: ./bomb.yaml", "alias-nodes limit (1000)"}, 0},
		{"a merge key is a plain key, not merged", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: a}\nspec:\n  <<: {type: service, owner: a, lifecycle: x}\n", Limits{}, []string{"spec.type: is required"}, 0},
		{"an alias to an earlier document is unresolved", comp("metadata: &m {name: a}\n") + "---\n" + comp("metadata: *m\n"), Limits{}, []string{"f.yaml:8 (document 2): unresolved alias *m"}, 1},
		{"a document that is an alias to an earlier one", comp("metadata: {name: a}\n") + "--- &x\n" + comp("metadata: {name: b}\n") + "--- *x\n", Limits{}, []string{"(document 3): unresolved alias *x"}, 2},
		{"an alias inside its own anchor", compSpec("metadata: {name: a}\n", "  x: &x [*x]\n"), Limits{}, []string{"alias *x refers to a value that contains it"}, 0},
		{"a duplicate key", comp("metadata: {name: a, name: b}\n"), Limits{}, []string{"f.yaml:3 (document 1): mapping key \"name\" is defined twice"}, 0},
		{"a key that is a list", "? [a, b]\n: c\n", Limits{}, []string{"apiVersion: is required"}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			ents, err := Parse([]byte(tc.src), ParseOptions{File: "f.yaml", ReadFile: readFile, Limits: tc.lim})
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("Parse took %v", d)
			}
			if len(ents) != tc.ents {
				t.Errorf("Parse gave %d entities, want %d (error %v)", len(ents), tc.ents, err)
			}
			if len(tc.want) == 0 {
				if err != nil {
					t.Errorf("Parse error %v, want none", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Parse gave no error, want %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Parse error:\n%v\nwant it to contain %q", err, w)
				}
			}
			if h := err.(Errors).Hint(); h == "" {
				t.Errorf("Parse error %v has no hint", err)
			}
		})
	}
}
