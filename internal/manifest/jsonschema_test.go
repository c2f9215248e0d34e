package manifest

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/paved-dev/paved/internal/yamlx"
	"github.com/paved-dev/paved/schema"
)

// conformance documents: each is checked by paved's validator and by
// santhosh-tekuri/jsonschema, a complete draft 2020-12 implementation, and
// both must agree.
var conformance = map[string]string{
	"wrong const":             "apiVersion: x\nkind: Template\nmetadata: {name: a}\nspec: {version: 1.0.0}\n",
	"missing required":        "apiVersion: paved.dev/v1alpha1\nkind: Template\nmetadata: {title: a}\nspec: {}\n",
	"additional property":     withParams("    - name: a\n      bogus: 1\n"),
	"enum":                    withParams("    - name: a\n      type: strng\n"),
	"name pattern":            strings.Replace(withParams("    - name: a\n"), "name: demo", "name: Demo_X", 1),
	"version pattern":         strings.Replace(withParams("    - name: a\n"), "version: 1.0.0", "version: v1", 1),
	"param name pattern":      withParams("    - name: a-b\n"),
	"regex format":            withParams("    - name: a\n      pattern: '(['\n"),
	"select needs options":    withParams("    - name: a\n      type: select\n"),
	"options only on choices": withParams("    - name: a\n      options: [x]\n"),
	"min only on int":         withParams("    - name: a\n      max: 3\n"),
	"pattern not on int":      withParams("    - name: a\n      type: int\n      pattern: x\n"),
	"int default string ok":   withParams("    - name: a\n      type: int\n      default: '{{ 1 }}'\n"),
	"bool default number":     withParams("    - name: a\n      type: bool\n      default: 3\n"),
	"multiselect default":     withParams("    - name: a\n      type: multiselect\n      options: [x]\n      default: 3\n"),
	"default of a map":        withParams("    - name: a\n      default: {x: 1}\n"),
	"default list of numbers": withParams("    - name: a\n      type: multiselect\n      options: [x]\n      default: [1]\n"),
	"unique options":          withParams("    - name: a\n      type: select\n      options: [x, x]\n"),
	"empty options":           withParams("    - name: a\n      type: select\n      options: []\n"),
	"delimiters count":        strings.Replace(withParams("    - name: a\n"), "  version: 1.0.0\n", "  version: 1.0.0\n  delimiters: ['[[']\n", 1),
	"delimiters too many":     strings.Replace(withParams("    - name: a\n"), "  version: 1.0.0\n", "  version: 1.0.0\n  delimiters: ['[[', ']]', 'x']\n", 1),
	"delimiter empty":         strings.Replace(withParams("    - name: a\n"), "  version: 1.0.0\n", "  version: 1.0.0\n  delimiters: ['', ']]']\n", 1),
	"hook run empty":          withParams("    - name: a\n") + "  hooks:\n    after:\n      - run: []\n",
	"hook arg empty":          withParams("    - name: a\n") + "  hooks:\n    after:\n      - run: ['']\n",
	"file rule without when":  withParams("    - name: a\n") + "  files:\n    - path: x\n",
	"feature without name":    withParams("    - name: a\n") + "  features:\n    - description: x\n",
	"migration defaults":      withParams("    - name: a\n") + "  migrations:\n    - version: 1.0.0\n      defaults: {a: {b: 1}}\n",
	"migration version":       withParams("    - name: a\n") + "  migrations:\n    - version: one\n",
	"tags numbers":            strings.Replace(withParams("    - name: a\n"), "name: demo", "name: demo\n  tags: [1]", 1),
	"top level list":          "- a\n",
	"required not bool":       withParams("    - name: a\n      required: 'yes'\n"),
	"min not integer":         withParams("    - name: a\n      type: int\n      min: 1.5\n"),
}

func TestSchemaConformance(t *testing.T) {
	t.Parallel()
	docs := map[string][]byte{}
	for name, y := range conformance {
		docs[name] = []byte(y)
	}
	full, err := os.ReadFile("testdata/full.yaml")
	if err != nil {
		t.Fatal(err)
	}
	docs["full.yaml"] = full
	err = filepath.WalkDir("../../templates", func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Name() == FileName {
			docs[p], err = os.ReadFile(p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir("../../examples/templates", func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Name() == FileName {
			docs[p], err = os.ReadFile(p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	ref, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema.Template))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(schema.TemplateURL, ref); err != nil {
		t.Fatal(err)
	}
	lib, err := c.Compile(schema.TemplateURL)
	if err != nil {
		t.Fatalf("the published schema does not compile: %v", err)
	}
	ours, err := newSchemaValidator(schema.Template)
	if err != nil {
		t.Fatal(err)
	}
	valid := 0
	for name, data := range docs {
		t.Run(name, func(t *testing.T) {
			var inst any
			if err := yaml.Unmarshal(data, &inst); err != nil {
				t.Fatal(err)
			}
			inst = yamlx.StringKeys(inst)
			libErr := lib.Validate(inst)
			got := ours.validate(inst)
			if (libErr == nil) != (len(got) == 0) {
				t.Errorf("jsonschema says valid=%v (%v), paved says valid=%v (%v)", libErr == nil, libErr, len(got) == 0, got)
			}
			if libErr == nil {
				valid++
			}
		})
	}
	if valid < 3 {
		t.Errorf("only %d valid documents in the corpus; want the shipped templates among them", valid)
	}
}

func TestSchemaKeywords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		schema string
		want   []string
	}{
		{"the published schema uses only implemented keywords", string(schema.Template), nil},
		{"an unimplemented keyword is named", `{"type": "object", "properties": {"minimum": {"minimum": 3, "multipleOf": 2}}}`, []string{"minimum", "multipleOf"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := newSchemaValidator([]byte(tt.schema))
			var got []string
			if err != nil {
				_, list, _ := strings.Cut(err.Error(), "implement: ")
				got = strings.Split(list, ", ")
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("unknown keywords (-want +got):\n%s\nerr: %v", diff, err)
			}
		})
	}
}
