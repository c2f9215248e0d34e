package templates_test

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/scaffold"
	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/internal/tmpl"
	"github.com/paved-dev/paved/scorecard"
	"github.com/paved-dev/paved/templates"
)

var update = flag.Bool("update", false, "rewrite testdata/*.txtar with the rendered templates")

// goldens are the answers each built-in template is rendered with for its
// golden file in testdata/NAME.txtar.
var goldens = map[string]manifest.Values{
	"minimal": {
		"name":        "orders",
		"description": "Takes orders: yes, really",
		"owner":       "group:payments",
		"lifecycle":   "production",
		"repo":        "acme/orders",
	},
	"go-service": {
		"name":        "orders",
		"module":      "github.com/acme/orders",
		"description": "Takes orders: yes, really",
		"owner":       "group:payments",
		"system":      "commerce",
		"port":        8080,
		"goVersion":   "1.26",
		"lifecycle":   "production",
		"database":    "postgres",
		"ci":          "github",
	},
	"express-service": expressGolden, // answers in express_e2e_test.go
}

// TestGolden renders each built-in template with fixed answers and compares
// every file (path, mode and bytes) with testdata/NAME.txtar. Refresh with
// `go test ./templates -run TestGolden -update`, then read the diff.
func TestGolden(t *testing.T) {
	for name, values := range goldens {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := txtar.Format(archive(renderBuiltin(t, name, values)))
			path := filepath.Join("testdata", name+".txtar")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s rendered differently from %s (-want +got):\n%s", name, path, diff)
			}
		})
	}
}

// renderBuiltin renders the built-in template name with values, in memory.
func renderBuiltin(t *testing.T, name string, values manifest.Values) *scaffold.Plan {
	t.Helper()
	sub, err := fs.Sub(templates.FS, name)
	if err != nil {
		t.Fatal(err)
	}
	m, err := manifest.Load(sub)
	if err != nil {
		t.Fatal(err)
	}
	tpl := &source.Template{Kind: "builtin", Source: "builtin", Name: name, FS: sub}
	plan, err := scaffold.Render(t.Context(), tpl, m, tmpl.Data{
		Values:   values,
		Template: tmpl.TemplateInfo{Name: m.Metadata.Name, Version: m.Spec.Version, Source: "builtin"},
		Paved:    tmpl.PavedInfo{Version: "golden"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

// remediationFile matches "templates/NAME: PATH" in a remediation text, the
// way the built-in rubric points at the paved-road file holding the fix.
var remediationFile = regexp.MustCompile(`templates/([a-z-]+): ([^\s,;]+)`)

// TestRubricRemediationsNameRealFiles keeps the built-in rubric honest: every
// file a remediation points a new hire to exists in that template's render.
func TestRubricRemediationsNameRealFiles(t *testing.T) {
	t.Parallel()
	r, err := scorecard.LoadRubric("production-readiness")
	if err != nil {
		t.Fatal(err)
	}
	rendered := map[string]map[string]bool{}
	seen := 0
	for _, c := range r.Spec.Checks {
		for _, m := range remediationFile.FindAllStringSubmatch(c.Remediation, -1) {
			name, path := m[1], strings.TrimSuffix(m[2], ".")
			values, ok := goldens[name]
			if !ok {
				t.Errorf("check %s: remediation names templates/%s, which is not a built-in template", c.ID, name)
				continue
			}
			if rendered[name] == nil {
				rendered[name] = map[string]bool{}
				for _, f := range renderBuiltin(t, name, values).Files {
					rendered[name][f.Path] = true
				}
			}
			path = strings.ReplaceAll(path, "NAME", values["name"].(string))
			seen++
			if !rendered[name][path] {
				t.Errorf("check %s: remediation points to templates/%s: %s, which the template does not generate", c.ID, name, path)
			}
		}
	}
	if seen == 0 {
		t.Fatal("no remediation names a template file: the pattern no longer matches the rubric")
	}
}

// archive puts a plan in a txtar: one entry per file, named "PATH (MODE)",
// plus the hooks and next steps.
func archive(p *scaffold.Plan) *txtar.Archive {
	a := &txtar.Archive{}
	var steps bytes.Buffer
	for _, h := range p.Hooks {
		steps.WriteString("hook: " + h.Title + ": ")
		for _, arg := range h.Run {
			steps.WriteString(" " + arg)
		}
		steps.WriteString("\n")
	}
	for _, s := range p.NextSteps {
		steps.WriteString("next: " + s + "\n")
	}
	a.Comment = steps.Bytes()
	for _, f := range p.Files {
		a.Files = append(a.Files, txtar.File{Name: f.Path + " (" + f.Mode.String() + ")", Data: f.Data})
	}
	return a
}

func TestNames(t *testing.T) {
	names := templates.Names()
	if len(names) == 0 || names[0] == "" {
		t.Fatalf("Names() = %v", names)
	}
	for _, n := range names {
		if _, err := fs.Stat(templates.FS, n+"/template.yaml"); err != nil {
			t.Errorf("built-in %s has no template.yaml: %v", n, err)
		}
	}
}
