package scorecard

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/bmatcuk/doublestar/v4"
)

// laughs is a YAML alias bomb: nine levels of ten aliases, 10^9 nodes.
const laughs = `a: &a ["x","x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h,*h]
`

func TestYAMLLimits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc string
		wantErr   bool
	}{
		{"billion laughs", laughs, true},
		{"an alias inside its own anchor", "a: &a [x, *a]\n", true},
		{"anchors that share CI steps", "base: &base {run: make}\njobs: [*base, *base, {<<: *base, name: x}]\n", false},
		{"too large", "x: " + strings.Repeat("a", MaxYAMLSize) + "\n", true},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := decodeYAML([]byte(tt.doc))
			if (err != nil) != tt.wantErr {
				t.Errorf("decodeYAML() error = %v, want error %v", err, tt.wantErr)
			}
			if tt.wantErr && !errors.Is(err, ErrYAMLLimit) && !strings.Contains(err.Error(), "alias") {
				t.Errorf("decodeYAML() error = %v, want ErrYAMLLimit", err)
			}
		})
	}
	t.Run("a rubric bomb is refused with the limit", func(t *testing.T) {
		t.Parallel()
		_, err := ParseRubric([]byte(laughs), "bomb.yaml")
		if err == nil || !strings.Contains(err.Error(), "YAML limit exceeded") {
			t.Errorf("ParseRubric(laughs) error = %v, want the YAML limit", err)
		}
	})
	t.Run("an exemptions bomb is refused with the limit", func(t *testing.T) {
		t.Parallel()
		_, err := parseExemptions([]byte(laughs), mustRubric(t, "production-readiness"), "2026-01-01")
		if err == nil || !strings.Contains(err.Error(), "YAML limit exceeded") {
			t.Errorf("parseExemptions(laughs) error = %v, want the YAML limit", err)
		}
	})
}

func FuzzParseRubric(f *testing.F) {
	for _, name := range BuiltinRubrics() {
		data, err := builtinRubrics.ReadFile("rubrics/" + name + ".yaml")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(laughs))
	f.Add([]byte("apiVersion: paved.dev/v1alpha1\nkind: Rubric\nmetadata: {name: x}\nspec: {levels: [a], checks: [{id: c, level: a, title: t, remediation: r, expr: 'grep(\"**\", \"(\")'}]}\n"))
	f.Add([]byte("spec:\n  checks:\n    - id: x\n      expr: [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ParseRubric(data, "fuzz.yaml")
		if err == nil && (r == nil || len(r.Spec.Checks) == 0) {
			t.Fatalf("ParseRubric accepted a rubric without checks")
		}
	})
}

func FuzzParseExemptions(f *testing.F) {
	f.Add([]byte("exemptions:\n  - {check: readme, reason: r, approvedBy: a, expires: 2027-01-01}\n"))
	f.Add([]byte("exemptions:\n  - check: readme\n    rubric: other\n"))
	f.Add([]byte(laughs))
	f.Add([]byte("exemptions: {}\n"))
	f.Add([]byte("exemptions:\n  - {check: readme, reason: r, approvedBy: a, expires: not-a-date}\n"))
	r, err := LoadRubric("production-readiness")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		es, err := parseExemptions(data, r, "2026-06-01")
		if err != nil {
			return
		}
		for _, e := range es {
			if r.Check(e.Check) == nil || e.Reason == "" || e.ApprovedBy == "" {
				t.Fatalf("accepted an incomplete exemption %+v", e)
			}
		}
	})
}

// FuzzGlob checks the fast glob engine against doublestar on every file.
func FuzzGlob(f *testing.F) {
	for _, p := range []string{"**/*.go", "{LICENSE,COPYING}*", "src/**/*.ts", "a/{b,c}.{x,y}", "**", "*.md",
		".github/workflows/*.{yml,yaml}", "[ab]*/x", "a\\*b", "{a,{b,c}}", "a/**/b/*", "?/?", ""} {
		f.Add(p)
	}
	files := []string{"LICENSE", "README.md", "a/b.x", "a/c.y", "a/x/b/c", "a*b", "b/x", "cmd/main.go",
		".github/workflows/ci.yml", "src/a/b.ts", "src/c.ts", "x/y", "COPYING.txt", "a/b/c"}
	slices.Sort(files)
	f.Fuzz(func(t *testing.T, pattern string) {
		if !doublestar.ValidatePattern(pattern) {
			return
		}
		got := matchFiles(files, pattern)
		want := matchAll(files, pattern)
		if !slices.Equal(got, want) {
			t.Fatalf("matchFiles(%q) = %q, doublestar matches %q", pattern, got, want)
		}
	})
}
